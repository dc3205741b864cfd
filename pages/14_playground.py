import streamlit as st

from core import checkpoint, playground as topic, vocabulary
from core.codegen import playground as script
from core.playground import own_data, play
from ui import frame
from ui.content import playground as words
from ui.playground import controls, live_board, stream, view

frame.page("playground", words.INTRO)
st.latex(words.FORMULA)
st.caption(words.FORMULA_CAPTION)
with st.expander("How to use the playground, and what a link keeps", icon=":material/help:"):
    st.markdown(words.how_to(play.press_limit(), topic.MAX_EPOCHS, topic.VAL_PCT))

defaults = topic.PlaySettings()
MENUS = {"data": vocabulary.DATASETS.options(*topic.DATASETS),
         "act": vocabulary.ACTIVATIONS.options("tanh", "relu", "sigmoid", "linear"),
         "loss": vocabulary.LOSSES.options("bce", "mse"),
         "opt": vocabulary.OPTIMIZERS.options("adam", "sgd", "momentum", "adagrad", "rmsprop", "adadelta")}
panel = controls.Panel()


def removed() -> None:
    """The learner took their file out of the uploader: back to the built-in data."""
    if st.session_state.get("pg_file") is None and st.session_state.pop("pg_upload", None) is not None:
        st.session_state["pg_msg"] = "Your file was removed: the playground is back on the circle data."


def uploader(data: str) -> str:
    """The uploader, right under the Data set menu when "Your own CSV" is chosen; the data set to use."""
    if data != "upload":
        return data
    file = None if panel.hides("upload") else st.file_uploader(
        f"Your CSV: a header x1,x2,label, then one point per row (label 0 or 1); at most {own_data.MAX_ROWS:,} rows "
        f"and {own_data.MAX_BYTES / 1e6:g} MB", key="pg_file", max_upload_size=round(own_data.MAX_BYTES / 1e6),
        on_change=removed)
    had = st.session_state.get("pg_upload")
    if file is not None and (had is None or had[0] != file.file_id):
        try:
            own_data.check_size(file.size)
            st.session_state["pg_upload"] = (file.file_id, own_data.parse_csv(file.getvalue()))
        except own_data.UploadError as e:
            st.error(f"{e} " + ("The playground keeps using your previous file." if had else
                                "The playground shows the circle data until a file is accepted."),
                     icon=":material/error:")
    if "pg_upload" in st.session_state:
        return data
    if file is None:
        st.info("No file yet: the playground shows the circle data meanwhile.", icon=":material/upload_file:")
    return "circles"


# The board first, the controls beside it: on a phone the columns stack, and Play and the board come before the
# controls.
right, left = st.columns([2, 1], gap="large")
with left:
    values = controls.draw_controls(panel, MENUS, {k: label for k, (label, _, _) in topic.FEATURES.items()},
                                    defaults, topic.VAL_PCT, uploader)
    if topic.DATASETS[values["data"]][1] == "regression" and values["loss"] == "bce":
        st.caption("Regression data have no classes: the network is trained with MSE whatever the Loss setting.")
    if not values["features"]:
        st.warning("Choose at least one input feature; using x₁ and x₂ meanwhile.", icon=":material/warning:")
        values["features"] = ("x1", "x2")

settings = topic.PlaySettings(**values)
up_id, up_ds = st.session_state.get("pg_upload", (None, None)) if settings.data == "upload" else (None, None)
player = st.session_state.get("pg_player")
if player is None:  # one network per learner, trained by its own thread while Play is on (core.playground.play)
    channel = stream.Channel()
    player = st.session_state["pg_player"] = play.Player(topic.Session(settings, up_ds, up_id), channel)
    channel.on_command = player.command
sess = st.session_state["pg_session"] = player.session
with player.lock:
    if sess.update(settings, up_ds, up_id) == "reset" and player.playing:
        st.session_state["pg_msg"] = ("A new network: that setting changes the network itself (only the learning "
                                      "rate, regularisation, dropout, batch size and noise change a running one). "
                                      "It keeps playing.")


def act(what: str) -> None:
    """Step one epoch or Reset: Play stops first, then the network changes under the lock."""
    player.pause()
    player.wait()
    with player.lock:
        sess.step_epoch() if what == "step" else sess.reset()
    st.session_state["pg_msg"] = None


with right:
    row = st.container(horizontal=True)
    with row:
        live_board.play_button(player.channel.token)
    row.button("Step one epoch", key="step", on_click=act, args=("step",), icon=":material/skip_next:")
    row.button("Reset", key="reset", on_click=act, args=("reset",), icon=":material/replay:")
board = view.Board(right, st.container())
disc = panel.toggle("view", "Discretize output", "disc", where=board.toggles,
                    help="Two colours only: each point of the plane coloured by the class the network "
                    "predicts (for regression, by the sign of ŷ), not by the shade of its output.")
show_test = panel.toggle("view", "Show test data", "test", where=board.toggles)
labels = [topic.FEATURES[f][0] for f in settings.features]
nonce = st.session_state.setdefault("pg_nonce", 0)
edit = None if panel.hides("edit") else st.expander("Edit weights by hand", icon=":material/edit:", key="pg_edit_open",
                                                     on_change="rerun")
if edit is not None and edit.open:  # built only when open: three grid widgets cost every redraw, even closed
    with edit:
        st.caption("Each table is one layer W⁽ᵏ⁾: row 0 holds the biases w₀, row j the weights from input j, "
                   "column i is unit i. Type a number and the network changes at once (the inputs of layer 1 are "
                   "the standardised features). Hand edits are not in the URL; Reset undoes them.")
        with player.lock:
            params = topic.weights(sess.trainer.model)
        for k, W, b in view.editors(params, labels, nonce):
            with player.lock:
                sess.edit(k, W, b)
            st.session_state["pg_nonce"] = nonce + 1
axes = ("x₁: lectures attended", "x₂: hours on the project") if settings.data == "students" else ("x₁", "x₂")
with player.lock:  # one consistent picture of the network, though its thread may be training
    points, snap, now = sess.points(), sess.snapshot(disc), player.frame(player.playing)
    h, weights_pt = sess.trainer.history(), checkpoint.state_dict_bytes(sess.trainer.model)
msg = st.session_state.pop("pg_msg", None)  # said once
why = "" if player.why == "Paused" else player.why  # a plain pause: the board says it (no stale notice on Play)
view.status(board.status, snap, msg or (words.PLAYING if player.playing else why + "." if why else None))
with board.boundary:
    live_board.board(player.channel.token, now, view.board_points(points), sess.box, task=settings.task,
                     show_test=show_test, discretize=disc, history=h,
                     alt=view.board_alt(axes, settings.task, snap["loss"]), legend=view.board_legend(axes, sess.box))
board.draw(snap, points, settings.task, labels, show_test)
st.markdown("**Export** (beyond the lecture)")
c = st.columns(4)
c[0].download_button("Weights (.pt)", weights_pt, "playground_weights.pt",
                     icon=":material/download:")
c[1].download_button("History (.csv)", h.to_csv(index=False), "playground_history.csv", mime="text/csv",
                     icon=":material/download:")
c[2].download_button("Data (.csv)", topic.frame(sess.full).to_csv(index=False),
                     script.DATA_FILE, mime="text/csv", icon=":material/download:")
code = script.playground_code(settings, snap["epoch"], topic.lr_changes(h, settings.lr))
c[3].download_button("PyTorch script (.py)", code, "playground.py", mime="text/x-python", icon=":material/download:")
base = (st.context.url or "").split("?")[0] or "/playground"
controls.instructor(panel, base)
frame.try_this(*words.TRY_THIS)
frame.check_yourself(words.QUESTION, words.OPTIONS, words.ANSWER, words.WHY)
frame.code_panel(code, words.CODE_CAPTION + (" " + words.NOT_REPLAYED if sess.adjusted or sess.regenerated or sess.edits
                                              else ""))
frame.footer("playground")

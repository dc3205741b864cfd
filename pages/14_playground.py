import time

import streamlit as st

from core import codegen_playground, io, playground as pg, upload
from ui import frame, playground_content as text, playground_controls as ctl, playground_view as view

frame.page("playground", text.INTRO)
st.latex(text.FORMULA)
st.caption(text.FORMULA_CAPTION)
with st.expander("How to use the playground, and what a link keeps", icon=":material/help:"):
    st.markdown(text.how_to(pg.PLAY_SECONDS, pg.PLAY_EPOCHS, pg.MAX_EPOCHS, pg.VAL_PCT))

D = pg.PlaySettings()
panel = ctl.Panel()
left, right = st.columns([1, 2], gap="large")
with left:
    v = ctl.draw_controls(panel, {label: k for k, (label, _, _) in pg.DATASETS.items()},
                          {k: label for k, (label, _, _) in pg.FEATURES.items()}, D, pg.VAL_PCT)
    if v["data"] == "upload":
        file = None if panel.hides("upload") else st.file_uploader(
            "Your CSV: a header x1,x2,label, then one point per row (label 0 or 1); at most "
            f"{upload.MAX_ROWS:,} rows and {upload.MAX_BYTES // 1000} kB", key="pg_file")
        if file is not None and st.session_state.get("pg_upload", (None,))[0] != file.file_id:
            try:
                upload.check_size(file.size)
                st.session_state["pg_upload"] = (file.file_id, upload.parse_csv(file.getvalue()))
            except upload.UploadError as e:
                st.error(f"{e} The page keeps using the previous data.", icon=":material/error:")
        if "pg_upload" not in st.session_state:
            st.info("No file yet: showing the circle data meanwhile.", icon=":material/upload_file:")
            v["data"] = "circle"
    if pg.DATASETS[v["data"]][1] == "regression" and v["loss"] == "bce":
        st.caption("Regression data have no classes: the network is trained with MSE whatever the Loss setting.")
    if not v["features"]:
        st.warning("Choose at least one input feature; using x₁ and x₂ meanwhile.", icon=":material/warning:")
        v["features"] = ("x1", "x2")

s = pg.PlaySettings(**v)
up_id, up_ds = st.session_state.get("pg_upload", (None, None)) if s.data == "upload" else (None, None)
sess = st.session_state.get("pg_session")
if sess is None:
    sess = st.session_state["pg_session"] = pg.Session(s, up_ds, up_id)
run = sess.claim()  # a live loop of an older run of this page stops training now (see pg.Session)
sess.update(s, up_ds, up_id)


def act(what: str | None, play: bool = False) -> None:
    st.session_state["pg_session"].claim()  # before the state changes: an older run's loop cannot undo them
    st.session_state.pop("pg_msg", None)
    st.session_state["pg_play"] = {"until": time.time() + pg.PLAY_SECONDS, "epochs": 0} if play else None
    st.session_state["pg_do"] = what


playing = bool(st.session_state.get("pg_play"))
with right:
    row = st.container(horizontal=True)
    row.button("Play", key="play", on_click=act, args=(None, True), type="secondary" if playing else "primary",
               icon=":material/play_arrow:")
    row.button("Pause", key="pause", on_click=act, args=("pause",), type="primary" if playing else "secondary",
               icon=":material/pause:")
    row.button("Step one epoch", key="step", on_click=act, args=("step",), icon=":material/skip_next:")
    row.button("Reset", key="reset", on_click=act, args=("reset",), icon=":material/replay:")
do = st.session_state.pop("pg_do", None)
if do == "step":
    with st.spinner("Training one epoch…"):
        sess.step_epoch()
elif do == "reset":
    sess.reset()
elif do == "pause":
    st.session_state["pg_msg"] = f"Paused at epoch {sess.epoch:,}. Press Play to go on, or Step for one epoch."

board = view.Board(right, st.container())
disc = panel.toggle("view", "Discretize output", "disc", where=board.toggles,
                    help="Two colours only: each point of the plane coloured by the class the network "
                    "predicts (for regression, by the sign of ŷ), not by the shade of its output.")
show_test = panel.toggle("view", "Show test data", "test", where=board.toggles)
labels = [pg.FEATURES[f][0] for f in s.features]
nonce = st.session_state.setdefault("pg_nonce", 0)
edit = None if panel.hides("edit") else st.expander("Edit weights by hand", icon=":material/edit:", key="pg_edit_open",
                                                     on_change="rerun")
if edit is not None and edit.open:  # built only when open: three grid widgets cost every redraw, even closed
    with edit:
        st.caption("Each table is one layer W⁽ᵏ⁾: row 0 holds the biases w₀, row j the weights from input j, "
                   "column i is unit i. Type a number and the network changes at once (the inputs of layer 1 are "
                   "the standardised features). Hand edits are not in the URL; Reset undoes them.")
        for k, W, b in view.editors(pg.weights(sess.trainer.model), labels, nonce):
            sess.edit(k, W, b)
            st.session_state["pg_nonce"] = nonce + 1
axes = ("x₁: lectures attended", "x₂: hours on the project") if s.data == "students" else ("x₁", "x₂")
points = sess.points()


def draw(snap: dict, live: bool = False) -> None:
    if not live or snap["stopped"]:  # while playing, the status changes only when training stops
        view.status(board.status, snap, st.session_state.get("pg_msg"))
    board.draw(snap, points, sess.box, s.task, labels, show_test, axes, live)


draw(sess.snapshot(disc))
st.markdown("**Export** (beyond the lecture)")
c = st.columns(4)
h = sess.trainer.history()
c[0].download_button("Weights (.pt)", io.state_dict_bytes(sess.trainer.model), "playground_weights.pt",
                     icon=":material/download:")
c[1].download_button("History (.csv)", h.to_csv(index=False), "playground_history.csv", mime="text/csv",
                     icon=":material/download:")
c[2].download_button("Data (.csv)", pg.frame(sess.full).to_csv(index=False),
                     codegen_playground.DATA_FILE, mime="text/csv", icon=":material/download:")
code = codegen_playground.playground_code(s, sess.epoch, pg.lr_changes(h, s.lr))
c[3].download_button("PyTorch script (.py)", code, "playground.py", mime="text/x-python", icon=":material/download:")
base = (st.context.url or "").split("?")[0] or "/playground"
ctl.instructor(panel, base)
frame.try_this(*text.TRY_THIS)
frame.check_yourself(text.QUESTION, text.OPTIONS, text.ANSWER, text.WHY)
frame.code_panel(code, text.CODE_CAPTION)
frame.footer("playground")

play = st.session_state.get("pg_play")
if play:   # the live loop: train a chunk, redraw, until paused (a click reruns the script) or out of budget
    while True:
        with sess.hold(run) as mine:  # trains only while no newer run has claimed the session
            if not mine or sess.done or time.time() >= play["until"] or play["epochs"] >= sess.play_epochs():
                break
            play["epochs"] += sess.play_chunk(pg.FRAME_SECONDS)
            snap = sess.snapshot(disc, board.full_due())
        draw(snap, live=True)  # see view.Board.draw
    if mine and board.picture:
        board.picture.finish()
    with sess.hold(run) as mine:
        if mine:
            st.session_state["pg_play"] = None
            if not sess.done:
                st.session_state["pg_msg"] = (
                    f"Paused at epoch {sess.epoch:,}: each Play press trains for at most {pg.PLAY_SECONDS:g} s or "
                    f"{sess.play_epochs():,} epochs here, so no session keeps the server busy. Press Play to go on.")
    if not mine:   # a newer run of the page has taken over: this one ends without a word
        st.stop()
    st.rerun()

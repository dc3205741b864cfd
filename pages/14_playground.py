import time

import streamlit as st

from core import codegen_playground, io, playground as pg, upload
from ui import frame, playground_controls as ctl, playground_view as view

frame.page("playground", "Everything at once: inputs x, weights W and biases w₀, an activation g in every hidden "
           "unit, a loss J(W) that compares ŷ with the labels y, and an optimizer that steps against the gradient, "
           "one mini-batch at a time, while held-out test data show whether the network generalises or over-fits. "
           "Press **Play** and watch the network learn; change anything and see what happens.")
st.latex(r"\hat{y} = \sigma\big(w_0 + \textstyle\sum_i g(z_i)\,w_i\big), \qquad "
         r"W \leftarrow W - \eta\,\frac{\partial}{\partial W}\Big(J(W) + \lambda_1 \textstyle\sum|w| "
         r"+ \tfrac{\lambda_2}{2}\sum w^2\Big)")
with st.expander("How to use the playground, and what a link keeps", icon=":material/help:"):
    st.markdown("- **Play** trains in a loop and redraws every few epochs; **Pause** stops it and keeps the network; "
                "**Step** trains exactly one epoch (one pass over the training set); **Reset** returns to the same "
                "initial weights (change *Seed of the weights* for others).\n"
                "- The learning rate can change while training runs; *Regenerate* draws new data and keeps the "
                "weights. Every other change starts a new network.\n"
                "- **Every control is in the page's URL**, so a link reproduces a setting exactly. **Uploaded data "
                "and hand-edited weights are not in the URL**: download them (below) to keep them.\n"
                "- Beyond the lecture: the extra input features (x₁², x₂², x₁·x₂, sin x), L1 and L2 penalties (two "
                "regularisers besides the lecture's dropout and early stopping), the regression data, the confusion "
                "matrix, and standardising the inputs with the training set's mean and standard deviation.\n"
                f"- Each Play press trains for at most {pg.PLAY_SECONDS:g} s or {pg.PLAY_EPOCHS:,} epochs, and a run "
                f"for at most {pg.MAX_EPOCHS:,} epochs, so no session keeps the server busy.")

D = pg.PlaySettings()
panel = ctl.Panel()
left, right = st.columns([1, 2], gap="large")
with left:
    v = ctl.draw_controls(panel, {label: k for k, (label, _, _) in pg.DATASETS.items()},
                          {k: label for k, (label, _, _) in pg.FEATURES.items()}, D)
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
                    help="Colour each point of the plane by the class the network predicts, not by P(class 1).")
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
frame.try_this(
    "Spiral, the defaults: press **Play**. In about 100 epochs the test accuracy passes 95 %; the unit maps show "
    "layer 1 drawing straight edges and layer 2 bending them. Now Circle with 0 hidden layers: one perceptron draws "
    "a line and stays near 64 %. Switch the inputs to x₁² and x₂² only: the same perceptron reaches 100 %.",
    "While it plays, set the learning rate to 3: the loss jumps from about 0.25 to over 2 and the boundary scrambles. "
    "Set it back to 0.03: no reset, the weights are kept, and the loss falls again from where it was.",
    "Circle, noise 30, training data 10 %, 3 hidden layers of 16, learning rate 0.01: the training loss falls towards "
    "0.05 while the test loss is lowest near epoch 20 and then climbs (over-fitting). Add early stopping with "
    "patience 20, or dropout 0.3, and compare.",
)
frame.check_yourself(
    "playground", "With 0 hidden layers and only x₁, x₂ as inputs, which data can the network classify well?",
    ["Circle", "Gaussian clusters", "Spiral"], 1,
    "Without hidden layers the network is one perceptron: its boundary w₀ + w₁x₁ + w₂x₂ = 0 is a straight line, "
    "which separates the two clusters but not a ring or a spiral.")
frame.code_panel(code, "The same run in plain PyTorch, for the epochs trained so far (learning-rate changes "
                 "included): it prints the training and test loss shown here. Hand edits and regenerated data "
                 "are not replayed; for your own CSV, save the Data download next to the script.")
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

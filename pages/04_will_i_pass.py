import streamlit as st

from core import codegen, io, lecture
from core.models import predict_grid
from ui import charts, controls, frame, live, player, text
from ui.live import FULL_EVERY, METRICS_EVERY, batch_due, run_button

frame.page("will_i_pass", "Two inputs: x₁ = lectures you attend, x₂ = hours you spend on the final project. "
           "Past students passed or failed. You attended 4 lectures and spent 5 hours. A network with one "
           "hidden layer of 3 units, **untrained**, predicts ŷ = 0.1: a 10 % chance. But you passed (y = 1). "
           "It is wrong because it has never seen any data, \"like a baby\". Training fixes that.")
st.latex(r"z_j = w^{(1)}_{0,j} + \sum_{i=1}^{2} x_i\, w^{(1)}_{i,j}, \qquad "
         r"\hat{y} = \sigma\Big(w^{(2)}_{0} + \sum_{j=1}^{d_1} g(z_j)\, w^{(2)}_{j}\Big), \qquad "
         r"\mathcal{L} = -\big[y \ln \hat{y} + (1-y)\ln(1-\hat{y})\big]")

OPTS = {"Adam": "adam", "SGD": "sgd", "Momentum": "momentum", "RMSprop": "rmsprop", "Adagrad": "adagrad",
        "Adadelta": "adadelta"}
ACTS = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu"}
D = lecture.PassSettings()
DEFAULTS = {"hidden": D.hidden, "act": "sigmoid", "opt": "Adam", "lr": D.lr, "epochs": D.epochs, "seed": D.seed}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture example": {}})
    s = lecture.PassSettings(
        hidden=controls.slider("Hidden units", "hidden", 1, 16, D.hidden, 1,
                               help="The lecture's network has 3. Other widths start from a seeded random init."),
        activation=controls.select("Hidden activation g", "act", ACTS, DEFAULTS["act"]),
        optimizer=controls.select("Optimizer", "opt", OPTS, DEFAULTS["opt"]),
        lr=controls.learning_rate(default=D.lr),
        epochs=controls.slider("Epochs", "epochs", 10, 500, D.epochs, 10,
                               help="One epoch = one pass over the 84 training students, in batches of 32."),
        seed=controls.integer("Seed", "seed", 0, 9999, D.seed,
                              help="Fixes the split, initial weights and batch order."),
    )
    train_clicked = run_button("Train", type="primary", icon=":material/play_arrow:", width="stretch", key="train")

state = st.session_state.get("wip")
if train_clicked or (state and state["settings"] != s):
    state = None  # new settings (or a new run) start from the untrained network
trainer = state["trainer"] if state else lecture.pass_trainer(s)
points = lecture.points_frame(trainer.train_set)

with right:
    progress, metrics, board, curve = st.empty(), st.empty(), st.empty(), st.empty()


def draw(t, picture: player.LivePicture | None = None) -> None:
    """Metrics, decision boundary and loss curve for the trainer's current weights. Live (a `picture` to add
    to): the boundary every frame with the epoch and loss in its caption; when the picture sends a batch of
    frames, the metrics (every METRICS_EVERY-th batch) and the loss curve (every FULL_EVERY-th), both with the
    first (ui.live says why)."""
    p, last = lecture.you_prediction(t.model), t.history().iloc[-1]
    prob = predict_grid(t.model, lecture.X_RANGE, lecture.Y_RANGE, 100).numpy()
    titles = dict(x_title="x₁: lectures attended", y_title="x₂: hours on the final project")
    live = picture is not None
    if live:
        batch = charts.show_boundary_live(picture, prob, f"Epoch {t.epoch:.0f}: training loss "
                                          f"{last.train_loss:.3f}, P(pass) for you {p:.4f}.")
        if not batch_due(batch, METRICS_EVERY):
            return
    with metrics.container():
        c = st.columns(4)
        c[0].metric("P(pass) for you, ŷ", f"{p:.4f}")
        c[1].metric("Your loss −ln ŷ", f"{lecture.bce(p, lecture.YOUR_LABEL):.3f}")
        c[2].metric("Training loss J(W)", f"{last.train_loss:.3f}")
        c[3].metric("Validation accuracy", f"{last.val_acc:.0%}")
    if live and not batch_due(batch, FULL_EVERY):
        return
    if not live:
        charts.show_boundary(board, prob, lecture.X_RANGE, lecture.Y_RANGE, points, **titles, you=lecture.YOU,
                             class_names=("failed", "passed"))
    charts.show_loss(curve, t.history(), x="epoch", x_max=s.epochs, y_title="loss J(W) (BCE)")


with right:
    if train_clicked:
        trainer = lecture.pass_trainer(s)
        # the bar first: the browser draws elements in the order they come
        run = live.LiveRun(lambda t: draw(t, picture), s.epochs * trainer.steps_per_epoch, where=progress,
                           frames=live.REPLAY_FRAMES)
        picture = charts.live_boundary(board, lecture.X_RANGE, lecture.Y_RANGE, points, width=420,
                                       x_title="x₁: lectures attended", y_title="x₂: hours on the final project")
        trainer.run_epochs(s.epochs, on_progress=run)
        picture.finish()  # the replay's end, with the bar still up
        run.finish()
        draw(trainer)  # the final frame: the full chart, with axes and tooltips
        st.session_state["wip"] = {"settings": s, "trainer": trainer}
    else:
        draw(trainer)
    p = lecture.you_prediction(trainer.model)
    if trainer.stopped:
        st.error(f"Training stopped: {trainer.stopped}. Try a smaller learning rate.", icon=":material/warning:")
    if trainer.step == 0:
        init = ("the lecture's preset: the output bias is set so that ŷ = 0.1 for you"
                if s.hidden == lecture.LECTURE_HIDDEN else f"a seeded random init (seed {s.seed}), not the lecture's")
        st.info(f"**Untrained** ({init}). Press **Train** to fit the {len(trainer.train_set)} training students.",
                icon=":material/info:")
    else:
        st.success(f"**Trained** for {trainer.epoch:.0f} epochs ({trainer.step:,} steps): P(pass) for you is "
                   f"{p:.1%}, validation accuracy {trainer.history().iloc[-1].val_acc:.0%}.", icon=":material/school:")
    st.caption(f"Heatmap: the network's P(pass) over the plane, blue = pass, orange = fail, white = 50 %. "
               f"Circles passed, triangles failed; the diamond is you at (4, 5), currently {text.num(p)}.")

frame.try_this(
    "Before training, read the lecture's numbers: ŷ = 0.1000 and your loss −ln 0.1 = 2.303. Then press **Train**.",
    "Train at learning rate 10: the loss curve jumps around and ends well above the 0.11 it reaches at 0.1. "
    "Then try 0.0001: after 200 epochs the network has barely moved from its untrained guess.",
    "Give the network 1 hidden unit, then 16: how does the shape of the boundary change?",
)
frame.check_yourself(
    "will_i_pass", "Why does the untrained network say 10 % for a student who passed?",
    ["Because the data are noisy", "Because its weights were never fitted to any data",
     "Because 3 hidden units are too few"], 1,
    "An untrained network's weights are arbitrary; only training on past students makes ŷ mean anything.")
if trainer.step:
    d1, d2 = st.columns(2)
    d1.download_button("Download trained weights (.pt)", io.state_dict_bytes(trainer.model), "will_i_pass.pt",
                       icon=":material/download:")
    d2.download_button("Download training history (.csv)", trainer.history().to_csv(index=False),
                       "will_i_pass_history.csv", mime="text/csv", icon=":material/download:")
frame.code_panel(codegen.will_i_pass_code(s.hidden, s.activation, s.optimizer, s.lr, s.epochs, s.batch_size, s.seed),
                 "The same run in plain PyTorch: it prints the losses and your probability shown here.")
frame.footer("will_i_pass")

import streamlit as st

from core import checkpoint, vocabulary, will_i_pass as topic
from core.codegen import will_i_pass as script
from core.models import predict_grid
from ui import charts, controls, frame, live_picture, live_run, results
from ui.content import will_i_pass as words
from ui.live_run import FULL_EVERY, METRICS_EVERY, batch_due, run_button

frame.page("will_i_pass", words.RECAP)
st.latex(words.FORMULA)

OPTS = vocabulary.OPTIMIZERS.options("adam", "sgd", "momentum", "rmsprop", "adagrad", "adadelta")
ACTS = vocabulary.ACTIVATIONS.options("sigmoid", "tanh", "relu")
defaults = topic.PassSettings()
DEFAULTS = {"hidden": defaults.hidden, "act": "sigmoid", "opt": "adam", "lr": defaults.lr, "epochs": defaults.epochs,
            "seed": defaults.seed}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture example": {}})
    settings = topic.PassSettings(
        hidden=controls.slider("Hidden units", "hidden", 1, 16, defaults.hidden, 1,
                               help="The lecture's network has 3: then the output bias is set so that the untrained "
                               "ŷ = 0.1 for you, as in the lecture. Other widths keep their seeded random init."),
        activation=controls.select("Hidden activation g", "act", ACTS, DEFAULTS["act"]),
        optimizer=controls.select("Optimizer", "opt", OPTS, DEFAULTS["opt"]),
        lr=controls.learning_rate(default=defaults.lr),
        epochs=controls.slider("Epochs", "epochs", 10, 500, defaults.epochs, 10,
                               help="One epoch = one pass over the 84 training students, in batches of 32."),
        seed=controls.integer("Seed", "seed", 0, 9999, defaults.seed,
                              help="Fixes the split, initial weights and batch order."),
    )
    train_clicked = run_button("Train", type="primary", icon=":material/play_arrow:", width="stretch", key="train")

trained = results.recall("wip", settings)  # the network trained with these settings, or None
# a new run (or new settings) starts from the untrained network
trainer = trained if trained is not None and not train_clicked else topic.pass_trainer(settings)
points = topic.points_frame(trainer.train_set)

with right:
    progress, metrics, board, curve = st.empty(), st.empty(), st.empty(), st.empty()


def draw(t, picture: live_picture.LivePicture | None = None) -> None:
    """Metrics, decision boundary and loss curve for the trainer's current weights. Live (a `picture` to add
    to): the boundary every frame with the epoch and loss in its caption; when the picture sends a batch of
    frames, the metrics (every METRICS_EVERY-th batch) and the loss curve (every FULL_EVERY-th), both with the
    first (ui.live_run says why)."""
    p, last = topic.you_prediction(t.model), t.history().iloc[-1]
    prob = predict_grid(t.model, topic.X_RANGE, topic.Y_RANGE, 100).numpy()
    live = picture is not None
    if live:
        batch = charts.show_boundary_live(picture, prob, words.live_caption(t.epoch, last.train_loss, p))
        if not batch_due(batch, METRICS_EVERY):
            return
    your_loss = topic.bce(p, topic.YOUR_LABEL)
    with metrics.container():
        c = st.columns(4)
        c[0].metric("P(pass) for you, ŷ", f"{p:.4f}")
        c[1].metric("Your loss −ln ŷ", f"{your_loss:.3f}", help=words.your_loss_help(p, your_loss))
        c[2].metric("Training loss J(W)", f"{last.train_loss:.3f}")
        c[3].metric("Validation accuracy", f"{last.val_acc:.0%}")
    if live and not batch_due(batch, FULL_EVERY):
        return
    if not live:
        charts.show_boundary(board, prob, topic.X_RANGE, topic.Y_RANGE, points, **words.AXES, you=topic.YOU,
                             class_names=("failed", "passed"))
    charts.show_loss(curve, t.history(), x="epoch", x_max=settings.epochs, y_title="loss J(W) (BCE)")


with right:
    if train_clicked:
        trainer = topic.pass_trainer(settings)
        # the bar first: the browser draws elements in the order they come
        run = live_run.LiveRun(lambda t: draw(t, picture), settings.epochs * trainer.steps_per_epoch,
                               where=progress, frames=live_run.REPLAY_FRAMES)
        picture = charts.live_boundary(board, topic.X_RANGE, topic.Y_RANGE, points, width=420, **words.AXES)
        trainer.run_epochs(settings.epochs, on_progress=run)
        picture.finish()  # the replay's end, with the bar still up
        run.finish()
        draw(trainer)  # the final frame: the full chart, with axes and tooltips
        results.keep("wip", settings, trainer)
    else:
        draw(trainer)
    p = topic.you_prediction(trainer.model)
    if trainer.stopped:
        st.error(words.stopped(trainer.stopped), icon=":material/warning:")
    if trainer.step == 0:
        st.info(words.untrained(settings.hidden == topic.LECTURE_HIDDEN, settings.seed, len(trainer.train_set)),
                icon=":material/info:")
    else:
        st.success(words.trained(trainer.epoch, trainer.step, p, trainer.history().iloc[-1].val_acc),
                   icon=":material/school:")
    st.caption(words.heatmap_caption(p))
    if trainer.step:
        d1, d2 = st.columns(2)
        d1.download_button("Download trained weights (.pt)", checkpoint.state_dict_bytes(trainer.model),
                           "will_i_pass.pt", icon=":material/download:")
        d2.download_button("Download training history (.csv)", trainer.history().to_csv(index=False),
                           "will_i_pass_history.csv", mime="text/csv", icon=":material/download:")

# Below the network and its result, which come first on a phone and a projector.
st.markdown(words.STUDENTS)
st.caption("Training uses ideas the next pages teach:")
frame.ahead("loss_functions", "The loss J(W), binary cross-entropy")
frame.ahead("gradient_descent", "Training, by gradient descent")
frame.ahead("learning_rate_and_optimizers", "The optimizer and the learning rate η")
frame.ahead("mini_batches", "Epochs and batches of 32")
frame.ahead("early_stopping", "Validation data")

frame.lesson_end("will_i_pass", words.TRY_THIS, frame.Quiz(**words.QUIZ),
                 script.will_i_pass_code(settings.hidden, settings.activation, settings.optimizer, settings.lr,
                                         settings.epochs, settings.batch_size, settings.seed), words.CODE_CAPTION)

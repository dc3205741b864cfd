import streamlit as st

from core import dropout as topic
from core.codegen import dropout as script
from ui import charts, controls, frame, live_run, results
from ui.charts import dropout as topic_charts
from ui.content import dropout as words

frame.page("dropout", words.RECAP)
st.latex(words.FORMULA)
st.caption(words.SCALING)

stats_of = st.cache_data(topic.dropout_stats, max_entries=64, show_spinner=False)
MODES = {"train": "training: model.train()", "eval": "evaluation: model.eval()"}
DEFAULTS = {"p": topic.LECTURE_P, "mode": "train", "seed": 1}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture example": {}})
    p = controls.slider("Drop probability p", "p", 0.0, topic.MAX_P, DEFAULTS["p"], 0.05,
                        help="The lecture's 0.5. At p = 1 every unit would be dropped and 1/(1 − p) would be "
                             "infinite, so the slider stops at 0.9.")
    train_mode = controls.select("Mode", "mode", MODES, DEFAULTS["mode"], horizontal=True) == "train"
    seed = controls.integer("Seed", "seed", 0, 9999, DEFAULTS["seed"],
                            help="Fixes which units are dropped, and the data, initial weights and masks of the "
                                 "training run.")
stats = stats_of(p, seed=seed)
with right:
    c = st.columns(3)
    c[0].metric("Fraction of 10⁶ ones set to 0", f"{stats['zero_fraction']:.4f}", help="About p.")
    c[1].metric("Value of every survivor", f"{stats['survivor']:g}", help="1/(1 − p).")
    c[2].metric("Mean after dropout", f"{stats['mean']:.4f}", help="About 1: the expected value is kept.")
    st.caption(words.stats_caption(p, stats))

st.header("The same input, two forward passes")
passes = topic.forward_passes(p, train_mode, seed)
net = topic.diagram_net(p)
cols = st.columns(2)
for k, (col, one) in enumerate(zip(cols, passes), 1):
    col.metric(f"Pass {k}: output ŷ", f"{one['y_hat']:.4f}")
    col.vega_lite_chart(topic_charts.diagram_spec(topic.widths(), topic.weights(net),
                                                  topic.node_values(topic.NET_X, one), one["kept"]),
                        width="stretch", key=f"net{k}")
    col.caption(words.pass_caption(k, one, p, train_mode))
kind, message = words.passes_message(train_mode, p, passes)
(st.success if kind == "success" else st.info)(message, icon=":material/shuffle:" if train_mode else
                                               ":material/visibility:")

st.header("Dropped units get no gradient on that step")
grads = topic.gradient_step(p, seed)
st.dataframe(grads.rename(columns=words.GRADIENT_COLUMNS), hide_index=True, width="stretch", height=250)
n_drop = int((~grads.kept).sum())
st.caption(words.gradient_caption(n_drop))
if n_drop:
    st.markdown(words.optimizer_note(topic.step_on_dropped(p, seed)))

st.header("Overfitting, with and without dropout")
settings = topic.CompareSettings(p=p, seed=seed)
st.markdown(words.compare_intro(settings))
compared = results.recall("dropout_run", settings)  # both trainings of these settings, or None
if live_run.run_button("Train both", type="primary", icon=":material/play_arrow:", key="train"):
    bar, live = st.progress(0.0, text="Training both networks…"), st.columns(2)
    spots = dict(zip(("without dropout", "with dropout"), (c.empty() for c in live)))
    steps = settings.steps

    def draw(name: str, t) -> None:  # the curves so far, while the network trains
        done = t.step + (steps if name == "with dropout" else 0)
        bar.progress(done / (2 * steps), text=f"Training {name}: step {t.step:,} of {steps:,}")
        charts.show_loss(spots[name], t.history(), y_title="loss J(W) (MSE)",
                         series={"train_loss": "training", "val_loss": "test"})

    compared = results.keep("dropout_run", settings, topic.compare(settings, draw))
    bar.empty()
    for spot in spots.values():
        spot.empty()
if compared is not None:
    st.vega_lite_chart(topic_charts.fit_spec(compared, topic.true_curve()), width="stretch", key="fits")
    runs = compared["runs"]
    st.caption(words.fits_caption(runs))
    helped, verdict = words.verdict(runs)
    (st.success if helped else st.warning)(verdict, icon=":material/balance:")
    for col, (name, run) in zip(st.columns(2), runs.items()):
        col.markdown(f"**{name.capitalize()}**" + (f" (p = {run['p']:g})" if run["p"] else ""))
        col.metric("Test loss (MSE)", f"{run['test_loss']:.3f}",
                   delta=f"{run['test_loss'] - run['train_loss']:.3f} above training", delta_color="off")
        charts.show_loss(col, run["history"], y_title="loss J(W) (MSE)",
                         series={"train_loss": "training", "val_loss": "test"}, key=f"loss_{run['p']:g}")
        col.caption(f"{name}: training loss ends at {run['train_loss']:.3f}, test loss at {run['test_loss']:.3f}.")
        if run["stopped"]:
            col.error(f"Training stopped: {run['stopped']}.")
else:
    st.info(words.PRESS_TRAIN, icon=":material/info:")

frame.lesson_end("dropout", words.TRY_THIS, frame.Quiz(**words.QUIZ), script.dropout_code(p, seed, settings),
                 words.CODE_CAPTION)

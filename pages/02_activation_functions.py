import streamlit as st

from core import activation_functions as topic, vocabulary
from core.codegen import activation_functions as script
from core.will_i_pass import points_frame
from ui import charts, controls, frame, live_run, results, text
from ui.charts import activation_functions as topic_charts
from ui.content import activation_functions as words
from ui.live_run import METRICS_EVERY, batch_due, run_button

frame.page("activation_functions", words.RECAP)

DATA = vocabulary.DATASETS.options("circles", "xor", "moons", "blobs")
DATA_HELP = ("Circle: a disc inside a ring. Exclusive or: four quadrants. Moons: two interleaved arcs. Gaussian "
             "clusters: two clusters a line does separate.")
NONLIN = vocabulary.ACTIVATIONS.options("relu", "tanh", "sigmoid")
defaults = topic.PairSettings()
DEFAULTS = {"x": 0.0, "w0": 0.0, "w1": 1.0, "more": False, "data": next(iter(DATA)), "depth": defaults.depth,
            "width": defaults.width, "act": "relu", "seed": defaults.seed}

st.header("Three activation functions, and their slopes")
st.latex(r"z = w_0 + w_1 x, \qquad \hat{y} = g(z), \qquad g'(z) = \frac{dg}{dz}\ \text{(the slope)}")
left, right = st.columns([1, 3], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture example": {"x": -6.0}})
    x = controls.slider("Input x", "x", -6.0, 6.0, DEFAULTS["x"], 0.1)
    w0 = controls.slider("Bias w₀", "w0", -6.0, 6.0, DEFAULTS["w0"], 0.1, help="Shifts the curve left and right.")
    w1 = controls.slider("Weight w₁", "w1", -3.0, 3.0, DEFAULTS["w1"], 0.1, help="Stretches (or flips) the curve.")
    more = controls.toggle("Beyond the lecture", "more", help="Add linear, leaky ReLU and GELU.")
names = topic.LECTURE + (topic.BEYOND if more else [])
centre, here = topic.centre(w0, w1), {name: topic.at_point(name, x, w0, w1) for name in names}
with right:
    st.markdown(words.curves_key(x, here["relu"]["z"]))
    for group in ([topic.LECTURE, topic.BEYOND] if more else [topic.LECTURE]):
        for col, name in zip(st.columns(3), group):
            act = topic.ACTIVATIONS[name]
            col.vega_lite_chart(topic_charts.curve_spec(
                name, topic.curves(name, (-6, 6), w0, w1), topic.curves(name, (-6, 6)), here[name], x, centre,
                title=act.label, subtitle="" if act.in_lecture else "beyond the lecture"), width="stretch")
    st.table(topic_charts.point_table(here, {k: topic.ACTIVATIONS[k].label for k in here}), hide_index=True)
    st.caption(words.shift_caption(w0, w1, centre))
# The slide's table, below the curves: on a projector the sliders and the curves they move come first.
st.markdown(topic_charts.activation_table([topic.ACTIVATIONS[k] for k in names]))
st.caption(words.table_caption(topic.LECTURE, topic.BEYOND if more else []))
frame.ahead("backpropagation", "How the slope carries the training signal back")

st.header("Why nonlinearity: points that no straight line separates")
st.markdown(words.WHY_NONLINEARITY)
left, right = st.columns([1, 3], gap="large")
with left:
    settings = topic.PairSettings(
        data=controls.select("Data", "data", DATA, DEFAULTS["data"], help=DATA_HELP),
        depth=controls.slider("Hidden layers (depth)", "depth", 1, 5, defaults.depth, 1),
        width=controls.slider("Units per hidden layer (width)", "width", 1, 16, defaults.width, 1),
        activation=controls.select("Nonlinearity g of the right-hand network", "act", NONLIN, DEFAULTS["act"]),
        seed=controls.integer("Seed", "seed", 0, 9999, defaults.seed, help="Fixes the data and the starting weights."))
    train = run_button("Train both", type="primary", icon=":material/play_arrow:", width="stretch", key="act_train")
    st.caption(words.training_setup(settings.steps, settings.lr, topic.N_POINTS))
    frame.ahead("gradient_descent", "Training")
    frame.ahead("learning_rate_and_optimizers", "Adam and the learning rate")


@st.cache_data(max_entries=64, show_spinner=False)
def untrained(settings: topic.PairSettings) -> dict:
    return {k: topic.snapshot(t) for k, t in topic.pair_trainers(settings).items()}


trained = results.recall("act_run", settings)  # both trained networks of these settings, or None
points = points_frame(topic.dataset(settings))
with right:
    heads, slots, notes = zip(*[(c.empty(), c.empty(), c.empty()) for c in st.columns(2, gap="medium")])
titles = {"linear": "Without g (linear)",
          settings.activation: f"With g = {topic.ACTIVATIONS[settings.activation].label}"}


def draw(snaps: dict, pictures: list | None = None) -> None:
    """Accuracy, decision boundary and a one-line summary for each network. Live (`pictures` to add to, one
    per network): each boundary every frame, the accuracies when the pictures send a batch of frames (every
    METRICS_EVERY-th, and the first; ui.live_run says why)."""
    for (key, snap), head, slot, note, pic in zip(snaps.items(), heads, slots, notes, pictures or [None, None]):
        if pic is not None:
            batch = charts.show_boundary_live(pic, snap["prob"], f"Step {snap['step']}: accuracy {snap['acc']:.0%}.")
            if batch_due(batch, METRICS_EVERY):
                head.metric(f"{titles[key]}: accuracy", f"{snap['acc']:.0%}", help=f"after {snap['step']} steps")
            continue
        head.metric(f"{titles[key]}: accuracy", f"{snap['acc']:.0%}", help=f"after {snap['step']} training steps")
        slot.vega_lite_chart(charts.boundary_spec(snap["prob"], topic.PLANE, topic.PLANE, points, line=snap["line"],
                                                  height=340), width="stretch")
        note.caption(words.boundary_note(snap, settings.depth))


with right:
    if train:
        run = live_run.LiveRun(lambda t: draw({k: topic.snapshot(v, 100) for k, v in trainers.items()}, pictures),
                               settings.steps, frames=live_run.REPLAY_FRAMES)
        pictures = [charts.live_boundary(slot, topic.PLANE, topic.PLANE, points, width=340)
                    for slot in slots]  # after the bar
        trainers = topic.pair_trainers(settings)
        for note in notes:
            note.empty()  # each live picture's own caption says what it shows
        topic.train_pair(trainers, settings.steps, on_progress=lambda trs: run(trs[settings.activation]))
        for picture in pictures:
            picture.finish()  # the replay's end, with the bar still up
        run.finish()
        trained = results.keep("act_run", settings, {"snaps": {k: topic.snapshot(t) for k, t in trainers.items()},
                                                     "stopped": [t.stopped for t in trainers.values() if t.stopped]})
    draw(trained["snaps"] if trained else untrained(settings))
    for why in trained["stopped"] if trained else []:
        st.error(f"Training stopped: {why}.", icon=":material/warning:")
    if trained:
        st.success(words.trained(settings.steps), icon=":material/check_circle:")
    else:
        st.info(words.UNTRAINED, icon=":material/info:")
    st.caption(words.BACKGROUND)

collapse = topic.linear_collapse(settings.depth, settings.width, settings.seed)
st.header("Why depth alone does not help: linear layers collapse into one")
st.markdown(words.collapse_intro(settings.depth, settings.width))
st.latex(topic_charts.collapse_latex(len(collapse["mats"])) + r" = X^\top M, \qquad M = "
         + text.bmatrix(collapse["product"].tolist()))
k = st.columns(4)
k[0].metric("Layer by layer", text.num(collapse["out_layers"], 6))
k[1].metric("One matrix: XᵀM", text.num(collapse["out_product"], 6))
k[2].metric("Difference", text.num(collapse["difference"], 2), help="Rounding error of float64 arithmetic.")
k[3].metric("With ReLU between the layers", text.num(collapse["out_relu"], 6))
st.caption(topic_charts.collapse_caption(collapse))
with st.expander("See every matrix", icon=":material/grid_on:"):
    for i, W in enumerate(collapse["mats"], 1):
        st.markdown(f"W{topic_charts.sup(i)}: {W.shape[0]} × {W.shape[1]} (inputs × units)")
        st.dataframe(topic_charts.matrix_frame(W.numpy()))
st.info(words.THE_POINT, icon=":material/lightbulb:")

frame.lesson_end("activation_functions", words.TRY_THIS, frame.Quiz(**words.QUIZ),
                 script.activation_code(x, w0, w1, names, settings), words.CODE_CAPTION)

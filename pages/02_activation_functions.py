import streamlit as st

from core import activation_functions as A
from core.codegen import activation_functions as codegen
from core.will_i_pass import points_frame
from ui import charts, controls, frame, live_run, text
from ui.charts import activation_functions
from ui.content import activation_functions as content
from ui.live_run import METRICS_EVERY, batch_due, run_button

frame.page("activation_functions", content.RECAP)

DATA = {"circles: a disc inside a ring": "circles", "xor: four quadrants": "xor",
        "moons: two interleaved arcs": "moons", "blobs: two clusters a line does separate": "blobs"}
NONLIN = {"ReLU": "relu", "tanh": "tanh", "sigmoid": "sigmoid"}
P = A.PairSettings()
DEFAULTS = {"x": 0.0, "w0": 0.0, "w1": 1.0, "more": False, "data": next(iter(DATA)), "depth": P.depth,
            "width": P.width, "act": "ReLU", "seed": P.seed}

st.subheader("Three activation functions, and their slopes")
st.latex(r"z = w_0 + w_1 x, \qquad \hat{y} = g(z), \qquad g'(z) = \frac{dg}{dz}\ \text{(the slope)}")
table = st.container()
left, right = st.columns([1, 3], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture example": {"x": -6.0}})
    x = controls.slider("Input x", "x", -6.0, 6.0, DEFAULTS["x"], 0.1)
    w0 = controls.slider("Bias w₀", "w0", -6.0, 6.0, DEFAULTS["w0"], 0.1, help="Shifts the curve left and right.")
    w1 = controls.slider("Weight w₁", "w1", -3.0, 3.0, DEFAULTS["w1"], 0.1, help="Stretches (or flips) the curve.")
    more = controls.toggle("Beyond the lecture", "more", help="Add linear, leaky ReLU and GELU.")
names = A.LECTURE + (A.BEYOND if more else [])
rows = [f"| {a.label}{'' if a.in_lecture else ' (beyond the lecture)'} | ${a.g_tex}$ | ${a.slope_tex}$ | "
        f"`{a.torch_call}` |" for a in (A.ACTIVATIONS[k] for k in names)]
table.markdown("| g | g(z) | g′(z) | PyTorch |\n|---|---|---|---|\n" + "\n".join(rows))
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
if more:
    n_slide, n_more = (WORDS.get(len(group), len(group)) for group in (A.LECTURE, A.BEYOND))
    plain = ", one of them the linear non-activation for comparison" if "linear" in A.BEYOND else ""
    source = (f"The slide's table (its first {n_slide} rows; \"all activation functions are non-linear\"), plus "
              f"{n_more} beyond the lecture{plain}.")
else:
    source = "The slide's table (\"all activation functions are non-linear\")."
table.caption(f"{source} A network learns through the slope g′: where it is 0, no training signal passes back "
              "through the neuron.")
with table:
    frame.ahead("backpropagation", "How the slope carries the training signal back")
centre, here = A.centre(w0, w1), {name: A.at_point(name, x, w0, w1) for name in names}
with right:
    st.markdown(f"**Blue**: g(z). **Vermillion, dashed**: the slope g′(z). **Grey, dotted**: g without bias and "
                f"weight. The dots mark the input x = {text.num(x)}, where z = w₀ + w₁x = "
                f"{text.num(here['relu']['z'])}.")
    for group in ([A.LECTURE, A.BEYOND] if more else [A.LECTURE]):
        for col, name in zip(st.columns(3), group):
            act = A.ACTIVATIONS[name]
            col.vega_lite_chart(activation_functions.curve_spec(
                name, A.curves(name, (-6, 6), w0, w1), A.curves(name, (-6, 6)), here[name], x, centre,
                title=act.label, subtitle="" if act.in_lecture else "beyond the lecture"), width="stretch")
    st.table([{"g": A.ACTIVATIONS[k].label, "z": text.num(p["z"]), "g(z)": text.num(p["g"], 10),
               "g′(z) by autograd": text.num(p["dg"], 10), "g′(z), by formula": text.num(p["dg_formula"], 10)}
              for k, p in here.items()], hide_index=True)
    shift = ("the weight is 0, so z = w₀ everywhere and every curve is flat" if centre is None else
             f"the centre of every curve (z = 0, dotted rule) sits at x = −w₀/w₁ = {text.num(centre)}" +
             ("" if w0 == 0 else f", {text.num(abs(centre))} to the {'left' if centre < 0 else 'right'} of the "
                                 "grey curve's: that is the bias's shift"))
    st.caption(f"With w₀ = {text.num(w0)} and w₁ = {text.num(w1)}, {shift}.")

st.subheader("Why nonlinearity: points that no straight line separates")
st.markdown(content.WHY_NONLINEARITY)
left, right = st.columns([1, 3], gap="large")
with left:
    s = A.PairSettings(
        data=controls.select("Data", "data", DATA, DEFAULTS["data"]),
        depth=controls.slider("Hidden layers (depth)", "depth", 1, 5, P.depth, 1),
        width=controls.slider("Units per hidden layer (width)", "width", 1, 16, P.width, 1),
        activation=controls.select("Nonlinearity g of the right-hand network", "act", NONLIN, DEFAULTS["act"]),
        seed=controls.integer("Seed", "seed", 0, 9999, P.seed, help="Fixes the data and the starting weights."))
    train = run_button("Train both", type="primary", icon=":material/play_arrow:", width="stretch", key="act_train")
    st.caption(f"{s.steps} steps of Adam (learning rate {s.lr:g}) on all {A.N_POINTS} points, for each network.")
    frame.ahead("gradient_descent", "Training")
    frame.ahead("learning_rate_and_optimizers", "Adam and the learning rate")


@st.cache_data(max_entries=64, show_spinner=False)
def untrained(s: A.PairSettings) -> dict:
    return {k: A.snapshot(t) for k, t in A.pair_trainers(s).items()}


state = st.session_state.get("act_run")
if state and state["settings"] != s:
    state = st.session_state["act_run"] = None  # a setting changed: its results no longer apply
points = points_frame(A.dataset(s))
with right:
    heads, slots, notes = zip(*[(c.empty(), c.empty(), c.empty()) for c in st.columns(2, gap="medium")])
titles = {"linear": "Without g (linear)", s.activation: f"With g = {A.ACTIVATIONS[s.activation].label}"}


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
        slot.vega_lite_chart(charts.boundary_spec(snap["prob"], A.PLANE, A.PLANE, points, line=snap["line"],
                                                  height=340), width="stretch")
        if snap["map"]:
            (m1, m2), b = snap["map"]
            note.caption(f"A straight boundary (dashed), whatever the depth: these {s.depth} hidden layers compute "
                         f"exactly one perceptron, ŷ = σ({text.linear_form(b, [(m1, 'x₁'), (m2, 'x₂')])}). "
                         f"{snap['acc']:.0%} of the points on the right side (guessing gets about 50 %).")
        else:
            note.caption(f"A boundary that can bend: {snap['acc']:.0%} of the points on the right side.")


with right:
    if train:
        run = live_run.LiveRun(lambda t: draw({k: A.snapshot(v, 100) for k, v in trainers.items()}, pictures), s.steps,
                           frames=live_run.REPLAY_FRAMES)
        pictures = [charts.live_boundary(slot, A.PLANE, A.PLANE, points, width=340) for slot in slots]  # after the bar
        trainers = A.pair_trainers(s)
        for note in notes:
            note.empty()  # each live picture's own caption says what it shows
        A.train_pair(trainers, s.steps, on_progress=lambda trs: run(trs[s.activation]))
        for picture in pictures:
            picture.finish()  # the replay's end, with the bar still up
        run.finish()
        state = st.session_state["act_run"] = {"settings": s, "snaps": {k: A.snapshot(t) for k, t in trainers.items()},
                                               "stopped": [t.stopped for t in trainers.values() if t.stopped]}
    snaps = state["snaps"] if state else untrained(s)
    draw(snaps)
    for why in state["stopped"] if state else []:
        st.error(f"Training stopped: {why}.", icon=":material/warning:")
    if state:
        st.success(f"**Trained** both networks for {s.steps} steps. Change a setting to start again.",
                   icon=":material/check_circle:")
    else:
        st.info("**Untrained**: both networks start from the same seeded random weights. Press **Train both**.",
                icon=":material/info:")
    st.caption("Background: each network's P(blue) over the plane, blue above 50 %, orange below, white at 50 %. "
               "The lecture draws the classes red and green; here they are orange triangles and blue circles.")

c = A.linear_collapse(s.depth, s.width, s.seed)
st.subheader("Why depth alone does not help: linear layers collapse into one")
st.markdown(content.collapse_intro(s.depth, s.width))
st.latex(activation_functions.collapse_latex(len(c["mats"])) + r" = X^\top M, \qquad M = "
         + text.bmatrix(c["product"].tolist()))
k = st.columns(4)
k[0].metric("Layer by layer", text.num(c["out_layers"], 6))
k[1].metric("One matrix: XᵀM", text.num(c["out_product"], 6))
k[2].metric("Difference", text.num(c["difference"], 2), help="Rounding error of float64 arithmetic.")
k[3].metric("With ReLU between the layers", text.num(c["out_relu"], 6))
st.caption(activation_functions.collapse_caption(c))
with st.expander("See every matrix", icon=":material/grid_on:"):
    for i, W in enumerate(c["mats"], 1):
        st.markdown(f"W{activation_functions.sup(i)}: {W.shape[0]} × {W.shape[1]} (inputs × units)")
        st.dataframe(activation_functions.matrix_frame(W.numpy()))
st.info(content.THE_POINT, icon=":material/lightbulb:")

frame.try_this(
    "Move the bias w₀ from 0 to 3: every curve slides 3 to the left, and the point x = 0 climbs the curve. "
    "That is the lecture's \"shift left and right\".",
    "Press **Lecture example**: at z = −6 (the lecture perceptron's z), σ(−6) ≈ 0.0025, tanh(−6) ≈ −0.99999, "
    "ReLU(−6) = 0, and every slope is nearly or exactly 0: little or no training signal passes back through "
    "the neuron.",
    "Press **Train both**: a straight line through a ring gets about half right; the ReLU network gets all. "
    "Then set 5 hidden layers of 16 and train again: without g the boundary is still a straight line.",
    "Switch the data to blobs: one straight line is enough, and both networks reach 100 %.",
)
frame.check_yourself(
    "A network has 10 hidden layers of 100 units each, but no activation functions. "
    "What can its decision boundary look like?",
    ["Any shape: it has enough layers", "Only a straight line, like a single perceptron", "A circle at most"], 1,
    "Without g each layer is a matrix multiplication, and the product of the matrices is one matrix: the whole "
    "network computes the same as one perceptron, so its boundary is a straight line.")
frame.code_panel(codegen.activation_code(x, w0, w1, names, s),
                 "Paste into a notebook: it prints the slopes, the collapse and both accuracies shown here.")
frame.footer("activation_functions")

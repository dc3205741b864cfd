import streamlit as st

from core import loss_landscape as L
from core.codegen import loss_landscape as cg
from ui import controls, frame, live_run, text
from ui.charts import loss_landscape as lc

frame.page("loss_landscape", "The bowl of the gradient-descent page was a picture with two weights. \"In practice "
           "optimizing neural networks is extremely difficult\": neural networks are \"extremely high-dimensional "
           "search spaces, so we don't actually know what this picture looks like\". The lecture shows \"a "
           "projection of the loss landscape of a deep neural network\" from a 2017 paper (Li et al., *Visualizing "
           "the Loss Landscape of Neural Nets*): you can see \"how messy some of these loss landscapes look\". Here "
           "you make such a projection yourself, of a network you train on this page.")
st.latex(r"f(a, b) = J(\theta^* + a\,\delta + b\,\nu), \qquad "
         r"\delta^{(k)}_{i} \leftarrow \frac{\delta^{(k)}_{i}}{\lVert \delta^{(k)}_{i} \rVert}\,"
         r"\lVert \theta^{*(k)}_{i} \rVert")
st.markdown(f"**Beyond the lecture: how the picture is made** (Li et al., sections 3 and 4). (1) Train a network "
            f"to its weights θ*: here a ReLU network on {L.DATA_N} two-moons points, {L.STEPS} full-batch Adam "
            f"steps (η = {L.LR}), binary cross-entropy. (2) Draw two random directions δ and ν, each shaped like θ "
            "(the paper calls them δ and η; in nnlab η is only the learning rate). (3) **Filter normalisation**: for "
            "every unit i of every layer k, rescale δ⁽ᵏ⁾ᵢ, the part of the direction on the unit's incoming weights "
            "(column i of W⁽ᵏ⁾, row i of `nn.Linear`'s weight), to the length of those trained weights θ*⁽ᵏ⁾ᵢ; the "
            "same for ν; and set the biases' entries to 0. (4) Evaluate the training loss at θ* + aδ + bν for every "
            "(a, b) on a grid, and colour the map.")

VIEWS = {"Two random directions (Li et al.)": "random", "The training path's PCA directions": "pca"}
NORMS = {"filter (Li et al.)": "filter", "layer": "layer", "none": "none"}
DEFAULTS = {"view": "Two random directions (Li et al.)", "depth": 2, "width": 16, "seed": 0,
            "norm": "filter (Li et al.)", "span": 1.0, "res": 51, "log": True, "bands": True}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"The paper's settings": {}, "Training path": {"view": list(VIEWS)[1]},
                                "No normalisation": {"norm": "none"}})
    view = controls.select("Directions δ and ν", "view", VIEWS, DEFAULTS["view"])
    net = L.NetSettings(depth=controls.slider("Hidden layers (depth)", "depth", L.DEPTHS[0], L.DEPTHS[-1],
                                                          DEFAULTS["depth"], 1),
                        width=int(controls.learning_rate("Units per hidden layer (width)", "width",
                                                         DEFAULTS["width"], values=L.WIDTHS)))
    seed = controls.integer("Seed of the directions", "seed", 0, 9999, DEFAULTS["seed"],
                            help="The same seed draws the same δ and ν, so the same surface. Random directions only.")
    norm = controls.select("Normalisation of the directions", "norm", NORMS, DEFAULTS["norm"],
                           help="Random directions only. Filter: per neuron, as Li et al. Layer: per weight matrix. "
                                "None: raw N(0, 1) entries.")
    span = controls.slider("Range: a and b from −r to r", "span", 0.25, 2.0, DEFAULTS["span"], 0.25,
                           help="Random directions only; the PCA view fits the box to the path.")
    res = controls.slider("Resolution (grid points per side)", "res", 21, 51, DEFAULTS["res"], 10,
                          help="The paper's default grid is 51 × 51, from −1 to 1.")
    log = controls.toggle("Log colour scale", "log", DEFAULTS["log"],
                          help="Colours follow log J: the basin's detail shows.")
    banded = controls.toggle("Contour bands", "bands", DEFAULTS["bands"],
                             help="Bands between levels, edged by iso-lines.")
    st.caption(f"A {net.shape} network: {L.parameter_count(net):,} parameters. Depth and width retrain it; "
               "the other controls only cut another slice, or recolour it.")


@st.cache_data(max_entries=64, show_spinner=False)
def random_surface(depth: int, width: int, seed: int, norm: str, span: float, n: int) -> L.Surface:
    return L.random_surface(L.trained(L.NetSettings(depth, width)), seed, norm, span, n)


@st.cache_data(max_entries=16, show_spinner=False)
def pca_surface(depth: int, width: int, n: int):
    t = L.trained(L.NetSettings(depth, width))
    s, pca = L.pca_surface(t, n)
    return s, pca.explained, L.path_frame(t, pca)


@st.cache_data(max_entries=1, show_spinner=False)
def path_example() -> dict:
    """How the path of the Try this example (depth 3, width 32) ends: trained once per server, about 0.2 s."""
    return L.path_ending(L.trained(L.PATH_EXAMPLE))


@st.cache_data(max_entries=64, show_spinner=False)
def picture(loss, log: bool, banded: bool) -> tuple[str, list]:
    lv = lc.surface_levels(loss, log)
    return lc.surface_image(loss, log, banded, lv), lv


with right:
    run = None if L.is_trained(net) else live_run.LiveRun(lambda t: None, L.STEPS)  # a progress bar while it trains
    trained = L.trained(net, on_progress=run)
    if run:
        run.finish()
    if view == "random":
        surf, path = random_surface(net.depth, net.width, seed, norm, span, res), None
        axes = ("a, steps along δ (multiples of δ)", "b, steps along ν (multiples of ν)")
    else:
        surf, explained, path = pca_surface(net.depth, net.width, res)
        axes = ("a, along the path's PCA direction 1", "b, along the path's PCA direction 2")
    summ = L.summary(surf)
    m = st.columns(4)
    m[0].metric("Trained loss J(θ*)", text.num(trained.loss, 4), help=f"Training accuracy {trained.accuracy:.0%}")
    m[1].metric("f(0, 0) on the grid", text.num(surf.centre, 4))
    m[2].metric("Highest J on the map", text.num(summ["max"], 4))
    m[3].metric("Grid points", f"{summ['points']:,}",
                help="Every grid point is a whole network, all evaluated in batched forward passes.")
    image, lv = picture(surf.loss, log, banded)
    st.vega_lite_chart(lc.landscape_spec(image, surf.alphas, surf.betas, surf.loss, trained.loss, log, banded, lv,
                                         *axes, path=path), width="stretch")
    st.caption(lc.caption(summ, span if view == "random" else None, log, banded, view, trained.loss))
    if trained.stopped:
        st.error(f"Training stopped: {trained.stopped}.", icon=":material/warning:")
    st.caption(lc.cost_caption(trained.seconds, L.STEPS, summ["points"], surf.seconds, surf.cos, view,
                               L.weight_count(net)))
    if view == "pca":
        st.info(lc.path_note(L.SNAPSHOT_EVERY, explained, L.random_path_share(trained, seed, norm), seed),
                icon=":material/route:")

st.subheader("What this picture is, and what it is not")
st.markdown(f"- **It is** the training loss of {summ['points']:,} real networks, each one θ* moved by a δ + b ν: "
            f"a flat, two-dimensional slice through θ*.\n"
            f"- **It is not** the landscape. This network has {trained.parameters:,} parameters, so its loss lives "
            f"over a {trained.parameters:,}-dimensional space, and the slice shows 2 of those dimensions. Another "
            "seed cuts another slice. A valley in the slice may be a ridge in a direction not drawn, and the lowest "
            "point of a slice need not be a minimum of the full loss.\n"
            "- **Why normalise.** ReLU networks can scale a neuron's incoming weights (and bias) up and its "
            "outgoing weights down without changing what they compute, so a raw step of size 1 means different "
            "things for different neurons. Filter normalisation measures each step in units of the neuron's own "
            "weights, so that pictures of different networks can be compared (Li et al.).")

ex = path_example()
frame.try_this(
    "Note the **highest J on the map**, then press **No normalisation**: δ and ν now get N(0, 1) entries whatever "
    "the size of the network's weights (the root mean square of this network's weights is "
    f"{L.weight_rms(trained):.2f}). At "
    "the defaults the map then climbs higher; set depth 1 and width 4 and compare again: there it climbs less than "
    "the normalised map. How steep an unnormalised picture looks depends on the size of the weights; that is why "
    "Li et al. normalise.",
    "Change the **seed** a few times: each is another random slice through the same θ*, and the basin's shape "
    "changes. Then compare depth 3 × width 4 with depth 1 × width 32 and read **Highest J on the map**: at most "
    "seeds the narrow, deep network's slice climbs far more steeply (at seed 0, over 20 times higher). Li et al. "
    "found that width smooths a landscape, and that depth without skip connections makes it chaotic.",
    "Press **Training path**: Adam's route from the initial weights (diamond) to θ*, in the plane that holds most "
    "of it. Is θ* the lowest point of that plane? At depth 3 and width 32 the white cross, the lowest grid point, "
    "lies beyond θ*. Adam had not settled: along its path the training loss was "
    f"{text.num(ex['low'], 2)} at step {ex['low_step']}, jumped to {text.num(ex['high'], 2)} at step "
    f"{ex['high_step']} and was {text.num(ex['end'], 2)} at step {ex['end_step']}, at θ*. θ* is where training "
    "stopped, not the bottom of its own valley.",
)
frame.check_yourself(
    "The map shows one clear basin around θ*. What can you conclude about the network's loss?",
    ["It is convex: a single bowl", "Only that this 2-D slice through θ* looks like a basin",
     "Gradient descent from any start would end at θ*"], 1,
    f"A slice shows 2 of this network's {trained.parameters:,} dimensions. It says nothing certain about the "
    "directions not drawn, and the full loss of a network with hidden layers is in general not convex.")
frame.code_panel(cg.landscape_code(net.depth, net.width, seed, norm, span, res, view),
                 "Train, slice and evaluate the grid in plain PyTorch: it prints the trained loss, f(0, 0) and the "
                 "lowest and highest J of the map above.")
frame.footer("loss_landscape")

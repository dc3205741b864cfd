import streamlit as st

from core import codegen_landscape as cg, landscape as L
from ui import controls, frame, landscape_charts as lc, live, text

frame.page("loss_landscape", "The bowl of the gradient-descent page was a picture with two weights. \"In practice "
           "optimizing neural networks is extremely difficult\": neural networks are \"extremely high-dimensional "
           "search spaces, so we don't actually know what this picture looks like\". The lecture shows \"a "
           "projection of the loss landscape of a deep neural network\" from a 2017 paper (Li et al., *Visualizing "
           "the Loss Landscape of Neural Nets*): you can see \"how messy some of these loss landscapes look\". Here "
           "you make such a projection yourself, of a network you train on this page.")
st.latex(r"f(a, b) = J(\theta^* + a\,\delta + b\,\eta), \qquad "
         r"\delta_{i,j} \leftarrow \frac{\delta_{i,j}}{\lVert \delta_{i,j} \rVert}\,\lVert \theta^*_{i,j} \rVert")
st.markdown(f"**Beyond the lecture: how the picture is made** (Li et al., section 4). (1) Train a network to "
            f"its weights θ*: here a ReLU network on {L.DATA_N} two-moons points, {L.STEPS} full-batch Adam steps "
            f"(η = {L.LR}), binary cross-entropy. (2) Draw two random directions δ and η, each shaped like θ. "
            "(3) **Filter normalisation**: rescale every row of every weight direction (one row = the weights into "
            "one neuron) to the length of that neuron's trained weights, and set the biases' entries to 0. "
            "(4) Evaluate the training loss at θ* + aδ + bη for every (a, b) on a grid, and colour the map.")

VIEWS = {"Two random directions (Li et al.)": "random", "The training path's PCA directions": "pca"}
NORMS = {"filter (Li et al.)": "filter", "layer": "layer", "none": "none"}
DEFAULTS = {"view": "Two random directions (Li et al.)", "depth": 2, "width": 16, "seed": 0,
            "norm": "filter (Li et al.)", "span": 1.0, "res": 51, "log": True, "bands": True}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"The paper's settings": {}, "Training path": {"view": list(VIEWS)[1]},
                                "No normalisation": {"norm": "none"}})
    view = controls.select("Directions δ and η", "view", VIEWS, DEFAULTS["view"])
    net = L.NetSettings(depth=controls.slider("Hidden layers (depth)", "depth", L.DEPTHS[0], L.DEPTHS[-1],
                                                          DEFAULTS["depth"], 1),
                        width=int(controls.learning_rate("Units per hidden layer (width)", "width",
                                                         DEFAULTS["width"], values=L.WIDTHS)))
    seed = controls.integer("Seed of the directions", "seed", 0, 9999, DEFAULTS["seed"],
                            help="The same seed draws the same δ and η, so the same surface. Random directions only.")
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


@st.cache_data(max_entries=64, show_spinner=False)
def picture(loss, log: bool, banded: bool) -> tuple[str, list]:
    lv = lc.surface_levels(loss, log)
    return lc.surface_image(loss, log, banded, lv), lv


with right:
    run = None if L.is_trained(net) else live.LiveRun(lambda t: None, L.STEPS)  # a progress bar while it trains
    trained = L.trained(net, on_progress=run)
    if run:
        run.finish()
    if view == "random":
        surf, path = random_surface(net.depth, net.width, seed, norm, span, res), None
        axes = ("a, steps along δ (multiples of δ)", "b, steps along η (multiples of η)")
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
st.markdown(f"- **It is** the training loss of {summ['points']:,} real networks, each one θ* moved by a δ + b η: "
            f"a flat, two-dimensional slice through θ*.\n"
            f"- **It is not** the landscape. This network has {trained.parameters:,} parameters, so its loss lives "
            f"over a {trained.parameters:,}-dimensional space, and the slice shows 2 of those dimensions. Another "
            "seed cuts another slice. A valley in the slice may be a ridge in a direction not drawn, and the lowest "
            "point of a slice need not be a minimum of the full loss.\n"
            "- **Why normalise.** ReLU networks can scale a neuron's incoming weights (and bias) up and its "
            "outgoing weights down without changing what they compute, so a raw step of size 1 means different "
            "things for different neurons. Filter normalisation measures each step in units of the neuron's own "
            "weights, so that pictures of different networks can be compared (Li et al.).")

frame.try_this(
    f"Note the highest J on the map, then press **No normalisation**: δ and η now have entries of size 1 whatever "
    f"the network, while this network's trained weights have entries of size {L.weight_rms(trained):.2f} (root mean "
    "square). The same network now gives a differently scaled picture; that is why Li et al. normalise. Try it "
    "with depth 1 and width 4 too.",
    "Change the **seed** a few times: each is another random slice through the same θ*, and the basin's shape "
    "changes. Then compare depth 3 × width 4 with depth 1 × width 32 and read **Highest J on the map**: the narrow, "
    "deep network's slice climbs far more steeply. Li et al. found that width smooths a landscape.",
    "Press **Training path**: Adam's route from the initial weights (diamond) to θ*, in the plane that holds most "
    "of it. Is θ* the lowest point of that plane? At depth 3 and width 32 the white cross, the lowest grid point, "
    f"lies beyond θ*: after {L.STEPS} steps training was still descending the valley.",
)
frame.check_yourself(
    "loss_landscape", "The map shows one clear basin around θ*. What can you conclude about the network's loss?",
    ["It is convex: a single bowl", "Only that this 2-D slice through θ* looks like a basin",
     "Gradient descent from any start would end at θ*"], 1,
    "A slice is 2 of the network's hundreds of dimensions. It says nothing certain about the directions not drawn: "
    "the full loss of a neural network is not convex.")
frame.code_panel(cg.landscape_code(net.depth, net.width, seed, norm, span, res, view),
                 "Train, slice and evaluate the grid in plain PyTorch: it prints the trained loss, f(0, 0) and the "
                 "lowest and highest J of the map above.")
frame.footer("loss_landscape")

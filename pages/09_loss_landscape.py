import streamlit as st

from core import loss_landscape as topic
from core.codegen import loss_landscape as script
from ui import controls, frame, live_run, text
from ui.charts import loss_landscape as topic_charts
from ui.content import loss_landscape as words

frame.page("loss_landscape", words.RECAP)
st.latex(words.FORMULA)

VIEWS = {"random": "Two random directions (Li et al.)", "pca": "The training path's PCA directions"}
NORMS = {"filter": "filter (Li et al.)", "layer": "layer", "none": "none"}
DEFAULTS = {"view": "random", "depth": 2, "width": 16, "seed": 0,
            "norm": "filter", "span": 1.0, "res": 51, "log": True, "bands": True}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"The paper's settings": {}, "Training path": {"view": list(VIEWS)[1]},
                                "No normalisation": {"norm": "none"}})
    view = controls.select("Directions δ and ν", "view", VIEWS, DEFAULTS["view"])
    settings = topic.NetSettings(
        depth=controls.slider("Hidden layers (depth)", "depth", topic.DEPTHS[0], topic.DEPTHS[-1],
                              DEFAULTS["depth"], 1),
        width=int(controls.learning_rate("Units per hidden layer (width)", "width", DEFAULTS["width"],
                                         values=topic.WIDTHS)))
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
    st.caption(f"A {settings.shape} network: {topic.parameter_count(settings):,} parameters. Depth and width "
               "retrain it; the other controls only cut another slice, or recolour it.")


@st.cache_data(max_entries=64, show_spinner=False)
def random_surface(depth: int, width: int, seed: int, norm: str, span: float, n: int) -> topic.Surface:
    return topic.random_surface(topic.trained(topic.NetSettings(depth, width)), seed, norm, span, n)


@st.cache_data(max_entries=16, show_spinner=False)
def pca_surface(depth: int, width: int, n: int):
    t = topic.trained(topic.NetSettings(depth, width))
    s, pca = topic.pca_surface(t, n)
    return s, pca.explained, topic.path_frame(t, pca)


@st.cache_data(max_entries=1, show_spinner=False)
def path_example() -> dict:
    """How the path of the Try this example (depth 3, width 32) ends: trained once per server, about 0.2 s."""
    return topic.path_ending(topic.trained(topic.PATH_EXAMPLE))


@st.cache_data(max_entries=64, show_spinner=False)
def picture(loss, log: bool, banded: bool) -> tuple[str, list]:
    lv = topic_charts.surface_levels(loss, log)
    return topic_charts.surface_image(loss, log, banded, lv), lv


with right:
    # a progress bar while it trains
    run = None if topic.is_trained(settings) else live_run.LiveRun(lambda t: None, topic.STEPS)
    trained = topic.trained(settings, on_progress=run)
    if run:
        run.finish()
    if view == "random":
        surf, path = random_surface(settings.depth, settings.width, seed, norm, span, res), None
        axes = ("a, steps along δ (multiples of δ)", "b, steps along ν (multiples of ν)")
    else:
        surf, explained, path = pca_surface(settings.depth, settings.width, res)
        axes = ("a, along the path's PCA direction 1", "b, along the path's PCA direction 2")
    summary = topic.summary(surf)
    m = st.columns(4)
    m[0].metric("Trained loss J(θ*)", text.num(trained.loss, 4), help=f"Training accuracy {trained.accuracy:.0%}")
    m[1].metric("f(0, 0) on the grid", text.num(surf.centre, 4))
    m[2].metric("Highest J on the map", text.num(summary["max"], 4))
    m[3].metric("Grid points", f"{summary['points']:,}",
                help="Every grid point is a whole network, all evaluated in batched forward passes.")
    image, lv = picture(surf.loss, log, banded)
    st.vega_lite_chart(topic_charts.landscape_spec(image, surf.alphas, surf.betas, surf.loss, trained.loss, log,
                                                   banded, lv, *axes, path=path), width="stretch")
    st.caption(topic_charts.caption(summary, span if view == "random" else None, log, banded, view, trained.loss))
    if trained.stopped:
        st.error(f"Training stopped: {trained.stopped}.", icon=":material/warning:")
    st.caption(topic_charts.cost_caption(trained.seconds, topic.STEPS, summary["points"], surf.seconds, surf.cos,
                                         view, topic.weight_count(settings)))
    if view == "pca":
        share = topic.random_path_share(trained, seed, norm)
        st.info(topic_charts.path_note(topic.SNAPSHOT_EVERY, explained, share, seed), icon=":material/route:")

st.markdown(words.how_made(topic.DATA_N, topic.STEPS, topic.LR))  # below the map: controls and map come first
st.header("What this picture is, and what it is not")
st.markdown(words.what_it_is(summary["points"], trained.parameters))

frame.lesson_end("loss_landscape", words.try_this(topic.weight_rms(trained), path_example()),
                 frame.Quiz(**words.quiz(trained.parameters)),
                 script.landscape_code(settings.depth, settings.width, seed, norm, span, res, view), words.CODE_CAPTION)

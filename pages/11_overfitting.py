import streamlit as st

from core import overfitting as topic
from core.codegen import overfitting as script
from ui import controls, frame, live_run, results
from ui.charts import overfitting as topic_charts
from ui.content import overfitting as words

frame.page("overfitting", words.RECAP)
st.latex(words.FORMULA)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_fit(hidden: tuple, n: int, seed: int, steps: int = topic.STEPS) -> topic.Fit:
    return topic.fit(hidden, n, seed, steps)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_sweep(n: int, seed: int) -> list:
    return topic.sweep_fits(n, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def points(n: int, seed: int):
    return topic.train_set(n, seed).frame(), topic.test_set(seed).frame()


def show_fit(where, f: topic.Fit, train, test, **kw) -> None:
    where.vega_lite_chart(topic_charts.fit_spec(train, test, f.curve, **kw), width="stretch")


# Your model first, with its controls beside its fit: on a projector's first screen, on a phone's first two. The
# lecture's three fits follow.
defaults = topic.FitSettings()
st.header("Your model: choose its capacity and the amount of data")
DEFAULTS = {"depth": defaults.depth, "width": defaults.width, "n": defaults.n_train, "seed": defaults.seed}
left, right = st.columns([1, 2], gap="large")
with left:
    settings = topic.FitSettings(
        n_train=controls.slider("Training points n", "n", 4, 100, defaults.n_train, 1,
                                help="More data make memorising harder."),
        depth=controls.slider("Hidden layers (depth)", "depth", 0, 3, defaults.depth, 1,
                              help="0 is a linear model."),
        width=int(controls.learning_rate("Units per hidden layer (width)", "width", defaults.width,
                                         values=topic.WIDTHS)),
        seed=controls.integer("Seed", "seed", 0, 9999, defaults.seed,
                              help="Fixes the points and the initial weights."))
    train_clicked = live_run.run_button("Train", type="primary", icon=":material/play_arrow:", width="stretch",
                                        key="train")
    st.caption(f"{topic.describe(settings.hidden)} network: {topic.parameter_count(settings.hidden):,} parameters "
               f"for {settings.n_train} training points.")
    # The presets under the controls they set: in a narrow column they stack, and above they would push the first
    # slider off a projector's first screen.
    controls.presets(DEFAULTS, {"Underfit": {"depth": 0}, "Tiny data, huge network": {"n": 10, "depth": 2,
                                                                                        "width": 64}})

train, test = points(settings.n_train, settings.seed)
fit = results.recall("ov_fit", settings)  # the trained network of these settings, or None
with right:
    slot, metrics = st.empty(), st.empty()
    if train_clicked:
        bar = st.progress(0.0, text="Training…")

        def draw(step, loss, model):
            bar.progress(step / settings.steps, f"Step {step:,} of {settings.steps:,}: training MSE {loss:.4f}")
            slot.vega_lite_chart(topic_charts.fit_spec(train, test, topic.curve(model), legend=True), width="stretch")
        fit = results.keep("ov_fit", settings, topic.fit(settings.hidden, settings.n_train, settings.seed,
                                                         settings.steps, on_progress=draw))
        bar.empty()
    trained = fit is not None
    f = fit if trained else cached_fit(settings.hidden, settings.n_train, settings.seed, 0)
    show_fit(slot, f, train, test, legend=True)
    c = metrics.container().columns(3)
    c[0].metric("Training MSE", f"{f.train_mse:.4f}")
    c[1].metric("Test MSE", f"{f.test_mse:.4f}")
    c[2].metric("Gap: test − training", f"{f.test_mse - f.train_mse:.4f}")
    if f.stopped:
        st.error(f"Training {f.stopped}.", icon=":material/warning:")
    if trained:
        st.success(words.trained_note(f.steps, topic.verdict(f), topic.UNDERFIT_TRAIN, topic.MEMORISED,
                                      topic.OVERFIT_GAP), icon=":material/school:")
    else:
        st.info(words.UNTRAINED, icon=":material/info:")
    st.caption(f"Fit of a {topic.describe(settings.hidden)} network to {settings.n_train} training points: "
               f"training MSE {f.train_mse:.3f}, test MSE {f.test_mse:.3f}.")

# The data every network here fits, below your model: its controls and its fit come first.
st.markdown(words.data_note(topic.NOISE, topic.N_TEST, topic.STEPS, topic.LR))

st.header("The lecture's three fits, each a real trained network")
train0, test0 = points(defaults.n_train, defaults.seed)
with st.spinner("Training the three networks (once per server)…"):
    panels = {name: cached_fit(h, defaults.n_train, defaults.seed) for name, h in topic.PANELS.items()}
for col, (name, f) in zip(st.columns(3, gap="medium"), panels.items()):
    show_fit(col, f, train0, test0, title=name, subtitle=f"{topic.describe(f.hidden)}: {f.params:,} parameters")
    m = col.columns(2)
    m[0].metric("Training MSE", f"{f.train_mse:.3f}")
    m[1].metric("Test MSE", f"{f.test_mse:.3f}")
    col.caption(f"{name}: {f.params:,} parameters, training error {f.train_mse:.3f}, test error {f.test_mse:.3f}.")
big = panels["Overfitting"]
st.caption(words.panels_caption(defaults.n_train, topic.N_TEST, big))

st.header("Training and test error against capacity")
st.markdown(words.sweep_intro(settings.n_train, settings.seed, len(topic.CAPACITIES)))
frame.ahead("early_stopping", "Choosing on validation data and keeping the test set to report")
sweep_clicked = live_run.run_button("Run the capacity sweep", icon=":material/ssid_chart:", key="sweep")
sweep_settings = (settings.n_train, settings.seed)  # the sweep's networks are fixed: only the data change it
sweep = results.recall("ov_sweep", sweep_settings)
if sweep_clicked:
    with live_run.working(f"Training the {len(topic.CAPACITIES)} networks together…"):
        sweep = results.keep("ov_sweep", sweep_settings, topic.sweep_frame(cached_sweep(*sweep_settings)))
if sweep is not None:
    best = topic.sweet_spot(sweep)
    st.vega_lite_chart(topic_charts.sweep_spec(sweep, best), width="stretch")
    st.caption(words.sweep_caption(sweep, best))
    st.dataframe(sweep.rename(columns=words.SWEEP_COLUMNS), hide_index=True)
    st.caption(words.SWEEP_ENGINE)
else:
    st.info(words.press_sweep(len(topic.CAPACITIES), settings.n_train), icon=":material/info:")

st.info(words.REGULARISATION, icon=":material/lightbulb:")
frame.lesson_end("overfitting", words.TRY_THIS, frame.Quiz(**words.QUIZ),
                 script.overfitting_code(settings.hidden, settings.n_train, settings.seed, settings.steps),
                 words.CODE_CAPTION)

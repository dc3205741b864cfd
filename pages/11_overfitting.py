import streamlit as st

from core import overfitting as O
from core.codegen import overfitting
from ui import controls, frame, live_run
from ui.charts import overfitting as oc
from ui.content import overfitting as content
from ui.live_run import run_button

frame.page("overfitting", "What we really care about is how a model does on **new data** it never saw; the "
           "training data are only a proxy for it. The lecture's figure fits three curves to the same x-y points. "
           "**Underfitting**: the model \"does not have capacity to fully learn the data\". The **ideal fit** in the "
           "middle. **Overfitting**: the model is \"too complex\", has \"extra parameters\", and \"does not "
           "generalize well\": it memorises the training points. Asked in the Q&A: a small dataset and a very large "
           "network? It memorises.")
st.latex(r"J_{\text{train}}(W) = \frac{1}{n}\sum_{i=1}^{n}\big(y^{(i)} - f(x^{(i)}; W)\big)^2, \qquad "
         r"J_{\text{test}}(W) = \frac{1}{n_{\text{test}}}\sum_{j=1}^{n_{\text{test}}}\big(y_{\text{test}}^{(j)} - "
         r"f(x_{\text{test}}^{(j)}; W)\big)^2")
st.markdown(f"The data follow a rule nnlab chose, y = sin(1.5x) + x/3, plus noise of standard deviation {O.NOISE}, "
            f"which no model can predict: even the true rule itself has a test MSE of about {O.NOISE}² = "
            f"{O.NOISE ** 2:.2f}. Networks are trained on the few "
            f"**training points** only; the {O.N_TEST} **test points** are held out and measure generalisation. "
            f"Every network: tanh hidden units, mean squared error, {O.STEPS:,} full-batch Adam steps (η = {O.LR}).")


@st.cache_data(max_entries=64, show_spinner=False)
def cached_fit(hidden: tuple, n: int, seed: int, steps: int = O.STEPS) -> O.Fit:
    return O.fit(hidden, n, seed, steps)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_sweep(n: int, seed: int) -> list:
    return O.sweep_fits(n, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def points(n: int, seed: int):
    return O.train_set(n, seed).frame(), O.test_set(seed).frame()


def show_fit(where, f: O.Fit, train, test, **kw) -> None:
    where.vega_lite_chart(oc.fit_spec(train, test, f.curve, **kw), width="stretch")


st.subheader("The lecture's three fits, each a real trained network")
D = O.FitSettings()
train0, test0 = points(D.n_train, D.seed)
with st.spinner("Training the three networks (once per server)…"):
    panels = {name: cached_fit(h, D.n_train, D.seed) for name, h in O.PANELS.items()}
for col, (name, f) in zip(st.columns(3, gap="medium"), panels.items()):
    show_fit(col, f, train0, test0, title=name, subtitle=f"{O.describe(f.hidden)}: {f.params:,} parameters")
    m = col.columns(2)
    m[0].metric("Training MSE", f"{f.train_mse:.3f}")
    m[1].metric("Test MSE", f"{f.test_mse:.3f}")
    col.caption(f"{name}: {f.params:,} parameters, training error {f.train_mse:.3f}, test error {f.test_mse:.3f}.")
big = panels["Overfitting"]
st.caption(f"Blue dots: the {D.n_train} training points. Grey rings: the {O.N_TEST} held-out test points. Vermillion "
           "line: the network's fit ŷ(x). Dashed: the true rule. The straight line cannot follow the curve's bends; "
           f"the large network passes almost through every training point (training error {big.train_mse:.3f}) "
           f"and swings up and down between them, so its test error is high ({big.test_mse:.3f}).")

st.subheader("Your model: choose its capacity and the amount of data")
DEFAULTS = {"depth": D.depth, "width": D.width, "n": D.n_train, "seed": D.seed}
left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Underfit": {"depth": 0}, "Tiny data, huge network": {"n": 10, "depth": 2,
                                                                                        "width": 64}})
    s = O.FitSettings(
        n_train=controls.slider("Training points n", "n", 4, 100, D.n_train, 1,
                                help="More data make memorising harder."),
        depth=controls.slider("Hidden layers (depth)", "depth", 0, 3, D.depth, 1, help="0 is a linear model."),
        width=int(controls.learning_rate("Units per hidden layer (width)", "width", D.width, values=O.WIDTHS)),
        seed=controls.integer("Seed", "seed", 0, 9999, D.seed, help="Fixes the points and the initial weights."))
    train_clicked = run_button("Train", type="primary", icon=":material/play_arrow:", width="stretch", key="train")
    st.caption(f"{O.describe(s.hidden)} network: {O.parameter_count(s.hidden):,} parameters for {s.n_train} "
               "training points.")

train, test = points(s.n_train, s.seed)
state = st.session_state.get("ov_fit")
with right:
    slot, metrics = st.empty(), st.empty()
    if train_clicked:
        bar = st.progress(0.0, text="Training…")

        def draw(step, loss, model):
            bar.progress(step / s.steps, f"Step {step:,} of {s.steps:,}: training MSE {loss:.4f}")
            slot.vega_lite_chart(oc.fit_spec(train, test, O.curve(model), legend=True), width="stretch")
        f = O.fit(s.hidden, s.n_train, s.seed, s.steps, on_progress=draw)
        bar.empty()
        state = st.session_state["ov_fit"] = {"settings": s, "fit": f}
    trained = state is not None and state["settings"] == s
    f = state["fit"] if trained else cached_fit(s.hidden, s.n_train, s.seed, 0)
    show_fit(slot, f, train, test, legend=True)
    c = metrics.container().columns(3)
    c[0].metric("Training MSE", f"{f.train_mse:.4f}")
    c[1].metric("Test MSE", f"{f.test_mse:.4f}")
    c[2].metric("Gap: test − training", f"{f.test_mse - f.train_mse:.4f}")
    if f.stopped:
        st.error(f"Training {f.stopped}.", icon=":material/warning:")
    if trained:
        st.success(f"**Trained** for {f.steps:,} steps. {O.verdict(f)} (nnlab's rule of thumb, beyond the lecture: "
                   f"training MSE above {O.UNDERFIT_TRAIN} is underfitting; below {O.MEMORISED}, or a gap above "
                   f"{O.OVERFIT_GAP}, overfitting.)",
                   icon=":material/school:")
    else:
        st.info("**Untrained**: the network's seeded initial weights. Press **Train**.", icon=":material/info:")
    st.caption(f"Fit of a {O.describe(s.hidden)} network to {s.n_train} training points: training MSE "
               f"{f.train_mse:.3f}, test MSE {f.test_mse:.3f}.")

st.subheader("Training and test error against capacity")
st.markdown(f"The same {s.n_train} training points (seed {s.seed}), fitted by {len(O.CAPACITIES)} networks from a "
            "linear model to two hidden layers of 64 units. Expect the training error to fall as capacity grows "
            "and, with few points, the test error to fall, then rise again. The capacity where the test error is "
            "lowest is the **sweet spot**: of these networks, the one that generalises best to the held-out points. "
            "(Here the same held-out points both choose and report, to keep the picture simple. In practice you "
            "choose the capacity on validation data, as on the Early stopping page, and keep the test set to "
            "report the final model.)")
frame.ahead("early_stopping", "Choosing on validation data and keeping the test set to report")
sweep_clicked = run_button("Run the capacity sweep", icon=":material/ssid_chart:", key="sweep")
sweep_state = st.session_state.get("ov_sweep")
if sweep_clicked:
    with live_run.working(f"Training the {len(O.CAPACITIES)} networks together…"):
        df = O.sweep_frame(cached_sweep(s.n_train, s.seed))
    sweep_state = st.session_state["ov_sweep"] = {"key": (s.n_train, s.seed), "df": df}
if sweep_state and sweep_state["key"] == (s.n_train, s.seed):
    df = sweep_state["df"]
    best = O.sweet_spot(df)
    st.vega_lite_chart(oc.sweep_spec(df, best), width="stretch")
    row = df.iloc[best]
    every = bool((df.train_mse.diff().iloc[1:] < 0).all())
    st.caption(f"Sweet spot: {row.network}, {row.params:,} parameters, the lowest test MSE, {row.test_mse:.3f}, "
               "chosen on the same held-out points that report it. Test error "
               f"at the smallest capacity {df.test_mse.iloc[0]:.3f}, at the largest {df.test_mse.iloc[-1]:.3f}; "
               f"training error goes from {df.train_mse.iloc[0]:.3f} to {df.train_mse.iloc[-1]:.3f}"
               f"{', falling at every step' if every else ', not falling at every step'}.")
    st.dataframe(df.rename(columns={"train_mse": "training MSE", "test_mse": "test MSE"}), hide_index=True)
    st.caption("The sweep trains its networks together, those of one depth as one batch (nnlab's fast engine, the "
               "same Adam updates). Its numbers equal training each network alone up to float32 rounding; a network "
               "that memorises its points amplifies that most, so its errors can differ from the panel above in the "
               "third decimal.")
else:
    st.info(f"Press **Run the capacity sweep** to train all {len(O.CAPACITIES)} networks on these "
            f"{s.n_train} points (about a second).", icon=":material/info:")

st.info("**Regularisation** is the lecture's answer to overfitting: \"a technique that constrains our optimization "
        "problem to discourage complex models\", used to \"improve generalization of our model on unseen data\". "
        "The next pages show two: **dropout** and **early stopping**.", icon=":material/lightbulb:")
frame.try_this(*content.TRY_THIS)
q = content.QUIZ
frame.check_yourself(q["question"], q["options"], q["answer"], q["why"])
frame.code_panel(overfitting.overfitting_code(s.hidden, s.n_train, s.seed, s.steps),
                 "Your model in plain PyTorch: it prints the training and test MSE shown above after Train.")
frame.footer("overfitting")

import streamlit as st

from core import gradient_descent as topic
from core.codegen import gradient_descent as script
from ui import controls, frame, text
from ui.charts import gradient_descent as topic_charts
from ui.content import gradient_descent as words

frame.page("gradient_descent", words.RECAP)
st.latex(words.FORMULA)

RATES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
DEFAULTS = {"w0": -3.0, "w1": -2.0, "lr": 1.0, "steps": 20}
MAX_STEPS = 200
(lo, hi), _ = topic.BOX
mean, sd = topic.standardisation()


@st.cache_data(max_entries=128, show_spinner=False)
def descend(w0: float, w1: float, lr: float, steps: int) -> topic.Run:
    return topic.descend(w0, w1, lr, steps)


@st.cache_data(max_entries=16, show_spinner=False)
def landscape(box: tuple) -> tuple:
    J = topic.landscape(box)
    levels = topic.band_levels(float(J.min()), float(J.max()))
    return topic_charts.landscape_image(J, levels), levels


@st.cache_data(max_entries=64, show_spinner=False)
def descend_1d(x0: float, eta: float, iters: int) -> topic.Run:
    return topic.descend_1d(x0, eta, iters)


regimes_table = st.cache_data(topic.regimes_table, max_entries=8, show_spinner=False)


def one_more_step() -> None:
    st.session_state["steps"] = min(MAX_STEPS, st.session_state.get("steps", DEFAULTS["steps"]) + 1)


st.header("A real loss landscape, J(w₀, w₁)")
left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Too small": {"lr": 0.03, "steps": 80}, "Stable": {"lr": 3.0, "steps": 80},
                                "Too large": {"lr": 100.0}})
    w0 = controls.slider("Start w₀", "w0", lo, hi, DEFAULTS["w0"], 0.1, help="The bias where the descent starts.")
    w1 = controls.slider("Start w₁", "w1", lo, hi, DEFAULTS["w1"], 0.1, help="The weight where the descent starts.")
    lr = controls.learning_rate("Learning rate η", "lr", DEFAULTS["lr"], values=RATES)
    steps = controls.slider("Steps", "steps", 0, MAX_STEPS, DEFAULTS["steps"], 1)
    st.button("Take one step", on_click=one_more_step, key="step_more", icon=":material/footprint:",
              disabled=steps >= MAX_STEPS, width="stretch")
    st.caption(words.START_AND_RATES)
    frame.ahead("learning_rate_and_optimizers", "Too small, too large and stable learning rates")

run = descend(w0, w1, lr, steps)
outcome, best = topic.outcome(run), topic.minimum()
box = topic.view_box(run.frame)
image, levels = landscape(box)
with right:
    m = st.columns(4)
    m[0].metric("J at the start", text.num(outcome["J_start"]))
    m[1].metric(f"J after {outcome['steps']} steps", text.num(outcome["J_end"]))
    m[2].metric("|∂J/∂W| at the end", text.num(outcome["grad_norm"], 3))
    m[3].metric("Minimum J*", text.num(best[2]), help=f"at w₀ = {best[0]:.4f}, w₁ = {best[1]:.4f}")
    st.vega_lite_chart(topic_charts.landscape_spec(image, box, levels, run.frame, best), width="stretch")
    st.caption(topic_charts.landscape_caption(levels, outcome["steps"], best, box != topic.BOX))
    kind, message = topic_charts.outcome_message(outcome, best[2], run.stopped)
    getattr(st, kind)(message)
    if outcome["kind"] == "unstable":
        st.caption(words.NEVER_INFINITE)
st.markdown(words.landscape_intro(topic.STUDENTS_N, mean, sd))  # below the map: the controls and it come first
st.latex(words.landscape_latex(topic.STUDENTS_N))

st.header("The lecture's loop, and the code that ran")
frame.ahead("backpropagation", "How autograd computes ∂J/∂W")
c1, c2 = st.columns(2)
c1.markdown("**The lecture's pseudocode**")
c1.code(script.PSEUDOCODE, language=None)
c2.markdown("**The PyTorch that ran, with your numbers**")
c2.code(script.loop_code(w0, w1, lr, steps), language="python")
path, update = run.frame, topic_charts.update_latex(run.frame, lr)
if update:
    st.markdown(f"The last update, step {int(path.step.iloc[-1])}, with numbers:")
    st.latex(update)
shown, hidden = topic_charts.steps_table(path)
st.dataframe(shown, column_config={c: st.column_config.NumberColumn(format="%.6f") for c in shown.columns})
st.caption(words.steps_caption(hidden))
if hidden:
    with st.expander(f"All {len(path)} rows", icon=":material/table:"):
        st.dataframe(path.set_index("step"))

st.header("Lab 1: minimise (x − 4)² from a random start")
st.markdown(words.lab_intro(topic.derivative_of_square(3.0)))
st.latex(words.LAB_FORMULA)
ETAS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0)
left, right = st.columns([1, 2], gap="large")
with left:
    start = controls.select("Start x₀", "start", {"random": "random (Lab 1)", "zero": "0"}, "random",
                            horizontal=True)
    seed = controls.integer("Seed of the random start", "seed", 0, 9999, 0, help="x₀ = torch.randn(1) with this seed.")
    eta = controls.learning_rate("Learning rate η for (x − 4)²", "eta", 0.01, values=ETAS)
    iters = controls.slider("Iterations", "iters", 1, 500, 500, 1)
x0 = topic.random_start(seed) if start == "random" else 0.0
lab = descend_1d(x0, eta, iters)
ratio, regime = topic.measured_ratio(lab.frame), topic.regime_of(lab.frame)
with right:
    m = st.columns(2)
    m[0].metric("x₀", text.num(x0, 6))
    m[1].metric(f"x after {int(lab.frame.step.iloc[-1])} steps", text.num(lab.frame.x.iloc[-1], 10))
    m[0].metric("(x_t+1 − 4)/(x_t − 4), measured", text.num(ratio, 6))
    m[1].metric("1 − 2η, the closed form", text.num(1 - 2 * eta, 6))
    kind, message = topic_charts.regime_message(regime, ratio, eta, lab.frame, lab.stopped, topic.TARGET)
    getattr(st, kind)(message)
a, b = st.columns(2, gap="large")
spec, cut = topic_charts.lab_x_spec(lab.frame, iters, topic.TARGET)
a.vega_lite_chart(spec, width="stretch")
a.caption(words.lab_x_caption(regime, cut))
closed_form = topic.closed_form_1d(x0, eta, range(len(lab.frame)))
b.vega_lite_chart(topic_charts.lab_error_spec(lab.frame, closed_form, iters, topic.TARGET), width="stretch")
b.caption(topic_charts.error_caption(lab.frame, eta, topic.TARGET))
st.markdown(words.REGIMES)
st.dataframe(regimes_table(), hide_index=True,
             column_config={c: st.column_config.NumberColumn(format="%.9g") for c in ("x₁", "x₂", "x₃", "x₂₀")})

frame.lesson_end("gradient_descent", words.TRY_THIS, frame.Quiz(**words.QUIZ),
                 script.descent_code(w0, w1, lr, steps, start, seed, eta, iters), words.CODE_CAPTION)

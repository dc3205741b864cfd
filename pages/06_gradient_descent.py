import streamlit as st

from core import gradient_descent as D
from core.codegen import gradient_descent as cg
from ui import controls, frame, text
from ui.charts import gradient_descent as dc

frame.page("gradient_descent", "Training means finding the weights with the lowest loss, W* = argmin J(W): "
           "\"remember, our loss is a function of the network weights\". With two weights, J(w₀, w₁) is a "
           "landscape over the plane. **Gradient descent**: start at a random point, compute the gradient "
           "∂J/∂W (the direction in which J climbs fastest: \"which way is up\"), take a small step the opposite "
           "way, and repeat until convergence at a minimum. The size of the step is η, the **learning rate**.")
st.latex(r"W^* = \underset{W}{\operatorname{argmin}}\ J(W), \qquad "
         r"W \leftarrow W - \eta\, \frac{\partial J(W)}{\partial W}")

RATES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
DEFAULTS = {"w0": -3.0, "w1": -2.0, "lr": 1.0, "steps": 20}
MAX_STEPS = 200
(lo, hi), _ = D.BOX
mean, sd = D.standardisation()


@st.cache_data(max_entries=128, show_spinner=False)
def descend(w0: float, w1: float, lr: float, steps: int) -> D.Run:
    return D.descend(w0, w1, lr, steps)


@st.cache_data(max_entries=16, show_spinner=False)
def landscape(box: tuple) -> tuple:
    J = D.landscape(box)
    levels = D.band_levels(float(J.min()), float(J.max()))
    return dc.landscape_image(J, levels), levels


@st.cache_data(max_entries=64, show_spinner=False)
def descend_1d(x0: float, eta: float, iters: int) -> D.Run:
    return D.descend_1d(x0, eta, iters)


regimes_table = st.cache_data(D.regimes_table, max_entries=8, show_spinner=False)


def one_more_step() -> None:
    st.session_state["steps"] = min(MAX_STEPS, st.session_state.get("steps", DEFAULTS["steps"]) + 1)


st.subheader("A real loss landscape, J(w₀, w₁)")
st.markdown(f"A perceptron with one input predicts whether one of nnlab's synthetic students (those of *Will I "
            f"pass this class?*) passed, from x = lectures attended (standardised like that page's inputs, but over "
            f"all {D.STUDENTS_N} students: x = (lectures − {text.num(mean, 3)}) / {text.num(sd, 3)}). "
            f"It has two weights, the bias w₀ and the weight w₁, so its loss, the binary cross-entropy over all "
            f"{D.STUDENTS_N} students, is a surface over the (w₀, w₁) plane: every point of the map below is one "
            "model, coloured by its loss.")
st.latex(r"\hat{y}_i = \sigma(w_0 + w_1 x_i), \qquad J(w_0, w_1) = -\frac{1}{" + str(D.STUDENTS_N) +
         r"}\sum_{i} \big[y_i \ln \hat{y}_i + (1 - y_i) \ln(1 - \hat{y}_i)\big]")
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
    st.caption("The lecture starts from random weights; here you pick the start. The lecture's slide: \"Small "
               "learning rate converges slowly\"; \"Large learning rates overshoot, become unstable and diverge\"; "
               "\"Stable learning rates converge smoothly\".")
    frame.ahead("learning_rate_and_optimizers", "Too small, too large and stable learning rates")

run = descend(w0, w1, lr, steps)
o, best = D.outcome(run), D.minimum()
box = D.view_box(run.frame)
image, levels = landscape(box)
with right:
    m = st.columns(4)
    m[0].metric("J at the start", text.num(o["J_start"]))
    m[1].metric(f"J after {o['steps']} steps", text.num(o["J_end"]))
    m[2].metric("|∂J/∂W| at the end", text.num(o["grad_norm"], 3))
    m[3].metric("Minimum J*", text.num(best[2]), help=f"at w₀ = {best[0]:.4f}, w₁ = {best[1]:.4f}")
    st.vega_lite_chart(dc.landscape_spec(image, box, levels, run.frame, best), width="stretch")
    st.caption(dc.landscape_caption(levels, o["steps"], best, box != D.BOX))
    kind, message = dc.outcome_message(o, best[2], run.stopped)
    getattr(st, kind)(message)
    if o["kind"] == "unstable":
        st.caption("Beyond the lecture: this loss's gradient is never longer than √2 (∂J/∂w₀ is a mean of ŷ − y, "
                   "between −1 and 1), so a huge η flings the weights far out, not to infinity. On (x − 4)² below, "
                   "a learning rate that is too large sends x to infinity.")

st.subheader("The lecture's loop, and the code that ran")
frame.ahead("backpropagation", "How autograd computes ∂J/∂W")
c1, c2 = st.columns(2)
c1.markdown("**The lecture's pseudocode**")
c1.code(cg.PSEUDOCODE, language=None)
c2.markdown("**The PyTorch that ran, with your numbers**")
c2.code(cg.loop_code(w0, w1, lr, steps), language="python")
f, update = run.frame, dc.update_latex(run.frame, lr)
if update:
    st.markdown(f"The last update, step {int(f.step.iloc[-1])}, with numbers:")
    st.latex(update)
shown, hidden = dc.steps_table(f)
st.dataframe(shown, column_config={c: st.column_config.NumberColumn(format="%.6f") for c in shown.columns})
st.caption("Each row: the weights W at that step, the gradient ∂J/∂W there (autograd), and the loss J(W). "
           + (f"The {hidden} rows between the first and the last few are left out; all are below." if hidden else ""))
if hidden:
    with st.expander(f"All {len(f)} rows", icon=":material/table:"):
        st.dataframe(f.set_index("step"))

st.subheader("Lab 1: minimise (x − 4)² from a random start")
st.markdown(f"The course's first lab does gradient descent on one number. It first checks autograd on y = x²: "
            f"at x = 3, dy/dx = **{D.derivative_of_square(3.0):g}**. Then it minimises J(x) = (x − 4)² from "
            "x = `torch.randn(1)`, with learning rate 10⁻² for 500 steps, and plots x against the target 4. Here "
            "the whole run follows from one line of algebra:")
st.latex(r"\frac{dJ}{dx} = 2(x - 4), \qquad x_{t+1} = x_t - 2\eta\,(x_t - 4) \;\Longrightarrow\; "
         r"x_{t+1} - 4 = (1 - 2\eta)\,(x_t - 4)")
ETAS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0)
left, right = st.columns([1, 2], gap="large")
with left:
    start = controls.select("Start x₀", "start", {"random (Lab 1)": "random", "0": "zero"}, "random (Lab 1)",
                            horizontal=True)
    seed = controls.integer("Seed of the random start", "seed", 0, 9999, 0, help="x₀ = torch.randn(1) with this seed.")
    eta = controls.learning_rate("Learning rate η for (x − 4)²", "eta", 0.01, values=ETAS)
    iters = controls.slider("Iterations", "iters", 1, 500, 500, 1)
x0 = D.random_start(seed) if start == "random" else 0.0
lab = descend_1d(x0, eta, iters)
ratio, regime = D.measured_ratio(lab.frame), D.regime_of(lab.frame)
with right:
    m = st.columns(2)
    m[0].metric("x₀", text.num(x0, 6))
    m[1].metric(f"x after {int(lab.frame.step.iloc[-1])} steps", text.num(lab.frame.x.iloc[-1], 10))
    m[0].metric("(x_t+1 − 4)/(x_t − 4), measured", text.num(ratio, 6))
    m[1].metric("1 − 2η, the closed form", text.num(1 - 2 * eta, 6))
    kind, message = dc.regime_message(regime, ratio, eta, lab.frame, lab.stopped, D.TARGET)
    getattr(st, kind)(message)
a, b = st.columns(2, gap="large")
spec, cut = dc.lab_x_spec(lab.frame, iters, D.TARGET)
a.vega_lite_chart(spec, width="stretch")
a.caption(f"x against the iteration (blue) and the target 4 (dashed), as Lab 1 plots it: {regime}."
          + (f" Only the first {cut} steps: after that x is off the chart. The log chart shows them all."
             if cut is not None else ""))
b.vega_lite_chart(dc.lab_error_spec(lab.frame, D.closed_form_1d(x0, eta, range(len(lab.frame))), iters, D.TARGET),
                  width="stretch")
b.caption(dc.error_caption(lab.frame, eta, D.TARGET))
st.markdown("**The regimes as numbers**, from x₀ = 0 for 20 steps (η < 0.5 monotone; 0.5 < η < 1 oscillating but "
            "converging; η = 1 period 2; η > 1 diverging). Each regime is read off the iterates, not looked up:")
st.dataframe(regimes_table(), hide_index=True,
             column_config={c: st.column_config.NumberColumn(format="%.9g") for c in ("x₁", "x₂", "x₃", "x₂₀")})

frame.try_this(
    "Drag **Steps** to 0, then press **Take one step** a few times: each press runs lines 3 and 4 of the pseudocode "
    "once more. Watch the gradient in the table shrink as the path heads down into the valley.",
    "Press **Too small**, then **Stable**, then **Too large**: slow, smooth, and overshooting, the lecture's three "
    "learning-rate pictures. Then try η = 10: fast, but zig-zagging across the valley.",
    "In Lab 1, set η to 0.3, 0.7, 1 and 1.1: monotone, oscillating, stuck in a period 2, and diverging, exactly as "
    "1 − 2η says. Then η = 3: J overflows to infinity, and the run stops with a message.",
)
frame.check_yourself(
    "On (x − 4)², which learning rate makes x jump back and forth across 4 but still converge?",
    ["η = 0.3", "η = 0.9", "η = 1.0", "η = 1.1"], 1,
    "Each step multiplies x − 4 by 1 − 2η. At η = 0.9 that factor is −0.8: the sign flips (a jump across 4) and the "
    "size shrinks. At 1.0 it is −1 (period 2), at 1.1 it is −1.2 (diverging), at 0.3 it is 0.4 (monotone).")
frame.code_panel(cg.descent_code(w0, w1, lr, steps, start, seed, eta, iters),
                 "Paste into a notebook: it prints the landscape run's weights and loss and Lab 1's numbers above.")
frame.footer("gradient_descent")

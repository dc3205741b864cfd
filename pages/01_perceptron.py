import streamlit as st

from core import codegen, will_i_pass
from core.models import decision_segment, perceptron, perceptron_plane
from ui import charts, controls, frame, text

frame.page("perceptron", "A perceptron takes inputs x₁ … x_m, multiplies each by a weight, adds them up "
           "with a bias w₀, and passes the sum through a nonlinear activation g. Three steps, repeated "
           "everywhere in deep learning: **dot product, add bias, apply a nonlinearity**. The slide's "
           "trained perceptron has w₀ = 1 and W = [3, −2]; at x = [−1, 2] it outputs g(−6) ≈ 0.002.")

st.latex(r"\hat{y} = g\Big(w_0 + \sum_{i=1}^{m} x_i w_i\Big) = g\big(w_0 + X^\top W\big)")
frame.ahead("gradient_descent", "How a perceptron's weights are trained")

ACTS = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu", "linear (no nonlinearity)": "linear"}
DEFAULTS = {"x1": 0.0, "x2": 0.0, "w0": 1.0, "w1": 3.0, "w2": -2.0, "act": "sigmoid"}
RANGE = (-5.0, 5.0)

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture example": {**will_i_pass.PERCEPTRON, "act": "sigmoid"}})
    x1 = controls.slider("Input x₁", "x1", -5.0, 5.0, DEFAULTS["x1"], 0.1)
    x2 = controls.slider("Input x₂", "x2", -5.0, 5.0, DEFAULTS["x2"], 0.1)
    w0 = controls.slider("Bias w₀", "w0", -10.0, 10.0, DEFAULTS["w0"], 0.1)
    w1 = controls.slider("Weight w₁", "w1", -5.0, 5.0, DEFAULTS["w1"], 0.1)
    w2 = controls.slider("Weight w₂", "w2", -5.0, 5.0, DEFAULTS["w2"], 0.1)
    act = controls.select("Activation g", "act", ACTS, DEFAULTS["act"])

out = perceptron([x1, x2], [w1, w2], w0, act)
g = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}", "linear": r"\mathrm{id}"}[act]
with right:
    st.latex(rf"\hat{{y}} = {g}\big({w0:g} + ({x1:g})({w1:g}) + ({x2:g})({w2:g})\big) = {g}({out['z']:.4g})"
             rf" = {out['y_hat']:.4g}")
    c1, c2, c3 = st.columns(3)
    c1.metric("1 · dot product x·W", text.num(out["dot"]))
    c2.metric("2 · add bias: z", text.num(out["z"]))
    c3.metric("3 · nonlinearity: ŷ = g(z)", text.num(out["y_hat"]))
    if act == "sigmoid" and out["z"] == -6:  # the lecture's z
        st.caption(f"ŷ = σ(−6) = {out['y_hat']:.10f} ≈ {out['y_hat']:.3f}: the slide's \"0.002\".")

    seg = decision_segment([w1, w2], w0, RANGE, RANGE)
    plane = perceptron_plane([w1, w2], w0, "sigmoid", RANGE, RANGE)
    charts.show_boundary(st, plane.numpy(), RANGE, RANGE, x_title="x₁", y_title="x₂", you=(x1, x2), you_label="x",
                         line=seg, height=360)
    g0 = {"sigmoid": 0.5, "tanh": 0.0, "relu": 0.0, "linear": 0.0}[act]  # g(0): the value on the line
    name = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "linear": "id"}[act]
    if out["z"] == 0:
        side = f"on the line itself: z = 0 and ŷ = {name}(0) = {g0:g}"
    else:
        rel = ">" if out["z"] > 0 else "<"
        where = "" if w2 == 0 else ("above the line, " if (x2 > -(w0 + w1 * x1) / w2) else "below the line, ")
        value = "ŷ = ReLU(z) = 0" if act == "relu" and out["z"] < 0 else f"ŷ = {name}(z) {rel} {name}(0) = {g0:g}"
        side = f"{where}on the side z {rel} 0, so {value}"
    form = text.linear_form(w0, [(w1, "x₁"), (w2, "x₂")])
    line_txt = f"the decision line {form} = 0" if seg else "no decision line in view"
    st.caption(f"Colour: σ(z) for every g, blue where z > 0, orange where z < 0, white on {line_txt}. "
               f"The point x = ({text.num(x1, 6)}, {text.num(x2, 6)}) lies {side}. (The lecture calls the side "
               "below 0.5 blue and the side above 0.5 green; here blue is the side above, σ(z) > 0.5, and orange "
               "the side below, σ(z) < 0.5.)")

frame.try_this(
    "Press **Lecture example**: z = −6 and ŷ = σ(−6) ≈ 0.0025, the slide's 0.002. The point sits on the "
    "orange side, above the line x₂ = 1.5x₁ + 0.5 (at x₁ = −1 the line is at x₂ = −1).",
    "From the lecture example, drag x₂ down to −1, onto the dashed line: z changes sign and ŷ passes 0.5 exactly "
    "there (z = 0, ŷ = 0.5). Below the line z > 0: the blue side.",
    "Move only the bias w₀: the line slides without turning (the bias \"shifts left and right\"). "
    "Move w₁ or w₂: the line turns.",
    "Switch g to ReLU: on the whole orange side ŷ is exactly 0; to linear: ŷ = z, with no squashing at all.",
)
frame.check_yourself(
    "With w₀ = 1 and W = [3, −2], what is z at x = [0, 0]?",
    ["−6", "0", "1", "0.73"], 2,
    "z = w₀ + x·W = 1 + 0 + 0 = 1; only after the nonlinearity does it become ŷ = σ(1) ≈ 0.73.")
frame.code_panel(codegen.perceptron_code(x1, x2, w0, w1, w2, act),
                 "Paste into a notebook: it prints the three numbers above.")
frame.footer("perceptron")

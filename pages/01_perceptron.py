import streamlit as st

from core import vocabulary, will_i_pass
from core.codegen import perceptron as script
from core.models import decision_segment, perceptron, perceptron_plane
from ui import charts, controls, frame, text
from ui.content import perceptron as words

frame.page("perceptron", words.RECAP)
st.latex(words.FORMULA)
frame.ahead("gradient_descent", "How a perceptron's weights are trained")

ACTS = vocabulary.ACTIVATIONS.options("sigmoid", "tanh", "relu", "linear")
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
    act = controls.select("Activation g", "act", ACTS, DEFAULTS["act"], help="linear: no nonlinearity, ŷ = z.")

out = perceptron([x1, x2], [w1, w2], w0, act)
with right:
    st.latex(words.with_numbers(x1, x2, w0, w1, w2, act, out["z"], out["y_hat"]))
    c1, c2, c3 = st.columns(3)
    c1.metric("1 · dot product x·W", text.num(out["dot"]))
    c2.metric("2 · add bias: z", text.num(out["z"]))
    c3.metric("3 · nonlinearity: ŷ = g(z)", text.num(out["y_hat"]))
    if act == "sigmoid" and out["z"] == -6:  # the lecture's z
        st.caption(words.slide_value(out["y_hat"]))

    seg = decision_segment([w1, w2], w0, RANGE, RANGE)
    plane = perceptron_plane([w1, w2], w0, "sigmoid", RANGE, RANGE)
    charts.show_boundary(st, plane.numpy(), RANGE, RANGE, x_title="x₁", y_title="x₂", you=(x1, x2), you_label="x",
                         line=seg, height=360)
    name = {"sigmoid": "σ", "linear": "id"}.get(act, ACTS[act])
    where = words.side(out["z"], x1, x2, w0, w1, w2, act, name)
    st.caption(words.boundary_caption(x1, x2, w0, w1, w2, bool(seg), where))

frame.lesson_end("perceptron", words.TRY_THIS, frame.Quiz(**words.QUIZ),
                 script.perceptron_code(x1, x2, w0, w1, w2, act), words.CODE_CAPTION)

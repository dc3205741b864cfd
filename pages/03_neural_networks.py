import streamlit as st

from core import neural_networks as topic, vocabulary
from core.codegen import neural_networks as script
from ui import controls, frame
from ui.charts import neural_networks as topic_charts
from ui.content import neural_networks as words

frame.page("neural_networks", words.RECAP)

COPY = {"transpose": "W.T (transposed)", "plain": "W (no transpose)", "none": "no copy"}
ACTS = vocabulary.ACTIVATIONS.options("relu", "sigmoid", "tanh", "linear")
DEFAULTS = {"dm": 2, "dn": 3, "dseed": 0, "copy": "transpose", "m": 2, "layers": 1, "n1": 3, "n2": 3,
            "n3": 3, "n4": 3, "out": "1", "act": "relu", "seed": 0}
NUM = st.column_config.NumberColumn(format="%.4f")
controls.presets(DEFAULTS, {"Lecture example": {}, "Slide's two outputs (2-3-2)": {"out": "2"},
                            "A deep network": {"layers": 3, "n1": 6, "n2": 6, "n3": 4, "out": "2"}})

st.header("1 · The multi-output perceptron: a dense layer")
st.markdown(words.DENSE_LAYER)
left, right = st.columns([1, 2], gap="large")
with left:
    dm = controls.slider("Inputs m", "dm", 1, 8, DEFAULTS["dm"], 1)
    dn = controls.slider("Output units n", "dn", 1, 8, DEFAULTS["dn"], 1)
    dseed = controls.integer("Seed of torch.randn", "dseed", 0, 9999, 0, help="The weights and biases W, b.")
dense = topic.compare_dense(dm, dn, dseed)
with right:
    st.vega_lite_chart(spec=topic_charts.network_spec([dm, dn], [dense.W], [dense.x[0], dense.y_scratch[0]]),
                       width="stretch")
    st.caption(words.dense_caption(dm, dn, topic_charts.vector(dense.x)))
    st.latex(topic_charts.unit_latex(None, 1, dense.terms(1),
                                     rf",\quad \hat y_1 = \sigma(z_1) = {dense.y_scratch[0, 0]:.4f}"))
# Every unit's formula, below the layer and its numbers: on a projector the sliders and the layer come first.
st.latex(r"z_i = w_{0,i} + \sum_{j=1}^{m} x_j\, w_{j,i}, \qquad \hat{y}_i = g(z_i), \qquad i = 1, \dots, n")

st.header("2 · The dense layer from scratch, and the same layer built in")
st.markdown(words.FROM_SCRATCH)
mode = controls.select("Copy into nn.Linear", "copy", COPY, DEFAULTS["copy"], horizontal=True)
dense = topic.compare_dense(dm, dn, dseed, mode)
a, b = st.columns(2)
a.markdown("**From scratch: the lecture's `MyDenseLayer`**")
a.code(script.MY_DENSE_LAYER, language="python", wrap_lines=True)
b.markdown(f"**Built in: `nn.Linear`**, copy mode *{mode}*")
b.code(script.linear_snippet(dm, dn, mode), language="python", wrap_lines=True)
a.markdown(f"`layer.W`: {dm} × {dn} (inputs × outputs), and `layer.b`: 1 × {dn}")
wf = topic_charts.weight_frame(dense.W, dense.b[0])
a.dataframe(wf, column_config={c: NUM for c in wf})
b.markdown(f"`linear.weight`: {dn} × {dm} (outputs × inputs), and `linear.bias`: {dn}")
b.dataframe(topic_charts.linear_frame(dense.weight, dense.bias), column_config={"bias": NUM})
if mode == "none" or dense.error:
    b.caption("nn.Linear's own initial weights: nothing was copied into it.")
outs = topic_charts.outputs_frame(dense.y_scratch[0], None if dense.y_linear is None else dense.y_linear[0])
st.dataframe(outs, column_config={c: NUM for c in outs})
c1, c2, c3 = st.columns(3)
c1.metric("Output shape", str(tuple(dense.y_scratch.shape)))
c2.metric("Largest |difference|", "—" if dense.max_diff is None else f"{dense.max_diff:.2g}")
c3.metric("Parameters m·n + n", f"{dm}·{dn} + {dn} = {dense.n_params}")
if dense.error:
    st.error(words.copy_refused(dense.error, dm, dn), icon=":material/error:")
elif dense.max_diff == 0:
    st.success(words.same_numbers(dense.y_scratch[0]), icon=":material/check_circle:")
else:
    st.warning(words.outputs_differ(mode, dense.max_diff), icon=":material/warning:")

st.header("3 · Hidden layers and deep networks")
st.markdown(words.HIDDEN_LAYERS)
st.latex(r"z_i = w^{(1)}_{0,i} + \sum_{j=1}^{m} x_j\, w^{(1)}_{j,i}, \qquad "
         r"\hat{y}_i = g\Big(w^{(2)}_{0,i} + \sum_{j=1}^{d_1} g(z_j)\, w^{(2)}_{j,i}\Big), \qquad "
         r"z_{k,i} = w^{(k)}_{0,i} + \sum_{j=1}^{n_{k-1}} g(z_{k-1,j})\, w^{(k)}_{j,i}")
st.caption("(The slide's formula applies g to the output too; its code, and the network below, leave the output "
           "linear.)")
left, right = st.columns([1, 2], gap="large")
with left:
    m = controls.slider("Input dimension m", "m", 1, 8, DEFAULTS["m"], 1)
    layers = controls.slider("Hidden layers", "layers", 1, 4, DEFAULTS["layers"], 1)
    hidden = [controls.slider(f"Width of hidden layer {k}", f"n{k}", 1, 16, DEFAULTS[f"n{k}"], 1)
              for k in range(1, layers + 1)]
    n_out = int(controls.select("Output units", "out", {"1": "1", "2": "2"}, DEFAULTS["out"], horizontal=True))
    act = controls.select("Activation g", "act", ACTS, DEFAULTS["act"], help="linear: no nonlinearity, ŷ = z.")
    seed = controls.integer("Seed", "seed", 0, 9999, 0, help="The initial weights (PyTorch's default init).")
widths = [m, *hidden, n_out]
net = topic.deep_network(widths, act, seed)
with right:
    st.vega_lite_chart(spec=topic_charts.network_spec(widths, net.weights, net.values), width="stretch")
    st.caption(words.network_caption(widths, topic_charts.weight_shapes(widths), net.n_params, topic_charts.CAP))
    p1, p2 = st.columns(2)
    p1.metric("Parameters", net.n_params)
    p2.metric("Weight matrices", len(net.weights))
    st.caption(f"Count: {topic.parameter_formula(widths)} "
               "(each layer: inputs × units weights + units biases).")
    i = min(2, widths[1])
    st.latex(topic_charts.unit_latex(1, i, topic.unit_terms(net, 1, i),
                                     rf",\quad g(z_{{{i}}}) = {net.values[1][i - 1]:.3f}"))
st.dataframe(topic.layer_shapes(widths), hide_index=True)
st.caption("Each W⁽ᵏ⁾ is inputs × units, as nnlab writes it; nn.Linear stores its transpose W⁽ᵏ⁾ᵀ (units × inputs) "
           "as `weight`.")

st.markdown("**The architecture in code** (the slide shows both frameworks; only PyTorch runs here)")
t1, t2 = st.tabs(["PyTorch", "TensorFlow (Keras)"])
t1.code(f"model = {script.sequential_expr(widths, act)}", language="python")
t2.code(f"model = {script.keras_expr(widths, act)}", language="python")

st.markdown(words.one_input(topic_charts.vector(net.values[0])))
frame.ahead("will_i_pass", "A sigmoid on the output, for a probability")
st.dataframe(topic_charts.walk_frame(net.walk), hide_index=True)
with st.expander("Every weight matrix W⁽ᵏ⁾, with its bias as row 0", icon=":material/grid_on:"):
    for k, tab in enumerate(st.tabs([f"W{topic_charts.sup(k)}" for k in range(1, len(widths))]), 1):
        wf = topic_charts.weight_frame(net.weights[k - 1], net.biases[k - 1])
        tab.dataframe(wf, column_config={c: NUM for c in wf})
        tab.caption(words.weights_caption(topic_charts.sup(k)))
st.markdown(words.DEPTH_AND_WIDTH)
st.caption(words.DEPTH_AND_WIDTH_HERE)

frame.lesson_end("neural_networks", words.TRY_THIS, frame.Quiz(**words.QUIZ),
                 script.networks_code(dm, dn, dseed, mode, widths, act, seed), words.code_caption(bool(dense.error)))

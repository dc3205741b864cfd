from itertools import pairwise

import pandas as pd
import streamlit as st

from core.codegen import neural_networks as codegen
from core import neural_networks
from ui import controls, frame
from ui.charts import neural_networks as nc
from ui.content import neural_networks as content

frame.page("neural_networks", "Give several perceptrons the **same inputs** but **their own weights** and you get "
           "a **multi-output perceptron**. Every input is connected to every output, so this is called a "
           "**dense** layer (without g, a *linear* layer). Put a **hidden layer** between the inputs and the "
           "output and the network has two weight matrices, W⁽¹⁾ and W⁽²⁾; keep stacking linear layers and "
           "nonlinearities and it is a **deep neural network**. PyTorch builds a layer with `nn.Linear` and "
           "the stack with `nn.Sequential`.")

COPY = {"W.T (transposed)": "transpose", "W (no transpose)": "plain", "no copy": "none"}
ACTS = {"ReLU": "relu", "sigmoid": "sigmoid", "tanh": "tanh", "linear (no nonlinearity)": "linear"}
DEFAULTS = {"dm": 2, "dn": 3, "dseed": 0, "copy": "W.T (transposed)", "m": 2, "layers": 1, "n1": 3, "n2": 3,
            "n3": 3, "n4": 3, "out": "1", "act": "ReLU", "seed": 0}
NUM = st.column_config.NumberColumn(format="%.4f")
controls.presets(DEFAULTS, {"Lecture example": {}, "Slide's two outputs (2-3-2)": {"out": "2"},
                            "A deep network": {"layers": 3, "n1": 6, "n2": 6, "n3": 4, "out": "2"}})

st.subheader("1 · The multi-output perceptron: a dense layer")
st.markdown(content.DENSE_LAYER)
st.latex(r"z_i = w_{0,i} + \sum_{j=1}^{m} x_j\, w_{j,i}, \qquad \hat{y}_i = g(z_i), \qquad i = 1, \dots, n")
left, right = st.columns([1, 2], gap="large")
with left:
    dm = controls.slider("Inputs m", "dm", 1, 8, DEFAULTS["dm"], 1)
    dn = controls.slider("Output units n", "dn", 1, 8, DEFAULTS["dn"], 1)
    dseed = controls.integer("Seed of torch.randn", "dseed", 0, 9999, 0, help="The weights and biases W, b.")
d = neural_networks.compare_dense(dm, dn, dseed)
with right:
    st.vega_lite_chart(spec=nc.network_spec([dm, dn], [d.W], [d.x[0], d.y_scratch[0]]), width="stretch")
    st.caption(f"A dense layer {dm} → {dn}: every one of the {dm} inputs joins every one of the {dn} outputs, "
               f"{dm * dn} weights (blue positive, orange negative, thicker = larger) plus {dn} biases. "
               f"Input x = {nc.vector(d.x)}.")
    st.latex(nc.unit_latex(None, 1, d.terms(1), rf",\quad \hat y_1 = \sigma(z_1) = {d.y_scratch[0, 0]:.4f}"))

st.subheader("2 · The dense layer from scratch, and the same layer built in")
st.markdown(content.FROM_SCRATCH)
mode = controls.select("Copy into nn.Linear", "copy", COPY, DEFAULTS["copy"], horizontal=True)
d = neural_networks.compare_dense(dm, dn, dseed, mode)
a, b = st.columns(2)
a.markdown("**From scratch: the lecture's `MyDenseLayer`**")
a.code(codegen.MY_DENSE_LAYER, language="python", wrap_lines=True)
b.markdown(f"**Built in: `nn.Linear`**, copy mode *{mode}*")
b.code(codegen.linear_snippet(dm, dn, mode), language="python", wrap_lines=True)
a.markdown(f"`layer.W`: {dm} × {dn} (inputs × outputs), and `layer.b`: 1 × {dn}")
wf = nc.weight_frame(d.W, d.b[0])
a.dataframe(wf, column_config={c: NUM for c in wf})
b.markdown(f"`linear.weight`: {dn} × {dm} (outputs × inputs), and `linear.bias`: {dn}")
b.dataframe(pd.concat([nc.matrix_frame(d.weight, "unit ", "from x"),
                       pd.DataFrame(d.bias[:, None], columns=["bias"], index=[f"unit {i}" for i in range(1, dn + 1)])],
                      axis=1), column_config={"bias": NUM})
if mode == "none" or d.error:
    b.caption("nn.Linear's own initial weights: nothing was copied into it.")
outs = {"MyDenseLayer(x)": d.y_scratch[0]}
if d.y_linear is not None:
    outs |= {"torch.sigmoid(linear(x))": d.y_linear[0], "difference": d.y_scratch[0] - d.y_linear[0]}
outs = pd.DataFrame(outs, index=[f"ŷ{i}" for i in range(1, dn + 1)]).T
st.dataframe(outs, column_config={c: NUM for c in outs})
c1, c2, c3 = st.columns(3)
c1.metric("Output shape", str(tuple(d.y_scratch.shape)))
c2.metric("Largest |difference|", "—" if d.max_diff is None else f"{d.max_diff:.2g}")
c3.metric("Parameters m·n + n", f"{dm}·{dn} + {dn} = {d.n_params}")
if d.error:
    st.error(f"PyTorch refuses the copy: {d.error}. `layer.W` is {dm} × {dn} but `linear.weight` must be "
             f"{dn} × {dm}: copy its transpose `W.T`.", icon=":material/error:")
elif d.max_diff == 0:
    st.success(f"Same numbers: from scratch and built in, ŷ = [{', '.join(f'{v:.4f}' for v in d.y_scratch[0])}].",
               icon=":material/check_circle:")
else:
    st.warning(("No error, because W is square, but the outputs differ: a bug that does not crash. "
                if mode == "plain" else "nn.Linear still has its own random weights, so the outputs differ. ")
               + f"Largest difference {d.max_diff:.3g}.", icon=":material/warning:")

st.subheader("3 · Hidden layers and deep networks")
st.markdown(content.HIDDEN_LAYERS)
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
    n_out = controls.select("Output units", "out", {"1": 1, "2": 2}, DEFAULTS["out"], horizontal=True)
    act = controls.select("Activation g", "act", ACTS, DEFAULTS["act"])
    seed = controls.integer("Seed", "seed", 0, 9999, 0, help="The initial weights (PyTorch's default init).")
widths = [m, *hidden, n_out]
net = neural_networks.deep_network(widths, act, seed)
shapes = ", ".join(f"W{nc.sup(k)} {a}×{b}" for k, (a, b) in enumerate(pairwise(widths), 1))
with right:
    st.vega_lite_chart(spec=nc.network_spec(widths, net.weights, net.values), width="stretch")
    st.caption(f"The {'-'.join(map(str, widths))} network: {shapes}; {net.n_params} parameters. Blue lines are "
               f"positive weights, orange negative. Layers wider than {nc.CAP} units show their first and last few.")
    p1, p2 = st.columns(2)
    p1.metric("Parameters", net.n_params)
    p2.metric("Weight matrices", len(net.weights))
    st.caption(f"Count: {neural_networks.parameter_formula(widths)} "
               "(each layer: inputs × units weights + units biases).")
    i = min(2, widths[1])
    st.latex(nc.unit_latex(1, i, neural_networks.unit_terms(net, 1, i),
                           rf",\quad g(z_{{{i}}}) = {net.values[1][i - 1]:.3f}"))
st.dataframe(neural_networks.layer_shapes(widths), hide_index=True)
st.caption("Each W⁽ᵏ⁾ is inputs × units, as nnlab writes it; nn.Linear stores its transpose W⁽ᵏ⁾ᵀ (units × inputs) "
           "as `weight`.")

st.markdown("**The architecture in code** (the slide shows both frameworks; only PyTorch runs here)")
t1, t2 = st.tabs(["PyTorch", "TensorFlow (Keras)"])
t1.code(f"model = {codegen.sequential_expr(widths, act)}", language="python")
t2.code(f"model = {codegen.keras_expr(widths, act)}", language="python")

st.markdown(f"**One input through every layer.** x = {nc.vector(net.values[0])} goes through each module of the "
            "`nn.Sequential` in turn; each row is what that module outputs, one column per unit. As in the "
            "slide's code, the last layer is linear: for a probability, put ŷ through a sigmoid.")
frame.ahead("will_i_pass", "A sigmoid on the output, for a probability")
st.dataframe(nc.walk_frame(net.walk), hide_index=True)
with st.expander("Every weight matrix W⁽ᵏ⁾, with its bias as row 0", icon=":material/grid_on:"):
    for k, tab in enumerate(st.tabs([f"W{nc.sup(k)}" for k in range(1, len(widths))]), 1):
        wf = nc.weight_frame(net.weights[k - 1], net.biases[k - 1])
        tab.dataframe(wf, column_config={c: NUM for c in wf})
        tab.caption(f"Row j, column i is w{nc.sup(k)} j,i: the weight from unit j of the previous layer to unit i.")
st.markdown(content.DEPTH_AND_WIDTH)
st.caption(content.DEPTH_AND_WIDTH_HERE)

frame.try_this(
    "In section 2 choose **W (no transpose)**: PyTorch refuses, because `linear.weight` must be n × m. Now set "
    "m = n = 2 in section 1: no error, but the outputs differ, a bug that does not crash.",
    "Press **Slide's two outputs (2-3-2)**: the 2-3-1 network has 13 parameters, 2-3-2 has 17. The extra output "
    "unit brings 3 weights and 1 bias.",
    "With ReLU, look at the table: wherever z is negative, g(z) is exactly 0 for this input. Switch g to linear: "
    "every g(z) row repeats its z row, and the whole stack collapses to one linear map.",
    "Add hidden layers and widen them: the count grows with the product of neighbouring widths.",
)
frame.check_yourself(
    "`nn.Linear(in_features=4, out_features=5)`: what is the shape of its `weight`, and how "
    "many parameters does the layer have?", ["4 × 5 and 20", "5 × 4 and 25", "5 × 4 and 20", "4 × 5 and 25"], 1,
    "nn.Linear stores weight as (out_features, in_features) = 5 × 4 and computes x @ weight.T + bias; "
    "4·5 weights plus 5 biases make 25.")
frame.code_panel(codegen.networks_code(dm, dn, dseed, mode, widths, act, seed),
                 "Paste into a notebook: it prints the dense layer both ways, the parameter count and the table."
                 + (" With this copy mode it stops at the copy, with PyTorch's error shown above." if d.error else ""))
frame.footer("neural_networks")

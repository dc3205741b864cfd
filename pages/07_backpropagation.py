import streamlit as st

from core import backpropagation as B
from core.codegen import backpropagation as codegen
from ui import controls, frame
from ui.charts import backpropagation as bc
from ui.content import backpropagation as content

frame.page("backpropagation", content.RECAP)
st.latex(content.CHAIN_RULE)

ACTS = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu"}
LOSSES = {"½ squared error": "mse", "binary cross-entropy": "bce"}
R = B.REFERENCE
DEFAULTS = {"x": 1.0, "y": 1.0, "w1": 1.0, "w2": 1.0, "act": "sigmoid", "out": "sigmoid", "loss": "½ squared error",
            "lr": 1.0, "depth": 2, "width": 3, "seed": 0}
REF = {"x": R["x"], "y": R["y"], "w1": R["w1"], "w2": R["w2"]}
LO, HI = B.WEIGHT_RANGE
deep_backprop = st.cache_data(B.deep_backprop, max_entries=256, show_spinner=False)   # deterministic per settings


st.subheader("1 · The chain rule on the lecture's network")
st.markdown(content.INSIDE_THE_NEURON)
left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Reference example": REF}, on_apply=lambda: st.session_state.pop("bp_steps", None))
    st.caption("The reference example (x = 2, y = 1, w₁ = 0.5, w₂ = −1.5, sigmoids, ½ squared error) is nnlab's "
               "choice: the lecture gives no numbers for this network.")
    x = controls.slider("Input x", "x", -3.0, 3.0, DEFAULTS["x"], 0.1)
    y = controls.slider("Label y", "y", 0.0, 1.0, DEFAULTS["y"], 0.05)
    w1 = controls.slider("Weight w₁", "w1", LO, HI, DEFAULTS["w1"], 0.01, fmt="%.3f")
    w2 = controls.slider("Weight w₂", "w2", LO, HI, DEFAULTS["w2"], 0.01, fmt="%.3f")
    act = controls.select("Hidden activation g₁", "act", ACTS, DEFAULTS["act"])
    out = controls.select("Output activation g₂", "out", ACTS, DEFAULTS["out"])
    loss = controls.select("Loss J", "loss", LOSSES, DEFAULTS["loss"], help="The ½ is nnlab's convention: it "
                           "cancels the 2 of the derivative, so ∂J/∂ŷ = ŷ − y.")
c = B.chain_rule(x, y, w1, w2, act, out, loss)
with right:
    st.vega_lite_chart(bc.graph_spec(c), width="stretch")
    st.caption(f"Forward pass (blue, left to right): x = {bc.num(x)} gives ŷ = {bc.num(c.y_hat)} and loss "
               f"J = {bc.num(c.J)}. Backward pass (vermillion, right to left): each edge's local derivative, and the "
               f"gradients they multiply into, ∂J/∂w₂ = {bc.num(c.dJ_dw2)} and ∂J/∂w₁ = {bc.num(c.dJ_dw1)}.")
    st.markdown("**The forward pass with numbers**")
    st.latex(bc.forward_latex(c))
if c.problem:
    fix = ("the sigmoid saturated: σ(z₂) rounds to exactly 0 or 1 in float64. Move the weights towards 0"
           if c.out == "sigmoid" else "the lecture uses cross-entropy with a sigmoid output, whose ŷ is a "
           "probability. Choose sigmoid for g₂") + ", or use the squared error."
    st.error(f"No gradient here: {c.problem}. Here {fix}", icon=":material/block:")
else:
    st.markdown("**The two chain-rule products, every factor with its number**")
    st.latex(bc.chain_latex(c))
    st.markdown("**Where each factor comes from** (the slopes g′ from the slide's table)")
    st.latex(bc.factors_latex(c))
    table = B.compare(c)
    st.markdown("**Check: the same gradients two more ways.** PyTorch's **autograd** (the same network as tensors, "
                "then `J.backward()`), and **central finite differences** (J(w + h) − J(w − h)) / 2h with h = 10⁻⁶, "
                "which use no derivative rule at all.")
    st.dataframe(table, hide_index=True, column_config={k: st.column_config.NumberColumn(format="%.10f")
                                                        for k in table.columns[1:4]})
    if table["agree"].all():
        st.success("All three agree to within 10⁻⁶ (relative): the chain rule by hand is exactly what autograd "
                   "computes.", icon=":material/check_circle:")
    else:
        st.warning(f"The three differ here: {B.why_they_differ(c, table)}.", icon=":material/warning:")

st.subheader("2 · Take one gradient step")
st.markdown("The gradient says which way is up; gradient descent steps the other way: **w ← w − η ∂J/∂w**, for w₁ and "
            "w₂ at once. The step moves the weight sliders above, so you can keep stepping.")
steps = st.session_state.get("bp_steps")
if steps and (steps["settings"] != (x, y, act, out, loss) or steps["w"] != (w1, w2)):
    steps = None  # something other than a step moved: start a new walk
s1, s2 = st.columns([1, 2], gap="large")
with s1:
    lr = controls.learning_rate(default=DEFAULTS["lr"])


def take_step(c: B.Chain, lr: float, steps: dict | None) -> None:
    if not c.ok:
        return
    r = B.gradient_step(c, lr)
    st.session_state["w1"], st.session_state["w2"] = r["w1"], r["w2"]
    hist = steps["history"] if steps else [{"step": 0, "J": c.J}]
    st.session_state["bp_steps"] = {"settings": (x, y, act, out, loss), "w": (r["w1"], r["w2"]), "last": r,
                                    "history": [*hist, {"step": len(hist), "J": r["J_after"]}]}


with s1:
    st.button("Take one gradient step", key="step", on_click=take_step, args=(c, lr, steps), disabled=not c.ok,
              type="primary", icon=":material/footprint:")
with s2:
    if steps:
        bc.step_report(steps, B.WEIGHT_RANGE)
    elif c.ok:
        st.info(f"Now J = {bc.num(c.J, 6)}. Press the button to move w₁ and w₂ against their gradients.",
                icon=":material/info:")
    else:
        st.info("No step is possible: J has no gradient at these settings (see above).", icon=":material/block:")

st.subheader("3 · The same on a deeper network, by autograd")
st.markdown(content.DEEP)
st.latex(content.DEEP_LATEX)
st.caption(content.ORIENTATION)
left, right = st.columns([1, 2], gap="large")
with left:
    depth = controls.slider("Hidden layers", "depth", 1, 3, DEFAULTS["depth"], 1)
    width = controls.slider("Units per hidden layer", "width", 1, 4, DEFAULTS["width"], 1)
    seed = controls.integer("Seed", "seed", 0, 9999, DEFAULTS["seed"], help="The initial weights (PyTorch's default).")
d = deep_backprop(x, y, depth, width, act, out, loss, seed)
with right:
    if d.problem:
        st.error(f"No gradient for this network: {d.problem}.", icon=":material/block:")
    else:
        st.vega_lite_chart(bc.sizes_spec(d.layers), width="stretch")
        st.caption(f"The {'-'.join(map(str, d.widths))} network, J = {bc.num(d.J)}: size of each layer's weight "
                   "gradients and upstream gradient, left to right in the order autograd reached them (output layer "
                   "first). " + ", ".join(f"{r.label}: {bc.num(r.grad_norm, 3)}" for r in d.layers.itertuples()) + ".")
if not d.problem:
    a, b = st.columns(2, gap="large")
    a.markdown("**The backward pass, in the order autograd computed it**")
    a.dataframe(bc.events_frame(d.events), hide_index=True)
    a.caption(f"Each ∂J/∂a⁽ᵏ⁾ is made from the upstream ∂J/∂z⁽ᵏ⁺¹⁾ and W⁽ᵏ⁺¹⁾, then ∂J/∂z⁽ᵏ⁾ from it: each layer "
              f"reuses the gradient of the layer after it. ∂J/∂W⁽ᵏ⁾ is listed row by row (row j: input j). Computed "
              f"by hand with the formulas above, every gradient matches autograd to {d.hand_max_diff:.1g}.")
    b.markdown("**Every weight's gradient, output layer first**")
    b.dataframe(d.params, hide_index=True, column_config={"value": st.column_config.NumberColumn("w", format="%.6f"),
                                                          "grad": st.column_config.NumberColumn("∂J/∂w", format="%.6f"),
                                                          "order": "computed at #"})

frame.try_this(
    "Press **Reference example**: ∂J/∂w₂ = −0.1028570374 and ∂J/∂w₁ = 0.0829875535, by hand and by autograd "
    "alike; finite differences agree to 9 decimal places. Switch the loss to cross-entropy: −0.5480162992 and "
    "0.4421528473.",
    "Press **Take one gradient step** a few times: J falls each time. Now set g₁ = tanh, the loss to cross-entropy, "
    "x = 1, w₁ = 1, w₂ = −1.5 and η = 10, and step once: J jumps from 1.419 to 4.283. The step overshot.",
    "Set g₁ to ReLU and w₁ below 0 (with x > 0): z₁ < 0, so g₁′(z₁) = 0 and ∂J/∂w₁ = 0. A \"dead\" neuron passes "
    "no gradient back.",
    "In section 3 use sigmoids and 3 hidden layers: each layer's gradient is several times smaller than the next "
    "one's: on the way back every layer multiplies it by sigmoid slopes of at most 0.25 and by weights smaller "
    "than 1 (the vanishing gradient, beyond the lecture).",
)
frame.check_yourself(
    "In the lecture's network, which factor of ∂J/∂w₁ does ∂J/∂w₂ not need?",
    ["∂J/∂ŷ", "∂ŷ/∂z₁ · ∂z₁/∂w₁", "None: they use the same factors"], 1,
    "∂J/∂w₂ = ∂J/∂ŷ · ∂ŷ/∂w₂ stops at the output neuron; w₁ is one layer further back, so its product continues "
    "through ∂ŷ/∂z₁ and ∂z₁/∂w₁. Both start from the same ∂J/∂ŷ: that is the reuse backpropagation relies on.")
frame.code_panel(codegen.backprop_code(x, y, w1, w2, act, out, loss, depth, width, seed, lr),
                 "Paste into a notebook: it prints the chain rule, autograd, finite differences and every weight's "
                 "gradient shown here.")
frame.footer("backpropagation")

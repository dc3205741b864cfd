import streamlit as st

from core import backpropagation as topic, vocabulary
from core.codegen import backpropagation as script
from ui import controls, frame, results
from ui.charts import backpropagation as topic_charts
from ui.content import backpropagation as words

frame.page("backpropagation", words.RECAP)
st.latex(words.CHAIN_RULE)

ACTS = vocabulary.ACTIVATIONS.options(*topic.ACTIVATIONS)
LOSSES = vocabulary.LOSSES.options(*topic.LOSSES)
reference = topic.REFERENCE
DEFAULTS = {"x": 1.0, "y": 1.0, "w1": 1.0, "w2": 1.0, "act": "sigmoid", "out": "sigmoid", "loss": "mse",
            "lr": 1.0, "depth": 2, "width": 3, "seed": 0}
REF = {"x": reference["x"], "y": reference["y"], "w1": reference["w1"], "w2": reference["w2"]}
LO, HI = topic.WEIGHT_RANGE
deep_backprop = st.cache_data(topic.deep_backprop, max_entries=256, show_spinner=False)  # deterministic per settings


st.header("1 · The chain rule on the lecture's network")
left, right = st.columns([1, 2], gap="large")
with left:
    x = controls.slider("Input x", "x", -3.0, 3.0, DEFAULTS["x"], 0.1)
    y = controls.slider("Label y", "y", 0.0, 1.0, DEFAULTS["y"], 0.05)
    w1 = controls.slider("Weight w₁", "w1", LO, HI, DEFAULTS["w1"], 0.01, fmt="%.3f")
    w2 = controls.slider("Weight w₂", "w2", LO, HI, DEFAULTS["w2"], 0.01, fmt="%.3f")
    act = controls.select("Hidden activation g₁", "act", ACTS, DEFAULTS["act"])
    out = controls.select("Output activation g₂", "out", ACTS, DEFAULTS["out"])
    loss = controls.select("Loss J", "loss", LOSSES, DEFAULTS["loss"], help="For one example the mean squared "
                           "error is ½ (ŷ − y)² here. The ½ is nnlab's convention: it cancels the 2 of the "
                           "derivative, so ∂J/∂ŷ = ŷ − y.")
    # The presets under the controls they set: above them they push the sliders off a projector's first screen.
    controls.presets(DEFAULTS, {"Reference example": REF}, on_apply=lambda: results.forget("bp_steps"))
    st.caption(words.REFERENCE_NOTE)
chain = topic.chain_rule(x, y, w1, w2, act, out, loss)
with right:
    st.vega_lite_chart(topic_charts.graph_spec(chain), width="stretch")
    st.caption(words.passes_caption(x, chain))
    st.markdown("**The forward pass with numbers**")
    st.latex(topic_charts.forward_latex(chain))
st.markdown(words.INSIDE_THE_NEURON)  # below the graph: the controls and their result come first
if chain.problem:
    st.error(words.no_gradient(chain.problem, chain.out), icon=":material/block:")
else:
    st.markdown("**The two chain-rule products, every factor with its number**")
    st.latex(topic_charts.chain_latex(chain))
    st.markdown("**Where each factor comes from** (the slopes g′ from the slide's table)")
    frame.wide_latex(topic_charts.factors_latex(chain), "factors")  # three factors a line: smaller on a phone
    table = topic.compare(chain)
    st.markdown(words.THREE_WAYS)
    st.dataframe(table, hide_index=True, column_config={k: st.column_config.NumberColumn(format="%.10f")
                                                        for k in table.columns[1:4]})
    if table["agree"].all():
        st.success(words.AGREE, icon=":material/check_circle:")
    else:
        st.warning(f"The three differ here: {topic.why_they_differ(chain, table)}.", icon=":material/warning:")

st.header("2 · Take one gradient step")
st.markdown(words.STEP)
# the steps that led to these weights; anything other than a step moved (a slider, a menu, a preset): a new walk
walk = results.recall("bp_steps", (x, y, act, out, loss, w1, w2))
left, right = st.columns([1, 2], gap="large")
with left:
    lr = controls.learning_rate(default=DEFAULTS["lr"])


def take_step(chain: topic.Chain, lr: float, walk: dict | None) -> None:
    """One step w ← w − η ∂J/∂w: it moves the weight sliders, and the walk goes on from the new weights."""
    if not chain.ok:
        return
    step = topic.gradient_step(chain, lr)
    st.session_state["w1"], st.session_state["w2"] = step["w1"], step["w2"]
    history = walk["history"] if walk else [{"step": 0, "J": chain.J}]
    results.keep("bp_steps", (x, y, act, out, loss, step["w1"], step["w2"]),
                 {"last": step, "history": [*history, {"step": len(history), "J": step["J_after"]}]})


with left:
    st.button("Take one gradient step", key="step", on_click=take_step, args=(chain, lr, walk), disabled=not chain.ok,
              type="primary", icon=":material/footprint:")
with right:
    if walk:
        topic_charts.step_report(walk, topic.WEIGHT_RANGE)
    elif chain.ok:
        st.info(words.ready_to_step(chain.J), icon=":material/info:")
    else:
        st.info(words.NO_STEP, icon=":material/block:")

st.header("3 · The same on a deeper network, by autograd")
st.markdown(words.DEEP)
st.latex(words.DEEP_LATEX)
st.caption(words.ORIENTATION)
left, right = st.columns([1, 2], gap="large")
with left:
    depth = controls.slider("Hidden layers", "depth", 1, 3, DEFAULTS["depth"], 1)
    width = controls.slider("Units per hidden layer", "width", 1, 4, DEFAULTS["width"], 1)
    seed = controls.integer("Seed", "seed", 0, 9999, DEFAULTS["seed"], help="The initial weights (PyTorch's default).")
deep = deep_backprop(x, y, depth, width, act, out, loss, seed)
with right:
    if deep.problem:
        st.error(f"No gradient for this network: {deep.problem}.", icon=":material/block:")
    else:
        st.vega_lite_chart(topic_charts.sizes_spec(deep.layers), width="stretch")
        st.caption(words.sizes_caption(deep.widths, deep.J, deep.layers))
if not deep.problem:
    a, b = st.columns(2, gap="large")
    a.markdown("**The backward pass, in the order autograd computed it**")
    a.dataframe(topic_charts.events_frame(deep.events), hide_index=True)
    a.caption(words.events_caption(deep.hand_max_diff))
    b.markdown("**Every weight's gradient, output layer first**")
    b.dataframe(deep.params, hide_index=True, column_config={
        "value": st.column_config.NumberColumn("w", format="%.6f"),
        "grad": st.column_config.NumberColumn("∂J/∂w", format="%.6f"), "order": "computed at #"})

frame.lesson_end("backpropagation", words.TRY_THIS, frame.Quiz(**words.QUIZ),
                 script.backprop_code(x, y, w1, w2, act, out, loss, depth, width, seed, lr), words.CODE_CAPTION)

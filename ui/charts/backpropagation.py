"""Drawings and formulas for the backpropagation page: the lecture's graph x -> z1 -> y-hat -> J with the forward
values (blue) and the local derivatives flowing back (vermillion), the chain rule with numbers, and the gradient
sizes per layer of a deeper network. Built once per layout (ui.charts.template); each redraw sends only data.

No torch here: the page passes core.backpropagation's results, whose fields are plain floats and DataFrames.
"""

import functools
import math

import altair as alt
import pandas as pd
import streamlit as st

from ui.charts import BLUE, GREEN, ORANGE, VERMILLION, template, with_data

PASSES = ("forward pass", "backward pass")
COLOURS = {"forward pass": BLUE, "backward pass": VERMILLION, "value": "#222222"}
LOSS_TEX = {"mse": r"\tfrac12(\hat y - y)^2", "bce": r"-[y\ln\hat y + (1-y)\ln(1-\hat y)]"}
LOSS_SHORT = {"mse": "J = ½(ŷ − y)²", "bce": "J = BCE(ŷ, y)"}
ACT_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}"}


def num(v: float, digits: int = 4) -> str:
    """A number for the learner: real minus sign, `digits` significant digits, "undefined" if not finite."""
    return f"{v + 0.0:.{digits}g}".replace("-", "−") if math.isfinite(v) else "undefined"   # + 0.0: no "−0"


def tex(v: float, digits: int = 4, paren: bool = False) -> str:
    """A number for st.latex (ASCII minus, powers of ten written out), in parentheses if negative and `paren`."""
    if not math.isfinite(v):
        return r"\text{undefined}"
    s = f"{v + 0.0:.{digits}g}"
    if "e" in s:
        m, e = s.split("e")
        s = rf"{m} \times 10^{{{int(e)}}}"
    return f"({s})" if paren and v < 0 else s


# The graph ---------------------------------------------------------------------------------------------
def graph_frames(c) -> dict[str, pd.DataFrame]:
    """The lecture's graph as tables: nodes, edges (forward at y = 0, backward below), arrow heads and labels."""
    nodes = pd.DataFrame({"x": [0, 1, 2, 3], "y": [0.0] * 4, "name": ["x", "z₁", "ŷ", "J"]})
    edges = pd.DataFrame([{"x": i, "x2": i + 1, "y": y, "y2": y, "pass": p}
                          for i in range(3) for y, p in ((0.0, PASSES[0]), (-1.3, PASSES[1]))])
    heads = pd.DataFrame([{"x": i + 1 - 0.16, "y": 0.0, "shape": "triangle-right", "pass": PASSES[0]} for i in range(3)]
                         + [{"x": i + 0.16, "y": -1.3, "shape": "triangle-left", "pass": PASSES[1]} for i in range(3)])
    t = []

    def put(x, y, text, kind):
        t.append({"x": x, "y": y, "text": text, "pass": kind})
    # Forward: the weights on the edges, each node's value under it.
    put(0.5, 0.42, f"w₁ = {num(c.w1)}", PASSES[0])
    put(1.5, 0.42, f"w₂ = {num(c.w2)}", PASSES[0])
    put(2.5, 0.42, f"{LOSS_SHORT[c.loss]}, y = {num(c.y)}", PASSES[0])
    put(0, -0.4, f"x = {num(c.x)}", "value")
    put(1, -0.4, f"z₁ = w₁x = {num(c.z1)}", "value")
    put(1, -0.6, f"a₁ = g₁(z₁) = {num(c.a1)}", "value")
    put(2, -0.4, f"z₂ = w₂a₁ = {num(c.z2)}", "value")
    put(2, -0.6, f"ŷ = g₂(z₂) = {num(c.y_hat)}", "value")
    put(3, -0.4, f"J = {num(c.J)}", "value")
    # Backward: each edge's local derivative above its arrow, what arrives at each node and weight below.
    put(0.5, -1.05, f"∂z₁/∂w₁ = x = {num(c.dz1_dw1)}", PASSES[1])
    put(1.5, -0.87, f"∂ŷ/∂w₂ = {num(c.dyhat_dw2)}", PASSES[1])
    put(1.5, -1.05, f"∂ŷ/∂z₁ = {num(c.dyhat_dz1)}", PASSES[1])
    put(2.5, -1.05, f"∂J/∂ŷ = {num(c.dJ_dyhat)}", PASSES[1])
    bold = [{"x": 0.5, "y": -1.62, "text": f"∂J/∂w₁ = {num(c.dJ_dw1)}", "pass": PASSES[1]},
            {"x": 1.5, "y": -1.62, "text": f"∂J/∂w₂ = {num(c.dJ_dw2)}", "pass": PASSES[1]},
            {"x": 1, "y": -1.92, "text": f"∂J/∂z₁ = {num(c.dJ_dz1)}", "pass": PASSES[1]},
            {"x": 3, "y": -1.62, "text": "∂J/∂J = 1", "pass": PASSES[1]}]
    return {"nodes": nodes, "edges": edges, "heads": heads, "texts": pd.DataFrame(t), "results": pd.DataFrame(bold)}


@functools.lru_cache(maxsize=16)
def _graph_template(height: int) -> str:
    X = alt.X("x:Q", scale=alt.Scale(domain=[-0.45, 3.45], nice=False), axis=None)
    Y = alt.Y("y:Q", scale=alt.Scale(domain=[-2.1, 0.65], nice=False), axis=None)
    legend = alt.Color("pass:N", title=None, scale=alt.Scale(domain=list(PASSES), range=[BLUE, VERMILLION]))
    text_colour = alt.Color("pass:N", legend=None, scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())))
    edges = alt.Chart(alt.NamedData("edges")).mark_rule(strokeWidth=3).encode(x=X, y=Y, x2="x2:Q", y2="y2:Q",
                                                                               color=legend)
    heads = alt.Chart(alt.NamedData("heads")).mark_point(filled=True, size=260, opacity=1).encode(
        x=X, y=Y, shape=alt.Shape("shape:N", scale=None), color=alt.Color("pass:N", legend=None,
                                                                          scale=alt.Scale(domain=list(PASSES),
                                                                                          range=[BLUE, VERMILLION])))
    nodes = alt.Chart(alt.NamedData("nodes")).mark_circle(size=2600, color="white", stroke="#333", strokeWidth=2,
                                                          opacity=1).encode(x=X, y=Y)
    names = alt.Chart(alt.NamedData("nodes")).mark_text(fontSize=20, fontWeight="bold").encode(x=X, y=Y, text="name:N")
    texts = alt.Chart(alt.NamedData("texts")).mark_text(fontSize=14).encode(x=X, y=Y, text="text:N", color=text_colour)
    results = alt.Chart(alt.NamedData("results")).mark_text(fontSize=15, fontWeight="bold").encode(
        x=X, y=Y, text="text:N", color=text_colour)
    chart = alt.layer(edges, heads, nodes, names, texts, results).resolve_scale(color="independent")
    return template(chart.properties(height=height).configure_legend(orient="top", labelFontSize=13)
                    .configure_view(stroke=None))


def graph_spec(c, height: int = 400) -> dict:
    """The graph for st.vega_lite_chart."""
    return with_data(_graph_template(height), graph_frames(c),
                     "Computational graph of the network: the forward pass from the input to the loss J, and the "
                     "backward pass carrying each gradient back, with the values of the table below.")


# The chain rule with numbers -------------------------------------------------------------------------
def forward_latex(c) -> str:
    """The forward pass with the numbers substituted, one step a line."""
    g1, g2 = ACT_TEX[c.act], ACT_TEX[c.out]
    rows = [rf"z_1 &= w_1 x = ({tex(c.w1)})({tex(c.x)}) = {tex(c.z1)}",
            rf"a_1 &= g_1(z_1) = {g1}({tex(c.z1)}) = {tex(c.a1)}",
            rf"z_2 &= w_2 a_1 = ({tex(c.w2)})({tex(c.a1)}) = {tex(c.z2)}",
            rf"\hat y &= g_2(z_2) = {g2}({tex(c.z2)}) = {tex(c.y_hat)}", rf"J &= {LOSS_TEX[c.loss]} = {tex(c.J)}"]
    return r"\begin{aligned} " + r" \\ ".join(rows) + r" \end{aligned}"


def chain_latex(c) -> str:
    """The lecture's two products, every factor with its number, results to 10 decimals."""
    def f(v):
        return tex(v, 4, paren=True)
    w2 = (r"\frac{\partial J}{\partial w_2} &= \underbrace{\frac{\partial J}{\partial \hat y}}_{" + f(c.dJ_dyhat)
          + r"} \cdot \underbrace{\frac{\partial \hat y}{\partial w_2}}_{" + f(c.dyhat_dw2) + "} = "
          + tex(c.dJ_dw2, 10))
    w1 = (r"\frac{\partial J}{\partial w_1} &= \underbrace{\frac{\partial J}{\partial \hat y}}_{" + f(c.dJ_dyhat)
          + r"} \cdot \underbrace{\frac{\partial \hat y}{\partial z_1}}_{" + f(c.dyhat_dz1)
          + r"} \cdot \underbrace{\frac{\partial z_1}{\partial w_1}}_{" + f(c.dz1_dw1) + "} = " + tex(c.dJ_dw1, 10))
    return rf"\begin{{aligned}} {w2} \\[1.2em] {w1} \end{{aligned}}"


def factors_latex(c) -> str:
    """Where each factor comes from: the loss's slope, and the activations' slopes from the slide's table."""
    if c.loss == "mse":
        loss = rf"\hat y - y = {tex(c.y_hat)} - {tex(c.y, 4, True)} = {tex(c.dJ_dyhat)}"
    else:
        loss = rf"-\tfrac{{y}}{{\hat y}} + \tfrac{{1-y}}{{1-\hat y}} = {tex(c.dJ_dyhat)}"
    return (r"\begin{aligned} \tfrac{\partial J}{\partial \hat y} &= " + loss + r" \\ "
            r"\tfrac{\partial \hat y}{\partial w_2} &= g_2'(z_2)\, a_1 = " + f"({tex(c.dyhat_dz2)})({tex(c.a1)}) = "
            + tex(c.dyhat_dw2) + r" \\ \tfrac{\partial \hat y}{\partial z_1} &= g_2'(z_2)\, w_2\, g_1'(z_1) = "
            + f"({tex(c.dyhat_dz2)})({tex(c.w2)})({tex(c.da1_dz1)}) = " + tex(c.dyhat_dz1)
            + r" \\ \tfrac{\partial z_1}{\partial w_1} &= x = " + tex(c.x) + r" \end{aligned}")


# The deeper network ------------------------------------------------------------------------------------
SIZES = ("‖∂J/∂W⁽ᵏ⁾‖, weight gradients", "‖∂J/∂z⁽ᵏ⁾‖, upstream gradient")


@functools.lru_cache(maxsize=16)
def _sizes_template(height: int) -> str:
    chart = alt.Chart(alt.NamedData("sizes")).mark_bar().encode(
        x=alt.X("label:N", title="layer, in the order autograd reached it (output first)",
                sort=alt.EncodingSortField("order"), axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("size:N", sort=list(SIZES)),
        y=alt.Y("value:Q", title="size: Euclidean norm (no unit)"),
        color=alt.Color("size:N", title=None, scale=alt.Scale(domain=list(SIZES), range=[VERMILLION, ORANGE])),
        tooltip=["label:N", "size:N", alt.Tooltip("value:Q", format=".3g")])
    return template(chart.properties(height=height).configure_legend(orient="top", labelLimit=400))


def sizes_frame(layers: pd.DataFrame) -> pd.DataFrame:
    """Long table: one row per layer and size (norm of dJ/dW and of dJ/dz); non-finite values dropped."""
    long = pd.concat([layers.assign(size=SIZES[0], value=layers["grad_norm"]),
                      layers.assign(size=SIZES[1], value=layers["delta_norm"])])[["label", "order", "size", "value"]]
    return long[long["value"].map(math.isfinite)].reset_index(drop=True)


def sizes_spec(layers: pd.DataFrame, height: int = 280) -> dict:
    return with_data(_sizes_template(height), {"sizes": sizes_frame(layers)})


def events_frame(events: pd.DataFrame) -> pd.DataFrame:
    """What autograd computed, in order, with each vector written out (at most 4 entries)."""
    def vec(v):
        shown = ", ".join(num(a) for a in v[:4])
        return f"[{shown}{', …' if len(v) > 4 else ''}]"
    return pd.DataFrame({"#": events["order"], "computed": events["what"],
                         "layer": events["layer"], "value": events["values"].map(vec)})


# The gradient steps -------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=16)
def _steps_template(height: int) -> str:
    x = alt.X("step:Q", title="gradient steps taken", axis=alt.Axis(tickMinStep=1, format="d"))
    y = alt.Y("J:Q", title="loss J (no unit)", scale=alt.Scale(zero=False))
    tip = [alt.Tooltip("step:Q"), alt.Tooltip("J:Q", format=".6g")]
    base = alt.Chart(alt.NamedData("steps"))
    chart = alt.layer(base.mark_line(color=GREEN, strokeWidth=2.5).encode(x=x, y=y),
                      base.mark_point(color=GREEN, filled=True, size=70, opacity=1).encode(x=x, y=y, tooltip=tip))
    return template(chart.properties(height=height))


def steps_spec(history: pd.DataFrame, height: int = 200) -> dict:
    """J after each gradient step (step 0 = before any); non-finite values dropped."""
    h = history[["step", "J"]]
    return with_data(_steps_template(height), {"steps": h[h["J"].map(math.isfinite)].reset_index(drop=True)})


def step_report(steps: dict, bounds) -> None:
    """The last gradient step (J before and after, honest about a rise) and J after every step so far."""
    r = steps["last"]
    m = st.columns(3)
    m[0].metric("J before the step", num(r["J_before"], 6))
    m[1].metric("J after the step", num(r["J_after"], 6), delta=f"{r['change']:+.3g}", delta_color="inverse")
    m[2].metric("Steps taken", len(steps["history"]) - 1)
    if r["change"] < 0:
        st.success(f"The loss went down by {num(-r['change'], 3)} with η = {r['lr']:g}.", icon=":material/south:")
    elif r["change"] == 0:
        st.info("The loss did not change: the gradients are 0 or too small to move J in float64 (a ReLU that "
                "outputs 0 passes no gradient back; a saturated neuron passes almost none).",
                icon=":material/horizontal_rule:")
    else:
        st.warning(f"The loss went **up** by {num(r['change'], 3)}: with η = {r['lr']:g} the step overshot. The "
                   "gradient is only the slope where you stand; a long step can land higher. Try a smaller η.",
                   icon=":material/north:")
    if r["clipped"]:
        st.info(f"The step would leave the sliders' range [{bounds[0]:g}, {bounds[1]:g}], so "
                f"{' and '.join(r['clipped'])} stopped at its end.", icon=":material/info:")
    hist = pd.DataFrame(steps["history"])
    st.vega_lite_chart(steps_spec(hist), width="stretch")
    st.caption(f"Loss J after each of {len(hist) - 1} steps: from {num(hist.J.iloc[0], 6)} to "
               f"{num(hist.J.iloc[-1], 6)}.")

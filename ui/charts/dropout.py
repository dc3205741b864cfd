"""Charts of the Dropout page: the network with this forward pass's dropped units crossed out, and the
fits of the models trained with and without dropout. Built once as templates over named data (see
ui/charts/neural_networks.py); no torch here: the page passes numpy arrays and DataFrames from core."""

import functools

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import BLUE, GREEN, GREY, ORANGE, VERMILLION, template, with_data
from ui.charts.neural_networks import chart_height, network_frames

EDGES = ("w > 0", "w < 0", "unused this pass")
NODES = ("input", "kept: h/(1−p)", "dropped: 0", "output ŷ")


def _fmt(v: float) -> str:
    return f"{v:.2f}".replace("-", "−")


def diagram_frames(widths, weights, values, kept) -> dict[str, pd.DataFrame]:
    """network_frames with this pass's state: each node kept or dropped with its value as text, and every
    edge into or out of a dropped unit greyed. kept: one boolean array per hidden layer."""
    f = network_frames(widths, weights, values)
    nodes, last = f["nodes"].copy(), len(widths) - 1
    state = []
    for k, u in zip(nodes.x, nodes.unit):
        if k == 0:
            state.append(NODES[0])
        elif k == last:
            state.append(NODES[3])
        else:
            state.append(NODES[1] if kept[k - 1][u - 1] else NODES[2])
    nodes["state"] = state
    nodes["text"] = [("✕" if s == NODES[2] else _fmt(v)) for s, v in zip(state, nodes.value)]
    dropped = {(x, y) for x, y, s in zip(nodes.x, nodes.y, state) if s == NODES[2]}
    edges = f["edges"].copy()
    off = [((a, b) in dropped) or ((c, d) in dropped) for a, b, c, d in zip(edges.x, edges.y, edges.x2, edges.y2)]
    edges["sign"] = np.where(off, EDGES[2], np.where(edges["w"] < 0, EDGES[1], EDGES[0]))
    edges["abs_w"] = np.where(off, 0.0, edges["abs_w"])
    return {"edges": edges, "nodes": nodes, "gaps": f["gaps"], "labels": f["labels"]}


def _diagram_layers(f: dict) -> alt.LayerChart:
    xs = alt.Scale(zero=False, nice=False, padding=40)
    ys = alt.Scale(zero=False, nice=False, padding=14)
    X, Y = alt.X("x:Q", scale=xs, axis=None), alt.Y("y:Q", scale=ys, axis=None)
    edges = alt.Chart(f["edges"]).mark_rule(opacity=0.7).encode(
        x=X, y=Y, x2="x2:Q", y2="y2:Q",
        color=alt.Color("sign:N", title=None, scale=alt.Scale(domain=list(EDGES), range=[BLUE, ORANGE, "#DDDDDD"])),
        strokeWidth=alt.StrokeWidth("abs_w:Q", scale=alt.Scale(range=[0.6, 4]), legend=None),
        tooltip=[alt.Tooltip("weight:N"), alt.Tooltip("w:Q", format=".4f")])
    nodes = alt.Chart(f["nodes"]).mark_circle(size=900, stroke="#333", strokeWidth=1.5, opacity=1).encode(
        x=X, y=Y,
        fill=alt.Fill("state:N", title=None, scale=alt.Scale(domain=list(NODES),
                                                              range=["white", "#CFE8F7", "#BBBBBB", "#E8F5EF"])),
        tooltip=["layer:N", "unit:Q", "state:N", alt.Tooltip("value:Q", format=".4f", title="value passed on")])
    text = alt.Chart(f["nodes"]).mark_text(fontSize=11).encode(
        x=X, y=Y, text="text:N",
        color=alt.Color("state:N", legend=None, scale=alt.Scale(domain=list(NODES),
                                                                range=["black", "black", VERMILLION, "black"])))
    gaps = alt.Chart(f["gaps"]).mark_text(fontSize=12, color="#555").encode(x=X, y=Y, text="text:N")
    labels = alt.Chart(f["labels"]).mark_text(fontSize=12, fontWeight="bold").encode(x=X, y=Y, text="text:N")
    return alt.layer(edges, nodes, text, gaps, labels).resolve_scale(color="independent")


@functools.lru_cache(maxsize=16)
def _diagram_template(height: int) -> str:
    chart = _diagram_layers({k: alt.NamedData(k) for k in ("edges", "nodes", "gaps", "labels")})
    return template(chart.properties(height=height).configure_legend(orient="top", columns=2, labelLimit=0)
                    .configure_view(stroke=None))


def diagram_spec(widths, weights, values, kept) -> dict:
    """The network for one forward pass as a Vega-Lite dict: dropped units grey with ✕, their edges grey."""
    dropped = sum(len(k) - int(sum(map(bool, k))) for k in kept)
    sizes = " → ".join(map(str, widths))
    return with_data(_diagram_template(chart_height(widths) + 40), diagram_frames(widths, weights, values, kept),
                     f"Network diagram, layers of {sizes} units, for one forward pass: {dropped} hidden "
                     f"unit{'s' if dropped != 1 else ''} dropped (grey, with a cross), with their connections.")


FIT_SERIES = ("true curve", "without dropout", "with dropout")


@functools.lru_cache(maxsize=4)
def _fit_template(height: int) -> str:
    xs, ys = alt.Scale(domain=[-3, 3], nice=False), alt.Scale(domain=[-3, 3], clamp=True)
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(FIT_SERIES), range=[GREY, VERMILLION, BLUE]))
    lines = alt.Chart(alt.NamedData("fit")).mark_line(clip=True).encode(
        x=alt.X("x:Q", scale=xs, title="input x"), y=alt.Y("y:Q", scale=ys, title="output y"), color=colour,
        strokeDash=alt.StrokeDash("series:N", title=None, scale=alt.Scale(domain=list(FIT_SERIES),
                                                                            range=[[4, 3], [1, 0], [1, 0]])))
    pts = alt.Chart(alt.NamedData("points")).mark_point(filled=True, size=50, clip=True).encode(
        x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys),
        shape=alt.Shape("set:N", title=None, scale=alt.Scale(domain=["training point", "test point"],
                                                             range=["circle", "triangle-up"])),
        opacity=alt.Opacity("set:N", title=None, scale=alt.Scale(domain=["training point", "test point"],
                                                                  range=[1.0, 0.35])),
        color=alt.value(GREEN))
    return template(alt.layer(pts, lines).properties(height=height).configure_legend(orient="top"))


def fit_spec(result: dict, truth: pd.DataFrame, height: int = 340) -> dict:
    """Both trained models' predictions over x with the training and test points and the true curve."""
    fits = [truth.assign(series=FIT_SERIES[0])]
    for name in FIT_SERIES[1:]:
        f = result["runs"][name]["fit"]
        fits.append(f[np.isfinite(f.y)].assign(series=name))
    pts = pd.concat([result["train"].assign(set="training point"), result["test"].assign(set="test point")])
    return with_data(_fit_template(height), {"fit": pd.concat(fits, ignore_index=True), "points": pts})

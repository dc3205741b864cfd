"""Charts of the Playground: the output heatmap with training, validation and test points, the per-unit thumbnails
(one chart of PNG image marks), the network diagram with every weight and bias, and the curves.
Each template is built once (lru_cache) and each frame sends only data, so the page redraws fast
while training."""

import functools

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import neural_networks
from ui.charts import BLUE, GREEN, ORANGE, VERMILLION, png_data_uri, probability_rgba, template, with_data

CLASSES = ("class 0", "class 1")
SETS = ("training", "validation", "test")   # validation: held out of the training data when early stopping is on
MAX_CURVE_POINTS = 500   # per curve
_POINT_STYLE = {"training": ("circle", "white", 0.6), "validation": ("triangle-up", "white", 0.6),
                "test": ("square", "black", 1.6)}   # shape, edge colour, edge width


# Output heatmap ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _boundary_template(task: str, bx: tuple, x_title: str, y_title: str, height: int, sets: tuple = SETS) -> str:
    xs = alt.Scale(domain=list(bx[0]), nice=False, zero=False)
    ys = alt.Scale(domain=list(bx[1]), nice=False, zero=False)
    X, Y = alt.X("x:Q", scale=xs, title=x_title), alt.Y("y:Q", scale=ys, title=y_title)
    # Two image layers, a double buffer: Vega blanks an image mark while its new picture loads, so each live
    # frame changes only one of them (see Buffers) and the other one shows a picture meanwhile.
    images = [alt.Chart(alt.NamedData(name)).mark_image(aspect=False, align="left", baseline="bottom").encode(
        x=X, x2="x2:Q", y=Y, y2="y2:Q", url="url:N") for name in ("image_under", "image")]
    if task == "classification":
        colour = alt.Color("cls:N", title=None, scale=alt.Scale(domain=list(CLASSES), range=[ORANGE, BLUE]))
        value = alt.Tooltip("cls:N", title="label")
    else:
        colour = alt.Color("value:Q", title="y", scale=alt.Scale(domain=[-1, 0, 1], range=[ORANGE, "#f7f7f7", BLUE],
                                                                 clamp=True))
        value = alt.Tooltip("value:Q", title="y", format=".3f")
    points = alt.Chart(alt.NamedData("points")).mark_point(filled=True, size=40, opacity=0.95, clip=True).encode(
        x=X, y=Y, color=colour,
        shape=alt.Shape("set:N", title=None, scale=alt.Scale(domain=list(sets),
                                                             range=[_POINT_STYLE[s][0] for s in sets])),
        stroke=alt.Stroke("set:N", scale=alt.Scale(domain=list(sets), range=[_POINT_STYLE[s][1] for s in sets]),
                          legend=None),
        strokeWidth=alt.StrokeWidth("set:N", scale=alt.Scale(domain=list(sets),
                                                             range=[_POINT_STYLE[s][2] for s in sets]), legend=None),
        tooltip=[alt.Tooltip("x:Q", title=x_title, format=".2f"), alt.Tooltip("y:Q", title=y_title, format=".2f"),
                 value, alt.Tooltip("set:N")])
    return template(alt.layer(*images, points).properties(height=height).configure_legend(orient="top"))


class Buffers:
    """Double-buffered image layers for live redraws. Vega draws nothing in an image mark until its new picture
    has loaded, and Streamlit leaves a dataset whose rows did not change alone; so each live frame puts the new
    picture in one layer only, alternately the top and the one under it, and a picture is always on screen."""

    def __init__(self):
        self.layers: dict[str, list] = {}

    def __call__(self, name: str, df: pd.DataFrame, live: bool) -> dict[str, pd.DataFrame]:
        under, top, turn = self.layers.get(name, (df, df, 0)) if live else (df, df, 0)
        if live and name in self.layers:
            if turn == 0:
                top = df
            else:
                under = df
            turn = 1 - turn
        self.layers[name] = [under, top, turn]
        return {f"{name}_under": under, name: top}


def image_frame(shades: np.ndarray, bx) -> pd.DataFrame:
    """The heatmap as one PNG placed over the box (orange 0 · white 0.5 · blue 1)."""
    return pd.DataFrame({"url": [png_data_uri(probability_rgba(shades, strength=0.5))], "x": [bx[0][0]],
                         "x2": [bx[0][1]], "y": [bx[1][0]], "y2": [bx[1][1]]})


def boundary_spec(shades: np.ndarray, bx, points: pd.DataFrame, task: str, *, x_title="x₁", y_title="x₂",
                  height: int = 420, buffers: Buffers | None = None, live: bool = False) -> dict:
    """The plane coloured by the output (orange 0 · white 0.5 · blue 1) as one PNG image mark, with the
    points on top. points: x, y, set (training/validation/test) and label (0/1) or value (regression)."""
    image = image_frame(shades, bx)
    layers = (buffers or Buffers())("image", image, live)
    pts = points.copy()
    if task == "classification":
        pts["cls"] = pts.pop("label").map({0: CLASSES[0], 1: CLASSES[1]})
    bx = (tuple(map(float, bx[0])), tuple(map(float, bx[1])))
    sets = tuple(s for s in SETS if (pts["set"] == s).any()) or SETS[:1]   # the legend names only the sets shown
    return with_data(_boundary_template(task, bx, x_title, y_title, height, sets), {**layers, "points": pts})


# Hidden-unit thumbnails ------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _thumbs_template() -> str:
    none = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    X = alt.X("x:Q", axis=none, scale=alt.Scale(zero=False, nice=False))
    Y = alt.Y("y:Q", axis=none, scale=alt.Scale(zero=False, nice=False))
    images = [alt.Chart(alt.NamedData(name)).mark_image(aspect=False, align="left", baseline="bottom").encode(
        x=X, x2="x2:Q", y=Y, y2="y2:Q", url="url:N", tooltip=["name:N"]) for name in ("thumbs_under", "thumbs")]
    frames = alt.Chart(alt.NamedData("boxes")).mark_rect(fill=None, stroke="#666", strokeWidth=0.6).encode(
        x=X, x2="x2:Q", y=Y, y2="y2:Q", tooltip=["name:N"])
    heads = alt.Chart(alt.NamedData("heads")).mark_text(fontWeight="bold", fontSize=12, baseline="bottom").encode(
        x=X, y=Y, text="text:N")
    return template(alt.layer(*images, frames, heads).configure_view(stroke=None))


def thumbs_spec(units: list[dict], buffers: Buffers | None = None, live: bool = False) -> dict:
    """Each hidden unit's output over the plane as a small image: one column per layer (a fixed size per
    thumbnail: draw with width="content")."""
    rows, heads = [], {}
    for u in units:
        x0, y1 = (u["layer"] - 1) * 1.25, -(u["unit"] - 1) * 1.2
        rows.append({"url": png_data_uri(probability_rgba(u["grid"], strength=0.85)), "x": x0, "x2": x0 + 1,
                     "y": y1 - 1, "y2": y1, "name": f"hidden layer {u['layer']}, unit {u['unit']}"})
        heads[u["layer"]] = {"x": x0 + 0.5, "y": 0.25, "text": f"layer {u['layer']}"}
    depth = max((u["unit"] for u in units), default=1)
    thumbs = pd.DataFrame(rows, columns=["url", "x", "x2", "y", "y2", "name"])
    layers = (buffers or Buffers())("thumbs", thumbs, live)
    spec = with_data(_thumbs_template(), {**layers, "boxes": thumbs.drop(columns="url"),
                                          "heads": pd.DataFrame(list(heads.values()), columns=["x", "y", "text"])},
                     f"What each hidden unit computes over the plane: {len(units)} small pictures, one column per "
                     "hidden layer, orange where the unit's output is low and blue where it is high.")
    layers = max((u["layer"] for u in units), default=1)
    return {**spec, "height": 30 + 58 * depth, "width": 62 * layers}


# Network diagram --------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _network_template() -> str:
    X = alt.X("x:Q", scale=alt.Scale(zero=False, nice=False, padding=60), axis=None)
    Y = alt.Y("y:Q", scale=alt.Scale(zero=False, nice=False, padding=18), axis=None)
    signs = neural_networks.SIGNS
    edges = alt.Chart(alt.NamedData("edges")).mark_rule(opacity=0.8).encode(
        x=X, y=Y, x2="x2:Q", y2="y2:Q",
        color=alt.Color("sign:N", title=None, scale=alt.Scale(domain=list(signs), range=[BLUE, ORANGE])),
        strokeWidth=alt.StrokeWidth("abs_w:Q", scale=alt.Scale(domain=[0, 3], range=[0.4, 7], clamp=True), legend=None),
        tooltip=[alt.Tooltip("weight:N"), alt.Tooltip("w:Q", format=".4f")])
    nodes = alt.Chart(alt.NamedData("nodes")).mark_circle(size=700, stroke="#333", strokeWidth=1.5, opacity=1).encode(
        x=X, y=Y, color=alt.condition("datum.x == 0", alt.value("white"), alt.Color(
            "b:Q", title="bias w₀", legend=alt.Legend(orient="bottom", gradientLength=160),
            scale=alt.Scale(domain=[-2, 0, 2], range=[ORANGE, "#f7f7f7", BLUE], clamp=True))),
        tooltip=["layer:N", "unit:Q", alt.Tooltip("value:Q", format=".4f", title="bias w₀")])
    names = alt.Chart(alt.NamedData("nodes")).mark_text(fontSize=11).encode(x=X, y=Y, text="name:N")
    gaps = alt.Chart(alt.NamedData("gaps")).mark_text(fontSize=12, color="#555").encode(x=X, y=Y, text="text:N")
    labels = alt.Chart(alt.NamedData("labels")).mark_text(fontSize=12, fontWeight="bold", lineBreak="\n").encode(
        x=X, y=Y, text="text:N")
    bias = alt.Chart(alt.NamedData("outbias")).mark_text(fontSize=12, align="left", dx=22, fontWeight="bold").encode(
        x=X, y=Y, text="text:N")
    chart = alt.layer(edges, nodes, names, gaps, labels, bias).resolve_scale(color="independent")
    return template(chart.configure_legend(orient="top").configure_view(stroke=None))


def network_frames(widths: list[int], params: list[tuple], feature_labels: list[str]) -> dict[str, pd.DataFrame]:
    """Nodes (coloured by their bias), edges (by weight sign and size), and the output bias as text."""
    Ws = [W for W, _ in params]
    values = [np.full(widths[0], np.nan)] + [b for _, b in params]
    f = neural_networks.network_frames(widths, Ws, values)
    nodes = f["nodes"]
    inputs = nodes.x == 0
    nodes.loc[inputs, "name"] = [feature_labels[u - 1] for u in nodes.loc[inputs, "unit"]]
    nodes["b"] = nodes["value"].where(np.isfinite(nodes["value"]), 0.0)   # inputs have no bias (drawn white)
    labels = f["labels"]["text"].str.replace(": ", "\n").str.replace(" (", "\n(")   # two lines: narrow columns
    if len(widths) > 5:   # deep: short names, so the columns' labels do not run into each other
        labels = labels.str.replace("hidden ", "h").str.replace("input x", "x").str.replace("output ŷ", "ŷ")
        f["gaps"]["text"] = f["gaps"]["text"].str.replace(r"⋮ (\d+) more", r"+\1", regex=True)
    f["labels"]["text"] = labels
    out = nodes[nodes.x == len(widths) - 1].iloc[0]
    f["outbias"] = pd.DataFrame({"x": [out.x], "y": [out.y], "text": [f"output bias w₀ = {params[-1][1][0]:.4g}"]})
    return f


def network_spec(widths: list[int], params: list[tuple], feature_labels: list[str]) -> dict:
    spec = with_data(_network_template(), network_frames(widths, params, feature_labels),
                     f"Network diagram: inputs {', '.join(feature_labels)}, then layers of "
                     f"{' → '.join(map(str, widths[1:]))} units; each line is a weight, its width the weight's size.")
    return {**spec, "height": neural_networks.chart_height(widths) + 30}


# Curves ------------------------------------------------------------------------------------------
_CURVE_STYLE = {"training": (BLUE, [1, 0]), "validation": (GREEN, [2, 2]), "test": (VERMILLION, [5, 3])}


@functools.lru_cache(maxsize=16)
def _curve_template(y_title: str, height: int, sets: tuple) -> str:
    colours, dashes = [_CURVE_STYLE[s][0] for s in sets], [_CURVE_STYLE[s][1] for s in sets]
    return template(alt.Chart(alt.NamedData("curve")).mark_line().encode(
        x=alt.X("epoch:Q", title="epoch", scale=alt.Scale(domain=alt.DomainUnionWith(unionWith=[0, 10])),
                axis=alt.Axis(format="~d")),
        y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format="~g")),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=list(sets), range=colours)),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=list(sets), range=dashes), legend=None),
        tooltip=[alt.Tooltip("epoch:Q", format=".0f"), "series:N", alt.Tooltip("value:Q", format=".4f", title=y_title)],
    ).properties(height=height).configure_legend(orient="top"))


def curve_spec(history: pd.DataFrame, what: str, y_title: str, height: int = 200) -> dict:
    """Training, validation (when early stopping holds some points out) and test curves of `what` ("loss" or
    "acc") against epochs; non-finite values left out."""
    cols = {f"train_{what}": "training", f"val_{what}": "validation", f"test_{what}": "test"}
    if history[f"val_{what}"].isna().all():   # no validation set: no validation curve, nor its legend entry
        del cols[f"val_{what}"]
    if len(history) > MAX_CURVE_POINTS:   # a long run: every k-th epoch (and the last), so frames stay light
        k = -(-len(history) // MAX_CURVE_POINTS)
        history = history.iloc[sorted({*range(0, len(history), k), len(history) - 1})]
    long = history.melt(id_vars=["epoch"], value_vars=list(cols), var_name="series", value_name="value")
    long["series"] = long["series"].map(cols)
    long = long.replace([np.inf, -np.inf], np.nan).dropna()
    return with_data(_curve_template(y_title, height, tuple(cols.values())), {"curve": long})


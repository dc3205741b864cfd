"""Drawings and tables of dense networks: nodes as points, weights as lines coloured by sign, each weight
matrix labelled with its shape W⁽ᵏ⁾: inputs × units. No torch here: pages pass numpy arrays from core."""

import functools
import json
from itertools import pairwise

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import BLUE, ORANGE, accessible

SIGNS = ("positive weight", "negative weight")
CAP = 8   # at most this many units drawn per layer, so a wide layer stays readable and fast
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sup(k: int) -> str:
    return f"⁽{str(k).translate(_SUP)}⁾"


def drawn_units(n: int, cap: int = CAP) -> list:
    """The units (1-based) drawn for a layer of n: all of them, or the first and last few with None for the gap."""
    if n <= cap:
        return list(range(1, n + 1))
    head = cap // 2
    tail = cap - head - 1
    return [*range(1, head + 1), None, *range(n - tail + 1, n + 1)]


def layer_label(k: int, n: int, last: int) -> str:
    if k == 0:
        return f"input x ({n})"
    return f"output ŷ ({n})" if k == last else f"hidden {k} ({n})"


def _node_name(k: int, i: int, last: int) -> str:
    if k == 0:
        return f"x{str(i).translate(_SUB)}"
    return f"ŷ{str(i).translate(_SUB)}" if k == last else str(i)


def network_frames(widths, weights, values=None, cap: int = CAP) -> dict[str, pd.DataFrame]:
    """Nodes, edges and labels of the diagram as tables (what the chart draws, and what tests check)."""
    last = len(widths) - 1
    slots = [drawn_units(n, cap) for n in widths]
    top = (max(len(s) for s in slots) - 1) / 2
    ys = [{u: (len(s) - 1) / 2 - r for r, u in enumerate(s)} for s in slots]   # unit -> height, top first
    nodes, gaps, edges = [], [], []
    for k, (n, s) in enumerate(zip(widths, slots)):
        for u, y in ys[k].items():
            if u is None:
                gaps.append({"x": k, "y": y, "text": f"⋮ {n - len(s) + 1} more"})
                continue
            v = np.nan if values is None else float(values[k][u - 1])
            nodes.append({"x": k, "y": y, "name": _node_name(k, u, last), "layer": layer_label(k, n, last),
                          "unit": u, "value": v})
        if k == 0:
            continue
        W = np.asarray(weights[k - 1])
        for j, y0 in ys[k - 1].items():
            for i, y1 in ys[k].items():
                if j is None or i is None:
                    continue
                w = float(W[j - 1, i - 1])
                edges.append({"x": k - 1, "y": y0, "x2": k, "y2": y1, "w": w, "abs_w": abs(w),
                              "sign": SIGNS[w < 0], "weight": f"w{sup(k)} {j},{i}"})
    labels = [{"x": k - 0.5, "y": top + 0.9, "text": f"W{sup(k)}: {a}×{b}"}
              for k, (a, b) in enumerate(pairwise(widths), 1)]
    labels += [{"x": k, "y": -top - 0.9, "text": layer_label(k, n, last)} for k, n in enumerate(widths)]
    return {"nodes": pd.DataFrame(nodes), "edges": pd.DataFrame(edges),
            "gaps": pd.DataFrame(gaps, columns=["x", "y", "text"]), "labels": pd.DataFrame(labels)}


def _layers(f: dict) -> alt.LayerChart:
    """The diagram over `f` (DataFrames, or alt.NamedData for a template). The scales follow the data,
    so one spec fits every architecture."""
    xs = alt.Scale(zero=False, nice=False, padding=60)
    ys = alt.Scale(zero=False, nice=False, padding=14)
    X, Y = alt.X("x:Q", scale=xs, axis=None), alt.Y("y:Q", scale=ys, axis=None)
    edges = alt.Chart(f["edges"]).mark_rule(opacity=0.75).encode(
        x=X, y=Y, x2="x2:Q", y2="y2:Q",
        color=alt.Color("sign:N", title=None, scale=alt.Scale(domain=list(SIGNS), range=[BLUE, ORANGE])),
        strokeWidth=alt.StrokeWidth("abs_w:Q", scale=alt.Scale(range=[0.6, 4.5]), legend=None),
        tooltip=[alt.Tooltip("weight:N"), alt.Tooltip("w:Q", format=".4f")])
    nodes = alt.Chart(f["nodes"]).mark_circle(size=650, color="white", stroke="#333", strokeWidth=1.5,
                                              opacity=1).encode(
        x=X, y=Y, tooltip=["layer:N", "unit:Q", alt.Tooltip("value:Q", format=".4f", title="output for x")])
    names = alt.Chart(f["nodes"]).mark_text(fontSize=12).encode(x=X, y=Y, text="name:N")
    gaps = alt.Chart(f["gaps"]).mark_text(fontSize=12, color="#555").encode(x=X, y=Y, text="text:N")
    labels = alt.Chart(f["labels"]).mark_text(fontSize=13, fontWeight="bold").encode(x=X, y=Y, text="text:N")
    return alt.layer(edges, nodes, names, gaps, labels).configure_legend(orient="top").configure_view(stroke=None)


def chart_height(widths, cap: int = CAP) -> int:
    """Pixels: enough for the tallest column as drawn, plus the label rows."""
    return max(240, 44 * max(len(drawn_units(n, cap)) for n in widths) + 120)


def network_chart(widths, weights, values=None, cap: int = CAP) -> alt.LayerChart:
    """The network as the lecture draws it: units in columns, every weight a line (blue +, orange −,
    thicker = larger |w|), each matrix labelled W⁽ᵏ⁾: inputs × units; tooltips give the values for x."""
    return _layers(network_frames(widths, weights, values, cap)).properties(height=chart_height(widths, cap))


@functools.lru_cache(maxsize=16)
def _template() -> str:
    """The diagram's Vega-Lite spec over named datasets, built (and validated by Altair) once."""
    spec = _layers({k: alt.NamedData(k) for k in ("edges", "nodes", "gaps", "labels")}).to_dict()
    spec["config"]["view"] = {"stroke": None}   # without Altair's default 300 x 300 view size
    return json.dumps(spec)


def network_spec(widths, weights, values=None, cap: int = CAP) -> dict:
    """network_chart as a Vega-Lite dict for st.vega_lite_chart: the spec is built once and only the data
    change, so a control change redraws in milliseconds instead of Altair's ~100 ms of validation (README,
    "How it is built")."""
    sizes = " → ".join(str(w) for w in widths)
    return accessible({**json.loads(_template()), "height": chart_height(widths, cap),
                       "datasets": network_frames(widths, weights, values, cap)},
                      f"Network diagram: layers of {sizes} units, each unit joined to every unit of the next layer.")


def weight_frame(W, b) -> pd.DataFrame:
    """W⁽ᵏ⁾ with its bias as row 0: the entry in row j, column i is the lecture's w⁽ᵏ⁾ j,i."""
    W, b = np.asarray(W), np.asarray(b)
    return pd.DataFrame(np.vstack([b[None, :], W]),
                        index=["0 (bias w₀)", *[f"j = {j}" for j in range(1, W.shape[0] + 1)]],
                        columns=[f"i = {i}" for i in range(1, W.shape[1] + 1)])


def vector(v) -> str:
    """[1, 2] for a short vector, as a learner writes it."""
    return "[" + ", ".join(f"{float(a):g}" for a in np.ravel(v)) + "]"


def walk_frame(walk: pd.DataFrame) -> pd.DataFrame:
    """The layer walk for display: unit values to 4 decimals, blank where a layer has no such unit."""
    units = walk.columns[3:]
    shown = walk[units].map(lambda v: "" if v != v else f"{v:.4f}".replace("-", "−"))
    return pd.concat([walk[walk.columns[:3]], shown], axis=1)


def matrix_frame(A, row: str, col: str) -> pd.DataFrame:
    """A small matrix with its rows and columns named (row 1, row 2 ...)."""
    A = np.atleast_2d(np.asarray(A))
    return pd.DataFrame(A, index=[f"{row}{i}" for i in range(1, A.shape[0] + 1)],
                        columns=[f"{col}{i}" for i in range(1, A.shape[1] + 1)])


def unit_latex(k: int | None, i: int, terms: dict, result: str = "") -> str:
    """z_i = w⁽ᵏ⁾₀,ᵢ + Σⱼ xⱼ w⁽ᵏ⁾ⱼ,ᵢ with the numbers substituted, four products a line, for st.latex.

    k None leaves out the layer index; `result` is appended to the last line (e.g. ", g(z) = 0.5").
    """
    def n(v):
        return f"{v:.3f}".rstrip("0").rstrip(".")
    s = "" if k is None else f"^{{({k})}}"
    prods = [f"({n(a)})({n(w)})" for a, w in zip(terms["inputs"], terms["weights"])]
    lines = [" + ".join(prods[c:c + 4]) for c in range(0, len(prods), 4)]
    body = r" \\ &\quad + ".join(lines)
    return (rf"\begin{{aligned}} z_{{{i}}} &= w{s}_{{0,{i}}} + \sum_j x_j\, w{s}_{{j,{i}}} \\ "
            rf"&= {n(terms['w0'])} + {body} \\ &= {n(terms['z'])}{result} \end{{aligned}}")


def linear_frame(weight, bias) -> pd.DataFrame:
    """nn.Linear's weight (units × inputs) with its bias as a last column, one row per unit."""
    rows = [f"unit {i}" for i in range(1, len(bias) + 1)]
    bias_column = pd.DataFrame(bias[:, None], columns=["bias"], index=rows)
    return pd.concat([matrix_frame(weight, "unit ", "from x"), bias_column], axis=1)


def outputs_frame(y_scratch, y_linear) -> pd.DataFrame:
    """The dense layer's outputs both ways and their difference (one row each), one column per output unit."""
    outs = {"MyDenseLayer(x)": y_scratch}
    if y_linear is not None:
        outs |= {"torch.sigmoid(linear(x))": y_linear, "difference": y_scratch - y_linear}
    return pd.DataFrame(outs, index=[f"ŷ{i}" for i in range(1, len(y_scratch) + 1)]).T


def weight_shapes(widths) -> str:
    """The weight matrices with their shapes, as a caption lists them: "W⁽¹⁾ 2×3, W⁽²⁾ 3×1"."""
    return ", ".join(f"W{sup(k)} {a}×{b}" for k, (a, b) in enumerate(pairwise(widths), 1))

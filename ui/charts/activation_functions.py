"""Chart builders for the activation-functions page: one neuron's curve g(w1 x + w0) and its slope.

Built once per layout with Altair (ui.charts.template); each redraw only sends new data.
"""

import functools

import altair as alt
import pandas as pd

from ui.charts import BLUE, GREY, VERMILLION, template, with_data
from ui.text import num

# A fixed y-axis per function, so that moving the bias visibly slides the curve under a still frame.
Y_DOMAIN = {"sigmoid": (-0.1, 1.1), "tanh": (-1.15, 1.15), "relu": (-0.5, 6.5), "linear": (-6.5, 6.5),
            "leaky_relu": (-1.5, 6.5), "gelu": (-0.5, 6.5)}
SERIES = ("g(z)", "g′(z), the slope", "g without w₀, w₁")


@functools.lru_cache(maxsize=32)
def _curve_template(name: str, x_domain: tuple, title: str, subtitle: str, with_centre: bool,
                    height: int) -> str:
    xs = alt.Scale(domain=list(x_domain), nice=False)
    ys = alt.Scale(domain=list(Y_DOMAIN.get(name, (-6.5, 6.5))), nice=False)
    # No legend: three charts side by side share one key, written once above them by the page.
    color = alt.Color("series:N", legend=None, scale=alt.Scale(domain=list(SERIES), range=[BLUE, VERMILLION, GREY]))
    dash = alt.StrokeDash("series:N", legend=None, scale=alt.Scale(domain=list(SERIES), range=[[1, 0], [6, 3], [2, 2]]))
    tip = [alt.Tooltip("x:Q", format=".2f"), alt.Tooltip("z:Q", format=".2f"), alt.Tooltip("series:N", title="curve"),
           alt.Tooltip("y:Q", format=".4f", title="value")]
    layers = [alt.Chart(alt.NamedData("curves")).mark_line(clip=True, strokeWidth=2.5).encode(
                  x=alt.X("x:Q", scale=xs, title="input x"), y=alt.Y("y:Q", scale=ys, title="g(z) and g′(z)"),
                  color=color, strokeDash=dash, tooltip=tip),
              alt.Chart(alt.NamedData("points")).mark_point(filled=True, size=110, stroke="black", strokeWidth=1,
                                                            opacity=1, clip=True).encode(
                  x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), color=color, tooltip=tip)]
    if with_centre:
        layers.insert(0, alt.Chart(alt.NamedData("centre")).mark_rule(color=GREY, strokeDash=[3, 3]).encode(
            x=alt.X("x:Q", scale=xs)))
        layers.append(alt.Chart(alt.NamedData("centre")).mark_text(align="left", dx=4, dy=4, baseline="top",
                                                                   color="#555").encode(
            x=alt.X("x:Q", scale=xs), y=alt.value(0), text="label:N"))
    chart = alt.layer(*layers).properties(height=height, title=alt.Title(title, subtitle=subtitle or alt.Undefined))
    return template(chart)


def curve_spec(name: str, df: pd.DataFrame, ref: pd.DataFrame, point: dict, x: float, centre: float | None,
               *, title: str, subtitle: str = "", height: int = 260) -> dict:
    """g(z) and g'(z) against the input x (z = w1 x + w0), the unshifted g for reference, the current x marked,
    and a dotted rule where z = 0. df, ref: columns x, z, g, dg (core.activation_functions.curves); point: z, g, dg."""
    x_domain = (float(df["x"].min()), float(df["x"].max()))
    frames = {
        "curves": pd.concat([df.assign(series=SERIES[0], y=df["g"]), df.assign(series=SERIES[1], y=df["dg"]),
                             ref.assign(series=SERIES[2], y=ref["g"])])[["x", "z", "y", "series"]],
        "points": pd.DataFrame({"x": [x, x], "z": [point["z"]] * 2, "y": [point["g"], point["dg"]],
                                "series": list(SERIES[:2])})}
    with_centre = centre is not None and x_domain[0] <= centre <= x_domain[1]
    if with_centre:
        frames["centre"] = pd.DataFrame({"x": [centre], "label": ["z = 0"]})
    return with_data(_curve_template(name, x_domain, title, subtitle, with_centre, height), frames)


def sup(k: int) -> str:
    """A layer index as the lecture writes it: 2 -> ⁽²⁾."""
    return "⁽" + str(k).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) + "⁾"


def collapse_latex(n_mats: int) -> str:
    """((XᵀW⁽¹⁾)W⁽²⁾)⋯W⁽ᴸ⁾ = Xᵀ(W⁽¹⁾W⁽²⁾⋯W⁽ᴸ⁾), for st.latex: layer by layer, then one matrix."""
    def w(k: int) -> str:
        return rf"W^{{({k})}}"
    shown = list(range(1, n_mats + 1)) if n_mats <= 3 else [1, 2, None, n_mats]
    nested = rf"X^\top {w(1)}"
    for k in shown[1:]:
        nested = rf"{nested}\cdots" if k is None else rf"\big({nested}\big)\,{w(k)}"
    product = " ".join(r"\cdots" if k is None else w(k) for k in shown)
    return rf"{nested} = X^\top \big({product}\big)"


def collapse_caption(c: dict) -> str:
    """What the collapse shows, from its numbers (core.activation_functions.linear_collapse): one matrix without g, and
    what the same weights do with a ReLU between the layers."""
    head = (f"{c['n_weights']} weights in {len(c['mats'])} matrices, yet the map they compute is 2 numbers, M. "
            "With a ReLU after each hidden layer, the same weights ")
    if c["relu_linear"]:
        return head + ("happen to compute a linear map again: with so few units, their ReLUs switch off in a way "
                       "that leaves one. With more units, the nonlinearity is what stops the collapse.")
    a, b = num(c["out_relu"], 6), num(c["out_relu_neg"], 6)
    if abs(c["out_relu_neg"] + c["out_relu"]) > 1e-9:
        why = (f"give {a} at X and {b} at −X; one matrix always gives opposite numbers at X and −X "
               "(XᵀM and −XᵀM), so no M reproduces them")
    else:
        why = f"give {a} at X, and no single M reproduces them at every input"
    return head + why + ": the nonlinearity is what stops the collapse."


def matrix_frame(W) -> pd.DataFrame:
    """A weight matrix as a table: row j is input j, column i is unit i (the entry w_j,i)."""
    return pd.DataFrame(W, index=[f"j = {j}" for j in range(1, W.shape[0] + 1)],
                        columns=[f"i = {i}" for i in range(1, W.shape[1] + 1)]).round(4)


def activation_table(activations: list) -> str:
    """The slide's table as markdown, one row per activation (core.activation_functions.Activation: its label,
    formula, slope and PyTorch call)."""
    rows = [f"| {a.label}{'' if a.in_lecture else ' (beyond the lecture)'} | ${a.g_tex}$ | ${a.slope_tex}$ | "
            f"`{a.torch_call}` |" for a in activations]
    return "| g | g(z) | g′(z) | PyTorch |\n|---|---|---|---|\n" + "\n".join(rows)


def point_table(points: dict, labels: dict) -> list[dict]:
    """Each activation at the marked input (core.activation_functions.at_point): z, g(z) and the slope both ways."""
    return [{"g": labels[k], "z": num(p["z"]), "g(z)": num(p["g"], 10), "g′(z) by autograd": num(p["dg"], 10),
             "g′(z), by the formula below": num(p["dg_formula"], 10)} for k, p in points.items()]

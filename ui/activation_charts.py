"""Chart builders for the activation-functions page: one neuron's curve g(w1 x + w0) and its slope.

Built once per layout with Altair (ui.charts.template); each redraw only sends new data.
"""

import functools

import altair as alt
import pandas as pd

from ui.charts import BLUE, GREY, VERMILLION, template, with_data

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
    and a dotted rule where z = 0. df, ref: columns x, z, g, dg (core.activations.curves); point: z, g, dg."""
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

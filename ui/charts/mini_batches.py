"""Charts of the "Mini-batches" page: the cloud of batch gradients around the true gradient, the variance
of the estimate against B (log-log), the race of batch sizes, and the learning-rate sweep.
Templates are built once (cached, bounded); each draw sends only data."""

import functools

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import BLUE, GREEN, GREY, ORANGE, VERMILLION, template, with_data

COLOURS = [VERMILLION, ORANGE, GREEN, BLUE, "#000000"]   # B = 1, 8, 32, 128, N: warm = noisy, dark = exact


def _batch_colour(labels: tuple) -> alt.Color:
    return alt.Color("batch:N", title=None, sort=list(labels),
                     scale=alt.Scale(domain=list(labels), range=COLOURS[:len(labels)]))


def _finite(df: pd.DataFrame, cols, positive: bool = False) -> pd.DataFrame:
    out = df.replace([np.inf, -np.inf], np.nan).dropna(subset=list(cols))
    return out[(out[list(cols)] > 0).all(axis=1)] if positive else out


@functools.lru_cache(maxsize=8)
def _cloud_template(labels: tuple, height: int) -> str:
    points = alt.Chart(alt.NamedData("cloud")).mark_circle(size=22, opacity=0.55).encode(
        x=alt.X("u:Q", title=["component along the true gradient", "(loss per unit of weight)"]),
        y=alt.Y("v:Q", title="component across it (loss per unit of weight)"),
        color=_batch_colour(labels), order=alt.Order("B:Q", sort="ascending"),
        tooltip=["batch:N", alt.Tooltip("u:Q", format=".3f"), alt.Tooltip("v:Q", format=".3f")])
    cross = alt.Chart(alt.NamedData("marks")).mark_point(shape="cross", size=260, filled=True, opacity=1,
                                                         stroke="white", strokeWidth=1).encode(
        x="u:Q", y="v:Q", color=alt.Color("what:N", legend=None, scale=alt.Scale(
            domain=["true gradient ∂J/∂W", "zero"], range=["#000000", GREY])), tooltip=["what:N"])
    text = cross.mark_text(align="left", dx=10, dy=-12, fontWeight="bold", fontSize=13).encode(text="what:N")
    chart = alt.layer(points, cross, text).resolve_scale(color="independent")
    return template(chart.properties(height=height).configure_legend(orient="top"))


def cloud_spec(cloud: pd.DataFrame, true_norm: float, height: int = 400) -> dict:
    """Each drawn batch's gradient estimate as a point; a cross at the true gradient and one at zero."""
    labels = tuple(cloud.drop_duplicates("B").sort_values("B").batch)
    marks = pd.DataFrame({"u": [true_norm, 0.0], "v": [0.0, 0.0], "what": ["true gradient ∂J/∂W", "zero"]})
    # Largest batches last, so the small clouds are drawn on top of SGD's wide one.
    return with_data(_cloud_template(labels, height), {"cloud": _finite(cloud, ["u", "v"]), "marks": marks})


@functools.lru_cache(maxsize=4)
def _variance_template(height: int) -> str:
    x = alt.X("B:Q", title="batch size B (examples, log scale)", scale=alt.Scale(type="log", base=2))
    y = alt.Y("value:Q", title="variance E|∇_B − ∂J/∂W|² (squared gradient units, log scale)",
              scale=alt.Scale(type="log"))
    series = alt.Scale(domain=["measured (random batches)", "exact: σ²/B · (n−B)/(n−1)", "σ²/B (slope −1)"],
                       range=[VERMILLION, BLUE, GREY])
    lines = alt.Chart(alt.NamedData("laws")).mark_line(strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("series:N", title=None, scale=series,
                                  legend=alt.Legend(orient="top", labelLimit=400)),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series.domain, range=[[1, 0], [1, 0], [5, 4]]),
                                  legend=None))
    points = alt.Chart(alt.NamedData("measured")).mark_point(size=70, filled=True, opacity=1).encode(
        x=x, y=y, color=alt.Color("series:N", scale=series, legend=None),
        tooltip=[alt.Tooltip("B:Q"), alt.Tooltip("value:Q", format=".4g", title="measured")])
    return template(alt.layer(lines, points).properties(height=height).configure_legend(orient="top"))


def variance_spec(variance: pd.DataFrame, height: int = 400) -> dict:
    """Measured variance per B (points) against the exact law and σ²/B (lines); zeros (B = n) left out."""
    names = {"measured": "measured (random batches)", "exact": "exact: σ²/B · (n−B)/(n−1)",
             "with_replacement": "σ²/B (slope −1)"}
    long = variance.melt(id_vars=["B"], value_vars=list(names), var_name="series", value_name="value")
    long["series"] = long.series.map(names)
    long = _finite(long, ["value"], positive=True)
    measured = long[long.series == names["measured"]]
    return with_data(_variance_template(height), {"laws": long[long.series != names["measured"]],
                                                  "measured": measured})


X_TITLES = {"step": "optimizer steps (log scale)", "examples": "examples seen (gradient evaluations)",
            "seconds": "measured wall time (s)"}


@functools.lru_cache(maxsize=16)
def _race_template(x: str, labels: tuple, height: int) -> str:
    scale = alt.Scale(type="log", nice=False) if x == "step" else alt.Scale(nice=False)
    return template(alt.Chart(alt.NamedData("race")).mark_line(strokeWidth=2).encode(
        x=alt.X(f"{x}:Q", title=X_TITLES[x], scale=scale),
        y=alt.Y("train_loss:Q", title="training loss J(W) (BCE, log scale)", scale=alt.Scale(type="log")),
        color=_batch_colour(labels),
        tooltip=["batch:N", alt.Tooltip(f"{x}:Q", format=".4g"), alt.Tooltip("train_loss:Q", format=".4f")],
    ).properties(height=height).configure_legend(orient="top", columns=3))


def race_spec(race: pd.DataFrame, x: str, labels: tuple, height: int = 320) -> dict:
    """Loss curves of every batch size against steps, examples seen or wall time (non-finite left out)."""
    df = _finite(race[["batch", "B", x, "train_loss"]], [x, "train_loss"])
    df = df[df.train_loss > 0]   # a log axis
    if x == "step":
        df = df[df.step > 0]   # a log axis: every run starts from the same loss at step 0
    return with_data(_race_template(x, tuple(labels), height), {"race": df})


@functools.lru_cache(maxsize=8)
def _sweep_template(labels: tuple, height: int) -> str:
    enc = {"x": alt.X("lr:Q", title="learning rate η (log scale)", scale=alt.Scale(type="log", nice=False)),
           "y": alt.Y("final_loss:Q", title="training loss J(W) after the steps (log scale)",
                      scale=alt.Scale(type="log")),
           "color": _batch_colour(labels)}
    lines = alt.Chart(alt.NamedData("sweep")).mark_line(strokeWidth=2).encode(**enc)
    points = alt.Chart(alt.NamedData("sweep")).mark_point(size=60, filled=True, opacity=1).encode(
        **enc, tooltip=["batch:N", alt.Tooltip("lr:Q", title="η"), alt.Tooltip("final_loss:Q", format=".4f")])
    start = alt.Chart(alt.NamedData("start")).mark_rule(strokeDash=[5, 4], color=GREY).encode(y="loss:Q")
    start_text = alt.Chart(alt.NamedData("start")).mark_text(align="left", dx=4, dy=-7, color="#555").encode(
        y="loss:Q", x=alt.value(0), text=alt.value("starting loss (all runs)"))
    return template(alt.layer(start, start_text, lines, points).properties(height=height)
                    .configure_legend(orient="top"))


def sweep_spec(sweep: pd.DataFrame, height: int = 360) -> dict:
    """Final loss against the learning rate, one line per batch size (diverged runs left out)."""
    labels = tuple(sweep.drop_duplicates("B").sort_values("B").batch)
    start = pd.DataFrame({"loss": [float(sweep.start_loss.iloc[0])]})
    return with_data(_sweep_template(labels, height),
                     {"sweep": _finite(sweep[["batch", "B", "lr", "final_loss"]], ["lr", "final_loss"], True),
                      "start": start})

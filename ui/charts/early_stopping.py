"""Charts of the "Early stopping" page: training vs validation loss with the stop point and the
under-/over-fitting regions, and the two models' fits to the points. Cached templates, data per draw."""

import functools
import altair as alt
import numpy as np
import pandas as pd

from ui.charts import BLUE, GREEN, GREY, ORANGE, VERMILLION, template, with_data

SERIES = {"train_loss": "training", "val_loss": "validation"}
STOP_LABEL = "Stop training here!"
FITS = {"truth": "true rule", "restored": "restored checkpoint", "final": "final model"}


@functools.lru_cache(maxsize=16)
def _loss_template(x_max: int, height: int) -> str:
    xs = alt.Scale(domain=[0, x_max], nice=False)
    x = alt.X("step:Q", title="training iteration (optimizer step)", scale=xs)
    regions = alt.Chart(alt.NamedData("regions")).mark_rect(opacity=0.12).encode(
        x=x, x2="x2:Q", color=alt.Color("region:N", scale=alt.Scale(domain=["under-fitting", "over-fitting"],
                                                                      range=[BLUE, VERMILLION]), legend=None))
    region_text = alt.Chart(alt.NamedData("regions")).mark_text(fontWeight="bold", fontSize=13,
                                                                baseline="bottom", dy=-4).encode(
        x="mid:Q", y=alt.value("height"), text="region:N",
        color=alt.Color("region:N", scale=alt.Scale(domain=["under-fitting", "over-fitting"],
                                                    range=[BLUE, VERMILLION]), legend=None))
    lines = alt.Chart(alt.NamedData("loss")).mark_line(strokeWidth=2.5).encode(
        x=x, y=alt.Y("loss:Q", title="loss J(W) (mean squared error, log scale)", scale=alt.Scale(type="log")),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=list(SERIES.values()), range=[BLUE, ORANGE])),
        tooltip=[alt.Tooltip("step:Q"), "series:N", alt.Tooltip("loss:Q", format=".4f")])
    rules = alt.Chart(alt.NamedData("marks")).mark_rule(strokeWidth=2).encode(
        x=x, strokeDash=alt.StrokeDash("kind:N", scale=alt.Scale(domain=["stop", "patience"],
                                                                 range=[[1, 0], [5, 4]]), legend=None),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["stop", "patience"], range=["black", GREY]), legend=None))
    rule_text = [alt.Chart(alt.NamedData("marks")).transform_filter(alt.datum.kind == kind).mark_text(
        align="left", dx=5, dy=dy, fontWeight="bold", baseline="top", color=colour).encode(
        x=x, y=alt.value(0), text="label:N") for kind, dy, colour in (("stop", 4, "black"), ("patience", 22, "#555"))]
    best = alt.Chart(alt.NamedData("best")).mark_point(shape="diamond", size=160, filled=True, color=ORANGE,
                                                       stroke="black", strokeWidth=1.5, opacity=1).encode(
        x=x, y=alt.Y("loss:Q", scale=alt.Scale(type="log")), tooltip=[alt.Tooltip("step:Q"),
                                                                     alt.Tooltip("loss:Q", format=".4f")])
    chart = alt.layer(regions, region_text, lines, rules, *rule_text, best).resolve_scale(color="independent")
    return template(chart.properties(height=height).configure_legend(orient="top"))


def loss_frames(history: pd.DataFrame, restored_step: int, stop_step: int | None, x_max: int) -> dict:
    """The layers' data: curves (finite, positive), the two regions, the stop and patience marks, the best point."""
    long = history.melt(id_vars=["step"], value_vars=list(SERIES), var_name="series", value_name="loss")
    long["series"] = long["series"].map(SERIES)
    long = long.replace([np.inf, -np.inf], np.nan).dropna()
    long = long[long.loss > 0]
    regions = pd.DataFrame({"step": [0, restored_step], "x2": [restored_step, x_max],
                            "region": ["under-fitting", "over-fitting"]})
    regions["mid"] = (regions.step + regions.x2) / 2
    regions = regions[regions.x2 > regions.step]   # stopping at step 0 (or the end) leaves one region
    marks = [{"step": restored_step, "kind": "stop", "label": STOP_LABEL}]
    if stop_step is not None and stop_step != restored_step:
        marks.append({"step": stop_step, "kind": "patience", "label": "patience ran out"})
    row = history[history.step == restored_step]
    best = pd.DataFrame({"step": row.step, "loss": row.val_loss})
    return {"regions": regions, "loss": long, "marks": pd.DataFrame(marks), "best": best}


def loss_spec(history: pd.DataFrame, restored_step: int, stop_step: int | None, x_max: int,
              height: int = 360) -> dict:
    return with_data(_loss_template(int(x_max), height), loss_frames(history, restored_step, stop_step, x_max))


@functools.lru_cache(maxsize=4)
def _fit_template(height: int) -> str:
    x = alt.X("x:Q", title="input x", scale=alt.Scale(domain=[-3.2, 3.2], nice=False))
    y_scale = alt.Scale(domain=[-3, 3], clamp=True)
    lines = alt.Chart(alt.NamedData("fit")).mark_line(strokeWidth=2.5, clip=True).encode(
        x=x, y=alt.Y("y:Q", title="output ŷ (and label y)", scale=y_scale),
        color=alt.Color("model:N", title=None, scale=alt.Scale(domain=list(FITS.values()),
                                                               range=[GREY, GREEN, VERMILLION])),
        strokeDash=alt.StrokeDash("model:N", scale=alt.Scale(domain=list(FITS.values()),
                                                             range=[[4, 4], [1, 0], [1, 0]]), legend=None))
    sets = alt.Scale(domain=["training", "validation"], range=[BLUE, ORANGE])
    legend = alt.Legend(title=None, orient="bottom")
    points = alt.Chart(alt.NamedData("points")).mark_point(filled=True, size=90, stroke="black", strokeWidth=0.8,
                                                           opacity=1).encode(
        x=x, y=alt.Y("y:Q", scale=y_scale), color=alt.Color("set:N", scale=sets, legend=legend),
        shape=alt.Shape("set:N", scale=alt.Scale(domain=["training", "validation"], range=["circle", "square"]),
                        legend=None),
        tooltip=["set:N", alt.Tooltip("x:Q", format=".2f"), alt.Tooltip("y:Q", format=".2f")])
    chart = alt.layer(lines, points).resolve_scale(color="independent")
    return template(chart.properties(height=height).configure_legend(orient="top"))


def fit_spec(fit: pd.DataFrame | None, points: pd.DataFrame, height: int = 360) -> dict:
    """The restored checkpoint's and the final model's curves over x, the true rule, and the points
    (only the points before training: fit=None)."""
    if fit is None:
        fit = pd.DataFrame({"x": [], **{k: [] for k in FITS}}, dtype=float)
    long = fit.melt(id_vars=["x"], value_vars=list(FITS), var_name="model", value_name="y")
    long["model"] = long["model"].map(FITS)
    long = long.replace([np.inf, -np.inf], np.nan).dropna()
    return with_data(_fit_template(height), {"fit": long, "points": points[["x", "y", "set"]]})

"""Charts for the loss page: each loss against its prediction with the table's rows marked on the curve,
and the per-example losses as bars beside their mean J(W). Built once per layout (ui.charts.template);
each redraw only sends new data."""

import functools
import math

import altair as alt
import pandas as pd

from ui.charts import BLUE, ORANGE, VERMILLION, template, with_data

BCE_MAX = 7.0   # the curves' y-axis stops here (-ln 0.001 = 6.9); larger losses sit on the edge as triangles
CURVES = {1: "y = 1 (passed): −ln f", 0: "y = 0 (failed): −ln(1 − f)"}
AXES = {"bce": ("f(x): the predicted probability of passing", [0, 1], "loss L", [0, BCE_MAX]),
        "mse": ("error y − f(x), in grade points", [-100, 100], "loss L = (y − f)²", [0, 10_000])}


def loss_text(v: float, kind: str, short: bool = False) -> str:
    """A loss as the page prints it: 6 decimals (4 if short) for cross-entropy, 6 figures for squared errors."""
    if math.isinf(v):
        return "∞"
    return f"{v:.{4 if short else 6}f}" if kind == "bce" else f"{v:.6g}"


def precise(v: float | None) -> str:
    return "cannot be called" if v is None else "∞" if math.isinf(v) else f"{v:.10g}"


def results_frame(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Each table row's loss, worked out, as text: the page's table beside the editor."""
    return pd.DataFrame({"row": rows["row"].astype(int), "worked out": rows["working"], "loss L": rows["loss"].map(
                             lambda v: "—" if math.isnan(v) else loss_text(v, kind)), "note": rows["note"]})


def mean_latex(losses, J: float, kind: str) -> str:
    """J(W) = (1/n)(L1 + L2 + ...) = J, with the table's numbers (long tables elided in the middle)."""
    terms = [loss_text(v, kind).replace("∞", r"\infty") for v in losses]
    if len(terms) > 6:
        terms = terms[:3] + [r"\cdots"] + terms[-2:]
    total = loss_text(J, kind).replace("∞", r"\infty")
    return rf"J(W) = \frac{{1}}{{{len(losses)}}}\big({' + '.join(terms)}\big) = {total}"


def summary(rows: pd.DataFrame, J: float | None, kind: str) -> str:
    """The charts in one sentence, for a screen reader."""
    r = rows[rows["loss"].notna()]
    if r.empty:
        return "Charts: no row counts, so there is nothing to mark and no mean to draw."
    top = r.loc[r["loss"].idxmax()]
    wrong = kind == "bce" and (top["f"] < 0.5) == (top["y"] == 1)
    mean = ("J(W) = ∞, so there is no mean line" if math.isinf(J) else
            f"their mean J(W) = {loss_text(J, kind)} is above the bars' axis, so its line is not drawn"
            if kind == "bce" and J > BCE_MAX else f"the dashed line is their mean, J(W) = {loss_text(J, kind)}")
    return (f"Charts: {len(r)} counted example(s), on the curve and as bars. The largest loss is row "
            f"{int(top['row'])}'s, {loss_text(top['loss'], kind)}"
            f"{': a confident wrong answer' if wrong else ''}; {mean}."
            + (f" Triangles on the top edge mark losses above {BCE_MAX:g}." if kind == "bce" and
               (r["loss"] > BCE_MAX).any() else ""))


def calls_frame(calls: list[dict], J: float, clamp: bool = False) -> pd.DataFrame:
    """The formula's J(W) beside each PyTorch call's (core.loss_functions.pytorch_calls), and whether they agree."""
    from_formula = {"computed by": "the lecture's formula", "J(W)": precise(J), "same?": "",
                    "note": "each log clamped at −100" if clamp else ""}
    return pd.DataFrame([from_formula] + [
        {"computed by": c["call"], "J(W)": precise(c["value"]),
         "same?": "—" if c["value"] is None else "yes" if c["agrees"] else "no", "note": c["note"]}
        for c in calls])


def points(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The rows that count (a loss that is not NaN) as chart marks: where each sits and what it shows."""
    r = rows[rows["loss"].notna()]
    cap = BCE_MAX if kind == "bce" else math.inf
    return pd.DataFrame({
        "row": r["row"].astype(str), "f": r["f"], "y": r["y"], "loss": r["loss"].map(lambda v: loss_text(v, kind)),
        "x": r["f"] if kind == "bce" else r["y"] - r["f"],
        "height": r["loss"].clip(upper=cap), "off": r["loss"] > cap,
        "series": r["y"].map(CURVES) if kind == "bce" else "(y − f)²"})


def _colour(kind: str, legend: bool):
    if kind == "mse":
        return alt.value(BLUE)
    domain = [CURVES[1], CURVES[0]]
    return alt.Color("series:N", scale=alt.Scale(domain=domain, range=[BLUE, ORANGE]),
                     legend=alt.Legend(title=None, orient="top") if legend else None)


_TIPS = [alt.Tooltip("row:N", title="row"), alt.Tooltip("f:Q", title="f(x)"), alt.Tooltip("y:Q", title="y"),
         alt.Tooltip("loss:N", title="loss L")]


@functools.lru_cache(maxsize=8)
def _curve_template(kind: str, height: int) -> str:
    x_title, x_dom, y_title, y_dom = AXES[kind]
    xs, ys = alt.Scale(domain=x_dom, nice=False), alt.Scale(domain=y_dom, nice=False)
    x, y = alt.X("x:Q", scale=xs, title=x_title), alt.Y("height:Q", scale=ys, title=y_title)
    curve = alt.Chart(alt.NamedData("curve")).mark_line(clip=True, strokeWidth=2.5).encode(
        x=x, y=alt.Y("loss:Q", scale=ys), color=_colour(kind, True))
    marks = alt.Chart(alt.NamedData("points")).mark_point(filled=True, size=140, stroke="black", strokeWidth=1,
                                                          opacity=1).encode(
        x=x, y=y, color=_colour(kind, False), tooltip=_TIPS,
        shape=alt.Shape("off:N", scale=alt.Scale(domain=[False, True], range=["circle", "triangle-up"]), legend=None))
    labels = alt.Chart(alt.NamedData("points")).mark_text(dy=-14, fontWeight="bold", color="#333").encode(
        x=x, y=y, text="row:N")
    return template(alt.layer(curve, marks, labels).properties(height=height))


def curve_spec(kind: str, curve: pd.DataFrame, rows: pd.DataFrame, height: int = 300) -> dict:
    """The loss against the prediction (BCE: both curves over f; MSE: the parabola over the error y - f),
    with each counted row of the table marked and numbered. curve: core.loss_functions.bce_curves / mse_curve."""
    c = curve.assign(x=curve["f"], series=curve["y"].map(CURVES)) if kind == "bce" else \
        curve.assign(x=curve["error"])
    return with_data(_curve_template(kind, height), {"curve": c[["x", "loss"] + (["series"] if kind == "bce" else [])],
                                                     "points": points(rows, kind)})


@functools.lru_cache(maxsize=8)
def _bars_template(kind: str, height: int) -> str:
    x = alt.X("row:O", title="example (row of the table)", axis=alt.Axis(labelAngle=0))
    y = alt.Y("height:Q", title="loss L of the example", scale=alt.Scale(domain=[0, BCE_MAX]) if kind == "bce"
              else alt.Undefined)
    bars = alt.Chart(alt.NamedData("points")).mark_bar(stroke="black", strokeWidth=0.5).encode(
        x=x, y=y, color=_colour(kind, False), tooltip=_TIPS)
    values = alt.Chart(alt.NamedData("points")).mark_text(dy=-8, color="#333").encode(x=x, y=y, text="loss:N")
    mean = alt.Chart(alt.NamedData("mean")).mark_rule(color=VERMILLION, strokeDash=[6, 3], strokeWidth=2).encode(
        y=alt.Y("J:Q"))
    mean_label = alt.Chart(alt.NamedData("mean")).mark_text(align="right", dy=-7, color=VERMILLION,
                                                            fontWeight="bold").encode(
        y=alt.Y("J:Q"), x=alt.value("width"), text="label:N")
    return template(alt.layer(bars, values, mean, mean_label).properties(height=height))


def bars_spec(kind: str, rows: pd.DataFrame, J: float | None, height: int = 300) -> dict:
    """Each counted example's loss as a bar (BCE bars stop at the curves' top), and the dashed mean J(W)."""
    finite = J is not None and math.isfinite(J) and (kind == "mse" or J <= BCE_MAX)
    mean = pd.DataFrame({"J": [J] if finite else [], "label": [f"mean J(W) = {loss_text(J, kind)}"] if finite else []})
    return with_data(_bars_template(kind, height), {"points": points(rows, kind), "mean": mean})


"""Charts for the learning-rate and optimizers page: the three regimes on J(w), the learning-rate sweep, the race
on a 2-D surface (a banded grey map, one PNG image, with each racer's path), the network race's loss curves and
the schedule comparison. No torch here: the page passes DataFrames and arrays from core.learning_rate_and_optimizers.
Each chart is
an Altair template built once per layout (lru_cache), and each draw sends only data."""

import functools

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from ui.charts import BLUE, GREY, ORANGE, VERMILLION, GREEN, png_data_uri, template, with_data

SKY, PURPLE = "#56B4E9", "#CC79A7"
RACER_COLOURS = {"sgd": BLUE, "momentum": SKY, "adam": VERMILLION, "adagrad": GREEN, "rmsprop": PURPLE,
                 "adadelta": ORANGE}
OUTCOMES = ("stuck in the false minimum", "still moving", "global minimum", "diverged")
OUTCOME_COLOURS = (ORANGE, GREY, GREEN, VERMILLION)
J_VIEW = (-1.4, 6.2)
SWEEP_CAP = 3.0  # a final J above this (a diverged run) is drawn at the cap


def _finite(df: pd.DataFrame, cols) -> pd.DataFrame:
    return df.replace([np.inf, -np.inf], np.nan).dropna(subset=list(cols))


# The three regimes ---------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _regime_template(w_view: tuple, height: int) -> str:
    xs = alt.Scale(domain=list(w_view), nice=False, zero=False)
    ys = alt.Scale(domain=list(J_VIEW), nice=False, zero=False)
    X, Y = alt.X("w:Q", scale=xs, title="weight w"), alt.Y("J:Q", scale=ys, title="loss J(w)")
    tip = [alt.Tooltip("step:Q"), alt.Tooltip("w:Q", format=".4f"), alt.Tooltip("J:Q", format=".4f")]
    return template(alt.layer(
        alt.Chart(alt.NamedData("curve")).mark_line(color=GREY, strokeWidth=2.5).encode(x=X, y=Y),
        alt.Chart(alt.NamedData("path")).mark_line(color=BLUE, strokeWidth=1.2, clip=True).encode(
            x=X, y=Y, order="step:Q"),
        alt.Chart(alt.NamedData("path")).mark_point(filled=True, color=BLUE, size=35, opacity=0.85, clip=True).encode(
            x=X, y=Y, tooltip=tip),
        alt.Chart(alt.NamedData("marks")).mark_point(filled=True, size=170, stroke="black", strokeWidth=1.5,
                                                     opacity=1, clip=True).encode(
            x=X, y=Y, shape=alt.Shape("label:N", legend=None, scale=alt.Scale(
                domain=["start", "end", "global minimum", "false minimum"],
                range=["diamond", "circle", "cross", "cross"])),
            color=alt.Color("label:N", legend=None, scale=alt.Scale(
                domain=["start", "end", "global minimum", "false minimum"],
                range=["white", VERMILLION, GREEN, ORANGE])), tooltip=["label:N", *tip[1:]]),
        *[alt.Chart(alt.NamedData("marks")).transform_filter(f"datum.label == '{lbl}'").mark_text(
            dx=dx, dy=dy, align=align, fontSize=11, fontWeight="bold", clip=True).encode(x=X, y=Y, text="label:N")
          for lbl, dx, dy, align in (("start", 0, -14, "center"), ("false minimum", 0, 16, "center"),
                                     ("global minimum", 0, 30, "center"))],
    ).properties(height=height))


def regime_spec(curve: pd.DataFrame, path: pd.DataFrame, minima, w_view, height: int = 260) -> dict:
    """J(w) in grey, the run's iterates in blue (those off the chart are clipped), start, end and both minima."""
    path = _finite(path, ["w", "J"])
    (gw, gJ), (fw, fJ) = minima
    marks = [{"label": "global minimum", "w": gw, "J": gJ, "step": np.nan},
             {"label": "false minimum", "w": fw, "J": fJ, "step": np.nan}]
    if len(path):
        marks.insert(0, {"label": "start", "w": path.w.iloc[0], "J": path.J.iloc[0], "step": 0})
        last = path.iloc[-1]
        if w_view[0] <= last.w <= w_view[1]:
            marks.append({"label": "end", "w": last.w, "J": last.J, "step": last.step})
    return with_data(_regime_template(tuple(w_view), height),
                     {"curve": curve, "path": path[["step", "w", "J"]], "marks": pd.DataFrame(marks)})


# The sweep -----------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _sweep_template(height: int) -> str:
    X = alt.X("eta:Q", scale=alt.Scale(type="log"), title="learning rate η (log scale)")
    Y = alt.Y("shown:Q", title=f"loss J after the run (capped at {SWEEP_CAP:g})",
              scale=alt.Scale(domain=[-0.1, SWEEP_CAP + 0.1], nice=False))
    colour = alt.Color("outcome:N", title=None, scale=alt.Scale(domain=list(OUTCOMES), range=list(OUTCOME_COLOURS)))
    shape = alt.Shape("outcome:N", title=None, scale=alt.Scale(domain=list(OUTCOMES),
                                                               range=["triangle-down", "square", "circle", "cross"]))
    tip = [alt.Tooltip("eta:Q", title="η", format="g"), alt.Tooltip("J_end:Q", title="final J", format=".4g"),
           alt.Tooltip("w_end:Q", title="final w", format=".4g"), "outcome:N"]
    return template(alt.layer(
        alt.Chart(alt.NamedData("levels")).mark_rule(strokeDash=[5, 4], color="black", opacity=0.6).encode(
            y=alt.Y("J:Q")),
        alt.Chart(alt.NamedData("levels")).mark_text(align="left", dx=4, dy=-7, fontSize=11).encode(
            x=alt.value(0), y="J:Q", text="label:N"),
        alt.Chart(alt.NamedData("sweep")).mark_line(color=GREY, strokeWidth=1).encode(x=X, y=Y),
        alt.Chart(alt.NamedData("sweep")).mark_point(filled=True, size=70, opacity=1).encode(
            x=X, y=Y, color=colour, shape=shape, tooltip=tip),
        alt.Chart(alt.NamedData("you")).mark_rule(color="black", strokeWidth=2).encode(x=alt.X("eta:Q")),
        alt.Chart(alt.NamedData("you")).mark_text(align="left", dx=5, y=8, fontWeight="bold").encode(
            x="eta:Q", text="label:N"),
    ).properties(height=height).configure_legend(orient="top"))


def sweep_spec(sweep: pd.DataFrame, eta: float, minima, height: int = 300) -> dict:
    (_, gJ), (_, fJ) = minima
    s = sweep.copy()
    s["shown"] = s.J_end.where(np.isfinite(s.J_end) & (s.J_end <= SWEEP_CAP), SWEEP_CAP)
    levels = pd.DataFrame({"J": [gJ, fJ], "label": ["global minimum", "false minimum"]})
    you = pd.DataFrame({"eta": [eta], "label": [f"your η = {eta:g}"]})
    return with_data(_sweep_template(height), {"sweep": s, "levels": levels, "you": you})


# The race on a surface -----------------------------------------------------------------------------------------
def grey_bands(f: np.ndarray, levels: list[float]) -> np.ndarray:
    """RGBA: light grey in the lowest band to darker grey in the highest, band edges darker still (iso-lines)."""
    f = np.where(np.isfinite(f), f, np.nanmax(np.where(np.isfinite(f), f, -np.inf)))
    band = np.digitize(f, levels)
    grey = np.linspace(250, 150, len(levels) + 1)[band]
    edge = np.zeros(band.shape, bool)
    edge[:, 1:] |= band[:, 1:] != band[:, :-1]
    edge[1:, :] |= band[1:, :] != band[:-1, :]
    grey = np.where(edge, grey * 0.7, grey)
    rgb = np.stack([grey, grey, grey + 5], -1).clip(0, 255)
    return np.concatenate([rgb, np.full(band.shape + (1,), 255.0)], -1).round().astype(np.uint8)


def surface_image(f: np.ndarray, levels: list[float]) -> str:
    return png_data_uri(grey_bands(f, levels))


@functools.lru_cache(maxsize=32)
def _surface_template(box: tuple, racers: tuple, labels: tuple, height: int) -> str:
    xs = alt.Scale(domain=list(box[0]), nice=False, zero=False)
    ys = alt.Scale(domain=list(box[1]), nice=False, zero=False)
    X, Y = alt.X("x:Q", scale=xs, title="x (first parameter)"), alt.Y("y:Q", scale=ys, title="y (second parameter)")
    colour = alt.Color("label:N", title=None, legend=alt.Legend(columns=3),
                       scale=alt.Scale(domain=list(labels), range=[RACER_COLOURS[r] for r in racers]))
    tip = ["label:N", alt.Tooltip("step:Q"), alt.Tooltip("x:Q", format=".4f"), alt.Tooltip("y:Q", format=".4f"),
           alt.Tooltip("f:Q", format=".5f")]
    layers = [
        alt.Chart(alt.NamedData("image")).mark_image(aspect=False, align="left", baseline="bottom").encode(
            x=alt.X("x:Q", scale=xs, title="x (first parameter)"), x2="x2:Q",
            y=alt.Y("y:Q", scale=ys, title="y (second parameter)"), y2="y2:Q", url="url:N"),
        alt.Chart(alt.NamedData("path")).mark_line(color="white", strokeWidth=4.5, clip=True).encode(
            x=X, y=Y, detail="label:N", order="step:Q"),
        alt.Chart(alt.NamedData("path")).mark_line(strokeWidth=2.2, clip=True).encode(
            x=X, y=Y, color=colour, order="step:Q", tooltip=tip),
        alt.Chart(alt.NamedData("ends")).mark_point(filled=True, size=110, stroke="black", strokeWidth=1, opacity=1,
                                                    clip=True).encode(x=X, y=Y, color=colour, tooltip=tip),
        alt.Chart(alt.NamedData("marks")).transform_filter("datum.kind == 'minimum'").mark_point(
            shape="cross", filled=True, size=170, color="black", opacity=1).encode(
            x=X, y=Y, tooltip=["label:N", "f:Q"]),
        alt.Chart(alt.NamedData("marks")).transform_filter("datum.kind == 'start'").mark_point(
            shape="diamond", filled=True, size=170, color="white", stroke="black", strokeWidth=1.5, opacity=1).encode(
            x=X, y=Y, tooltip=["label:N"]),
        alt.Chart(alt.NamedData("marks")).mark_text(dy=-13, fontWeight="bold", fontSize=11).encode(
            x=X, y=Y, text="label:N"),
    ]
    return template(alt.layer(*layers).properties(height=height).configure_legend(orient="top"))


def surface_spec(image: str, box, race: pd.DataFrame | None, start, minima: pd.DataFrame, racers, labels,
                 height: int = 470) -> dict:
    """The map with each racer's path (white halo, racer colour), its end point, the start and the minima."""
    labels = dict(zip(racers, labels))
    path = _finite(race, ["x", "y"]) if race is not None else pd.DataFrame(columns=["racer", "label", "step", "x",
                                                                                     "y", "f"])
    inside = path[(path.x.abs() < 1e3) & (path.y.abs() < 1e3)]
    marks = [{"label": "start", "kind": "start", "x": start[0], "y": start[1], "f": np.nan}]
    marks += [{"label": "global minimum" if i == 0 else "local minimum", "kind": "minimum", "x": m.x, "y": m.y,
               "f": m.f} for i, m in enumerate(minima.itertuples())]
    (x0, x1), (y0, y1) = box
    frames = {"image": pd.DataFrame({"url": [image], "x": [x0], "x2": [x1], "y": [y0], "y2": [y1]}),
              "path": inside, "ends": inside.groupby("racer", sort=False).tail(1), "marks": pd.DataFrame(marks)}
    order, names = tuple(labels), tuple(labels.values())
    return with_data(_surface_template(tuple(map(tuple, box)), order, names, height), frames)


# Loss curves ---------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _curves_template(racers: tuple, labels: tuple, x_max: int, y_title: str, height: int) -> str:
    return template(alt.Chart(alt.NamedData("loss")).mark_line(strokeWidth=2.2).encode(
        x=alt.X("step:Q", title="training step", scale=alt.Scale(domain=[0, x_max])),
        y=alt.Y("loss:Q", title=y_title, scale=alt.Scale(type="log")),
        color=alt.Color("label:N", title=None, legend=alt.Legend(columns=3),
                        scale=alt.Scale(domain=list(labels), range=[RACER_COLOURS[r] for r in racers])),
        tooltip=["label:N", "step:Q", alt.Tooltip("loss:Q", format=".4g")],
    ).properties(height=height).configure_legend(orient="top"))


def net_loss_spec(race: pd.DataFrame, racers, labels, steps: int, height: int = 320) -> dict:
    """The network race's training-loss curves, log scale; non-finite and zero losses are left out."""
    df = _finite(race, ["loss"])
    df = df[df.loss > 0][["label", "step", "loss"]]
    return with_data(_curves_template(tuple(racers), tuple(labels), int(steps), "training loss J(W), log scale",
                                      height), {"loss": df})


@functools.lru_cache(maxsize=8)
def _schedule_template(series: tuple, x_max: int, height: int) -> str:
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(series), range=[BLUE, VERMILLION]))
    x = alt.X("step:Q", title="training step", scale=alt.Scale(domain=[0, x_max]))
    loss = alt.Chart(alt.NamedData("run")).mark_line(strokeWidth=2).encode(
        x=x, y=alt.Y("loss:Q", title="training loss J(W), log scale", scale=alt.Scale(type="log")), color=colour,
        tooltip=["series:N", "step:Q", alt.Tooltip("loss:Q", format=".4g")]).properties(height=height)
    rate = alt.Chart(alt.NamedData("rate")).mark_line(strokeWidth=2).encode(
        x=x, y=alt.Y("lr:Q", title="learning rate η"), color=colour,
        tooltip=["series:N", "step:Q", alt.Tooltip("lr:Q", format=".4g")]).properties(height=int(height * 0.45))
    return template(alt.vconcat(loss, rate).configure_legend(orient="top"))


def schedule_spec(run: pd.DataFrame, kind_label: str, steps: int, height: int = 260) -> dict:
    df = run.assign(series=run.series.where(run.series == "constant", kind_label))
    loss = _finite(df, ["loss"])
    return with_data(_schedule_template(("constant", kind_label), int(steps), height),
                     {"run": loss[loss.loss > 0], "rate": _finite(df, ["lr"])})


# Words beside the race ------------------------------------------------------------------------------------------
def _num(v: float) -> str:
    return f"{v:.4g}".replace("-", "−")


def surface_caption(label: str, steps: int, lr: float, ends: pd.DataFrame) -> str:
    """One line per racer: where it ended on the surface (ends: core.learning_rate_and_optimizers.race_summary)."""
    return f"{label}, {steps} steps at η = {lr:g}: " + "; ".join(
        f"{e.label} " + ("diverged" if e.diverged else f"f = {_num(e.f)}, {where(e)}") for e in ends.itertuples()) + "."


def where(e) -> str:
    """Where a racer ended (a row of core.learning_rate_and_optimizers.race_summary), in words."""
    if e.diverged:
        return "diverged"
    kind = "global" if e.nearest == 0 else "local"
    if e.distance < 0.05:
        return f"at the {kind} minimum"
    return f"not settled (nearest: the {kind} minimum, {e.distance:.2g} away)"


def net_caption(final: pd.DataFrame) -> str:
    return "Training loss after the run: " + "; ".join(
        f"{r.label} {_num(r.loss)}{' (diverged)' if r.diverged else ''}" for r in final.itertuples()) + "."


def race_table(ends: pd.DataFrame, final: pd.DataFrame) -> pd.DataFrame:
    """Both courses side by side, one row per racer (both frames indexed by racer)."""
    return pd.DataFrame({"optimizer": ends.label, "surface: f at the end": ends.f.where(~ends.diverged),
                         "surface: where": [where(e) for e in ends.itertuples()],
                         "network: training loss": final.loss.reindex(ends.index),
                         "network: accuracy": final.accuracy.reindex(ends.index)})


def race_table_config() -> dict:
    """Column formats of race_table: short numbers, accuracy in per cent."""
    num = st.column_config.NumberColumn(format="%.4g")
    return {"surface: f at the end": num, "network: training loss": num,
            "network: accuracy": st.column_config.NumberColumn(format="percent")}


def outcome_box(where, outcome: str) -> None:
    """The sweep outcome of the learner's eta as a coloured message: green, red, or neutral (blue). Not a
    warning: st.warning is kept for links the controls could not take."""
    kind = {"global minimum": "success", "diverged": "error"}.get(outcome, "info")
    getattr(where, kind)(f"Outcome: **{outcome}**")

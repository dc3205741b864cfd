"""Chart builders for the overfitting page: one fit (points and curves) and the capacity sweep.

Built once per layout with Altair (ui.charts.template); each redraw only sends new data.
"""

import functools

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import BLUE, GREY, ORANGE, VERMILLION, template, with_data

Y_DOMAIN = (-2.6, 2.6)  # fixed, so a wild overfitted curve is clipped rather than squashing the data
SERIES = ("training points", "test points (held out)", "network's fit ŷ(x)", "true rule (no noise)")
COLORS = (BLUE, GREY, VERMILLION, "#444444")


def _finite(df: pd.DataFrame) -> pd.DataFrame:
    return df.replace([np.inf, -np.inf], np.nan).dropna()


@functools.lru_cache(maxsize=16)
def _fit_template(title: str, subtitle: str, legend: bool, height: int) -> str:
    xs = alt.Scale(domain=[-3, 3], nice=False)
    ys = alt.Scale(domain=list(Y_DOMAIN), nice=False)
    color = alt.Color("series:N", title=None, legend=alt.Legend(orient="top", columns=2) if legend else None,
                      scale=alt.Scale(domain=list(SERIES), range=list(COLORS)))
    x, y = alt.X("x:Q", scale=xs, title="input x"), alt.Y("y:Q", scale=ys, title="output y")
    tip = [alt.Tooltip("x:Q", format=".2f"), alt.Tooltip("y:Q", format=".3f"), alt.Tooltip("series:N", title="")]
    layers = [
        alt.Chart(alt.NamedData("test")).mark_point(size=18, opacity=0.55, clip=True).encode(
            x=x, y=y, color=color, tooltip=tip),
        alt.Chart(alt.NamedData("curve")).mark_line(clip=True, strokeWidth=2.5).encode(
            x=x, y=y, color=color, tooltip=tip,
            strokeDash=alt.StrokeDash("series:N", legend=None,
                                      scale=alt.Scale(domain=list(SERIES[2:]), range=[[1, 0], [4, 4]]))),
        alt.Chart(alt.NamedData("train")).mark_point(filled=True, size=90, stroke="black", strokeWidth=1,
                                                     opacity=1, clip=True).encode(x=x, y=y, color=color,
                                                                                   tooltip=tip),
    ]
    chart = alt.layer(*layers).properties(height=height, title=alt.Title(title, subtitle=subtitle or alt.Undefined))
    return template(chart)


def fit_spec(train: pd.DataFrame, test: pd.DataFrame, curve: pd.DataFrame, *, title: str = "", subtitle: str = "",
             legend: bool = False, height: int = 300) -> dict:
    """Training points, test points, the network's curve and the true rule. train, test: columns x, y;
    curve: columns x, fit, truth (core.overfitting.curve)."""
    frames = {
        "train": train[["x", "y"]].assign(series=SERIES[0]),
        "test": test[["x", "y"]].assign(series=SERIES[1]),
        "curve": _finite(pd.concat([curve[["x"]].assign(y=curve["fit"], series=SERIES[2]),
                                    curve[["x"]].assign(y=curve["truth"], series=SERIES[3])], ignore_index=True)),
    }
    return with_data(_fit_template(title, subtitle, legend, height), frames)


SETS = ("training error", "test error")


@functools.lru_cache(maxsize=4)
def _sweep_template(height: int) -> str:
    x = alt.X("params:Q", scale=alt.Scale(type="log"), title="capacity: number of parameters (log scale)")
    y = alt.Y("mse:Q", title="mean squared error J(W)")
    color = alt.Color("set:N", title=None, scale=alt.Scale(domain=list(SETS), range=[BLUE, ORANGE]))
    tip = ["network:N", alt.Tooltip("params:Q", title="parameters"), "set:N", alt.Tooltip("mse:Q", format=".4f")]
    lines = alt.Chart(alt.NamedData("errors")).mark_line(point=alt.OverlayMarkDef(filled=True, size=70)).encode(
        x=x, y=y, color=color, tooltip=tip)
    sweet = alt.Chart(alt.NamedData("sweet"))
    layers = [
        sweet.mark_rule(color=GREY, strokeDash=[4, 4]).encode(x=x),
        lines,
        sweet.mark_point(shape="diamond", size=260, filled=True, color=VERMILLION, stroke="black",
                         strokeWidth=1, opacity=1).encode(x=x, y=y, tooltip=tip),
        sweet.mark_text(align="left", dx=10, dy=-12, fontWeight="bold", color=VERMILLION).encode(
            x=x, y=y, text="label:N"),
    ]
    return template(alt.layer(*layers).properties(height=height).configure_legend(orient="top"))


def sweep_spec(df: pd.DataFrame, sweet: int, height: int = 320) -> dict:
    """Training and test MSE against the number of parameters, the lowest test error marked "sweet spot".
    df: columns network, params, train_mse, test_mse (core.overfitting.sweep)."""
    long = df.melt(id_vars=["network", "params"], value_vars=["train_mse", "test_mse"], var_name="set",
                   value_name="mse")
    long["set"] = long["set"].map({"train_mse": SETS[0], "test_mse": SETS[1]})
    row = df.iloc[[sweet]]
    frames = {"errors": _finite(long),
              "sweet": pd.DataFrame({"network": row["network"].to_numpy(), "params": row["params"].to_numpy(),
                                     "mse": row["test_mse"].to_numpy(), "set": [SETS[1]], "label": ["sweet spot"]})}
    return with_data(_sweep_template(height), frames)

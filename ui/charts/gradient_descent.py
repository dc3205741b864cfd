"""Charts and wording for the gradient-descent page: the loss landscape J(w0, w1) as a banded heatmap (one PNG
image, with iso-lines) under the descent path, and Lab 1's (x - 4)^2 runs. No torch here: the page passes
numpy arrays and DataFrames from core.gradient_descent. Each chart is an Altair template built once per layout."""

import functools

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import BLUE, GREY, ORANGE, VERMILLION, png_data_uri, template, with_data
from ui.text import num

# Viridis anchors (perceptually uniform, readable with colour-vision deficiencies): low loss dark, high light.
_VIRIDIS = ["#440154", "#482878", "#3E4989", "#31688E", "#26828E", "#1F9E89", "#35B779", "#6ECE58", "#B5DE2B",
            "#FDE725"]


def band_colours(k: int) -> list[str]:
    """k colours sampled evenly along viridis, dark (low J) to yellow (high J)."""
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in _VIRIDIS], float)
    at = np.linspace(0, len(_VIRIDIS) - 1, max(k, 1))
    out = np.stack([np.interp(at, np.arange(len(_VIRIDIS)), rgb[:, c]) for c in range(3)], 1).round().astype(int)
    return ["#" + "".join(f"{v:02X}" for v in row) for row in out[:k]]


def _upsample(a: np.ndarray, k: int) -> np.ndarray:
    """Bilinear interpolation of a grid to k times its resolution, so that bands and iso-lines are smooth."""
    n, m = a.shape
    rows, cols = np.linspace(0, n - 1, (n - 1) * k + 1), np.linspace(0, m - 1, (m - 1) * k + 1)
    a = np.stack([np.interp(cols, np.arange(m), r) for r in a])
    return np.stack([np.interp(rows, np.arange(n), c) for c in a.T], 1)


def band_rgba(J: np.ndarray, levels: list[float], upsample: int = 2) -> np.ndarray:
    """Colour each cell by its band (J between two levels) and darken the band edges into iso-lines."""
    J = _upsample(np.where(np.isfinite(J), J, np.nanmax(np.where(np.isfinite(J), J, -np.inf))), upsample)
    band = np.digitize(J, levels)
    palette = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in band_colours(len(levels) + 1)], float)
    rgb = palette[band]
    edge = np.zeros(band.shape, bool)
    edge[:, 1:] |= band[:, 1:] != band[:, :-1]
    edge[1:, :] |= band[1:, :] != band[:-1, :]
    rgb[edge] *= 0.55
    return np.concatenate([rgb, np.full(band.shape + (1,), 255.0)], -1).round().astype(np.uint8)


def _legend_labels(levels: list[float]) -> list[str]:
    fmt = [f"{v:g}" for v in levels]
    if not fmt:
        return ["all"]
    return [f"below {fmt[0]}"] + [f"{a} to {b}" for a, b in zip(fmt, fmt[1:])] + [f"above {fmt[-1]}"]


@functools.lru_cache(maxsize=64)
def _landscape_template(box: tuple, levels: tuple, height: int) -> str:
    xs = alt.Scale(domain=list(box[0]), nice=False, zero=False)
    ys = alt.Scale(domain=list(box[1]), nice=False, zero=False)
    X, Y = alt.X("w0:Q", scale=xs, title="w₀ (bias)"), alt.Y("w1:Q", scale=ys, title="w₁ (weight of lectures attended)")
    tip = [alt.Tooltip("step:Q"), alt.Tooltip("w0:Q", format=".4f", title="w₀"),
           alt.Tooltip("w1:Q", format=".4f", title="w₁"), alt.Tooltip("J:Q", format=".5f", title="J(W)")]
    labels = _legend_labels(list(levels))
    legend = alt.Color("band:N", title="J(w₀, w₁)", sort=labels,
                       scale=alt.Scale(domain=labels, range=band_colours(len(levels) + 1)),
                       legend=alt.Legend(symbolOpacity=1, symbolType="square", symbolSize=180, orient="right"))
    layers = [
        alt.Chart(alt.NamedData("image")).mark_image(aspect=False, align="left", baseline="bottom").encode(
            x=alt.X("x:Q", scale=xs, title="w₀ (bias)"), x2="x2:Q",
            y=alt.Y("y:Q", scale=ys, title="w₁ (weight of lectures attended)"), y2="y2:Q", url="url:N"),
        alt.Chart(alt.NamedData("bands")).mark_point(opacity=0, filled=True).encode(x=X, y=Y, color=legend),
        alt.Chart(alt.NamedData("path")).mark_line(color="black", strokeWidth=4.5, clip=True).encode(
            x=X, y=Y, order="step:Q"),
        alt.Chart(alt.NamedData("path")).mark_line(color="white", strokeWidth=2, clip=True).encode(
            x=X, y=Y, order="step:Q"),
        alt.Chart(alt.NamedData("path")).mark_point(filled=True, color=ORANGE, stroke="black", strokeWidth=1,
                                                    size=40, opacity=1, clip=True).encode(x=X, y=Y, tooltip=tip),
        alt.Chart(alt.NamedData("marks")).mark_point(filled=True, stroke="black", strokeWidth=2, size=260,
                                                     opacity=1).encode(
            x=X, y=Y, shape=alt.Shape("label:N", legend=None, scale=alt.Scale(
                domain=["start", "end", "minimum"], range=["diamond", "circle", "cross"])),
            color=alt.Color("label:N", legend=None, scale=alt.Scale(domain=["start", "end", "minimum"],
                                                                    range=["white", VERMILLION, "white"])),
            tooltip=["label:N", *tip[1:]]),
    ]
    # Each label in its own direction, so that "end" and "minimum" never overlap when the run converges.
    for label, dx, dy, align in (("start", 12, 18, "left"), ("end", -12, 18, "right"), ("minimum", 12, -12, "left")):
        layers.append(alt.Chart(alt.NamedData("marks")).transform_filter(f"datum.label == '{label}'").mark_text(
            dx=dx, dy=dy, align=align, fontWeight="bold", fontSize=13, color="white", stroke="black",
            strokeWidth=0.4).encode(x=X, y=Y, text="label:N"))
    chart = alt.layer(*layers).resolve_scale(color="independent", shape="independent").properties(height=height)
    return template(chart)


def landscape_image(J: np.ndarray, levels: list[float]) -> str:
    """The banded map as a PNG data URI (top row of J = largest w1): cache it, it only changes with the box."""
    return png_data_uri(band_rgba(J, levels))


def landscape_spec(image: str, box: tuple, levels: list[float], path: pd.DataFrame,
                   minimum: tuple[float, float, float], height: int = 470) -> dict:
    """The banded map `image` (landscape_image) over `box`, the path drawn on top, the start, the last iterate
    and the minimum marked. path: core.gradient_descent.descend(...).frame."""
    (x0, x1), (y0, y1) = box
    marks = []   # drawn in this order: the minimum's cross last, on top of an end point that reached it
    if len(path):
        first, last = path.iloc[0], path.iloc[-1]
        marks.append({"label": "start", "w0": first.w0, "w1": first.w1, "J": first.J, "step": 0})
        if len(path) > 1:
            marks.append({"label": "end", "w0": last.w0, "w1": last.w1, "J": last.J, "step": last.step})
    marks.append({"label": "minimum", "w0": minimum[0], "w1": minimum[1], "J": minimum[2], "step": np.nan})
    labels = _legend_labels(levels)
    frames = {
        "image": pd.DataFrame({"url": [image], "x": [x0], "x2": [x1], "y": [y0],
                               "y2": [y1]}),
        "bands": pd.DataFrame({"w0": [minimum[0]] * len(labels), "w1": [minimum[1]] * len(labels), "band": labels}),
        "path": path[["step", "w0", "w1", "J"]],
        "marks": pd.DataFrame(marks)[["label", "w0", "w1", "J", "step"]],
    }
    return with_data(_landscape_template(tuple(map(tuple, box)), tuple(levels), height), frames)


def steps_table(frame: pd.DataFrame, head: int = 5, tail: int = 5) -> tuple[pd.DataFrame, int]:
    """The first and last rows of the steps when there are many, and how many rows are left out between."""
    shown = frame if len(frame) <= head + tail + 1 else pd.concat([frame.head(head), frame.tail(tail)])
    return shown.set_index("step"), len(frame) - len(shown)


# Lab 1 ---------------------------------------------------------------------------------------
SERIES = ("x_t", "target 4")


def x_domain(x: np.ndarray, target: float) -> tuple[tuple[float, float], bool]:
    """The y-range of the x chart, and whether it cuts values off: a diverging run is clipped to a window
    around the target three times the starting distance, so the first steps stay readable."""
    x = x[np.isfinite(x)]
    e0 = abs(x[0] - target) if len(x) else 1.0
    lo, hi = min(x.min(initial=target), target), max(x.max(initial=target), target)
    reach = max(3 * e0, 1.0)
    if max(target - lo, hi - target) <= 2 * max(e0, 0.5):
        pad = 0.05 * max(hi - lo, 1.0)
        return (lo - pad, hi + pad), False
    return (target - reach, target + reach), True


@functools.lru_cache(maxsize=32)
def _lab_x_template(steps: int, domain: tuple, height: int) -> str:
    xs = alt.Scale(domain=[0, max(steps, 1)], nice=False)
    ys = alt.Scale(domain=list(domain), nice=False, zero=False)
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(SERIES), range=[BLUE, GREY]))
    rule = alt.Chart(alt.NamedData("target")).mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(
        y=alt.Y("x:Q", scale=ys), color=color)
    # A light line under solid points: an oscillating run (8, 0, 8, ...) stays two rows of dots, not a solid block.
    line = alt.Chart(alt.NamedData("x")).mark_line(point=alt.OverlayMarkDef(size=16, filled=True, opacity=1),
                                                   clip=True, strokeWidth=1, strokeOpacity=0.35).encode(
        x=alt.X("step:Q", scale=xs, title="iteration t"), y=alt.Y("x:Q", scale=ys, title="x value"), color=color,
        tooltip=[alt.Tooltip("step:Q", title="t"), alt.Tooltip("x:Q", format=".10g", title="x_t"),
                 alt.Tooltip("J:Q", format=".4g", title="J = (x − 4)²")])
    return template(alt.layer(rule, line).properties(height=height).configure_legend(orient="top"))


def lab_x_spec(frame: pd.DataFrame, steps: int, target: float, height: int = 300) -> tuple[dict, int | None]:
    """x_t against the iteration with the target line, as Lab 1 plots it. When x runs off (diverging), the
    chart keeps to the first steps, until x has left the frame; returns the spec and that last step (or None)."""
    domain, clipped = x_domain(frame["x"].to_numpy(), target)
    df = frame[["step", "x", "J"]].replace([np.inf, -np.inf], np.nan).dropna(subset=["x"])
    last = None
    if clipped:
        out = df.index[(df["x"] < domain[0]) | (df["x"] > domain[1])]
        last = int(min(steps, df.loc[out[0], "step"] + 3)) if len(out) else None
        df = df[df["step"] <= last] if last is not None else df
    frames = {"x": df.assign(series=SERIES[0]), "target": pd.DataFrame({"x": [target], "series": [SERIES[1]]})}
    spec = with_data(_lab_x_template(int(last if last is not None else steps), tuple(round(v, 6) for v in domain),
                                     height), frames)
    return spec, last


ERR = ("measured", "closed form |x₀ − 4|·|1 − 2η|ᵗ")


@functools.lru_cache(maxsize=8)
def _lab_error_template(steps: int, height: int) -> str:
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(ERR), range=[BLUE, VERMILLION]))
    x = alt.X("step:Q", scale=alt.Scale(domain=[0, max(steps, 1)], nice=False), title="iteration t")
    y = alt.Y("error:Q", scale=alt.Scale(type="log"), title="distance to the target |x − 4| (log scale)",
              axis=alt.Axis(format="~g"))
    tip = [alt.Tooltip("step:Q", title="t"), "series:N", alt.Tooltip("error:Q", format=".4g")]
    base = alt.Chart(alt.NamedData("error")).encode(x=x, y=y, color=color, tooltip=tip)
    measured = base.transform_filter(f"datum.series == '{ERR[0]}'").mark_line(
        strokeWidth=2, point=alt.OverlayMarkDef(size=14, filled=True))
    closed = base.transform_filter(f"datum.series == '{ERR[1]}'").mark_line(strokeWidth=2, strokeDash=[6, 4])
    return template(alt.layer(measured, closed).properties(height=height).configure_legend(orient="top"))


def lab_error_spec(frame: pd.DataFrame, closed: np.ndarray, steps: int, target: float, height: int = 300) -> dict:
    """|x_t - 4| on a log scale, measured and by the closed form: a straight line of slope log|1 - 2 eta|.
    Zeros (the target reached exactly) and non-finite values cannot be drawn on a log scale and are left out."""
    t = np.arange(len(closed))
    long = pd.concat([pd.DataFrame({"step": frame["step"], "error": (frame["x"] - target).abs(), "series": ERR[0]}),
                      pd.DataFrame({"step": t, "error": np.abs(closed - target), "series": ERR[1]})])
    long = long[np.isfinite(long["error"]) & (long["error"] > 0)]
    return with_data(_lab_error_template(int(steps), height), {"error": long})


# Wording ---------------------------------------------------------------------------------------
def outcome_message(o: dict, minimum_J: float, stopped: str | None) -> tuple[str, str]:
    """(st function name, message) for a landscape run; o: core.gradient_descent.outcome(...)."""
    a, b, n, g = num(o["J_start"]), num(o["J_end"]), o["steps"], num(o["grad_norm"], 2)
    if o["kind"] == "diverged":
        return "error", f"**Diverged**: {stopped}. The chart shows the steps before it."
    if n == 0:
        return "info", "**No steps yet.** The diamond is where gradient descent starts: press **Take one step**."
    if o["kind"] == "unstable":
        return "error", (f"**Too large: unstable.** J ended higher than it started ({a} → {b}, and as high as "
                         f"{num(o['J_max'])} on the way). Each step overshoots the valley and lands up the far side.")
    if o["kind"] == "converged":
        return "success", (f"**Converged.** After {n} steps J = {b}, the minimum's {num(minimum_J)}, and the gradient "
                           f"has all but vanished (|∂J/∂W| = {g}): the steps have become tiny.")
    if o["kind"] == "zigzag":
        return "info", (f"**Overshooting.** J went *up* in {o['ups']} of the {n} steps: the steps jump across the "
                           f"valley. J still fell overall, {a} → {b}.")
    return "info", (f"**Still descending.** J fell at every step, {a} → {b}, but the gradient is still "
                    f"|∂J/∂W| = {g}: the minimum is further on. More steps, or a larger η.")


def regime_message(regime: str, ratio: float, lr: float, frame: pd.DataFrame, stopped: str | None,
                   target: float) -> tuple[str, str]:
    """(st function name, message) for a Lab 1 run, from the regime read off the iterates."""
    r, f = num(ratio, 6), num(1 - 2 * lr, 6)
    e = (frame["x"] - target).abs()
    head = f"Measured (x_t+1 − 4)/(x_t − 4) = {r}; the closed form 1 − 2η = {f}."
    if regime == "diverging":
        tail = (f" **{stopped[0].upper() + stopped[1:]}**." if stopped else
                f" After {int(frame['step'].iloc[-1])} steps |x − 4| = {num(e.iloc[-1], 3)}.")
        return "error", (f"**Diverging (η > 1).** Each step jumps across 4 and lands further away: |x − 4| grows "
                         f"×{num(abs(1 - 2 * lr), 4)} every step. {head}{tail}")
    if regime == "period 2":
        return "info", (f"**Period 2 (η = 1).** x jumps between {num(frame['x'].iloc[0], 6)} and "
                           f"{num(frame['x'].iloc[1], 6)} for ever: it never gets closer. {head}")
    if regime == "oscillating, converging":
        return "info", (f"**Oscillating but converging (0.5 < η < 1).** x jumps across 4 every step, each jump "
                        f"shorter. {head}")
    if regime == "one step":
        return "success", f"**One step (η = 0.5).** x lands exactly on 4 after the first step. {head}"
    if regime == "monotone":
        return "success", (f"**Monotone (η < 0.5).** x creeps towards 4 from one side and J falls at every step. "
                           f"{head}")
    return "info", f"**{regime}.** {head}"


def error_caption(frame: pd.DataFrame, lr: float, target: float) -> str:
    """The one-line summary of the log chart of |x - target|."""
    e = (frame["x"] - target).abs().to_numpy()
    hit = np.flatnonzero(e[1:] == 0)
    r = abs(1 - 2 * lr)
    if r == 0:
        return ("Distance to the target on a log scale: after one step it is exactly 0, which a log scale cannot "
                "draw, so only the start is shown.")
    trend = "stays level" if r == 1 else f"{'falls' if r < 1 else 'rises'} by ×{num(r, 4)} per step"
    where = (f" At step {hit[0] + 1} the measured x rounds to exactly 4 (float64 keeps about 16 digits), and 0 cannot "
             "be drawn on a log scale, so the blue line stops there." if len(hit) else "")
    return (f"Distance to the target on a log scale: measured (blue) on the closed form (dashed), a straight line "
            f"that {trend}.{where}")


def landscape_caption(levels: list[float], steps: int, minimum: tuple, zoomed: bool) -> str:
    """The one-line summary of the landscape chart."""
    path = (f"The path runs from the diamond (start) to the red dot (after {steps} steps)" if steps else
            "The diamond is the start")
    return (f"Loss landscape: dark = low loss, yellow = high, in bands between the levels "
            f"{', '.join(f'{v:g}' for v in levels)}. {path}; the cross is the minimum, w₀ = {num(minimum[0], 3)}, "
            f"w₁ = {num(minimum[1], 3)}." + (" The path left the usual map, so the map zoomed out to hold all of it."
                                             if zoomed else ""))


def _tex(v: float) -> str:
    """A number for LaTeX, 4 significant digits: 1.234, or 2.658 \\times 10^{-5} instead of 2.658e-05."""
    m, _, e = f"{v:.4g}".partition("e")
    return rf"{m} \times 10^{{{int(e)}}}" if e else m


def _row(values) -> str:
    return r"\begin{bmatrix} " + " & ".join(_tex(v) for v in values) + r" \end{bmatrix}"


def update_latex(frame: pd.DataFrame, lr: float) -> str | None:
    """The last update of a run with its numbers: W_t = W_{t-1} - eta * dJ/dW = ..., and J before and after."""
    if len(frame) < 2:
        return None
    p, q = frame.iloc[-2], frame.iloc[-1]
    return (rf"W_{{{int(q.step)}}} = {_row([p.w0, p.w1])} - {_tex(lr)} \times {_row([p['dJ/dw0'], p['dJ/dw1']])} "
            rf"= {_row([q.w0, q.w1])}, \quad J = {_tex(p.J)} \to {_tex(q.J)}")

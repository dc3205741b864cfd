"""Charts and wording for the loss-landscape page: f(a, b) as a heatmap (one PNG image mark), banded into
contours or continuous, on a linear or log colour scale, with theta* and the projected training path on top.
No torch here: the page passes numpy arrays and DataFrames from core.loss_landscape. Templates are built once per
layout (functools.lru_cache) and each draw sends only data."""

import functools
import math

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import ORANGE, VERMILLION, png_data_uri, template, with_data
from ui.text import num

# Viridis anchors: perceptually uniform and readable with colour-vision deficiencies; low loss dark, high yellow.
VIRIDIS = ["#440154", "#482878", "#3E4989", "#31688E", "#26828E", "#1F9E89", "#35B779", "#6ECE58", "#B5DE2B",
           "#FDE725"]
_RGB = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in VIRIDIS], float)
PIXELS = 200     # about this many image pixels per side: smooth band edges without more loss evaluations


def colours(k: int) -> list[str]:
    """k colours evenly along viridis, dark to yellow."""
    at = np.linspace(0, len(VIRIDIS) - 1, max(k, 1))
    rgb = np.stack([np.interp(at, np.arange(len(VIRIDIS)), _RGB[:, c]) for c in range(3)], 1).round().astype(int)
    return ["#" + "".join(f"{v:02X}" for v in row) for row in rgb[:k]]


def levels(lo: float, hi: float, log: bool, k: int = 10) -> list[float]:
    """k contour levels strictly between lo and hi, evenly spaced in J or in log J, rounded to as few significant
    digits (2 or more) as keep them distinct; always k of them, so the legend's layout never changes."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or (log and hi <= 0):
        return []
    if log:
        lo = max(lo, hi * 1e-12)
        inner = np.exp(np.linspace(math.log(lo), math.log(hi), k + 2)[1:-1])
    else:
        inner = np.linspace(lo, hi, k + 2)[1:-1]
    for digits in (2, 3, 4, 6):
        out = [float(f"{v:.{digits}g}") for v in inner]
        if len(set(out)) == k and all(lo < v < hi for v in out):
            return out
    return [float(v) for v in inner]


def surface_levels(loss: np.ndarray, log: bool) -> list[float]:
    """The contour levels of a surface, from its finite values."""
    J = np.asarray(loss, float)
    J = J[np.isfinite(J)]
    return levels(float(J.min()), float(J.max()), log) if len(J) else []


def _upsample(a: np.ndarray, k: int) -> np.ndarray:
    """Bilinear interpolation to k times the resolution: smooth bands and iso-lines from a coarse grid."""
    n, m = a.shape
    rows, cols = np.linspace(0, n - 1, (n - 1) * k + 1), np.linspace(0, m - 1, (m - 1) * k + 1)
    a = np.stack([np.interp(cols, np.arange(m), r) for r in a])
    return np.stack([np.interp(rows, np.arange(n), c) for c in a.T], 1)


def upsampling(n: int) -> int:
    """Image pixels per grid step for an n-point side."""
    return max(1, math.ceil(PIXELS / max(n - 1, 1)))


def _scaled(J: np.ndarray, log: bool) -> np.ndarray:
    """The values the colours follow: J, or log J (losses are positive; a zero is clipped to 1e-12)."""
    return np.log(np.maximum(J, 1e-12)) if log else J


def surface_rgba(loss: np.ndarray, log: bool, banded: bool, lv: list[float]) -> np.ndarray:
    """(h, w, 4) image of a surface (loss[i, j]: row 0 = smallest b); top row of the image = largest b.

    banded: each pixel takes its band's colour (between two levels) and band edges darken into iso-lines;
    otherwise a continuous viridis ramp. Non-finite values are drawn grey.
    """
    J = np.asarray(loss, float)[::-1]
    bad = ~np.isfinite(J)
    fill = np.nanmax(np.where(bad, np.nan, J)) if (~bad).any() else 1.0
    k = upsampling(max(J.shape))
    V = _upsample(_scaled(np.where(bad, fill, J), log), k)
    bad_up = _upsample(bad.astype(float), k) > 0.5
    if banded:
        band = np.digitize(V, _scaled(np.asarray(lv, float), log)) if lv else np.zeros(V.shape, int)
        pal = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colours(len(lv) + 1)], float)
        rgb = pal[band]
        edge = np.zeros(band.shape, bool)
        edge[:, 1:] |= band[:, 1:] != band[:, :-1]
        edge[1:, :] |= band[1:, :] != band[:-1, :]
        rgb[edge] *= 0.55
    else:
        lo, hi = float(V.min()), float(V.max())
        q = (V - lo) / (hi - lo) if hi > lo else np.zeros_like(V)
        at = q * (len(VIRIDIS) - 1)
        rgb = np.stack([np.interp(at, np.arange(len(VIRIDIS)), _RGB[:, c]) for c in range(3)], -1)
    rgb[bad_up] = 200
    return np.concatenate([rgb, np.full(V.shape + (1,), 255.0)], -1).round().astype(np.uint8)


def surface_image(loss: np.ndarray, log: bool, banded: bool, lv: list[float]) -> str:
    return png_data_uri(surface_rgba(loss, log, banded, lv))


def band_labels(lv: list[float]) -> list[str]:
    f = [f"{v:g}" for v in lv]
    if not f:
        return ["all"]
    return [f"below {f[0]}"] + [f"{a} to {b}" for a, b in zip(f, f[1:])] + [f"above {f[-1]}"]


@functools.lru_cache(maxsize=32)
def _template(x_title: str, y_title: str, banded: bool, bands: int, log: bool, with_path: bool, height: int) -> str:
    """The chart's layout. Nothing in it depends on a surface's numbers (the axes' domains come from the image's
    corners, the legend's entries from its data), so a new surface only sends new data."""
    xs, ys = alt.Scale(nice=False, zero=False), alt.Scale(nice=False, zero=False)
    X, Y = alt.X("a:Q", scale=xs, title=x_title), alt.Y("b:Q", scale=ys, title=y_title)
    tip = [alt.Tooltip("a:Q", format=".3f"), alt.Tooltip("b:Q", format=".3f"),
           alt.Tooltip("loss:Q", format=".4g", title="J")]
    if banded:
        color = alt.Color("band:N", title="loss J", sort=alt.EncodingSortField("i"),
                          scale=alt.Scale(range=colours(bands)),
                          legend=alt.Legend(symbolOpacity=1, symbolType="square", symbolSize=180, orient="right"))
    else:
        color = alt.Color("loss:Q", title="loss J", scale=alt.Scale(type="log" if log else "linear", range=VIRIDIS,
                                                                   nice=False, zero=False),
                          legend=alt.Legend(orient="right", gradientLength=300, format=".3~g"))
    layers = [
        alt.Chart(alt.NamedData("image")).mark_image(aspect=False, align="left", baseline="bottom").encode(
            x=alt.X("x:Q", scale=xs, title=x_title), x2="x2:Q",
            y=alt.Y("y:Q", scale=ys, title=y_title), y2="y2:Q", url="url:N"),
        alt.Chart(alt.NamedData("legend")).mark_point(opacity=0, filled=True).encode(x=X, y=Y, color=color),
    ]
    if with_path:
        path_tip = [alt.Tooltip("step:Q"), *tip]
        layers += [
            alt.Chart(alt.NamedData("path")).mark_line(color="black", strokeWidth=4.5, clip=True).encode(
                x=X, y=Y, order="step:Q"),
            alt.Chart(alt.NamedData("path")).mark_line(color="white", strokeWidth=2, clip=True).encode(
                x=X, y=Y, order="step:Q"),
            alt.Chart(alt.NamedData("path")).mark_point(filled=True, color=ORANGE, stroke="black", strokeWidth=1,
                                                        size=40, opacity=1, clip=True).encode(x=X, y=Y,
                                                                                              tooltip=path_tip),
        ]
    marks = ["start", "lowest grid point"]
    layers.append(alt.Chart(alt.NamedData("marks")).mark_point(filled=True, stroke="black", strokeWidth=2, size=200,
                                                               opacity=1).encode(
        x=X, y=Y, shape=alt.Shape("label:N", legend=None, scale=alt.Scale(domain=marks, range=["diamond", "cross"])),
        color=alt.Color("label:N", legend=None, scale=alt.Scale(domain=marks, range=["white", "white"])),
        tooltip=["label:N", *tip]))
    # theta* as a thick ring on top: it stays visible when the lowest grid point's cross sits on it.
    for colour, width in (("black", 5.5), (VERMILLION, 3)):
        layers.append(alt.Chart(alt.NamedData("theta")).mark_point(
            shape="circle", filled=False, size=420, stroke=colour, strokeWidth=width, opacity=1).encode(
            x=X, y=Y, tooltip=["label:N", *tip]))
    layers.append(alt.Chart(alt.NamedData("theta")).mark_text(
        dx=16, dy=18, align="left", fontWeight="bold", fontSize=13, color="white", stroke="black",
        strokeWidth=0.4).encode(x=X, y=Y, text="label:N"))
    layers.append(alt.Chart(alt.NamedData("marks")).transform_filter("datum.label == 'start'").mark_text(
        dx=12, dy=-12, align="left", fontWeight="bold", fontSize=13, color="white", stroke="black",
        strokeWidth=0.4).encode(x=X, y=Y, text="label:N"))
    chart = alt.layer(*layers).resolve_scale(color="independent", shape="independent").properties(height=height)
    return template(chart)


def landscape_spec(image: str, alphas: np.ndarray, betas: np.ndarray, loss: np.ndarray, centre: float, log: bool,
                   banded: bool, lv: list[float], x_title: str, y_title: str, path: pd.DataFrame | None = None,
                   height: int = 520) -> dict:
    """The heatmap `image` (surface_image) over the grid's box; theta* at (0, 0), the lowest grid point, and the
    projected path (step, a, b, loss) if given. Only finite values are sent as data."""
    box = ((float(alphas[0]), float(alphas[-1])), (float(betas[0]), float(betas[-1])))
    finite = np.isfinite(loss)
    J = np.where(finite, loss, np.nan)
    r, c = divmod(int(np.nanargmin(J)), J.shape[1]) if finite.any() else (0, 0)
    lo, hi = (float(np.nanmin(J)), float(np.nanmax(J))) if finite.any() else (1.0, 2.0)
    marks = []
    if finite.any():
        marks.append({"label": "lowest grid point", "a": float(alphas[c]), "b": float(betas[r]), "loss": lo})
    frames = {"image": pd.DataFrame({"url": [image], "x": [box[0][0]], "x2": [box[0][1]], "y": [box[1][0]],
                                     "y2": [box[1][1]]})}
    labels = band_labels(lv)
    if banded:
        frames["legend"] = pd.DataFrame({"a": 0.0, "b": 0.0, "band": labels, "i": range(len(labels))})
    else:
        lo_l = max(lo, 1e-12) if log else lo
        frames["legend"] = pd.DataFrame({"a": [0.0, 0.0], "b": [0.0, 0.0],
                                         "loss": [_round3(lo_l), _round3(max(hi, lo_l * 1.01))]})
    if path is not None:
        p = path.replace([np.inf, -np.inf], np.nan).dropna()
        frames["path"] = p[["step", "a", "b", "loss"]]
        marks.insert(0, {"label": "start", "a": float(path.a.iloc[0]), "b": float(path.b.iloc[0]),
                         "loss": float(path.loss.iloc[0])})
    frames["marks"] = pd.DataFrame(marks, columns=["label", "a", "b", "loss"])
    frames["theta"] = pd.DataFrame({"label": ["θ* (trained)"], "a": [0.0], "b": [0.0], "loss": [float(centre)]})
    return with_data(_template(x_title, y_title, banded, len(labels) if banded else 0, log and not banded,
                               path is not None, height), frames)


def _round3(v: float) -> float:
    return float(f"{v:.3g}")


# Wording ---------------------------------------------------------------------------------------
def caption(summary: dict, span: float | None, log: bool, banded: bool, view: str, trained_loss: float) -> str:
    """The one-line text summary of the landscape chart, for screen readers."""
    scale = "log" if log else "linear"
    style = "contour bands" if banded else "a continuous colour ramp"
    where = (f"a from −{num(span, 3)} to {num(span, 3)} along δ, b along ν" if view == "random"
             else "a and b along the training path's first and second PCA directions")
    ratio = summary["max"] / summary["centre"] if summary["centre"] > 0 else float("inf")
    side, dot = math.isqrt(summary["points"]), "the red ring, centre" if view == "random" else "the red ring"
    return (f"Heatmap of the training loss over a {side} × {side} grid, {where}; dark = low, yellow = high "
            f"({scale} scale, {style}). At θ* ({dot}) J = {num(trained_loss, 4)}; the lowest grid point "
            f"(white cross) has J = {num(summary['min'], 4)}, the highest {num(summary['max'], 4)} "
            f"({num(ratio, 3)} times the trained loss).")


def cost_caption(train_seconds: float, steps: int, points: int, grid_seconds: float, cos: float, view: str,
                 weights: int) -> str:
    """What training and the grid cost (measurements), and how orthogonal the directions delta and nu are."""
    if view != "random":
        angle = "the PCA directions are orthogonal by construction."
    elif abs(cos) < 0.2:
        angle = f"random directions in {weights:,} weight dimensions are nearly orthogonal."
    else:
        angle = (f"with only {weights:,} weights, two random directions are not quite orthogonal, so the map is a "
                 "little sheared.")
    return (f"Cost, measured: training {train_seconds:.2f} s for {steps} steps; the {points:,} networks of this grid "
            f"in {grid_seconds * 1000:.0f} ms (weights stacked as (G, out, in), one torch.baddbmm per layer). "
            f"cos(δ, ν) = {cos:.3f}: {angle}")


def path_note(every: int, explained: tuple, share: float, seed: int) -> str:
    """What the PCA view's path shows, and how little of it two random directions would catch."""
    lies = "almost in" if sum(explained) >= 0.9 else "only partly in"
    why = ("random directions in many dimensions are nearly orthogonal to the path (Li et al., section 7)."
           if share < 0.25 else "with few weights, a random plane catches more of it; in larger networks random "
           "directions are nearly orthogonal to the path (Li et al., section 7).")
    return (f"The path (white line, orange dots every {every} steps) runs from the diamond, the initial weights, to "
            f"θ*. These two directions hold {explained[0]:.0%} and {explained[1]:.0%} of the path's variance "
            f"({sum(explained):.0%} together), so the path lies {lies} this plane. In the two *random* directions "
            f"of seed {seed}, {share:.1%} of the straight line from the start to θ* lies in their plane: {why}")

"""Altair chart builders shared by the pages. Colour-blind-safe (Okabe-Ito) colours; every chart
has axis titles; heatmaps are one PNG image mark, so they redraw fast while training."""

import base64
import struct
import zlib

import altair as alt
import numpy as np
import pandas as pd

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, VERMILLION, GREEN, PURPLE, GREY = "#0072B2", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#999999"
CLASS_COLORS = {1: BLUE, 0: ORANGE}
_STOPS = np.array([[0.0, *bytes.fromhex("E69F00")], [0.5, 247, 247, 247], [1.0, *bytes.fromhex("0072B2")]])


def probability_rgba(p: np.ndarray, strength: float = 0.5) -> np.ndarray:
    """Map probabilities (h, w) to RGBA: orange at 0, near-white at 0.5, blue at 1; NaN is grey."""
    p = np.asarray(p, dtype=float)
    bad = ~np.isfinite(p)
    q = np.clip(np.where(bad, 0.5, p), 0, 1)
    rgb = np.stack([np.interp(q, _STOPS[:, 0], _STOPS[:, c]) for c in (1, 2, 3)], -1)
    rgb = 255 - strength * (255 - rgb)  # lighter tints keep the data points readable on top
    rgb[bad] = 200
    alpha = np.full(p.shape + (1,), 255.0)
    return np.concatenate([rgb, alpha], -1).round().astype(np.uint8)


def png_data_uri(rgba: np.ndarray) -> str:
    """Encode an (h, w, 4) uint8 array as a PNG data URI (zlib only, no imaging library)."""
    h, w, _ = rgba.shape
    raw = np.concatenate([np.zeros((h, 1), np.uint8), rgba.reshape(h, w * 4)], 1).tobytes()

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode()


def boundary_chart(prob: np.ndarray, x_range, y_range, points: pd.DataFrame | None = None, *,
                   x_title: str = "x1", y_title: str = "x2", you: tuple | None = None, you_label: str = "you",
                   line: list | None = None, class_names=("class 0", "class 1"), height: int = 380) -> alt.LayerChart:
    """The plane coloured by P(y = 1) (an image, top row = largest y), with the data on top.

    points: columns x, y, label (0/1); you: a marked point (x, y); line: end points [(x, y), (x, y)].
    """
    xs = alt.Scale(domain=list(x_range), nice=False, zero=False)
    ys = alt.Scale(domain=list(y_range), nice=False, zero=False)
    img = pd.DataFrame({"url": [png_data_uri(probability_rgba(prob))], "x": [x_range[0]], "x2": [x_range[1]],
                        "y": [y_range[0]], "y2": [y_range[1]]})
    layers = [alt.Chart(img).mark_image(aspect=False, align="left", baseline="bottom").encode(
        x=alt.X("x:Q", scale=xs, title=x_title), x2="x2:Q",
        y=alt.Y("y:Q", scale=ys, title=y_title), y2="y2:Q", url="url:N")]
    if line:
        ldf = pd.DataFrame(line, columns=["x", "y"])
        layers.append(alt.Chart(ldf).mark_line(color="black", strokeDash=[6, 4]).encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys)))
    if points is not None and len(points):
        pts = points.assign(cls=points["label"].map({0: class_names[0], 1: class_names[1]}))
        layers.append(alt.Chart(pts).mark_point(filled=True, size=45, stroke="black", strokeWidth=0.6,
                                                opacity=0.9).encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys),
            color=alt.Color("cls:N", title=None, scale=alt.Scale(domain=list(class_names), range=[ORANGE, BLUE])),
            shape=alt.Shape("cls:N", title=None, scale=alt.Scale(domain=list(class_names),
                                                                 range=["triangle-down", "circle"])),
            tooltip=[alt.Tooltip("x:Q", title=x_title, format=".2f"), alt.Tooltip("y:Q", title=y_title, format=".2f"),
                     alt.Tooltip("cls:N", title="label")]))
    if you is not None:
        ydf = pd.DataFrame({"x": [you[0]], "y": [you[1]], "who": [you_label]})
        layers.append(alt.Chart(ydf).mark_point(shape="diamond", filled=True, size=300, color="white",
                                                stroke="black", strokeWidth=2.5, opacity=1).encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=["who:N", "x:Q", "y:Q"]))
        layers.append(alt.Chart(ydf).mark_text(dx=14, dy=-10, fontWeight="bold", align="left").encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text="who:N"))
    return alt.layer(*layers).properties(height=height).configure_legend(orient="top")


def loss_chart(history: pd.DataFrame, *, x: str = "step", x_max: float | None = None,
               series: dict | None = None, y_title: str = "loss J(W)", height: int = 260) -> alt.Chart:
    """Loss curves over training, one line per series ({column: label}); a fixed x-axis if x_max."""
    series = series or {"train_loss": "training", "val_loss": "validation"}
    cols = [c for c in series if c in history and history[c].notna().any()]
    long = history.melt(id_vars=[x], value_vars=cols, var_name="series", value_name="loss")
    long["series"] = long["series"].map(series)
    long = long.replace([np.inf, -np.inf], np.nan).dropna()
    scale = alt.Scale(domain=[0, x_max]) if x_max else alt.Undefined
    labels = [series[c] for c in cols]
    return alt.Chart(long).mark_line(point=len(long) < 40).encode(
        x=alt.X(f"{x}:Q", title=x.replace("_", " "), scale=scale),
        y=alt.Y("loss:Q", title=y_title),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=labels, range=[BLUE, ORANGE, GREEN][:len(labels)])),
        tooltip=[alt.Tooltip(f"{x}:Q"), "series:N", alt.Tooltip("loss:Q", format=".4f")],
    ).properties(height=height).configure_legend(orient="top")


def activation_chart(df: pd.DataFrame, z: float, y: float, *, x_title: str = "z", y_title: str = "g(z)",
                     height: int = 220) -> alt.LayerChart:
    """A curve g(z) (columns z, g) with the current (z, g(z)) marked."""
    curve = alt.Chart(df).mark_line(color=BLUE).encode(x=alt.X("z:Q", title=x_title), y=alt.Y("g:Q", title=y_title))
    dot = alt.Chart(pd.DataFrame({"z": [z], "g": [y]})).mark_point(
        filled=True, size=120, color=VERMILLION, stroke="black").encode(x="z:Q", y="g:Q", tooltip=["z:Q", "g:Q"])
    return alt.layer(curve, dot).properties(height=height)

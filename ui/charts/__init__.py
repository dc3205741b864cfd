"""Altair chart builders shared by the pages. Colour-blind-safe (Okabe-Ito) colours; every chart
has axis titles; heatmaps are one PNG image mark, so they redraw fast while training."""

import base64
import functools
import json
import struct
import zlib

import altair as alt
import numpy as np
import pandas as pd

from ui.live_picture import LivePicture
from ui.palette import BLUE, GREEN, GREY, ORANGE, VERMILLION  # noqa: F401 - the pages' colours, from here


def _reuse_altair_class_table() -> None:
    """Altair (6.3) turns every shorthand channel ("x2:Q", a tooltip "label:N") into its class through a table
    of all ~570 schema classes, which it rebuilds by hashing each class's JSON schema every time: 6 ms a channel,
    70 of the 100 ms a layered chart template took. The table depends only on the classes, so it is built once
    per set of classes and reused (tests/unit/test_charts_speed.py checks the specs come out the same)."""
    from altair.utils import schemapi

    table_of = getattr(schemapi, "_FromDict", None)
    if table_of is None or getattr(table_of, "_nnlab_reused", False):
        return
    build, tables = table_of.__init__, {}

    def __init__(self, wrapper_classes, /):
        classes = tuple(wrapper_classes)
        key = frozenset(classes)
        if key not in tables:
            build(self, classes)
            tables[key] = self.class_dict
        self.class_dict = tables[key]

    table_of.__init__ = __init__
    table_of._nnlab_reused = True


_reuse_altair_class_table()
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


def boundary_frames(prob: np.ndarray, x_range, y_range, points: pd.DataFrame | None = None, *,
                    you: tuple | None = None, you_label: str = "you", line: list | None = None,
                    class_names=("class 0", "class 1")) -> dict[str, pd.DataFrame]:
    """The data of a boundary chart by layer: image, and line, points, you where given."""
    frames = {"image": pd.DataFrame({"url": [png_data_uri(probability_rgba(prob))], "x": [x_range[0]],
                                     "x2": [x_range[1]], "y": [y_range[0]], "y2": [y_range[1]]})}
    if line:
        frames["line"] = pd.DataFrame(line, columns=["x", "y"])
    if points is not None and len(points):
        frames["points"] = points.assign(cls=points["label"].map({0: class_names[0], 1: class_names[1]}))
    if you is not None:
        frames["you"] = pd.DataFrame({"x": [you[0]], "y": [you[1]], "who": [you_label]})
    return frames


def _boundary_layers(frames: dict, x_range, y_range, x_title: str, y_title: str, class_names,
                     height: int) -> alt.LayerChart:
    """The layered chart over `frames` (DataFrames, or alt.NamedData for a template)."""
    xs = alt.Scale(domain=list(x_range), nice=False, zero=False)
    ys = alt.Scale(domain=list(y_range), nice=False, zero=False)
    layers = [alt.Chart(frames["image"]).mark_image(aspect=False, align="left", baseline="bottom").encode(
        x=alt.X("x:Q", scale=xs, title=x_title), x2="x2:Q",
        y=alt.Y("y:Q", scale=ys, title=y_title), y2="y2:Q", url="url:N")]
    if "line" in frames:
        layers.append(alt.Chart(frames["line"]).mark_line(color="black", strokeDash=[6, 4]).encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys)))
    if "points" in frames:
        layers.append(alt.Chart(frames["points"]).mark_point(filled=True, size=45, stroke="black", strokeWidth=0.6,
                                                             opacity=0.9).encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys),
            color=alt.Color("cls:N", title=None, scale=alt.Scale(domain=list(class_names), range=[ORANGE, BLUE])),
            shape=alt.Shape("cls:N", title=None, scale=alt.Scale(domain=list(class_names),
                                                                 range=["triangle-down", "circle"])),
            tooltip=[alt.Tooltip("x:Q", title=x_title, format=".2f"), alt.Tooltip("y:Q", title=y_title, format=".2f"),
                     alt.Tooltip("cls:N", title="label")]))
    if "you" in frames:
        layers.append(alt.Chart(frames["you"]).mark_point(shape="diamond", filled=True, size=300, color="white",
                                                          stroke="black", strokeWidth=2.5, opacity=1).encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), tooltip=["who:N", "x:Q", "y:Q"]))
        layers.append(alt.Chart(frames["you"]).mark_text(dx=14, dy=-10, fontWeight="bold", align="left").encode(
            x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys), text="who:N"))
    return alt.layer(*layers).properties(height=height).configure_legend(orient="top")


@functools.lru_cache(maxsize=64)
def _boundary_template(names: tuple, x_range: tuple, y_range: tuple, x_title: str, y_title: str, class_names: tuple,
                       height: int) -> str:
    named = {n: alt.NamedData(n) for n in names}
    return template(_boundary_layers(named, x_range, y_range, x_title, y_title, class_names, height))


def boundary_spec(prob: np.ndarray, x_range, y_range, points: pd.DataFrame | None = None, *,
                  x_title: str = "x1", y_title: str = "x2", you: tuple | None = None, you_label: str = "you",
                  line: list | None = None, class_names=("class 0", "class 1"), height: int = 380) -> dict:
    """The plane coloured by P(y = 1) (an image, top row = largest y) with the data on top, as a Vega-Lite
    dict for st.vega_lite_chart. points: columns x, y, label (0/1); you: a marked point (x, y); line: end
    points [(x, y), (x, y)]. The spec is built once per layout and only the data change, so it redraws in
    milliseconds (README, "How it is built")."""
    frames = boundary_frames(prob, x_range, y_range, points, you=you, you_label=you_label, line=line,
                             class_names=class_names)
    return with_data(_boundary_template(tuple(frames), tuple(x_range), tuple(y_range), x_title, y_title,
                                        tuple(class_names), height), frames)


# Altair's check of a spec against the Vega-Lite schema takes about half of a template's build (35 of 67 ms for
# the optimizer race's map). It only raises, it changes nothing: a fixture in tests/conftest.py switches it on,
# so every template a page builds is checked in the tests, and the server builds the same specs without it.
VALIDATE = False


# A legend above or below a chart lays its entries out in one row, wider than a phone: its columns follow the width
# of the chart's box instead (one per LEGEND_ENTRY_PX, at most the number a chart asks for), so the legend wraps.
LEGEND_ENTRY_PX = 230


def _legend_columns(most: int | None = None) -> dict:
    fit = f"max(1, floor(containerSize()[0] / {LEGEND_ENTRY_PX}))"
    return {"expr": f"min({most}, {fit})" if most else fit}


def _wrap_legends(node, orient: str) -> None:
    """Every legend of a spec that lies in a row (top or bottom, the config's orient when it names none) wraps to
    the chart's width; a legend at the side (right, left) stays as it is."""
    if isinstance(node, dict):
        legend = node.get("legend")
        if isinstance(legend, dict) and legend.get("orient", orient) in ("top", "bottom") \
                and not isinstance(legend.get("columns"), dict):
            legend["columns"] = _legend_columns(legend.get("columns"))
        for value in node.values():
            _wrap_legends(value, orient)
    elif isinstance(node, list):
        for value in node:
            _wrap_legends(value, orient)


def template(chart: alt.TopLevelMixin) -> str:
    """An Altair chart over alt.NamedData sources as Vega-Lite JSON, without Altair's default view size, its legends
    wrapping to the chart's width (a phone's too)."""
    spec = chart.to_dict(validate=VALIDATE)
    spec.get("config", {}).pop("view", None)
    spec.setdefault("padding", {"left": 5, "top": 5, "bottom": 5, "right": 12})  # room for the last axis label
    legend = spec.get("config", {}).get("legend", {})
    orient = legend.get("orient", "right")
    if orient in ("top", "bottom"):
        legend["columns"] = _legend_columns(legend.get("columns"))
    for key, value in spec.items():
        if key != "config":
            _wrap_legends(value, orient)
    return json.dumps(spec)


def with_data(template_json: str, frames: dict[str, pd.DataFrame], description: str = "") -> dict:
    """A fresh spec from a template with its named datasets filled in (Streamlit sends them as Arrow), and its text
    alternative: `description`, or else one written from the data (`describe`)."""
    return accessible({**json.loads(template_json), "datasets": frames}, description)


def accessible(spec: dict, description: str = "") -> dict:
    """The spec with one text alternative for the whole chart: Vega-Embed gives its `description` to the chart's
    element as aria-label, where a screen reader would otherwise hear only "Vega visualization"."""
    spec["description"] = description or describe(spec)
    frames = spec.get("datasets", {})
    for layer, name in _layers(spec):  # a layer with no data yet (a race not run) would be an unnamed empty group
        data = frames.get(name)
        if data is not None and not len(data) and "mark" in layer:
            mark = layer["mark"]
            layer["mark"] = {**(mark if isinstance(mark, dict) else {"type": mark}), "aria": False}
    return spec


def _text(title) -> str:
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "")


def _layers(spec: dict):
    """Every unit spec of a layered (or single) spec, with the data name it draws."""
    for layer in spec.get("layer", [spec]):
        if "layer" in layer:
            yield from _layers(layer)
        else:
            yield layer, layer.get("data", spec.get("data", {})).get("name")


def _number(v) -> str:
    v = float(v)
    return f"{v:.3g}".replace("-", "−") if abs(v) < 1e4 else f"{v:,.0f}".replace("-", "−")


def describe(spec: dict) -> str:
    """A sentence of what a chart shows, from its spec and data: its title, what it plots against what, and for each
    line or set of points its values (where a line starts and ends, the range of a set of points). The numbers are
    the chart's own, so the sentence changes with them."""
    frames = spec.get("datasets", {})
    parts, seen, names = [], set(), {}
    title = _text(spec.get("title"))
    layers = list(_layers(spec))
    for layer, _ in layers:  # the axis titles, wherever a layer gives them
        for ch in ("x", "y"):
            enc = layer.get("encoding", {}).get(ch, {})
            if enc.get("title") and ch not in names:
                names[ch] = _text(enc["title"])
        title = title or _text(layer.get("title"))
    for layer, name in layers:
        enc = layer.get("encoding", {})
        x, y = enc.get("x", {}), enc.get("y", {})
        data = frames.get(name)
        mark = layer.get("mark", {})
        mark = mark.get("type") if isinstance(mark, dict) else mark
        yf, xf = y.get("field"), x.get("field")
        if data is None or mark not in ("line", "point", "circle", "square", "bar", "area") or not yf \
                or yf not in data or (name, yf) in seen or not len(data):
            continue
        seen.add((name, yf))
        xn, yn = names.get("x", xf), names.get("y", yf)
        by = enc.get("color", {}).get("field") or enc.get("detail", {}).get("field")
        groups = data.groupby(by, sort=False) if by in data else [(None, data)]
        for label, g in list(groups)[:8]:
            g = g[np.isfinite(pd.to_numeric(g[yf], errors="coerce"))]
            if not len(g):
                continue
            who = f"{label}: " if label is not None else ""
            numeric_x = xf in g and pd.api.types.is_numeric_dtype(g[xf])
            if mark in ("line", "area") and numeric_x and len(g) > 1:
                g = g.sort_values(xf)
                parts.append(f"{who}{yn} from {_number(g[yf].iloc[0])} to {_number(g[yf].iloc[-1])} as {xn} goes "
                             f"from {_number(g[xf].iloc[0])} to {_number(g[xf].iloc[-1])}")
            elif len(g) == 1 and numeric_x:
                parts.append(f"{who}one point at {xn} = {_number(g[xf].iloc[0])}, {yn} = {_number(g[yf].iloc[0])}")
            else:
                parts.append(f"{who}{len(g)} {'bars' if mark == 'bar' else 'points'}, {yn} from "
                             f"{_number(g[yf].min())} to {_number(g[yf].max())}")
    axes = f"{names['y']} against {names['x']}" if {"x", "y"} <= names.keys() else ""
    head = ". ".join(t for t in (title, axes) if t) or "Chart"
    return head + (". " + "; ".join(parts) + "." if parts else ".")


def show_boundary(where, prob: np.ndarray, x_range, y_range, points: pd.DataFrame | None = None, *,
                  key: str | None = None, **kw) -> None:
    """Draw boundary_spec (same arguments) in `where`: fast enough to redraw every frame while training."""
    where.vega_lite_chart(boundary_spec(prob, x_range, y_range, points, **kw), width="stretch", key=key)


@functools.lru_cache(maxsize=64)
def _loss_template(x: str, x_max: float | None, labels: tuple, y_title: str, height: int) -> str:
    scale = alt.Scale(domain=[0, x_max]) if x_max else alt.Undefined
    return template(alt.Chart(alt.NamedData("loss")).mark_line().encode(
        x=alt.X(f"{x}:Q", title=x.replace("_", " "), scale=scale),
        y=alt.Y("loss:Q", title=y_title),
        color=alt.Color("series:N", title=None,
                        scale=alt.Scale(domain=list(labels), range=[BLUE, ORANGE, GREEN, VERMILLION][:len(labels)])),
        tooltip=[alt.Tooltip(f"{x}:Q"), "series:N", alt.Tooltip("loss:Q", format=".4f")],
    ).properties(height=height).configure_legend(orient="top"))


def loss_spec(history: pd.DataFrame, *, x: str = "step", x_max: float | None = None, series: dict | None = None,
              y_title: str = "loss J(W)", height: int = 260) -> dict:
    """Loss curves over training, one line per series ({column: label}); a fixed x-axis if x_max.

    Non-finite losses (a diverged run) are left out, so the chart still draws what came before.
    """
    series = series or {"train_loss": "training", "val_loss": "validation"}
    cols = [c for c in series if c in history and history[c].notna().any()]
    long = history.melt(id_vars=[x], value_vars=cols, var_name="series", value_name="loss")
    long["series"] = long["series"].map(series)
    long = long.replace([np.inf, -np.inf], np.nan).dropna()
    return with_data(_loss_template(x, x_max, tuple(series[c] for c in cols), y_title, height), {"loss": long})


def show_loss(where, history: pd.DataFrame, *, key: str | None = None, **kw) -> None:
    """Draw loss_spec (same arguments) in `where`."""
    where.vega_lite_chart(loss_spec(history, **kw), width="stretch", key=key)


# Live frames: the boundary as a plain image ------------------------------------------------------------
# While a network trains, a Vega image mark blanks out each time its PNG changes (the browser loads the new
# picture asynchronously), so a live Vega heatmap flickers and shows a fraction of the frames sent. Live frames
# go to a ui.live_picture.LivePicture instead; the final frame is the full Vega chart, with axes and tooltips.
_OVERLAYS: dict = {}
_OVERLAY_LIMIT = 32


def png_rgb_uri(rgb: np.ndarray, level: int = 1) -> str:
    """An (h, w, 3) or (h, w, 4) uint8 array as a PNG data URI (RGB or RGBA); zlib level 1 is about 3x
    cheaper than the default."""
    h, w, c = rgb.shape
    raw = np.concatenate([np.zeros((h, 1), np.uint8), rgb.reshape(h, w * c)], 1).tobytes()

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2 if c == 3 else 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, level)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _overlay(points: pd.DataFrame, x_range, y_range, h: int, w: int, r: int = 2):
    """(mask, rgb) of the points as squares with a black edge (orange class 0, blue class 1, grey without
    labels), computed once per point set and size."""
    labels = points["label"].to_numpy(float) if "label" in points else np.full(len(points), -1.0)
    xy = np.column_stack([points["x"].to_numpy(float), points["y"].to_numpy(float), labels])
    key = (xy.tobytes(), tuple(x_range), tuple(y_range), h, w, r)
    if key not in _OVERLAYS:
        mask, rgb = np.zeros((h, w), bool), np.zeros((h, w, 3), np.uint8)
        cols = ((xy[:, 0] - x_range[0]) / (x_range[1] - x_range[0]) * (w - 1)).round()
        rows = ((y_range[1] - xy[:, 1]) / (y_range[1] - y_range[0]) * (h - 1)).round()
        keep = np.isfinite(cols) & np.isfinite(rows) & (cols >= r) & (cols < w - r) & (rows >= r) & (rows < h - r)
        cols, rows, lab = cols[keep].astype(int), rows[keep].astype(int), xy[keep, 2].astype(int)
        palette = np.array([list(bytes.fromhex(c[1:])) for c in (ORANGE, BLUE, GREY)], np.uint8)
        fill = palette[np.where(lab >= 0, lab, 2)]
        for dr in range(-r, r + 1):
            for dc in range(-r, r + 1):
                mask[rows + dr, cols + dc] = True
                rgb[rows + dr, cols + dc] = 0 if max(abs(dr), abs(dc)) == r else fill
        if len(_OVERLAYS) >= _OVERLAY_LIMIT:
            _OVERLAYS.clear()
        _OVERLAYS[key] = (mask, rgb)
    return _OVERLAYS[key]


def points_png(points: pd.DataFrame, x_range, y_range, h: int, w: int) -> str:
    """The points alone on an (h, w) transparent picture (top row = largest y): an RGBA PNG data URI."""
    mask, rgb = _overlay(points, x_range, y_range, h, w)
    return png_rgb_uri(np.dstack([rgb, mask.astype(np.uint8) * 255]))


def live_boundary(where, x_range, y_range, points: pd.DataFrame | None = None, *, x_title: str = "x1",
                  y_title: str = "x2", n: int = 100, scale: int = 3, width: int | None = None) -> LivePicture:
    """A live picture of show_boundary's plane in `where`, for show_boundary_live's frames: each frame is the
    n x n plane alone (the browser scales it up smoothly), and the points, which do not move while a model
    trains, are drawn once over it (a transparent PNG `scale` times larger)."""
    overlay = points_png(points, x_range, y_range, n * scale, n * scale) if points is not None and len(points) else None
    return LivePicture(where, f"The decision boundary over {x_title} and {y_title} while the model trains",
                       width=width, overlay=overlay,
                       tail=f"While training: {x_title} from {x_range[0]:g} to {x_range[1]:g} (left to right), "
                            f"{y_title} from {y_range[0]:g} to {y_range[1]:g} (bottom to top).")


def show_boundary_live(picture: LivePicture, prob: np.ndarray, note: str = "") -> int:
    """A frame of a live_boundary picture: the plane coloured by P(y = 1) (prob (n, n), top row = largest y),
    with `note` (say, the epoch and loss) leading its caption, so the numbers move with the picture. Returns
    LivePicture.add's batch number."""
    return picture.add(png_rgb_uri(probability_rgba(prob)[..., :3]), note)

"""The playground's live board in the page (its script: live_board.js beside this file; ui/playground/stream.py says how
frames and commands travel). Drawn once per run with the same key, so a rerun updates it in place: the socket, the
picture and the curve survive every control change."""

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from ui import charts
from ui.palette import BLUE, VERMILLION

JS = (Path(__file__).with_name("live_board.js")).read_text()
CSS = """
.nnlab-board { display: flex; flex-direction: column; gap: 0.4rem; }
.nnlab-play { font: inherit; padding: 0.25rem 0.9rem; min-height: 2.5rem; min-width: 6.5rem; border-radius: 0.5rem;
  cursor: pointer; border: 1px solid transparent; background: var(--st-primary-color, #ff4b4b); color: #fff; }
.nnlab-play.nnlab-playing { background: transparent; color: inherit; border-color: rgba(128, 128, 128, 0.5); }
.nnlab-play:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.nnlab-board-numbers, .nnlab-board-status, .nnlab-board-legend { margin: 0; font-size: 0.95rem; }
.nnlab-board-numbers { font-variant-numeric: tabular-nums; min-height: 1.5em; }
.nnlab-board-stage { position: relative; width: 100%; aspect-ratio: 1; }
.nnlab-board-stage canvas { position: absolute; inset: 0; width: 100%; height: 100%; border-radius: 0.25rem; }
.nnlab-board-curve { width: 100%; aspect-ratio: 10 / 3; border: 1px solid rgba(49, 51, 63, 0.2);
  border-radius: 0.25rem; }
"""
# While a network plays, the page's parts that show the last rerun's network (containers keyed pg_stale_*, which
# Streamlit marks with the class st-key-<key>) are greyed: the board is the live view.
STALE = ("html[data-nnlab-playing] [class*='st-key-pg_stale_'] { opacity: 0.35; transition: opacity 0.3s; }\n"
         "[class*='st-key-pg_stale_'] { transition: opacity 0.3s; }\n")
MAX_PX = 520          # the plane's largest side in CSS pixels
CURVE_POINTS = 1000   # the history sent with each run, at most


def _component():
    """Registered per run, like ui.live_picture's: the registry belongs to the running server."""
    return st.components.v2.component("nnlab_live_board", js=JS, css=CSS + STALE, isolate_styles=False)


def _lut(strength: float) -> list[list[int]]:
    rgb = charts.probability_rgba(np.linspace(0, 1, 255), strength)[:, :3]
    return rgb.astype(int).tolist() + [[200, 200, 200]]  # 255: not a number


LUT, POINT_LUT = _lut(0.5), _lut(1.0)


def play_button(token: str, key: str = "pg_play_button") -> None:
    """The Play / Pause button of the board with this token (mounted where the page's buttons are)."""
    _component()(key=key, data={"kind": "button", "token": token}, width="content")


def board(token: str, frame: bytes, points: pd.DataFrame, bx, *, task: str, show_test: bool, discretize: bool,
          history: pd.DataFrame, alt: str, legend: str, key: str = "pg_board", on_sync=None):
    """Mount (or update) the board. `frame`: the current frame (core.playground.play.encode); `points`: x, y, set, and
    label or shade; `history`: epoch, train_loss, test_loss. Returns the component's result (its `sync` trigger
    fires when a press has ended)."""
    sets = points["set"].map({"training": 0, "validation": 1, "test": 2}).to_numpy(int)
    value = points["label"] if "label" in points else points["shade"]
    pts = np.column_stack([points["x"].to_numpy(float), points["y"].to_numpy(float), value.to_numpy(float), sets])
    if len(history) > CURVE_POINTS:  # every k-th epoch and the last: the curve's shape, in a small message
        k = -(-len(history) // CURVE_POINTS)
        history = pd.concat([history.iloc[::k], history.iloc[[-1]]])
    hist = history[["epoch", "train_loss", "test_loss"]].replace([np.inf, -np.inf], np.nan).astype(object)
    hist = hist.where(pd.notna(hist), None).values.tolist()
    data = {"kind": "board", "token": token, "path": "/_nnlab/live/", "frame": base64.b64encode(frame).decode(),
            "lut": LUT, "point_lut": POINT_LUT, "points": np.round(pts, 4).tolist(),
            "box": [list(map(float, bx[0])), list(map(float, bx[1]))], "show_test": show_test,
            "discretize": discretize, "task": task, "history": hist, "alt": alt, "legend": legend,
            "labels": ["training loss", "test loss"], "curve_colours": [BLUE, VERMILLION], "max_px": MAX_PX}
    return _component()(key=key, data=data, on_sync_change=on_sync or (lambda: None))

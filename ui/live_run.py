"""Live training views: a progress bar and chart slots that redraw while a core Trainer runs.

Core calls back every few steps; redraws are throttled by time so that training, not drawing,
takes the CPU, and the first frame appears at once.
"""

import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from ui import streamlit_dom


# While training, the boundary's live picture (ui.live_picture) gets every frame, and its caption carries the epoch and
# the loss. The other elements are redrawn only when the picture sends a batch of frames (about every 0.3 s): the
# metrics with every METRICS_EVERY-th batch, everything with every FULL_EVERY-th. The browser spends time on
# every element update (more with every widget on the page), a chart's most of all, and the picture's frames
# wait for it. Measured on the playground in Chromium: the picture alone 34-36 frames/s; with the metrics at
# every batch 28-30; with the loss curves every third batch too, 20.
METRICS_EVERY = 2
FULL_EVERY = 10
REPLAY_FRAMES = 80  # a run's least number of frames (LiveRun's `frames`): 2 s at ui.live_picture's 40 frames a second


def batch_due(batch: int, every: int, first: int = 1) -> bool:
    """Redraw now? `batch`: the number of the live picture's batch a frame went off with (0: none, see
    ui.live_picture.LivePicture.add); batch `first` and every `every`-th say yes."""
    return batch == first or (batch > 0 and batch % every == 0)


# A run button's busy sign. The browser takes 300-600 ms from a click to drawing the run's first progress bar
# (it re-renders the page's element tree for each message; see benchmarks/README.md), which a learner sees as a
# click that did nothing. So the page's own script marks the button busy at the click (a spinner in the button,
# aria-busy), and clears it when the script run that the click started has ended.
# Its script: live_run.js beside this file, given the names of Streamlit's page it needs (ui.streamlit_dom).
BUSY_JS = Path(__file__).with_name("live_run.js").read_text()
BUSY_CSS = streamlit_dom.hide_box("nnlab-busy-carrier")


def run_button(label: str, key: str, **kwargs) -> bool:
    """`st.button` for a run the learner starts (Train, a sweep): busy from the click until the run has ended.
    `key` goes into the page's style rules, so it must be a plain name."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", key):
        raise ValueError(f"a run button's key must be a plain name (letters, digits, _), not {key!r}")
    clicked = st.button(label, key=key, **kwargs)
    mount = st.components.v2.component("nnlab_run_button", js=BUSY_JS, css=BUSY_CSS, isolate_styles=False)
    mount(data={"keys": [key], "dom": streamlit_dom.SCRIPTS}, key=f"{key}-busy")
    return clicked


@contextmanager
def working(text: str):
    """A wait with no steps to count, shown at once where it is called, gone at the end (`st.spinner` shows
    only after half a second, which a learner sees as a click that did nothing)."""
    slot = st.empty()
    slot.status(text, state="running")
    try:
        yield
    finally:
        slot.empty()


class LiveRun:
    """An on_progress callback for core.trainer.Trainer.run: draws at most every `interval` seconds, and, with
    `frames`, also at least that many times over the run however fast it trains (each a later step), so that
    a run shorter than a blink still gives a live picture frames to play (ui.live_picture paces them)."""

    def __init__(self, draw: Callable, total_steps: int, start_step: int = 0, interval: float = 0.025,
                 bar_interval: float = 0.25, where=None, frames: int = 0):
        self.draw, self.total, self.start, self.interval = draw, max(1, total_steps), start_step, interval
        self.bar_interval = bar_interval  # the bar moves a few times a second: a bar update per frame costs frames
        self.bar = (where or st).progress(0.0, text="Starting…")  # where: a slot placed where the eye is
        self.last = self.last_bar = 0.0
        self.gap = interval
        self.every = self.total / frames if frames else float("inf")  # steps between frames by progress
        self.next = self.every

    def __call__(self, trainer) -> None:
        done = trainer.step - self.start
        now = time.perf_counter()
        if now - self.last < self.gap and done < self.next and done < self.total and not trainer.stopped:
            return
        self.last = now
        self.next = done + self.every
        if now - self.last_bar >= self.bar_interval or done >= self.total or trainer.stopped:
            self.last_bar = now
            text = f"Step {done:,} of {self.total:,} · epoch {trainer.epoch:.0f}"
            self.bar.progress(min(1.0, done / self.total), text=text)
        self.draw(trainer)
        # Training gets at least twice the time drawing takes: a slow frame (a busy server) spaces the next.
        self.gap = max(self.interval, 2 * (time.perf_counter() - now))

    def finish(self) -> None:
        self.bar.empty()

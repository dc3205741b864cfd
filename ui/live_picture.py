"""A live picture that the browser plays by itself while a model trains.

Every element update in Streamlit costs the browser time, more with every widget on the page (a frame sent as
an `st.image` shows at about 33 frames/s on an empty page, 16-20 on a page of sliders). So the frames travel
in batches, about three a second, each frame with its time since the run began, and a small script in the page
shows them at the pace they were made (the callers make one every 20-30 ms of training), a fixed LEAD behind
the training; frames made faster than PACE apart (a short run) are played PACE apart, as a replay. A batch is
one element update, not ten.

The picture (a figure: a canvas, an optional fixed layer over it, a caption, a label for screen readers) is
mounted once per run; the batches reach it through a second, hidden element that is replaced for each batch,
so the picture itself is never remounted (a remount blanks it for a frame). A screen reader hears what it shows
through a polite status that changes at most every 3 s (ANNOUNCE in the script) and with the last frame, not with
each of the 40 frames a second. Frames are decoded off the page's
main thread before they are due and drawn on the canvas in an animation frame, so each is painted whole. The
script sets a canvas's pixels from PNGs made here, an image's `src` to one, and text with `nodeValue`:
nothing is parsed as HTML.
"""

import time
import uuid
from pathlib import Path

import streamlit as st

from ui import streamlit_dom

FLUSH = 0.3   # seconds: the frames made so far go to the browser this often
LEAD = 250    # ms: playback runs this far behind training, so that each batch arrives before its frames are due
PACE = 0.025  # seconds: frames made faster than this are played this far apart (40 a second), as a replay
REPLAY = 3.0  # seconds: finish waits at most this long for a replay to end
SLACK = 0.5   # seconds: and this much longer than the replay takes here (the frames reach the page late)

JS = Path(__file__).with_name("live_picture.js").read_text()  # the page script

CSS = """
.nnlab-live { margin: 0; contain: content; }
.nnlab-live > div { position: relative; }
.nnlab-live canvas { width: 100%; aspect-ratio: 1; display: block; border-radius: 0.25rem; will-change: transform; }
.nnlab-live img { position: absolute; inset: 0; width: 100%; height: 100%; }
.nnlab-live figcaption { font-size: 0.875rem; opacity: 0.7; margin-top: 0.375rem; height: 4.5em; overflow: hidden;
                         contain: strict; }
.nnlab-live-status { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden;
                      clip-path: inset(50%); white-space: nowrap; }
""" + streamlit_dom.hide_box("nnlab-live-carrier") + "\n"


def _component():
    """The component's mount command. Registered per run, not at import: the registry belongs to the running
    server (and a test may start several); registering the same definition again is free and silent."""
    return st.components.v2.component("nnlab_live_picture", js=JS, css=CSS, isolate_styles=False)


class LivePicture:
    """A live picture in `where` (a slot): `add` frames (PNG data URIs of one size, square) while training,
    `finish` at the end, then replace the slot's content (say, with the finished chart). `overlay`: a PNG
    drawn over every frame (things that do not move); `tail`: text after every frame's caption."""

    def __init__(self, where, alt: str, *, width: int | None = None, overlay: str | None = None, tail: str = ""):
        self.run, self.mount = uuid.uuid4().hex, _component()
        with where.container():
            self.mount(data={"kind": "figure", "run": self.run, "alt": alt, "caption": "Starting…", "tail": tail,
                             "width": width, "overlay": overlay})
            self.carrier = st.empty()
        self.t0 = time.perf_counter()
        self.last_flush, self.t = -FLUSH, -PACE
        self.frames: list[list] = []
        self.batches = 0

    def flush_due(self) -> bool:
        return time.perf_counter() - self.t0 - self.last_flush >= FLUSH

    def add(self, uri: str, caption: str) -> int:
        """Add a frame; the number of the batch it went off with, or 0 while it waits (a batch is the moment to
        update anything else on the page, so that the browser re-renders once for both)."""
        due = self.flush_due()
        self.t = max(time.perf_counter() - self.t0, self.t + PACE)  # when the browser shows it
        self.frames.append([round(self.t, 4), uri, caption])
        if not due:
            return 0
        self.flush()
        return self.batches

    def flush(self) -> None:
        if not self.frames:
            return
        with self.carrier:
            self.mount(data={"kind": "frames", "run": self.run, "frames": self.frames, "lead": LEAD})
        self.frames = []
        self.batches += 1
        self.last_flush = time.perf_counter() - self.t0

    def finish(self) -> None:
        """Send the last frames and wait until they are shown, so that a run's end is seen before its slot is
        replaced (when training ran faster than the frames play, the rest of the replay, up to REPLAY s). The
        page shows the frames later than they were made here (they travel in batches, and the page pauses its
        playback while it is busy drawing), so the wait includes SLACK."""
        self.flush()
        wait = self.t + LEAD / 1000 + SLACK - (time.perf_counter() - self.t0)
        time.sleep(max(0.0, min(REPLAY, wait)))

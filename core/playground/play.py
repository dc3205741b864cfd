"""One press of Play: the playground's network trains in a thread of its own until Pause.

The page's board sends Play, Pause, Step and Reset straight to the `Player` (through ui.playground.stream, without a
Streamlit rerun). While it plays, the thread trains a chunk of whole epochs (about FRAME_SECONDS), makes a frame of the
boundary and the numbers, and hands it to the channel, which sends it to the page at once; so the boundary, the
epoch, the losses and the loss curve move together, as often as the network trains a chunk.

Frames come at most FRAME_INTERVAL apart (the display's rate), each after at most FRAME_SECONDS of training, so the
thread leaves part of a core free for the server and, on a laptop, for the browser.

Playing stops on Pause, on Reset, when no page has shown the network for LEAVE_SECONDS (the tab was closed), when
training ends by itself (divergence, early stopping, a run's MAX_EPOCHS), or after a deployer's limit per press
(the environment variable NNLAB_PLAY_SECONDS; none by default). Every playing network in the process takes its
turn at training through one fair queue (`SHARE`), a chunk at a time: ten learners playing at once each keep
drawing, and training never holds more than one core, which leaves the other for everything else.

Controls that the page changes while it plays (learning rate, regularisation, dropout, batch size, noise) reach the
network through Session.update, under the session's lock, between two chunks.
"""

import json
import math
import os
import struct
import threading
import time
from collections import deque
from contextlib import contextmanager

import numpy as np

from core import playground as pg

FRAME_SECONDS = 0.010   # training per frame at most ...
FRAME_INTERVAL = 1 / 60  # ... and a frame this often: the display's rate, with the rest of a core left free
MIN_CHUNK = 0.002       # training per frame when many networks share the core
LEAVE_SECONDS = 1.5     # a network no page has shown for this long stops playing (its tab was closed)
GRID = pg.GRID          # boundary cells per side in a frame


def press_limit() -> float | None:
    """The deployer's limit on one press of Play, in seconds (NNLAB_PLAY_SECONDS), or None: no limit."""
    raw = os.environ.get("NNLAB_PLAY_SECONDS", "").strip()
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


class FairShare:
    """A first-come, first-served queue for training turns: each playing network trains one chunk per turn and
    then queues again behind the others."""

    def __init__(self):
        self._cv = threading.Condition()
        self._queue: deque = deque()
        self.playing = 0  # networks playing now (each counts itself in and out)

    def chunk(self, seconds: float) -> float:
        """Training per turn when `seconds` is one network's alone: shared out, so that ten networks playing at
        once each still make frames often (each trains less per frame), never below MIN_CHUNK."""
        return max(MIN_CHUNK, seconds / max(1, self.playing))

    @contextmanager
    def member(self):
        with self._cv:
            self.playing += 1
        try:
            yield
        finally:
            with self._cv:
                self.playing -= 1

    @contextmanager
    def turn(self):
        me = object()
        with self._cv:
            self._queue.append(me)
            self._cv.wait_for(lambda: self._queue[0] is me)
        try:
            yield
        finally:
            with self._cv:
                self._queue.popleft()
                self._cv.notify_all()

    @property
    def waiting(self) -> int:
        with self._cv:
            return len(self._queue)


SHARE = FairShare()


def encode(header: dict, grid: np.ndarray) -> bytes:
    """A frame: the header's length (4 bytes, big-endian), the header as JSON, then the boundary, one byte per
    cell (0-254 the shade, top row first; 255 where the network's output is not a number)."""
    cells = np.where(np.isfinite(grid), np.clip(np.nan_to_num(grid), 0, 1) * 254, 255).round().astype(np.uint8)
    text = json.dumps(header, allow_nan=False, separators=(",", ":")).encode()
    return struct.pack(">I", len(text)) + text + cells.tobytes()


def decode(frame: bytes) -> tuple[dict, np.ndarray]:
    """The inverse of encode (for tests): the header and the grid of shades (NaN where 255)."""
    n = struct.unpack(">I", frame[:4])[0]
    header = json.loads(frame[4:4 + n])
    cells = np.frombuffer(frame[4 + n:], np.uint8).astype(float)
    side = int(round(math.sqrt(len(cells))))
    return header, np.where(cells == 255, np.nan, cells / 254).reshape(side, side)


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


class Player:
    """Plays one playground Session. `channel` has publish(bytes) and away_for() (ui.playground.stream.Channel does);
    commands come through `command`, from the page's board or a test."""

    def __init__(self, session: pg.Session, channel, *, frame_seconds: float = FRAME_SECONDS,
                 interval: float = FRAME_INTERVAL, leave_seconds: float = LEAVE_SECONDS, share: FairShare = SHARE):
        self.session, self.channel = session, channel
        self.frame_seconds, self.interval = frame_seconds, interval
        self.leave_seconds, self.share = leave_seconds, share
        self.lock = threading.Lock()      # guards the session between the thread and the page's runs
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.limit = press_limit()
        self.why = ""                      # why the last press stopped, for the page
        self.frames = 0                    # frames made in this Player's life (for tests and benchmarks)
        self.changed = 0                   # bumped on Step and Reset, so the page knows to redraw

    @property
    def playing(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def command(self, name: str) -> None:
        """Play, Pause, Step or Reset. Returns at once: Step and Reset wait at most for a chunk under way."""
        if name == "play":
            self.play()
        elif name == "pause":
            self.pause("Paused")
        elif name in ("step", "reset"):
            self.pause("Paused")
            threading.Thread(target=self._step_or_reset, args=(name,), daemon=True).start()

    def play(self) -> None:
        if self.playing:
            return
        self.wait()
        self._stop.clear()
        self.why = ""
        self._thread = threading.Thread(target=self._loop, name="nnlab-play", daemon=True)
        self._thread.start()

    def pause(self, why: str = "Paused") -> None:
        if self.playing:
            self.why = why
        self._stop.set()

    def wait(self, timeout: float = 5.0) -> None:
        """Until the thread (if any) has ended."""
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _step_or_reset(self, name: str) -> None:
        self.wait()
        with self.lock:
            if name == "step":
                self.session.step_epoch()
            else:
                self.session.reset()
            self.changed += 1
            frame = self.frame(False)
        self.channel.publish(frame)

    def _loop(self) -> None:
        started = next_frame = time.monotonic()
        with self.share.member():
            self._play(started, next_frame)

    def _play(self, started: float, next_frame: float) -> None:
        try:
            while not self._stop.is_set():
                next_frame += self.interval  # a steady cadence: one frame per display refresh, none wasted
                wait = next_frame - time.monotonic()
                if wait > 0:
                    self._stop.wait(wait)
                else:
                    next_frame = time.monotonic()  # behind (the machine is busy): no burst to catch up
                if self.channel.away_for() > self.leave_seconds:
                    self.why = "Paused: the page was closed"
                    break
                if self.limit is not None and time.monotonic() - started >= self.limit:
                    self.why = (f"Paused after {self.limit:g} s: this server limits one press of Play to "
                                f"{self.limit:g} s. Press Play to go on")
                    break
                with self.share.turn(), self.lock:
                    if self.session.done:
                        self.why = f"Stopped: {self.session.stop_message()}"
                        break
                    self.session.play_chunk(self.share.chunk(self.frame_seconds))
                    frame = self.frame(True)
                self.channel.publish(frame)
        finally:
            self._stop.set()
            with self.lock:
                frame = self.frame(False)
            self.channel.publish(frame)

    def frame(self, playing: bool) -> bytes:
        """The current boundary and numbers as a frame (call with the lock held)."""
        s = self.session
        t = s.trainer
        scores = s.scores()
        header = {"epoch": s.epoch, "playing": playing, "why": "" if playing else self.why,
                  "n": GRID, "frame": self.frames, "changed": self.changed,
                  **{k: _finite(v) for k, v in scores.items()}, "lr": t.lr}
        self.frames += 1
        return encode(header, pg.output_grid(t.model, s.s, s.box, n=GRID))

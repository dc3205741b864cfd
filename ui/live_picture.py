"""A live picture that the browser plays by itself while a model trains.

Every element update in Streamlit costs the browser time, more with every widget on the page (a frame sent as
an `st.image` shows at about 33 frames/s on an empty page, 16-20 on a page of sliders). So the frames travel
in batches, about three a second, each frame with its time since the run began, and a small script in the page
shows them at the pace they were made (the callers make one every 20-30 ms of training), a fixed LEAD behind
the training; frames made faster than PACE apart (a short run) are played PACE apart, as a replay. A batch is
one element update, not ten.

The picture (a figure: a canvas, an optional fixed layer over it, a caption, a label for screen readers) is
mounted once per run; the batches reach it through a second, hidden element that is replaced for each batch,
so the picture itself is never remounted (a remount blanks it for a frame). Frames are decoded off the page's
main thread before they are due and drawn on the canvas in an animation frame, so each is painted whole. The
script sets a canvas's pixels from PNGs made here, an image's `src` to one, and text with `nodeValue`:
nothing is parsed as HTML.
"""

import time
import uuid

import streamlit as st

FLUSH = 0.3   # seconds: the frames made so far go to the browser this often
LEAD = 250    # ms: playback runs this far behind training, so that each batch arrives before its frames are due
PACE = 0.025  # seconds: frames made faster than this are played this far apart (40 a second), as a replay
REPLAY = 3.0  # seconds: finish waits at most this long for a replay to end
SLACK = 0.5   # seconds: and this much longer than the replay takes here (the frames reach the page late)

_JS = """
const BACKLOG = 30;
const STALL = 100;  // ms

// One playback clock for every picture on the page, so that pictures side by side stay on the same frame. When
// the page is busy (no animation frame for a while, say while it draws a rerun), the clock stops for that long,
// so the frames due meanwhile are shown late rather than skipped, and then runs at 1.5 times speed until it has
// caught up, so a replay still ends about when the server expects it to (it then replaces the picture).
const clock = window.__nnlabClock || (window.__nnlabClock = { lag: 0, last: 0, running: false });
if (!clock.running) {
  clock.running = true;
  const step = () => {
    const now = performance.now();  // not the frame's timestamp: after a long task that is from before it
    const gap = clock.last ? now - clock.last : 0;
    if (gap > STALL) clock.lag += gap - 1000 / 60;
    else clock.lag -= Math.min(clock.lag, gap / 2);
    clock.last = now;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}
const playtime = () => performance.now() - clock.lag;

export default function (component) {
  const { data, parentElement } = component;
  const runs = window.__nnlabLive || (window.__nnlabLive = {});
  if (data.kind === 'figure') {
    const fig = document.createElement('figure');
    fig.className = 'nnlab-live';
    if (data.width) fig.style.maxWidth = data.width + 'px';
    const stage = document.createElement('div');
    const canvas = document.createElement('canvas');
    canvas.className = 'nnlab-live-frame';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', data.alt);
    stage.append(canvas);
    if (data.overlay) {
      const over = document.createElement('img');
      over.src = data.overlay;
      over.alt = '';
      stage.append(over);
    }
    const cap = document.createElement('figcaption');
    cap.append(document.createTextNode(data.caption));
    fig.append(stage, cap);
    parentElement.append(fig);
    const run = runs[data.run] = { queue: [], offset: null, shown: 0, received: 0, canvas, gone: 0, captioned: 0,
                                   ticked: 0, tail: data.tail };
    const tick = () => {
      if (!fig.isConnected && ++run.gone > 120) { delete runs[data.run]; return; }  // replaced: stop
      const now = playtime(), q = run.queue;
      let due = 0;
      while (due < q.length && run.offset + q[due].t <= now) due++;
      if (due > BACKLOG) {  // far behind (the page was busy): skip to the last BACKLOG frames due
        for (const old of q.splice(0, due - BACKLOG)) if (old.bitmap) old.bitmap.close();
        canvas.dataset.skipped = String((+canvas.dataset.skipped || 0) + due - BACKLOG);
        due = BACKLOG;
      }
      if (due && !q[0].bitmap) run.offset += now - run.ticked;  // still decoding: hold the clock
      else if (due) {  // one frame per animation frame: a busy moment delays frames rather than skipping them
        const f = q.shift();
        if (canvas.width !== f.bitmap.width) { canvas.width = f.bitmap.width; canvas.height = f.bitmap.height; }
        canvas.getContext('2d').drawImage(f.bitmap, 0, 0);
        f.bitmap.close();
        // the caption at most every 150 ms (new text costs the page a layout), and for the last frame received
        if (now - run.captioned >= 150 || !q.length) {
          cap.firstChild.nodeValue = f.caption + ' ' + run.tail;
          run.captioned = now;
        }
        canvas.dataset.frame = String(++run.shown);
      }
      run.ticked = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return;
  }
  parentElement.classList.add('nnlab-live-carrier');
  const run = runs[data.run];
  if (!run || !data.frames.length) return;
  for (const [t, uri, caption] of data.frames) {
    const f = { t: t * 1000, caption, bitmap: null };
    const png = Uint8Array.from(atob(uri.slice(uri.indexOf(',') + 1)), (c) => c.charCodeAt(0));
    createImageBitmap(new Blob([png], { type: 'image/png' })).then((b) => { f.bitmap = b; }, () => {});
    run.queue.push(f);
  }
  run.received += data.frames.length;
  run.canvas.dataset.received = String(run.received);  // with dataset.frame (shown) and .skipped: read by tests
  const now = playtime(), first = data.frames[0][0] * 1000;
  if (run.offset === null || run.offset + first < now) run.offset = now - first + data.lead;
}
"""

_CSS = """
.nnlab-live { margin: 0; contain: content; }
.nnlab-live > div { position: relative; }
.nnlab-live canvas { width: 100%; aspect-ratio: 1; display: block; border-radius: 0.25rem; will-change: transform; }
.nnlab-live img { position: absolute; inset: 0; width: 100%; height: 100%; }
.nnlab-live figcaption { font-size: 0.875rem; opacity: 0.7; margin-top: 0.375rem; height: 4.5em; overflow: hidden;
                         contain: strict; }
.stElementContainer:has(.nnlab-live-carrier) { display: none; }
"""


def _component():
    """The component's mount command. Registered per run, not at import: the registry belongs to the running
    server (and a test may start several); registering the same definition again is free and silent."""
    return st.components.v2.component("nnlab_live_picture", js=_JS, css=_CSS, isolate_styles=False)


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

"""What a learner feels in the browser: cold start, the first sign of a run, live frames per second.

Starts a fresh `streamlit run app.py` and drives Debian's Chromium with Playwright:
  - cold start: from the server answering its health check to the home page being interactive, then
    to the first training page being interactive (that one imports torch);
  - requested runs: for each page's Train-like button at the largest settings, the time from the click
    to the button's busy sign, to the first progress bar, and to the run's end;
  - live view: while a page trains, how many times per second the decision-boundary picture visibly
    changes, counted inside the page on every animation frame, from its first change to its last.

    python -m benchmarks.browser [--part cold|runs|live ...]
"""

import argparse
import math
import statistics
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

from tests.browser.server import CHROMIUM_ARGS, READY, chromium_path, streamlit_server
from ui import streamlit_dom as dom

# (path with the largest settings, button to press): every run a learner can start.
RUNS = [
    ("activation_functions?depth=5&width=16", "Train both"),
    ("will_i_pass?hidden=16&epochs=500&opt=Adam&lr=0.1", "Train"),
    ("overfitting?depth=3&width=64&n=100", "Train"),
    ("overfitting?n=100", "Run the capacity sweep"),
    ("dropout?p=0.9", "Train both"),
    ("early_stopping?patience=20&every=50&val=10", "Train"),
]
# (path, button): training pages whose boundary redraws live (the playground's Play: python -m benchmarks.play).
LIVE = [("activation_functions?depth=5&width=16", "Train both"), ("will_i_pass?hidden=16&epochs=500&lr=0.01", "Train")]
PROGRESS = ", ".join(dom.by_testid(t) for t in (dom.PROGRESS, dom.SPINNER, dom.STATUS_SPINNER))
BUSY = "html[data-nnlab-busy]"  # ui.live_run.run_button's busy sign, set by the page's script at the click

# Times, inside the page, the learner's click to the first sign of the run drawn: the click's timestamp, then the
# start of the animation frame after the one that painted the button's busy sign, and a progress bar or spinner
# (so a frame's paint is counted in full). Playwright's own round trips to the browser are not counted.
PROGRESS_TIMER = """
([busy, progress]) => {
  window.__clicked = null; window.__busy = null; window.__shown = null;
  // on the window, capturing: before any of the page's own click handlers
  window.addEventListener('click', () => { if (window.__clicked === null) window.__clicked = performance.now(); },
                          true);
  const watch = (name, sel) => () => {
    if (window[name] === null && window.__clicked !== null && document.querySelector(sel)) {
      window[name] = -1;  // the start of the frame after the one that painted it
      requestAnimationFrame(() => requestAnimationFrame(() => { window[name] = performance.now(); }));
    }
  };
  new MutationObserver(watch('__busy', busy)).observe(document.documentElement, {attributes: true});
  new MutationObserver(watch('__shown', progress)).observe(document.body, {childList: true, subtree: true});
}
"""

# Counts visible changes of the live boundary: on every animation frame, a signature of the picture shown,
# the pixels of ui.live_picture's live pictures, else the Vega chart's image mark (before and after the run); a change
# to a live picture's pixels is a frame; an animation frame with no picture at all is a blank.
FRAME_COUNTER = """
() => {
  window.__blank = 0; window.__live = 0; window.__liveFirst = null; window.__liveLast = null;
  let last = null, liveFrame = null, liveSig = '';
  const sign = (s) => {
    let h = s.length;
    for (let i = 0; i < s.length; i += 7) h = (h * 31 + s.charCodeAt(i)) | 0;
    return h;
  };
  const tick = () => {
    let src = '';
    const lives = [...document.querySelectorAll('canvas.nnlab-live-frame')].filter((c) => c.width);
    if (lives.length) {   // ui.live_picture's pictures (a page may show two side by side)
      const drawn = lives.map((c) => c.dataset.frame).join();
      if (drawn !== liveFrame) {   // one drew a frame: read their pixels (only then: a read costs)
        liveFrame = drawn;
        let h = 0;
        for (const c of lives) {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          for (let i = 0; i < d.length; i += 29) h = (h * 31 + d[i]) | 0;
        }
        liveSig = 'live' + h;
      }
      src = liveSig;
    }
    if (!src) {
      const mark = document.querySelector("VEGA_CHART image");
      src = mark ? (mark.getAttribute('href') || '') : '';
    }
    if (!src) window.__blank += 1;
    else {
      const sig = sign(src);
      if (last !== null && sig !== last && src === liveSig) {   // the live picture drew a new frame
        const now = performance.now();
        window.__live += 1;
        if (window.__liveFirst === null) window.__liveFirst = now;
        window.__liveLast = now;
      }
      last = sig;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
""".replace("VEGA_CHART", dom.by_testid(dom.VEGA_CHART))


def _browser(p):
    path = chromium_path()
    return p.chromium.launch(headless=True, args=CHROMIUM_ARGS, **({"executable_path": path} if path else {}))


def cold_start() -> dict:
    with sync_playwright() as p:
        b = _browser(p)  # the browser is open before the server starts: its own start-up is not counted
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        with streamlit_server() as base:
            up = time.perf_counter()
            out = _cold(page, base, up)
        b.close()
    return out


def _cold(page, base: str, up: float) -> dict:
    page.goto(base + "/")
    page.wait_for_selector(READY, timeout=60_000)
    page.get_by_test_id(dom.SIDEBAR_CONTENT).get_by_role("link", name="The perceptron").wait_for(timeout=60_000)
    home = time.perf_counter() - up
    t = time.perf_counter()
    page.goto(base + "/will_i_pass")
    page.wait_for_selector(READY, timeout=60_000)
    page.get_by_role("button", name="Train").wait_for(timeout=60_000)
    return {"home_s": home, "first_training_page_s": time.perf_counter() - t}


def _open(b, base: str, path: str):
    """A new page at base/path, once its script has run."""
    page = b.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/{path}")
    page.wait_for_selector(READY, timeout=120_000)
    return page


def requested_runs(runs=RUNS, repeat: int = 3) -> list[dict]:
    """Each run `repeat` times, each in a fresh page and with its own seed (a cached result would show no
    progress): the first progress varies by 2x from one click to the next on this machine, so one click per
    button says little."""
    out = []
    with streamlit_server() as base, sync_playwright() as p:
        b = _browser(p)
        for path, button in runs:
            busies, firsts, dones = [], [], []
            for i in range(repeat):
                page = _open(b, base, f"{path}{'&' if '?' in path else '?'}seed={11 + i}")
                btn = page.get_by_role("button", name=button, exact=True)
                btn.wait_for(timeout=60_000)
                try:  # the busy sign's script loads just after the page has drawn (a learner is slower)
                    page.wait_for_function("window.__nnlabBusy && window.__nnlabBusy.installed", timeout=5_000)
                except PlaywrightTimeout:
                    pass  # a page without it: the busy sign is not counted
                page.evaluate(PROGRESS_TIMER, [BUSY, PROGRESS])
                t = time.perf_counter()
                btn.click()
                try:
                    page.wait_for_function("window.__shown > 0", timeout=60_000)
                except PlaywrightTimeout:
                    state = page.evaluate("[window.__clicked, window.__busy, window.__shown, document.title, "
                                          f"document.querySelectorAll(\"{dom.by_testid(dom.PROGRESS)}\").length]")
                    raise RuntimeError(f"{path} click {i + 1}: no progress seen (clicked, busy, shown, title, bars: "
                                       f"{state})") from None
                firsts.append(page.evaluate("(window.__shown - window.__clicked) / 1000"))
                busy = page.evaluate("window.__busy > 0 ? (window.__busy - window.__clicked) / 1000 : null")
                if busy is not None:
                    busies.append(busy)
                page.wait_for_selector(dom.SCRIPT_RUNNING, state="detached",
                                       timeout=120_000)
                page.wait_for_selector(READY, timeout=120_000)
                dones.append(time.perf_counter() - t)
                page.close()
            out.append({"run": f"{path} [{button}]", "busy_s": statistics.median(busies) if busies else math.nan,
                        "busy_all": busies,
                        "first_progress_s": statistics.median(firsts),
                        "first_progress_all": firsts, "done_s": statistics.median(dones), "done_max_s": max(dones)})
        b.close()
    return out


def live_fps(cases=LIVE) -> list[dict]:
    out = []
    with streamlit_server() as base, sync_playwright() as p:
        b = _browser(p)
        for path, button in cases:
            page = _open(b, base, path)
            page.wait_for_selector(dom.by_testid(dom.VEGA_CHART), timeout=60_000)
            page.evaluate(FRAME_COUNTER)
            t = time.perf_counter()
            page.get_by_role("button", name=button, exact=True).click()
            page.wait_for_selector(dom.SCRIPT_RUNNING, timeout=60_000)
            page.wait_for_selector(READY, timeout=120_000)
            seconds = time.perf_counter() - t
            frames, blank, first, last = page.evaluate("[window.__live, window.__blank, window.__liveFirst, "
                                                       "window.__liveLast]")
            span = (last - first) / 1000 if frames > 1 else float("nan")  # first to last live frame
            out.append({"page": path, "frames": frames, "blank": blank, "seconds": seconds, "span": span,
                        "fps": (frames - 1) / span if frames > 1 else 0.0})
            page.close()
        b.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("cold", "runs", "live"), action="append",
                    help="run only these parts (repeatable); all three by default")
    parts = set(ap.parse_args().part or ("cold", "runs", "live"))
    if "cold" in parts:
        cold_report()
    if "runs" in parts:
        runs_report()
    if "live" in parts:
        live_report()


def cold_report() -> None:
    c = cold_start()
    print("Cold start (fresh server, Chromium):")
    print(f"  home page interactive {c['home_s']:.2f} s after the server is up   (target <= 3 s)")
    print(f"  first training page (imports torch) interactive {c['first_training_page_s']:.2f} s after that")


def runs_report() -> None:
    runs = requested_runs()
    print("Requested runs at the largest settings, 3 clicks each (click -> the button's busy sign, click -> first "
          "progress bar: median [each]; click -> done: median, worst):")
    for r in runs:
        busy = " ".join(f"{x * 1000:.0f}" for x in r["busy_all"])
        each = " ".join(f"{x * 1000:.0f}" for x in r["first_progress_all"])
        print(f"  {r['run']:<55s} busy {r['busy_s'] * 1000:4.0f} ms [{busy}]  progress "
              f"{r['first_progress_s'] * 1000:5.0f} ms [{each}]  done {r['done_s']:5.2f} s, {r['done_max_s']:5.2f} s"
              "   (targets <= 200 ms, <= 5 s)")
    for name, key in (("the button's busy sign", "busy_all"), ("the first progress bar", "first_progress_all")):
        every = [x for r in runs for x in r[key]]
        if every:
            print(f"  all {len(every)} clicks, click -> {name}: median {statistics.median(every) * 1000:.0f} ms, "
                  f"worst {max(every) * 1000:.0f} ms")
    print(f"  worst click -> done {max(r['done_max_s'] for r in runs):.2f} s")


def live_report() -> None:
    print("Live view while training (visible changes of the live boundary picture per second):")
    for r in live_fps():
        print(f"  {r['page']:<55s} {r['fps']:5.1f} frames/s ({r['frames']} changes in {r['span']:.2f} s from the "
              f"first to the last; click to done {r['seconds']:.1f} s; {r['blank']} blank animation frames)   "
              "(target >= 30)")


if __name__ == "__main__":
    main()

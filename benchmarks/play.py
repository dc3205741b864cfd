"""The playground's Play in Chromium, beside TensorFlow Playground's figures on the same kind of machine.

    python -m benchmarks.play [--part click|rate|classroom] [--sessions 10]

- click: from a click on Play to the first changed boundary on the screen (the start of the animation frame after
  the one that drew it, so its paint is counted), 5 clicks on fresh pages; and, for the floor inside Streamlit, from
  a click on a Streamlit toggle to its rerun's first change on the page.
- rate: boundary updates drawn per second while playing at the defaults (100 x 100 cells), the gaps between them,
  and the time from Play to a displayed test loss below 0.1 on the spiral (2-8-8-1), over 5 runs.
- classroom: N sessions (own browser contexts) play at once; each one's frames per second, the server's CPU and
  memory, an extra session's re-render time for a slider on another page, and each session's own settings at the
  end (no cross-talk).
"""

import argparse
import statistics
import time

from playwright.sync_api import sync_playwright

from tests.browser.server import CHROMIUM_ARGS, READY, chromium_path, streamlit_server
from ui import streamlit_dom as dom

TF_PLAYGROUND = {  # measured in headless Chromium on the 2-core development machine, its defaults unless said
    "first change": "the next animation frame",
    "updates per second": "59 at its defaults; 35 on the spiral with 8-8 units",
    "Play runs": "until Pause",
    "test loss < 0.1 on the spiral (2-8-8-1)": "33 s",
}
BOARD = ".nnlab-board"

# Records, on the page, the click (before any handler) and the start of the animation frame after the board first
# drew a frame with training in it (epoch above the one shown at the click), and the first displayed test loss < 0.1.
WATCH = """() => {
  window.__w = {click: null, changed: null, below: null};
  window.addEventListener('click', () => {
    const b = document.querySelector('.nnlab-board');
    window.__w = {click: performance.now(), epoch0: +b.dataset.epoch, changed: null, below: null};
    const look = () => {
      const w = window.__w, b = document.querySelector('.nnlab-board');
      const now = performance.now();
      if (w.changed === null && w.seen) w.changed = now;
      if (w.changed === null && +b.dataset.epoch > w.epoch0) w.seen = true;  // drawn in this frame: paint is next
      if (w.below === null && b.dataset.testLoss !== '' && +b.dataset.testLoss < 0.1) w.below = now;
      if (w.changed === null || w.below === null) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, {capture: true});
}"""
TIMES = """() => { const b = Object.values(window.__nnlabBoards)[0]; return b.times.slice(); }"""


def _browser(p):
    return p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


def _open(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    page.wait_for_selector(f"{BOARD}[data-drawn]", timeout=60_000)
    return page


def _press_play(b, base: str, seed: int, until: str):
    """A fresh page at this seed, Play pressed, and WATCH's record once its `until` moment has come."""
    ctx = b.new_context(viewport={"width": 1400, "height": 1000})
    page = _open(ctx, f"{base}/playground?seed={seed}")
    page.evaluate(WATCH)
    page.locator(".nnlab-play").click()
    page.wait_for_function(f"window.__w.{until} !== null", timeout=60_000)
    return ctx, page, page.evaluate("window.__w")


def click(base: str, repeat: int = 5) -> dict:
    """Play's first visible change, and Streamlit's own floor for a click."""
    out = {"play": [], "streamlit": []}
    with sync_playwright() as p:
        b = _browser(p)
        for i in range(repeat):
            ctx, page, w = _press_play(b, base, i + 1, "changed")
            out["play"].append(w["changed"] - w["click"])
            page.locator(".nnlab-play").click()  # pause
            page.wait_for_selector(f"{BOARD}[data-playing='0']")
            page.wait_for_selector(READY, state="attached")
            # Streamlit's own floor: a toggle's click to the end of the rerun it starts
            toggle = page.get_by_text("Show test data", exact=True)
            t0 = time.perf_counter()
            toggle.click()
            page.wait_for_selector(dom.SCRIPT_RUNNING, state="attached",
                                   timeout=10_000)
            page.wait_for_selector(READY, state="attached", timeout=30_000)
            out["streamlit"].append((time.perf_counter() - t0) * 1000)
            ctx.close()
        b.close()
    return out


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def rate(base: str, repeat: int = 5, seconds: float = 3.0) -> list[dict]:
    """Frames drawn per second while playing, the 95th percentile gap, and Play to test loss < 0.1 displayed."""
    out = []
    with sync_playwright() as p:
        b = _browser(p)
        for i in range(repeat):
            ctx, page, w = _press_play(b, base, i, "below")
            start = page.evaluate("performance.now()")
            page.wait_for_timeout(seconds * 1000)  # a measuring window, not a synchronisation
            times = [t for t in page.evaluate(TIMES) if t >= start]
            page.locator(".nnlab-play").click()
            gaps = sorted(_gaps(times))
            out.append({"fps": (len(times) - 1) / ((times[-1] - times[0]) / 1000) if len(times) > 1 else 0.0,
                        "gap_p95": gaps[int(0.95 * (len(gaps) - 1))] if gaps else float("inf"),
                        "below_0.1": (w["below"] - w["click"]) / 1000})
            ctx.close()
        b.close()
    return out


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def classroom(base: str, pid: int, sessions: int = 10, seconds: float = 5.0) -> dict:
    """N sessions playing at once, each with its own learning rate; an extra one moves a slider elsewhere."""
    lrs = ["0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "0.003", "0.01"]
    with sync_playwright() as p:
        b = _browser(p)
        pages = []
        for i in range(sessions):
            ctx = b.new_context(viewport={"width": 1200, "height": 900})
            pages.append(_open(ctx, f"{base}/playground?seed={i}&lr={lrs[i % len(lrs)]}"))
        other = _open_plain(b, f"{base}/perceptron")
        for page in pages:
            page.locator(".nnlab-play").click()
        for page in pages:
            page.wait_for_selector(f"{BOARD}[data-playing='1']", timeout=30_000)
        starts = [page.evaluate("performance.now()") for page in pages]
        cpu0, t0 = _cpu_seconds(pid), time.perf_counter()
        rerender = []
        slider = other.get_by_role("slider").first
        for _ in range(3):
            slider.focus()
            before = other.locator(dom.by_testid(dom.METRIC_VALUE)).nth(1).inner_text()
            t = time.perf_counter()
            other.keyboard.press("ArrowRight")
            other.wait_for_function(f"document.querySelectorAll(\"{dom.by_testid(dom.METRIC_VALUE)}\")[1]"
                                    f".innerText !== {before!r}", timeout=30_000)
            rerender.append(time.perf_counter() - t)
        remaining = seconds - (time.perf_counter() - t0)
        if remaining > 0:
            pages[0].wait_for_timeout(remaining * 1000)  # the measuring window
        cpu = (_cpu_seconds(pid) - cpu0) / (time.perf_counter() - t0)
        rss = _rss_mb(pid)
        fps = []
        for page, start in zip(pages, starts):
            times = [t for t in page.evaluate(TIMES) if t >= start]
            fps.append((len(times) - 1) / ((times[-1] - times[0]) / 1000) if len(times) > 1 else 0.0)
        for page in pages:
            page.locator(".nnlab-play").click()
        own = [float(page.locator(BOARD).get_attribute("data-lr")) == float(lrs[i % len(lrs)])
               for i, page in enumerate(pages)]
        b.close()
    return {"fps": fps, "cpu": cpu, "rss_mb": rss, "rerender": rerender, "own_settings": sum(own)}


def _open_plain(b, url: str):
    page = b.new_context(viewport={"width": 1200, "height": 900}).new_page()
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    return page


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("click", "rate", "classroom"), action="append")
    ap.add_argument("--sessions", type=int, default=10)
    args = ap.parse_args()
    parts = args.part or ["click", "rate", "classroom"]
    with streamlit_server() as base:
        _open_plain_warm(base)
        if "click" in parts:
            c = click(base)
            print(f"Play -> first visible change: median {statistics.median(c['play']):.0f} ms "
                  f"({_list(c['play'], 0)}); target 100 ms; TF Playground: "
                  f"{TF_PLAYGROUND['first change']}")
            print(f"  Streamlit's own floor, a toggle's click to its rerun ending: median "
                  f"{statistics.median(c['streamlit']):.0f} ms ({_list(c['streamlit'], 0)})")
        if "rate" in parts:
            r = rate(base)
            fps, gap, below = ([x[k] for x in r] for k in ("fps", "gap_p95", "below_0.1"))
            print(f"Boundary updates per second while playing: median {statistics.median(fps):.1f} ({_list(fps, 1)}); "
                  f"target 55; TF Playground: {TF_PLAYGROUND['updates per second']}")
            print(f"  95th percentile gap between updates: median {statistics.median(gap):.0f} ms ({_list(gap, 0)}); "
                  "target 50 ms")
            print(f"  Play -> displayed test loss < 0.1 (spiral, 2-8-8-1): median {statistics.median(below):.2f} s "
                  f"({_list(below, 2)}); target 1 s; TF Playground: "
                  f"{TF_PLAYGROUND['test loss < 0.1 on the spiral (2-8-8-1)']}")
        if "classroom" in parts:
            k = classroom(base, base.pid, args.sessions)
            print(f"{args.sessions} sessions playing at once: frames/s per session {_list(k['fps'], 1)} "
                  f"(median {statistics.median(k['fps']):.1f}); server CPU {100 * k['cpu']:.0f} % of one core; "
                  f"memory {k['rss_mb']:.0f} MB")
            print(f"  an 11th session's re-render for a slider on another page: "
                  f"{_list(k['rerender'], 2)} s (target under 1 s); "
                  f"{k['own_settings']} of {args.sessions} sessions end with their own settings")


def _list(xs, digits: int) -> str:
    return ", ".join(f"{x:.{digits}f}" for x in xs)


def _open_plain_warm(base: str) -> None:
    """One visit first, so that no figure includes the server's first imports."""
    with sync_playwright() as p:
        b = _browser(p)
        page = b.new_page()
        page.goto(f"{base}/playground")
        page.wait_for_selector(f"{BOARD}[data-drawn]", timeout=120_000)
        b.close()


if __name__ == "__main__":
    main()

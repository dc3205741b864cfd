"""A classroom at once: N browser sessions train on one nnlab server at the same time.

Starts `streamlit run app.py`, opens N Chromium contexts (separate cookies and sessions), and has each
open "Will I pass this class?" with its own settings in the URL and press Train, all concurrently.
Each session must end with exactly the numbers its settings give when trained alone in this process
(no state leaks between sessions). Prints latency percentiles and the server's memory.

    python -m benchmarks.load [--sessions 20]

tests/browser/test_load.py runs a 3-session version in CI.
"""

import argparse
import asyncio
import statistics
import time
from dataclasses import dataclass

from playwright.async_api import async_playwright, expect

from tests.browser.server import CHROMIUM_ARGS, READY, chromium_path, streamlit_server
from ui import streamlit_dom as dom

OPTIMIZERS = ("adam", "sgd", "momentum", "rmsprop", "adagrad", "adadelta")  # names, as links hold them
ACTIVATIONS = ("sigmoid", "tanh", "relu")
LRS = ("0.01", "0.03", "0.1", "0.3")


@dataclass(frozen=True)
class Session:
    """One learner's settings on the "Will I pass this class?" page."""
    hidden: int
    act: str
    opt: str
    lr: str
    epochs: int
    seed: int

    @property
    def query(self) -> str:
        return (f"hidden={self.hidden}&act={self.act}&opt={self.opt}&lr={self.lr}&epochs={self.epochs}"
                f"&seed={self.seed}")


def sessions(n: int) -> list[Session]:
    """n different settings, spread over widths, activations, optimizers and rates."""
    return [Session(1 + (5 * i) % 16, ACTIVATIONS[i % 3], OPTIMIZERS[i % 6], LRS[i % 4], 60 + 20 * (i % 5), 100 + i)
            for i in range(n)]


def expected(s: Session) -> dict:
    """What the page must show for these settings: the same settings trained alone, here."""
    from core import will_i_pass

    settings = will_i_pass.PassSettings(hidden=s.hidden, activation=s.act, optimizer=s.opt,
                                        lr=float(s.lr), epochs=s.epochs, seed=s.seed)
    t = will_i_pass.pass_trainer(settings).run_epochs(s.epochs)
    p = will_i_pass.you_prediction(t.model)
    return {"P(pass) for you, ŷ": f"{p:.4f}", "Training loss J(W)": f"{t.history().iloc[-1].train_loss:.3f}"}


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory (VmRSS) or its peak (VmHWM), in MB, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def _metric(page, label: str) -> str:
    box = page.locator(dom.by_testid(dom.METRIC)).filter(has_text=label)
    return (await box.locator(dom.by_testid(dom.METRIC_VALUE)).inner_text()).strip()


async def _one(browser, base: str, s: Session, want: dict, timeout_ms: int) -> dict:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(timeout_ms)  # 20 pages loading at once on 2 cores take longer than Playwright's 30 s
    page = await ctx.new_page()
    t0 = time.perf_counter()
    await page.goto(f"{base}/will_i_pass?{s.query}")
    await page.wait_for_selector(READY, timeout=timeout_ms)
    await page.get_by_role("button", name="Train").wait_for(timeout=timeout_ms)
    loaded = time.perf_counter() - t0
    t1 = time.perf_counter()
    await page.get_by_role("button", name="Train").click()
    # The run is done when the page shows the final numbers (the live view shows others on the way).
    for label, value in want.items():
        box = page.locator(dom.by_testid(dom.METRIC)).filter(has_text=label).locator(dom.by_testid(dom.METRIC_VALUE))
        try:
            await expect(box).to_have_text(value, timeout=timeout_ms)
        except AssertionError:
            break  # a mismatch: reported below with what the page shows
    await page.wait_for_selector(READY, timeout=timeout_ms)
    trained = time.perf_counter() - t1
    shown = {label: await _metric(page, label) for label in ("P(pass) for you, ŷ", "Training loss J(W)")}
    await ctx.close()
    return {"session": s, "load_s": loaded, "train_s": trained, "shown": shown}


async def _run(base: str, todo: list[Session], want: list[dict], timeout_ms: int) -> list[dict]:
    async with async_playwright() as p:
        path = chromium_path()
        browser = await p.chromium.launch(headless=True, args=CHROMIUM_ARGS,
                                          **({"executable_path": path} if path else {}))
        try:
            return await asyncio.gather(*(_one(browser, base, s, w, timeout_ms) for s, w in zip(todo, want)))
        finally:
            await browser.close()


def run(n: int, timeout_ms: int = 180_000) -> dict:
    """Start a server, warm it with one session, then run n sessions at once. Returns the figures."""
    todo = sessions(n)
    want = [expected(s) for s in todo]
    with streamlit_server() as base:
        pid = base.pid
        idle = rss_mb(pid)
        warm = asyncio.run(_run(base, todo[:1], want[:1], timeout_ms))[0]  # imports torch, first training
        one = rss_mb(pid)
        t0 = time.perf_counter()
        results = asyncio.run(_run(base, todo, want, timeout_ms))
        wall = time.perf_counter() - t0
        after = rss_mb(pid)
        peak = rss_mb(pid, "VmHWM")
    for r, w in zip(results, want):
        r["expected"], r["ok"] = w, r["shown"] == w
    return {"results": results, "wall_s": wall, "rss_idle_mb": idle, "rss_one_mb": one, "rss_after_mb": after,
            "rss_peak_mb": peak, "warm_train_s": warm["train_s"]}


def pct(values, q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def report(fig: dict) -> str:
    res = fig["results"]
    n = len(res)
    loads, trains = [r["load_s"] for r in res], [r["train_s"] for r in res]
    ok = sum(r["ok"] for r in res)
    per_session = (fig["rss_peak_mb"] - fig["rss_one_mb"]) / max(1, n - 1)
    lines = [
        f"Load test: {n} concurrent sessions, each training 'Will I pass this class?' with its own settings",
        f"  correct results (equal to the same settings trained alone): {ok}/{n}",
        f"  page load   p50 {statistics.median(loads):5.2f} s  p90 {pct(loads, 0.9):5.2f} s  max {max(loads):5.2f} s",
        f"  Train click to finished run: p50 {statistics.median(trains):5.2f} s  p90 {pct(trains, 0.9):5.2f} s  "
        f"max {max(trains):5.2f} s  (one session alone: {fig['warm_train_s']:.2f} s)",
        f"  all {n} sessions done in {fig['wall_s']:.1f} s",
        f"  server RSS: idle {fig['rss_idle_mb']:.0f} MB, one session {fig['rss_one_mb']:.0f} MB, "
        f"after {n} sessions {fig['rss_after_mb']:.0f} MB, peak {fig['rss_peak_mb']:.0f} MB "
        f"(~{per_session:.1f} MB per extra session)",
    ]
    for r in res:
        if not r["ok"]:
            lines.append(f"  MISMATCH {r['session'].query}: shown {r['shown']} expected {r['expected']}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    a = ap.parse_args()
    fig = run(a.sessions)
    print(report(fig))
    raise SystemExit(0 if all(r["ok"] for r in fig["results"]) else 1)


if __name__ == "__main__":
    main()

"""Re-render time of every page after a control change, measured with AppTest (server side only:
the script run, without the browser's drawing).

    python -m benchmarks.rerender

Each control is moved to a value not seen before in this process, so no cache hides the cost.
Buttons are left out: they start work the learner asked for (training), measured elsewhere.

AppTest compiles the page script again on every run (a fresh ScriptCache each time: 20-40 ms for the
longer pages); `streamlit run` compiles each page once per process. The runs here share one ScriptCache,
as the server's do, so the figures are the server's rerun and not AppTest's compile.
"""

import statistics
import time

import streamlit.testing.v1.local_script_runner as local_script_runner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache

from tests.conftest import open_page
from ui import registry

_SERVER_CACHE = ScriptCache()
local_script_runner.ScriptCache = lambda: _SERVER_CACHE  # one cache for every run, as in the server

KINDS = ("slider", "select_slider", "selectbox", "radio", "number_input", "toggle", "checkbox")


def _new_value(w, kind):
    if kind == "slider":
        v = w.value
        if isinstance(v, (tuple, list)):
            return None
        return type(v)(w.max if v != w.max else w.min)
    if kind == "select_slider":
        opts = list(w.options)
        target = opts[-1] if str(w.value) != opts[-1] and f"{w.value:g}" != opts[-1] else opts[0]
        try:
            return float(target)
        except ValueError:
            return target
    if kind in ("selectbox", "radio"):
        others = [o for o in w.options if o != w.value]
        return others[-1] if others else None
    if kind == "number_input":
        return (w.value or 0) + 7
    if kind in ("toggle", "checkbox"):
        return not w.value
    return None


def main() -> None:
    rows, all_times, slowest = [], [], []
    for p in registry.available():
        at = open_page(p.file, code=False)  # as a learner first sees it: the code panel closed
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        times = []
        for kind in KINDS:
            for i in range(len(getattr(at, kind))):
                if i >= len(getattr(at, kind)):
                    break  # a control can hide others (a toggle, a mode)
                w = getattr(at, kind)[i]
                if kind == "radio" and (w.key or "").startswith("quiz_"):
                    continue  # a quiz answer, not a control
                v = _new_value(w, kind)
                if v is None:
                    continue
                w.set_value(v)
                t0 = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - t0)
                slowest.append((times[-1], p.slug or "home", f"{kind} {w.label or w.key!s:.40}"))
        all_times += times
        rows.append((p.slug or "home", first, len(times), statistics.median(times) if times else 0,
                     max(times) if times else 0))
    print("Re-render after a control change (AppTest, server-side script run)")
    print(f"  {'page':<32}{'rerun':>9}{'controls':>10}{'median':>10}{'max':>10}")
    for slug, first, n, med, mx in rows:
        print(f"  {slug:<32}{first * 1e3:>7.0f}ms{n:>10}{med * 1e3:>8.0f}ms{mx * 1e3:>8.0f}ms")
    if all_times:
        q = statistics.quantiles(all_times, n=10)[-1] if len(all_times) > 1 else all_times[0]
        print(f"  all pages: {len(all_times)} control changes, p90 {q * 1e3:.0f} ms, max {max(all_times) * 1e3:.0f} ms "
              f"(targets: p90 <= 250 ms, max <= 1500 ms)")
        print("  the slowest tenth:")
        for t, slug, what in sorted(slowest, reverse=True)[:max(1, len(slowest) // 10)]:
            print(f"    {t * 1e3:6.0f} ms  {slug:<30} {what}")


if __name__ == "__main__":
    main()

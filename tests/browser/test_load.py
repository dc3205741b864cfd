"""A small classroom in CI: 3 concurrent browser sessions train on one server, each with its own settings,
and each must show exactly what its settings give when trained alone (benchmarks/load.py runs 20)."""

import subprocess
import sys

from tests.browser.server import ROOT


def test_three_concurrent_sessions_each_get_their_own_result(browser):
    # `browser` only checks that a Chromium exists (and skips or fails as the other browser tests do); the
    # load test drives its own with Playwright's async API, so it runs in a separate process.
    out = subprocess.run([sys.executable, "-m", "benchmarks.load", "--sessions", "3"], cwd=ROOT, capture_output=True,
                         text=True, timeout=900)
    print(out.stdout, out.stderr[-2000:])
    assert "correct results (equal to the same settings trained alone): 3/3" in out.stdout
    assert out.returncode == 0

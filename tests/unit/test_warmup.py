"""ui.warmup: after the first page, the heavy modules load in the background, once per process."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def _run(code: str, **env) -> str:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=True, env={**os.environ, **env})
    return out.stdout.strip()


def test_warmup_imports_torch_in_the_background_once():
    code = ("import sys; from ui import warmup; "
            "before = 'torch' in sys.modules; t = warmup.start(); again = warmup.start(); t.join(120); "
            "print(before, t is again, t.daemon, all(m in sys.modules for m in warmup.MODULES))")
    assert _run(code).split() == ["False", "True", "True", "True"]


def test_warmup_can_be_turned_off():
    code = "import sys; from ui import warmup; print(warmup.start(), 'torch' in sys.modules)"
    assert _run(code, NNLAB_WARMUP="0").split() == ["None", "False"]

"""Shared test helpers: run any nnlab page through AppTest the way a browser would reach it."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import frame

ROOT = Path(__file__).resolve().parent.parent


def open_page(file: str, query: dict | None = None, timeout: float = 60, code: bool = True) -> AppTest:
    """Run app.py, switch to `file` (e.g. "pages/01_perceptron.py") with URL `query`, and return it; with `code`,
    as a learner who has opened the "PyTorch code" panel (ui.frame.code_panel sends the code only then)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if file != "app.py":
        at.switch_page(file)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if code:
        at.session_state[frame.CODE_PANEL] = True
    at.run()
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, "\n".join(str(e.value) for e in at.exception)


# Browser tests that look at pages as they stand (axe, the screen sizes, the DOM details, links, the keyboard): they
# time nothing, so they run in a group of their own, beside the timed browser tests rather than after them.
PAGE_CHECKS = ("test_accessibility", "test_screens", "test_streamlit_dom", "test_links", "test_keyboard")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config, items):
    """Markers by place: everything under tests/browser is `browser`, the control sweep is `slow`, so that
    `pytest -m "not browser and not slow"` is the fast loop. With pytest-xdist (`-n auto`, `--dist loadgroup` in
    pyproject.toml) the timed browser tests run one after another on one worker, each with its server and Chromium,
    the page checks (PAGE_CHECKS) one after another on another, and the workers share the rest."""
    for item in items:
        path = item.nodeid.replace("\\", "/")
        if "tests/browser/" in path:
            item.add_marker(pytest.mark.browser)
            static = any(f"tests/browser/{name}.py" in path for name in PAGE_CHECKS)
            item.add_marker(pytest.mark.xdist_group("browser-pages" if static else "browser"))
        if item.nodeid.startswith("tests/app/test_sweep.py"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def check_chart_specs():
    """Every chart template a test builds is checked against the Vega-Lite schema (the server skips the check).
    A fixture, not an import: importing this module must not import Altair (see heavy_imports)."""
    from ui import charts
    charts.VALIDATE = True


@pytest.fixture
def page():
    return open_page


def metrics(at: AppTest) -> dict:
    """{label: shown value} of every st.metric on the page."""
    return {m.label: m.value for m in at.metric}


def _datasets(el) -> dict:
    """One chart element's named datasets as DataFrames."""
    import io

    import pyarrow as pa

    return {d.name: pa.ipc.open_stream(io.BytesIO(d.data.data)).read_all().to_pandas() for d in el.proto.datasets}


def charts(at: AppTest) -> list[dict]:
    """Every chart's named datasets as DataFrames, in page order: what the learner's chart draws."""
    return [_datasets(el) for el in at.get("vega_lite_chart")]


def chart(at: AppTest, i: int) -> dict:
    """The named datasets of the page's i-th chart (charts(at)[i], without reading the others)."""
    return _datasets(at.get("vega_lite_chart")[i])


def run_script(code: str) -> str:
    """Run a code panel's script with torch alone (no nnlab import) and return what it prints."""
    import contextlib
    import io
    import re

    assert not re.search(r"^\s*(from|import) (core|ui)\b", code, re.M)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<code panel>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def heavy_imports(file: str) -> list[str]:
    """Which of torch, pandas, pyarrow and altair rendering this page (in a fresh process) imports."""
    import os
    import subprocess
    import sys

    code = (f"import sys; from tests.conftest import open_page; at = open_page({file!r}); "
            "assert not at.exception; "
            "print(*(m for m in ('torch', 'pandas', 'pyarrow', 'altair') if m in sys.modules))")
    env = {**os.environ, "NNLAB_WARMUP": "0"}  # the page's own imports, not ui.warmup's background ones
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1].split() if out.stdout.strip() else []

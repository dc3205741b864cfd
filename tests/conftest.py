"""Shared test helpers: run any nnlab page through AppTest the way a browser would reach it."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def open_page(file: str, query: dict | None = None, timeout: float = 60) -> AppTest:
    """Run app.py, switch to `file` (e.g. "pages/01_perceptron.py") with URL `query`, and return it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if file != "app.py":
        at.switch_page(file)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, "\n".join(str(e.value) for e in at.exception)


@pytest.fixture
def page():
    return open_page

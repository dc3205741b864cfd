"""Browser fixtures: Debian's Chromium (or a Playwright-installed one) against a local nnlab server.

Without a browser these tests skip with the reason, except where NNLAB_REQUIRE_BROWSER=1 (CI),
which turns the skip into a failure.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.server import CHROMIUM_ARGS, chromium_path, streamlit_server

REQUIRED = os.environ.get("NNLAB_REQUIRE_BROWSER") == "1"
# A first render imports torch; on a busy 2-core machine that can take longer than Playwright's 5 s.
expect.set_options(timeout=30_000)


def _launch_args():
    path = chromium_path()
    if path:
        return {"executable_path": path, "args": CHROMIUM_ARGS}
    with sync_playwright() as p:  # a browser from `playwright install`, if the learner has one
        if Path(p.chromium.executable_path).exists():
            return {"args": CHROMIUM_ARGS}
    return None


@pytest.fixture(scope="session")
def browser():
    args = _launch_args()
    if args is None:
        msg = "no Chromium: apt-get install chromium (or python -m playwright install chromium)"
        if REQUIRED:
            pytest.fail(msg + "; NNLAB_REQUIRE_BROWSER=1 makes the browser tests mandatory")
        pytest.skip(msg)
    with sync_playwright() as p:
        b = p.chromium.launch(headless=True, **args)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server():
    with streamlit_server() as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    pg = context.new_page()
    yield pg
    context.close()

"""The details of Streamlit's page that nnlab relies on (ui.streamlit_dom) are still Streamlit's: each occurs in the
installed Streamlit's frontend, so an upgrade that renames one fails here rather than leaving a page script or a test
that looks for nothing. And nnlab's code uses no detail of Streamlit's page that is not listed."""

import re
from functools import cache
from pathlib import Path

import pytest
import streamlit

from ui import streamlit_dom as dom

ROOT = Path(__file__).resolve().parents[2]
NAMES = {d.name for d in dom.DETAILS}
LISTED = NAMES | {text for d in dom.DETAILS for text in d.bundle}  # with how the frontend composes some
# nnlab's own attributes on its own elements whose names happen to start like Streamlit's data-test-*: the
# playground board's test loss (ui/playground/live_board.js, read by benchmarks/play.py).
OWN = {"data-test-loss"}
# How a detail of Streamlit's page is written in nnlab's code: a data-testid value or class name (stApp,
# stElementContainer), a class prefix (st-key-), a theme variable (--st-primary-color), a data-test attribute, as
# JavaScript's dataset names it (dataset.testScriptState), KaTeX's class.
PATTERNS = [r"(?<![\w-])st[A-Z]\w*(?:-\w+)*", r"(?<![\w-])st-[a-z]+-", r"--st-[a-z]+(?:-[a-z]+)*",
            r"data-test[\w-]*", r"\bkatex\b"]
DATASET = r"\.dataset\.(test[A-Za-z]*)"


@cache
def bundle() -> str:
    """The installed Streamlit's frontend, every script of it as one text."""
    static = Path(streamlit.__file__).parent / "static"
    return "\n".join(p.read_text(errors="replace") for p in sorted(static.rglob("*.js")))


def occurs(text: str, where: str) -> bool:
    """`text` as a whole name in `where`: not the end of a longer one, nor its start unless `text` is a prefix
    (ends with "-")."""
    part = re.compile(r"[\w-]")
    i = where.find(text)
    while i >= 0:
        end = i + len(text)
        if not part.match(where[i - 1:i]) and (text.endswith("-") or not part.match(where[end:end + 1])):
            return True
        i = where.find(text, i + 1)
    return False


def used(text: str) -> set[str]:
    """Every detail of Streamlit's page that `text` (a source file) names."""
    found = {m.group(0) for p in PATTERNS for m in re.finditer(p, text)}
    found |= {"data-" + re.sub(r"[A-Z]", lambda c: "-" + c.group(0).lower(), m.group(1))
              for m in re.finditer(DATASET, text)}
    return found - OWN


def sources() -> list[Path]:
    """nnlab's .py, .js and .css files (this test's own examples aside)."""
    skip = {Path(__file__).resolve()}
    return [p for ext in ("py", "js", "css") for p in sorted(ROOT.rglob(f"*.{ext}"))
            if p.resolve() not in skip and not any(part.startswith(".") or part in {"__pycache__", "node_modules"}
                                                   for part in p.relative_to(ROOT).parts)]


def test_the_list_names_each_detail_once_with_what_it_is_for():
    assert len(NAMES) == len(dom.DETAILS)
    kinds = {"attribute", "value", "testid", "class", "class prefix", "variable"}
    for d in dom.DETAILS:
        assert d.kind in kinds and d.use, d
    assert dom.READY == "[data-testid='stApp'][data-test-script-state='notRunning']"
    assert set(dom.SCRIPTS.values()) <= NAMES | {dom.APP_SELECTOR}


@pytest.mark.parametrize("detail", dom.DETAILS, ids=[d.name for d in dom.DETAILS])
def test_each_detail_is_in_the_installed_streamlits_frontend(detail):
    for text in detail.bundle or (detail.name,):
        assert occurs(text, bundle()), f"{text!r} ({detail.use}) is not in Streamlit {streamlit.__version__}'s page"


def test_nnlab_uses_no_detail_of_streamlits_page_that_is_not_listed():
    files = sources()
    assert any(p.name == "live_run.js" for p in files) and any(p.name == "server.py" for p in files)
    unlisted = {}
    for path in files:
        extra = used(path.read_text()) - LISTED
        if extra:
            unlisted[path.relative_to(ROOT).as_posix()] = sorted(extra)
    assert not unlisted, unlisted


def test_the_check_sees_a_detail_that_is_not_listed():
    """The grep itself can fail: each way of writing a detail is found, nnlab's own names are not."""
    text = """
      document.querySelector("[data-testid='stChatInput'] .st-emotion-cache-x");
      app.dataset.testConnectionState; el.dataset.testLoss;
      color: var(--st-secondary-background-color); page.get_by_test_id("stBaseButton-primary")
      b.dataset.testid = 'nnlab-play'; const stale = 'pg_stale_'; st.session_state; st.button
    """
    assert used(text) == {"data-testid", "stChatInput", "st-emotion-", "data-test-connection-state",
                          "--st-secondary-background-color", "stBaseButton-primary"}
    assert occurs("st-key-", "return e?`st-key-`+e.trim()") and not occurs("stApp", "`stAppViewContainer`")


def test_the_page_scripts_get_streamlits_names_from_the_list():
    """ui.live_run's script is given them (ui.streamlit_dom.SCRIPTS); none of the page scripts spells one out."""
    for script in ("ui/live_run.js", "ui/live_picture.js", "ui/progress.js"):
        assert not used((ROOT / script).read_text()), script
    from ui import live_picture, live_run
    assert dom.hide_box("nnlab-busy-carrier") == live_run.BUSY_CSS
    assert dom.hide_box("nnlab-live-carrier") in live_picture.CSS

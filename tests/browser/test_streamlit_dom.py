"""The details of Streamlit's page that nnlab relies on (ui.streamlit_dom) are in real pages of the running app: each
listed one that a page has once it has run is found there, the script state is seen to run and end, and the page is
built as nnlab's page scripts and styles expect (a run button in its key's box, a carrier's box hidden, the theme's
colour inside a component). The details that show only at moments (an error, a progress bar, a loading skeleton)
are checked in Streamlit's frontend by tests/unit/test_streamlit_dom.py."""

import tomllib
from collections import defaultdict

import pytest
from playwright.sync_api import expect

from tests.browser.server import ROOT
from tests.browser.test_browser import open_url
from ui import streamlit_dom as dom

SHOWN = defaultdict(list)  # page slug -> the details it has once it has run
for _d in dom.DETAILS:
    if _d.shown is not None:
        SHOWN[_d.shown].append(_d)
# Records every value the app's script state takes, from now on.
STATES = """([app, state]) => {
  const root = document.querySelector(app);
  window.__states = [root.getAttribute(state)];
  new MutationObserver(() => window.__states.push(root.getAttribute(state)))
    .observe(root, {attributes: true, attributeFilter: [state]});
}"""


def selector(d: dom.Detail) -> str:
    """A CSS selector that finds `d` in a page (a theme variable has none: it is a style, not an element)."""
    return {"attribute": f"[{d.name}]", "value": f"{dom.APP_SELECTOR}[{dom.SCRIPT_STATE}='{d.name}']",
            "testid": dom.by_testid(d.name), "class": f".{d.name}", "class prefix": f"[class*='{d.name}']"}[d.kind]


def primary_colour() -> str:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]["primaryColor"]


@pytest.mark.parametrize("slug", sorted(SHOWN), ids=[s or "home" for s in sorted(SHOWN)])
def test_each_listed_detail_is_in_the_page(page, server, slug):
    open_url(page, f"{server}/{slug}")
    for d in SHOWN[slug]:
        if d.kind == "variable":  # in a component's element: the run button's busy sign is one
            carrier = page.locator(".nnlab-busy-carrier").first
            expect(carrier).to_be_attached()
            value = carrier.evaluate(f"e => getComputedStyle(e).getPropertyValue('{d.name}').trim()")
            assert value.lower() == primary_colour().lower(), (d.name, value)
        else:
            expect(page.locator(selector(d)).first, f"{d.name}: {d.use}").to_be_attached()


def test_the_script_state_runs_and_ends(page, server):
    open_url(page, f"{server}/perceptron")
    page.evaluate(STATES, [dom.APP_SELECTOR, dom.SCRIPT_STATE])
    page.get_by_role("slider").nth(1).focus()
    page.keyboard.press("End")  # a rerun
    page.wait_for_function(f"window.__states.includes('{dom.RUNNING}')")
    page.wait_for_selector(dom.READY, state="attached")
    states = page.evaluate("window.__states")
    assert states[0] == dom.NOT_RUNNING and states[-1] == dom.NOT_RUNNING and dom.RUNNING in states, states


def test_the_page_is_built_as_the_page_scripts_expect(page, server):
    """ui.live_run's busy sign: the run button is in the box with its key's class, and the component that carries
    the script is inside an element box, which its style hides."""
    open_url(page, f"{server}/will_i_pass")
    expect(page.locator(f".{dom.ELEMENT}.{dom.KEY}train button")).to_have_count(1)
    carrier = page.locator(".nnlab-busy-carrier").first
    expect(carrier).to_be_attached()
    box = carrier.evaluate_handle(f"e => e.closest('.{dom.ELEMENT}')")
    assert box.evaluate("b => b !== null && getComputedStyle(b).display") == "none"
    page.wait_for_function("window.__nnlabBusy && window.__nnlabBusy.installed")  # found the app's root

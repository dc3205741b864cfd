"""nnlab in a real browser: every page, opened by its link on a fresh server, loads cleanly with the navigation;
controls redraw charts, and training streams its progress."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.server import READY, streamlit_server
from ui import registry, streamlit_dom as dom

PAGES = registry.available()
RUNNING = dom.SCRIPT_RUNNING
# Records the text of every progress bar the page shows, as it changes (a short run's bar may be gone before a
# polling check looks).
SEEN_PROGRESS = """() => {
  window.__bars = [];
  new MutationObserver(() => {
    for (const bar of document.querySelectorAll("PROGRESS")) {
      const t = bar.textContent.trim();
      if (t && window.__bars[window.__bars.length - 1] !== t) window.__bars.push(t);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}""".replace("PROGRESS", dom.by_testid(dom.PROGRESS))


# Records, at each click (after the page's own handlers), the run button's busy sign (ui.live_run.run_button).
SEEN_BUSY = """() => {
  window.__busy = [];
  document.addEventListener('click', (ev) => {
    const btn = ev.target.closest('button');
    window.__busy.push([document.documentElement.dataset.nnlabBusy || null, btn.getAttribute('aria-busy'),
                        getComputedStyle(btn, '::after').content]);
  });
}"""


def open_url(page, url):
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=30_000)


@pytest.fixture(scope="module")
def fresh_server():
    """One cold server for the module's deep links: only the deep-link tests use it, so whichever runs first makes
    the server's very first request (a deep link, not necessarily the home page); the others are new sessions on it."""
    with streamlit_server() as url:
        yield url


@pytest.mark.parametrize("p", PAGES, ids=[p.slug or "home" for p in PAGES])
def test_every_page_opened_by_its_link_on_a_fresh_server_loads_without_an_error_with_the_navigation(
        page, fresh_server, p):
    open_url(page, f"{fresh_server}/{p.slug}")
    expect(page.get_by_role("heading", level=1).first).to_have_text(p.title)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator(".katex").or_(page.get_by_test_id("stMarkdown")).first).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    for other in PAGES:  # the grouped navigation lists every page that exists...
        expect(sidebar.get_by_text(other.nav, exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # ...and Streamlit's own list is hidden


def test_keyboard_slider_moves_the_point_on_the_chart(page, server):
    open_url(page, f"{server}/perceptron")
    z = page.get_by_test_id("stMetricValue").nth(1)
    expect(z).to_have_text("1")
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    before = chart.screenshot()
    page.get_by_role("slider").nth(1).focus()  # x2
    page.keyboard.press("End")                 # x2 = 5
    expect(z).to_have_text("−9")               # z = 1 + 0 - 2 * 5, with a true minus sign
    page.wait_for_selector(READY, state="attached")
    expect(chart).to_be_visible()
    assert chart.screenshot() != before, "the chart did not change when the slider moved"
    assert "x2=5" in page.url  # the setting is in the shareable link


def test_a_link_restores_a_setting(page, server):
    open_url(page, f"{server}/perceptron?x1=-1&x2=2")
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text("−6")


def test_training_streams_progress_then_finishes(page, server):
    # The page's largest run (1,500 steps of a 16-unit network, 1-3 s here): a short run can end before the
    # browser has drawn a single frame of it.
    open_url(page, f"{server}/will_i_pass?hidden=16&epochs=500")
    untrained = page.get_by_test_id("stMetricValue").first.inner_text()
    page.evaluate(SEEN_PROGRESS)  # record every bar text the page shows, however briefly
    page.evaluate(SEEN_BUSY)
    page.get_by_role("button", name="Train").click()
    # the button says it is busy at the click, before the server has answered: a spinner (its ::after), aria-busy
    assert page.evaluate("window.__busy") == [["train", "true", '""']]
    expect(page.get_by_text(re.compile(r"Trained.* for 500 epochs"))).to_be_visible(timeout=60_000)
    seen = page.evaluate("window.__bars")
    assert any(re.fullmatch(r"Step [\d,]+ of 1,500 · epoch \d+", t) for t in seen), seen  # progress while training
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    page.wait_for_function("!document.documentElement.dataset.nnlabBusy", timeout=10_000)  # cleared at the end
    assert page.get_by_role("button", name="Train", exact=True).get_attribute("aria-busy") is None
    expect(page.get_by_test_id("stMetricValue").first).not_to_have_text(untrained)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.get_by_role("button", name="Reset to defaults").click()  # not a run: no busy sign
    assert page.evaluate("window.__busy[1]") == [None, None, "none"]

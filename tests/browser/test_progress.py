"""A learner's progress lasts: an answer given on a page is still there after the tab is closed and the app opened
again in the same browser, and "Forget my progress" clears it from the browser too."""

from playwright.sync_api import expect

from tests.browser.test_browser import open_url
from ui import progress, streamlit_dom as dom

STORED = f"() => window.localStorage.getItem('{progress.STORE}') || ''"


def test_answer_close_reopen_and_the_progress_is_there(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        tab = context.new_page()
        open_url(tab, f"{server}/perceptron")
        tab.get_by_test_id("stRadio").get_by_text("1", exact=True).click()
        expect(tab.get_by_test_id("stAlertContentSuccess")).to_be_visible()
        tab.wait_for_function(f"() => ({STORED})().includes('\"perceptron\": true')")
        tab.close()  # the tab is gone, and with it the server's session

        tab = context.new_page()
        open_url(tab, f"{server}/summary")
        expect(tab.get_by_test_id("stMetric").filter(has_text="answered").first).to_contain_text("1 of")
        expect(tab.get_by_text("1 “Check yourself” questions answered, 1 of them right")).to_be_visible()
        open_url(tab, f"{server}/perceptron")
        expect(tab.get_by_test_id("stRadio").get_by_role("radio", name="1", exact=True)).to_be_checked()
        expect(tab.get_by_test_id("stAlertContentSuccess")).to_be_visible()

        open_url(tab, f"{server}/summary")
        tab.get_by_role("button", name="Forget my progress").click()
        tab.wait_for_function(f"() => !({STORED})().includes('perceptron')")
        expect(tab.get_by_text("0 “Check yourself” questions answered")).to_be_visible()
    finally:
        context.close()


# Counts the page's script runs from the first one: the app's element's script state turning to "running".
COUNT_RUNS = """
window.__runs = 0;
const watch = setInterval(() => {
  const app = document.querySelector("APP");
  if (!app) return;
  clearInterval(watch);
  let last = app.getAttribute('STATE');
  if (last === 'RUNNING') window.__runs++;
  new MutationObserver(() => {
    const now = app.getAttribute('STATE');
    if (now === 'RUNNING' && last !== 'RUNNING') window.__runs++;
    last = now;
  }).observe(app, {attributes: true, attributeFilter: ['STATE']});
}, 5);
""".replace("APP", dom.APP_SELECTOR).replace("STATE", dom.SCRIPT_STATE).replace("RUNNING", dom.RUNNING)

def test_a_new_learners_page_runs_once_and_is_saved(browser, server):
    """Nothing stored yet: the store writes the record without asking for a rerun (a rerun right after a page
    loads could swallow the learner's first click)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        context.add_init_script(COUNT_RUNS)
        tab = context.new_page()
        open_url(tab, f"{server}/perceptron")
        tab.wait_for_function(f"() => ({STORED})().includes('perceptron')")
        tab.wait_for_timeout(1500)  # a window in which a rerun would show, not a synchronisation
        assert tab.evaluate("window.__runs") == 1
    finally:
        context.close()

"""ui/live_run.js (a run button's busy sign) on its own, in Chromium without a server: a blank page with the parts of
Streamlit's page it relies on (the app's root with its script state, element boxes with st-key classes). A click on
a run button marks it busy at once; the sign stays while the run the click started runs and clears when the script
state is back to notRunning; other buttons get no sign; a click that starts no run clears after 10 s."""

from ui import live_run, streamlit_dom as dom

RUNNING, NOT_RUNNING = dom.RUNNING, dom.NOT_RUNNING
# The busy sign as the page shows it: the html's mark, the button's aria-busy, the spinner (the button's ::after).
SIGN = """key => {
  const btn = document.querySelector(`.${key} button`);
  return [document.documentElement.dataset.nnlabBusy || null, btn.getAttribute('aria-busy'),
          getComputedStyle(btn, '::after').content];
}"""
NO_SIGN = [None, None, "none"]


def _page(page, keys=("train",)) -> None:
    """Streamlit's page in miniature: run buttons `keys` and a plain button ("reset") in keyed element boxes, the
    component's own box, and the script mounted for each run button as ui.live_run.run_button mounts it."""
    boxes = "".join(f"<div class='{dom.ELEMENT} {dom.KEY}{k}'><div><button>{k}</button></div></div>"
                    for k in (*keys, "reset"))
    page.set_content(f"<div {dom.TESTID}='{dom.APP}' {dom.SCRIPT_STATE}='{NOT_RUNNING}'>{boxes}"
                     f"<div class='{dom.ELEMENT}' id='box'><div id='host'></div></div></div>")
    page.add_style_tag(content=live_run.BUSY_CSS)
    page.evaluate("""async ([js, keys, names]) => {
      const mod = await import('data:text/javascript,' + encodeURIComponent(js));
      const host = document.getElementById('host');
      for (const key of keys) mod.default({data: {keys: [key], dom: names}, parentElement: host});
    }""", [live_run.BUSY_JS, list(keys), dom.SCRIPTS])


def _state(page, value: str) -> None:
    """The app's script state changes, as Streamlit sets it when a run starts or ends."""
    page.evaluate(f"v => document.querySelector(\"{dom.APP_SELECTOR}\").setAttribute('{dom.SCRIPT_STATE}', v)", value)


def _sign(page, key="train"):
    return page.evaluate(SIGN, dom.KEY + key)


def test_a_click_marks_the_button_busy_until_its_run_has_ended(page):
    _page(page)
    assert _sign(page) == NO_SIGN
    page.get_by_role("button", name="train").click()
    assert _sign(page) == ["train", "true", '""']  # at the click, before any answer from a server
    _state(page, RUNNING)
    assert _sign(page)[:2] == ["train", "true"]
    _state(page, NOT_RUNNING)
    page.wait_for_function("!document.documentElement.dataset.nnlabBusy")  # a mutation observer's callback
    assert _sign(page) == NO_SIGN


def test_a_click_while_a_run_runs_clears_when_that_run_ends(page):
    """Streamlit goes on with the run it has (the click reruns it): its end is the end of the click's run."""
    _page(page)
    _state(page, RUNNING)
    page.get_by_role("button", name="train").click()
    assert _sign(page)[:2] == ["train", "true"]
    _state(page, NOT_RUNNING)
    page.wait_for_function("!document.documentElement.dataset.nnlabBusy")
    assert _sign(page) == NO_SIGN


def test_only_run_buttons_get_the_sign_and_the_carrier_is_hidden(page):
    _page(page, keys=("train", "sweep"))
    page.get_by_role("button", name="reset").click()
    assert _sign(page, "reset") == NO_SIGN
    page.get_by_role("button", name="sweep").click()  # a second run button, mounted after the first
    assert _sign(page, "sweep") == ["sweep", "true", '""']
    assert _sign(page, "train") == ["sweep", None, "none"]  # the page's mark names the other button
    assert page.evaluate("document.getElementById('host').classList.contains('nnlab-busy-carrier')")
    assert page.evaluate("getComputedStyle(document.getElementById('box')).display") == "none"


def test_a_click_that_starts_no_run_clears_after_ten_seconds(page):
    page.clock.install()
    _page(page)
    page.get_by_role("button", name="train").click()
    page.clock.run_for(9_000)
    assert _sign(page)[:2] == ["train", "true"]
    page.clock.run_for(1_500)
    assert _sign(page) == NO_SIGN

"""WCAG 2.1 AA on every page, in light and in dark: axe-core (the copy the pinned axe-playwright-python ships) runs on
each page in its default state and after its main run, in a window tall enough to hold the whole page. nnlab's own
content must cause no violation: contrast, headings in order, labelled controls, and a text alternative for every
chart and live picture that says what it shows now. A live picture tells a screen reader its state at a sane rate.
"""

import re
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from tests.browser.server import READY
from tests.browser.test_live_picture import _mount
from ui import registry, streamlit_dom as dom

pytestmark = pytest.mark.browser

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EXTRA = ["heading-order", "empty-heading", "page-has-heading-one"]  # axe files these under best practice
PAGES = registry.available()
BOARD = ".nnlab-board"

# What each page's main run is: the button to press (a run button, or a preset that computes another view). Pages
# not listed compute everything on load; the playground plays (see _main_run).
MAIN_RUN = {
    "activation_functions": "Train both", "will_i_pass": "Train", "gradient_descent": "Take one step",
    "backpropagation": "Take one gradient step", "learning_rate_and_optimizers": "Compare constant and scheduled η",
    "loss_landscape": "Training path", "mini_batches": "Train all five", "overfitting": "Train",
    "dropout": "Train both", "early_stopping": "Train",
}

# Violations of Streamlit's own widgets that nnlab cannot fix: {rule id: [(selector of the widget, reason)]}. A node
# is excused only inside an element that matches the selector, so nnlab's own content never hides behind one.
KNOWN = {
    "scrollable-region-focusable": [
        (f"{dom.by_testid(dom.CODE)} pre",
         "Streamlit's code block scrolls sideways when a line is longer than the column, and its <pre> takes no "
         "tabindex; the block's copy button gives the whole script to a keyboard user"),
    ],
}

RUN_AXE = """async ([tags, extra, known]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          rules: Object.fromEntries(extra.map((id) => [id, {enabled: true}]))});
  const excused = (id, node) => {
    const el = document.querySelector(node.target[0]);
    return !!el && (known[id] || []).some((sel) => el.closest(sel));
  };
  return result.violations.map((v) => ({id: v.id, nodes: v.nodes.filter((n) => !excused(v.id, n))
                                                            .map((n) => [n.target.join(' '), n.html.slice(0, 160),
                                                                         (n.failureSummary || '').slice(0, 200)])}))
                          .filter((v) => v.nodes.length);
}"""
CHART_LABELS = f"""() => [...document.querySelectorAll("{dom.by_testid(dom.VEGA_CHART)}")]
  .map((c) => c.getAttribute('aria-label') || '')"""


@pytest.fixture(scope="module")
def tab(browser):
    """One tab, reused by every page; its system colour scheme starts light and is switched to dark on each page."""
    context = browser.new_context(viewport={"width": 1280, "height": 4000}, color_scheme="light")
    yield context.new_page()
    context.close()


APP_SCHEME = f"getComputedStyle(document.querySelector(\"{dom.APP_SELECTOR}\")).colorScheme"


def system_asks(page, scheme: str) -> None:
    """The learner's system asks for `scheme`: the app follows at once, and its charts draw again in it."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(f"{APP_SCHEME} === '{scheme}'", timeout=10_000)
    settle(page)


def settle(page):
    """The script has ended, every widget's code has loaded, and the charts have drawn."""
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    page.wait_for_function(f"document.querySelectorAll(\"{dom.by_testid(dom.SKELETON)}\").length === 0",
                           timeout=60_000)
    page.wait_for_function(f"""[...document.querySelectorAll("{dom.by_testid(dom.VEGA_CHART)}")]
                               .every((c) => c.querySelector('svg, canvas'))""", timeout=30_000)


def violations(page) -> list:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    known = {rule: [sel for sel, _ in widgets] for rule, widgets in KNOWN.items()}
    return page.evaluate(RUN_AXE, [TAGS, EXTRA, known])


def _main_run(page, slug):
    if slug == "playground":
        page.get_by_role("button", name="Play").click()
        page.wait_for_selector(f"{BOARD}[data-playing='1']", timeout=20_000)
        page.wait_for_function(f"+document.querySelector('{BOARD}').dataset.drawn >= 20", timeout=30_000)
        page.get_by_role("button", name="Pause").click()
        page.wait_for_selector(f"{BOARD}[data-playing='0']", timeout=20_000)
    else:
        page.get_by_role("button", name=MAIN_RUN[slug], exact=True).click()
        try:  # a quick run may be over before this looks
            page.wait_for_selector(dom.SCRIPT_RUNNING, state="attached", timeout=5_000)
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the run ended already
            pass
    settle(page)


# Nothing moves: no CSS transition or finite animation is under way (a theme switch fades colours; the playground's
# greyed parts come back over 0.3 s after Pause), and the playground no longer marks the page as playing.
STILL = """() => !document.documentElement.hasAttribute('data-nnlab-playing') && document.getAnimations()
  .every((a) => a.playState !== 'running' || a.effect.getComputedTiming().endTime === Infinity)"""


def check(page, where: str) -> list[str]:
    """What is wrong on the page as it rests: axe's violations, and charts without a text alternative. The pointer
    is moved off the content first (a hover colour left from the last click is not the page's)."""
    size = page.viewport_size
    page.mouse.move(size["width"] - 1, size["height"] - 1)   # the main area's empty bottom right
    page.wait_for_function(STILL, timeout=10_000)
    found = [f"{where}: {v['id']} {node}" for v in violations(page) for node in v["nodes"]]
    try:  # a chart that is being drawn again gets its label back when its drawing ends
        page.wait_for_function(f"({CHART_LABELS})().every((l) => l.trim() && l !== 'Vega visualization')",
                               timeout=5_000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the labels below say which chart has none
        pass
    for label in page.evaluate(CHART_LABELS):
        if not label.strip() or label == "Vega visualization":
            found.append(f"{where}: a chart without a description of what it shows")
    return found


@pytest.mark.parametrize("p", PAGES, ids=[p.slug or "home" for p in PAGES])
def test_every_page_passes_axe_in_light_and_dark_before_and_after_its_run(tab, server, p):
    """Light before and after the page's main run, then dark on what the run left (the page's default content and
    its results): the system's scheme switched in place, so each page loads and runs once."""
    page, problems = tab, []
    page.emulate_media(color_scheme="light")   # the last page left it dark
    page.goto(f"{server}/{p.slug}")
    settle(page)
    expect(page.get_by_role("heading", level=1).first).to_have_text(p.title)
    assert page.evaluate(APP_SCHEME) == "light"
    problems += check(page, f"light {p.slug or 'home'}")
    ran = p.slug in MAIN_RUN or p.slug == "playground"
    if ran:
        before = page.evaluate(CHART_LABELS)
        _main_run(page, p.slug)
        problems += check(page, f"light {p.slug} after its run")
        if p.slug == "will_i_pass":  # the chart's description follows what it shows
            assert page.evaluate(CHART_LABELS) != before
    system_asks(page, "dark")
    problems += check(page, f"dark {p.slug or 'home'}{' after its run' if ran else ''}")
    assert not problems, "\n".join(problems)


def test_the_learner_can_choose_dark_in_the_menu_whatever_the_system_asks(page, server):
    """The system asks for light (the browser's default); the app menu offers System, Light and Dark, and Dark turns
    the page dark, captions and all."""
    page.goto(f"{server}/")
    settle(page)
    scheme = f"getComputedStyle(document.querySelector(\"{dom.APP_SELECTOR}\")).colorScheme"
    caption = f"getComputedStyle(document.querySelector(\"{dom.by_testid(dom.CAPTION)}\")).color"
    assert page.evaluate(scheme) == "light"
    light_caption = page.evaluate(caption)
    menu = page.get_by_test_id(dom.MAIN_MENU).get_by_role("button")
    expect(menu).to_be_visible()
    menu.click()
    theme = page.get_by_role("group", name="Theme")
    expect(theme.get_by_role("menuitemradio", name="System")).to_have_attribute("aria-checked", "true")
    expect(theme.get_by_role("menuitemradio", name="Light")).to_be_visible()
    theme.get_by_role("menuitemradio", name="Dark").click()
    page.wait_for_function(f"{scheme} === 'dark'")
    assert page.evaluate(caption) != light_caption
    assert not violations(page), "dark, chosen in the menu"


def test_the_known_exceptions_name_streamlits_widgets_only():
    for rule, widgets in KNOWN.items():
        assert re.fullmatch(r"[a-z-]+", rule)
        for selector, reason in widgets:
            assert "data-testid" in selector and reason


def test_a_live_picture_tells_a_screen_reader_its_state_every_few_seconds_not_every_frame(page):
    """120 frames, 25 ms apart (40 a second for 3 s): the polite status changes a few times, and ends on the last
    frame's text, which the canvas's label also carries."""
    import numpy as np

    from ui import charts, live_picture

    rng = np.random.default_rng(1)
    frames = [[round(i * live_picture.PACE, 4), charts.png_rgb_uri(rng.integers(0, 255, (8, 8, 3), dtype=np.uint8)),
               f"Epoch {i}"] for i in range(120)]
    canvas = _mount(page, frames)
    page.evaluate("""() => (window.__said = []) && new MutationObserver(() => window.__said.push(
        document.querySelector('.nnlab-live-status').textContent))
      .observe(document.querySelector('.nnlab-live-status'), {subtree: true, characterData: true, childList: true})""")
    expect(canvas).to_have_attribute("data-frame", "120", timeout=10_000)
    page.wait_for_function("window.__said.length && window.__said[window.__said.length - 1] === 'Epoch 119'",
                           timeout=5_000)
    said = page.evaluate("window.__said")
    assert 1 <= len(said) <= 3, said  # 3 s of frames: at most one announcement every 3 s, and the last frame's
    assert page.locator(".nnlab-live-status").get_attribute("role") == "status"
    assert canvas.get_attribute("aria-label") == "a picture Epoch 119"
    assert page.locator("figcaption").get_attribute("aria-hidden") == "true"  # not read at 40 changes a second


def test_a_charts_description_says_what_it_shows_now():
    """Written from the chart's data: the series, where each line starts and ends; other numbers, other words."""
    import pandas as pd

    from ui import charts

    history = pd.DataFrame({"step": [0, 50, 100], "train_loss": [0.69, 0.3, 0.12], "val_loss": [0.7, 0.4, 0.25]})
    spec = charts.loss_spec(history)
    assert spec["description"] == ("loss J(W) against step. training: loss J(W) from 0.69 to 0.12 as step goes from 0 "
                                   "to 100; validation: loss J(W) from 0.7 to 0.25 as step goes from 0 to 100.")
    assert charts.loss_spec(history.iloc[:2])["description"] != spec["description"]
    assert charts.with_data(charts._loss_template("step", None, ("training",), "loss", 200),
                            {"loss": history.iloc[:0]}, "Nothing yet.")["description"] == "Nothing yet."

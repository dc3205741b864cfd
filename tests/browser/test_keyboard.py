"""nnlab by keyboard alone, on the two pages that train live (the playground and "Will I pass this class?"): Tab reaches
every control and run button, Space and Enter press them, the focus is visible (the focused control differs from
itself unfocused by 3:1 or more), and the focus stays on Play and on Train while a run starts and ends."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.server import READY
from ui import streamlit_dom as dom

pytestmark = pytest.mark.browser

BOARD = ".nnlab-board"
# Every control of the main area a learner can operate, as the page draws it (Streamlit's and nnlab's own).
CONTROLS = (f"{dom.by_testid(dom.MAIN)} :is(button, [role=slider], input:not([type=hidden]), [role=combobox], "
            f"[role=tab], summary, a[href])")
# Each focusable element the Tab key stops at, named by a mark we set on it (window.__stops).
MARK_FOCUS = """() => {
  window.__stops = [];
  document.addEventListener('focusin', (ev) => {
    const el = ev.target;
    if (!el.dataset.kbd) el.dataset.kbd = String(document.querySelectorAll('[data-kbd]').length + 1);
    window.__stops.push(el.dataset.kbd);
  }, true);
}"""
CONTROL_MARKS = f"""() => [...document.querySelectorAll("{CONTROLS}")]
  .filter((el) => el.checkVisibility({{visibilityProperty: true, contentVisibilityAuto: true}}) && !el.disabled
                  && el.getAttribute('aria-disabled') !== 'true' && el.tabIndex >= 0)
  .filter((el, i, all) => el.type !== 'radio' || all.findIndex((o) => o.name === el.name) === i)  // one stop a group
  .map((el) => [el.dataset.kbd || null, (el.getAttribute('aria-label') || el.textContent || el.tagName).trim()
                                         .slice(0, 60)])"""
ACTIVE = "() => { const a = document.activeElement; return [a.tagName, (a.textContent || '').trim()]; }"


def open_page(page, url):
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    page.wait_for_function(f"document.querySelectorAll(\"{dom.by_testid(dom.SKELETON)}\").length === 0",
                           timeout=60_000)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def tab_through(page, limit: int = 250) -> list[str]:
    """Tab from the top of the page until the focus comes round again; the stops in order."""
    page.evaluate(MARK_FOCUS)
    page.mouse.click(640, 2)  # the top of the page: Tab starts from there
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops = page.evaluate("window.__stops")
        if len(stops) > 1 and stops[-1] == stops[0]:
            return stops[:-1]
    return page.evaluate("window.__stops")


def tab_to(page, name: str, limit: int = 250) -> None:
    """Tab from the top of the page until the button named `name` has the focus."""
    page.mouse.click(640, 2)  # the top of the page: Tab starts from there
    for _ in range(limit):
        page.keyboard.press("Tab")
        tag, text = page.evaluate(ACTIVE)
        if tag == "BUTTON" and text.endswith(name):  # after the icon's name, where the button has one
            return
    raise AssertionError(f"Tab never reached {name!r}")


def luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def focus_change(page, locator, area=None) -> float:
    """The largest contrast between a pixel of the control (its `area`, by default itself, and 6 px around it)
    unfocused and the same pixel focused by keyboard: WCAG 2.4.7 asks for a visible focus, 2.4.11's measure is a
    change of 3:1."""
    area = area or locator
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    clip = {"x": max(0, box["x"] - 6), "y": max(0, box["y"] - 6), "width": box["width"] + 12,
            "height": box["height"] + 12}
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.mouse.move(0, 0)
    before = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    page.keyboard.press("Shift")  # the last input was a key: focus() then shows the keyboard focus ring
    locator.focus()
    page.wait_for_timeout(250)  # the ring's transition, if any
    after = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    pixels = zip(before.tobytes()[0::3], before.tobytes()[1::3], before.tobytes()[2::3]), \
        zip(after.tobytes()[0::3], after.tobytes()[1::3], after.tobytes()[2::3])
    return max((contrast(a, b) for a, b in zip(*pixels) if a != b), default=1.0)


def test_playground_by_keyboard(page, server):
    open_page(page, f"{server}/playground")
    page.wait_for_selector(f"{BOARD}[data-drawn]", timeout=60_000)
    stops = tab_through(page)
    controls = page.evaluate(CONTROL_MARKS)
    missed = [name for mark, name in controls if mark not in stops]
    assert len(controls) > 10 and not missed, f"Tab never reaches: {missed} ({len(stops)} stops)"
    for name in ("Play", "Step one epoch", "Reset"):
        assert any(re.search(name, n) for _, n in controls), name

    play = page.locator("button.nnlab-play")
    assert focus_change(page, play) >= 3
    slider = page.get_by_test_id(dom.SLIDER).first
    assert focus_change(page, slider.get_by_role("slider"), slider) >= 3
    assert focus_change(page, page.get_by_role("button", name="Step one epoch")) >= 3
    toggle = page.get_by_test_id(dom.CHECKBOX).first
    assert focus_change(page, toggle.get_by_role("switch"), toggle) >= 3
    select = page.get_by_test_id(dom.SELECTBOX).first
    assert focus_change(page, select.get_by_role("combobox"), select) >= 3
    number = page.get_by_test_id(dom.NUMBER_INPUT).first
    assert focus_change(page, number.get_by_role("spinbutton"), number) >= 3

    tab_to(page, "Play")
    page.keyboard.press("Space")  # Play
    page.wait_for_selector(f"{BOARD}[data-playing='1']", timeout=20_000)
    page.wait_for_function(f"+document.querySelector('{BOARD}').dataset.drawn >= 20", timeout=30_000)
    assert page.evaluate(ACTIVE) == ["BUTTON", "Pause"]  # the focus stayed on the button as the run started
    page.keyboard.press("Enter")  # Pause
    page.wait_for_selector(f"{BOARD}[data-playing='0']", timeout=20_000)
    epoch = int(page.locator(BOARD).get_attribute("data-epoch"))
    expect(page.get_by_test_id(dom.METRIC_VALUE).first).to_have_text(f"{epoch:,}", timeout=20_000)  # the rerun
    page.wait_for_selector(READY, state="attached")
    assert page.evaluate(ACTIVE) == ["BUTTON", "Play"]  # and as it ended, through the page's rerun

    tab_to(page, "Step one epoch")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id(dom.METRIC_VALUE).first).to_have_text(f"{epoch + 1:,}", timeout=20_000)


def test_will_i_pass_by_keyboard(page, server):
    open_page(page, f"{server}/will_i_pass")
    stops = tab_through(page)
    controls = page.evaluate(CONTROL_MARKS)
    missed = [name for mark, name in controls if mark not in stops]
    assert len(controls) > 5 and not missed, f"Tab never reaches: {missed}"

    train = page.get_by_role("button", name="Train", exact=True)
    assert focus_change(page, train) >= 3
    slider = page.get_by_test_id(dom.SLIDER).first
    assert focus_change(page, slider.get_by_role("slider"), slider) >= 3

    untrained = page.get_by_test_id(dom.METRIC_VALUE).first.inner_text()
    tab_to(page, "Train")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Trained.* for \d+ epochs"))).to_be_visible(timeout=60_000)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(page.get_by_test_id(dom.METRIC_VALUE).first).not_to_have_text(untrained)
    assert page.evaluate(ACTIVE)[0] == "BUTTON" and "Train" in page.evaluate(ACTIVE)[1]  # still on Train
    page.keyboard.press("Space")  # and Space trains again from there
    page.wait_for_selector(dom.SCRIPT_RUNNING, state="attached", timeout=10_000)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    assert "Train" in page.evaluate(ACTIVE)[1]

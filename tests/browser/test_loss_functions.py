"""The loss page in a real browser: typing into the table (which AppTest cannot do) recomputes J(W), a certain
wrong answer shows ∞ with its message, and restoring the slide's rows really resets the table."""

from playwright.sync_api import expect

from tests.browser.server import READY
from ui import streamlit_dom as dom


def open_page(page, url):
    page.goto(f"{url}/loss_functions")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(page.get_by_role("heading", level=1).first).to_have_text("Quantifying loss")


def type_into(page, grid, row: int, text: str) -> None:
    """Type into the f(x) cell of a row (1-based) of the pass/fail table, as a learner does."""
    cell = page.locator("input.gdg-input")  # the grid's cell editor, open once the double-click lands
    for attempt in range(3):  # the charts above may still be settling and move the grid after it was measured
        box = grid.locator("canvas").first.bounding_box()
        page.mouse.dblclick(box["x"] + box["width"] * 0.62, box["y"] + 35 * row + 17)  # rows: 35 px, under the header
        try:
            cell.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: measure the grid again and double-click again
            if attempt == 2:
                raise
    cell.fill(text)
    cell.press("Enter")
    expect(cell).to_have_count(0)


def test_typing_in_the_table_recomputes_the_loss(page, server):
    open_page(page, server)
    J = page.get_by_test_id("stMetricValue").first
    expect(J).to_have_text("1.4743", timeout=30_000)  # the first run imports torch: slow on a busy machine
    page.wait_for_function(f"""[...document.querySelectorAll("{dom.by_testid(dom.VEGA_CHART)}")]
                              .every((c) => c.querySelector('svg, canvas'))""", timeout=30_000)
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    type_into(page, grid, 1, "0.9")                      # row 1: from confidently wrong to confidently right
    expect(J).to_have_text("0.7419")
    type_into(page, grid, 1, "0")                        # certain and wrong
    expect(J).to_have_text("∞")
    expect(page.get_by_test_id("stAlert").filter(has_text="certain and wrong")).to_be_visible()
    page.get_by_role("button", name="Restore the slide's rows").first.click()
    expect(J).to_have_text("1.4743")
    page.wait_for_selector(READY, state="attached")
    type_into(page, grid, 2, "0.5")                      # the browser forgot the 0: only this edit counts
    expect(J).to_have_text("1.1689")
    expect(page.get_by_test_id("stException")).to_have_count(0)

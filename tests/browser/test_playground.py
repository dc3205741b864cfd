"""The Playground in Chromium: Play runs until Pause on the live board, a knob turned while it plays changes the
running network, Step adds exactly one epoch, a closed tab stops the training, and widgets write their values into
the URL (which AppTest cannot see)."""

import re
import time

from playwright.sync_api import expect

from tests.browser.server import READY

BOARD = ".nnlab-board"


def open_playground(page, url):
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(page.get_by_role("heading", level=1).first).to_have_text("Playground")
    page.wait_for_selector(f"{BOARD}[data-drawn]", timeout=60_000)


def board_epoch(page) -> int:
    return int(page.locator(BOARD).get_attribute("data-epoch"))


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # user + system time, in ticks of 1/100 s


def cpu_share(pid: int, seconds: float = 1.0) -> float:
    """The server's CPU use over `seconds`, as a share of one core."""
    c0, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)  # a measuring window, not a synchronisation
    return (cpu_seconds(pid) - c0) / (time.monotonic() - t0)


def test_play_runs_until_pause_and_a_knob_turns_while_it_plays(page, server):
    open_playground(page, f"{server}/playground")
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("0")
    box = page.locator(f"{BOARD} canvas").first.bounding_box()
    before = page.screenshot(clip=box)
    play = page.get_by_role("button", name="Play")
    play.click()
    page.wait_for_selector(f"{BOARD}[data-playing='1']", timeout=10_000)
    page.wait_for_function(f"+document.querySelector('{BOARD}').dataset.drawn >= 30", timeout=20_000)
    assert page.screenshot(clip=box) != before, "the boundary did not change while playing"
    # the learning rate while it plays: the same network carries on with it (no new network, no stop)
    e_before = board_epoch(page)
    page.get_by_role("slider", name="Learning rate η").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.search.includes('lr=')", timeout=20_000)
    page.wait_for_function(f"document.querySelector('{BOARD}').dataset.lr !== '0.03'", timeout=20_000)
    assert page.locator(BOARD).get_attribute("data-playing") == "1" and board_epoch(page) >= e_before
    pause = page.get_by_role("button", name="Pause")
    pause.click()
    page.wait_for_selector(f"{BOARD}[data-playing='0']", timeout=10_000)
    expect(page.locator(".nnlab-board-status")).to_contain_text("Paused. Epoch", timeout=20_000)
    e0 = board_epoch(page)
    assert e0 > e_before
    # the board asks for one rerun when the press ends: the page's metrics then show where it stopped
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(f"{e0:,}", timeout=20_000)
    page.wait_for_selector(READY, state="attached")
    page.get_by_role("button", name="Step one epoch").click()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(f"{e0 + 1:,}")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_closed_tab_stops_its_training(browser, server):
    """While it plays the server trains (CPU busy); within 2 s of the tab closing it is back to idle."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_playground(page, f"{server}/playground?seed=3")
        time.sleep(1)  # let the page's first work settle, so that the busy figure below is training's own
        page.get_by_role("button", name="Play").click()
        page.wait_for_selector(f"{BOARD}[data-playing='1']", timeout=10_000)
        busy = cpu_share(server.pid)
        page.close()
        time.sleep(2)
        idle = cpu_share(server.pid)
        # busy: training shares the machine with the browser and the other tests, so no fixed share is promised
        assert busy > 2 * idle + 0.05, f"the server should be training: {busy:.0%} of a core, {idle:.0%} after"
        assert idle < 0.1, f"training should have stopped: {idle:.0%} of a core 2 s after the tab closed"
    finally:
        context.close()


def test_widgets_write_the_url_and_classroom_links_survive(page, server):
    open_playground(page, f"{server}/playground?hide=lr&lr=0.1")
    expect(page.get_by_role("slider", name="Learning rate η")).to_have_count(0)   # hidden by the link
    page.get_by_role("slider", name="Noise (%)").focus()
    page.keyboard.press("End")                                                   # noise = 50
    page.wait_for_function("location.search.includes('noise=50')", timeout=20_000)
    page.wait_for_selector(READY, state="attached")
    assert "hide=lr" in page.url and "lr=0.1" in page.url, page.url
    page.get_by_role("slider", name="Hidden layers").focus()
    page.keyboard.press("Home")                                                  # 0 hidden layers
    page.wait_for_function("location.search.includes('layers=0')", timeout=20_000)
    page.wait_for_selector(READY, state="attached")
    expect(page.get_by_text(re.compile("No hidden layers: the network is a single perceptron"))).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)

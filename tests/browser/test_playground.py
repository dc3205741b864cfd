"""The Playground in Chromium: Play redraws the boundary while it trains, Pause keeps the network, Step adds
exactly one epoch, and widgets write their values into the URL (which AppTest cannot see)."""

import re

from playwright.sync_api import expect

from tests.browser.server import READY

RUNNING = "[data-testid='stApp'][data-test-script-state='running']"

# Counts the boundary's updates: a requestAnimationFrame loop reads the picture shown (while playing, the live
# picture's canvas from ui.player; otherwise the chart's SVG image of the top layer, or a strip of canvas pixels)
# and counts each new one.
COUNT_FRAMES = """() => {
  window.__frames = 0; let last = null;
  const sig = () => {
    const live = document.querySelector("canvas.nnlab-live-frame");
    if (live && live.width) {
      const d = live.getContext('2d').getImageData(0, 0, live.width, live.height).data;
      let s = 0; for (let i = 0; i < d.length; i += 29) s = (s * 31 + d[i]) % 1000000007; return 'live' + s;
    }
    const el = document.querySelector("[data-testid='stVegaLiteChart']");
    if (!el) return '';
    const shown = [...el.querySelectorAll('svg image')].map(i => i.getAttribute('href') || i.getAttribute('xlink:href'))
                                                       .filter(Boolean);
    if (shown.length) return shown[shown.length - 1];   // the top picture on screen
    const c = el.querySelector('canvas');
    if (!c) return '';
    const d = c.getContext('2d').getImageData(Math.floor(c.width * 0.2), Math.floor(c.height * 0.2),
                                              Math.floor(c.width * 0.6), 4).data;
    let s = 0; for (let i = 0; i < d.length; i += 7) s = (s * 31 + d[i]) % 1000000007; return String(s);
  };
  const tick = () => { const s = sig();
    if (s && s !== last) { if (last !== null) window.__frames++; last = s; }
    requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}"""


def open_playground(page, url):
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(page.get_by_role("heading", level=1).first).to_have_text("Playground")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()


def epoch(page) -> int:
    return int(page.get_by_test_id("stMetricValue").first.inner_text().replace(",", ""))


def test_play_redraws_the_boundary_then_pause_and_step(page, server):
    open_playground(page, f"{server}/playground")
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("0")
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()          # while playing, a live picture replaces the chart in the same place
    before = page.screenshot(clip=box)
    page.evaluate(COUNT_FRAMES)
    page.get_by_role("button", name="Play").click()
    page.wait_for_selector(RUNNING, state="attached")
    expect(page.get_by_test_id("stMetricValue").first).not_to_have_text("0", timeout=10_000)
    page.wait_for_function("window.__frames >= 3", timeout=20_000)     # the chart redrew while playing
    assert page.locator(RUNNING).count() == 1, "training should still be running"
    assert page.screenshot(clip=box) != before, "the boundary did not change while playing"
    start = page.evaluate("[performance.now(), window.__frames]")
    page.wait_for_timeout(2000)                                         # a measurement window, not a sync
    end = page.evaluate("[performance.now(), window.__frames]")
    fps = (end[1] - start[1]) / ((end[0] - start[0]) / 1000)
    print(f"\nboundary chart updates per second while playing: {fps:.1f}")   # a figure for the report
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_text(re.compile(r"Paused at epoch \d+"))).to_be_visible(timeout=20_000)
    page.wait_for_selector(READY, state="attached")
    e0 = epoch(page)
    assert e0 > 0
    page.get_by_role("button", name="Step one epoch").click()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(f"{e0 + 1:,}")
    expect(page.get_by_test_id("stException")).to_have_count(0)


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

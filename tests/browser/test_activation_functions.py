"""The activation-functions page in a real browser: the bias slider slides the curves, and both networks
train side by side."""

import re

from playwright.sync_api import expect

from tests.browser.server import READY


def open_page(page, url):
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(page.get_by_role("heading", level=1).first).to_have_text("Activation functions and why nonlinearity")


def test_the_bias_slider_moves_the_curves(page, server):
    open_page(page, f"{server}/activation_functions")
    sigmoid_row = page.get_by_test_id("stTable").get_by_role("row").nth(1)
    expect(sigmoid_row).to_contain_text("0.5")
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    before = chart.screenshot()
    page.get_by_role("slider", name="Bias w₀").focus()
    page.keyboard.press("End")                                  # w0 = 6: z = 6 at x = 0
    expect(sigmoid_row).to_contain_text("0.9975273768")        # sigma(6)
    page.wait_for_selector(READY, state="attached")
    assert chart.screenshot() != before, "the curve did not move with the bias"
    assert "w0=6" in page.url


def test_train_both_networks(page, server):
    open_page(page, f"{server}/activation_functions")
    expect(page.get_by_text(re.compile("Untrained"))).to_be_visible()
    page.get_by_role("button", name="Train both").click()
    expect(page.get_by_text(re.compile(r"Trained.*both networks for 300 steps"))).to_be_visible(timeout=30_000)
    values = page.get_by_test_id("stMetricValue")
    expect(values.nth(1)).to_have_text("100%")                 # with ReLU
    assert int(values.nth(0).inner_text().rstrip("%")) <= 65   # without g
    expect(page.get_by_test_id("stException")).to_have_count(0)

"""Links in a real browser: a select writes its option's short name in the address bar, an old link holding a label
opens the same choice and shows the name instead, following the navigation leaves the setting behind, and a value
between a slider's steps is rounded with a notice."""

import re

from playwright.sync_api import expect

from tests.browser.server import READY


def open_url(page, url, title):
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(page.get_by_role("heading", level=1).first).to_have_text(title)


def select_box(page, label):
    return page.get_by_role("combobox", name=label, exact=True)


def test_changing_a_select_puts_its_short_name_in_the_address_bar(page, server):
    open_url(page, f"{server}/will_i_pass", "Will I pass this class?")
    assert "opt=" not in page.url
    select_box(page, "Optimizer").click()
    page.get_by_role("option", name="SGD + momentum").click()
    page.wait_for_function("new URLSearchParams(location.search).get('opt') === 'momentum'", timeout=20_000)
    page.wait_for_selector(READY, state="attached")
    expect(select_box(page, "Optimizer")).to_have_value("SGD + momentum")
    select_box(page, "Hidden activation g").click()
    page.get_by_role("option", name="ReLU").click()
    page.wait_for_function("new URLSearchParams(location.search).get('act') === 'relu'", timeout=20_000)
    assert "opt=momentum" in page.url                                # the other select's name stays
    select_box(page, "Optimizer").click()
    page.get_by_role("option", name="Adam", exact=True).click()       # back to the default: out of the link
    page.wait_for_function("!new URLSearchParams(location.search).has('opt')", timeout=20_000)
    assert "act=relu" in page.url


def test_an_old_link_opens_the_same_choice_and_the_address_bar_shows_the_name(page, server):
    open_url(page, f"{server}/will_i_pass?opt=Momentum&hidden=5", "Will I pass this class?")
    expect(select_box(page, "Optimizer")).to_have_value("SGD + momentum")
    page.wait_for_function("new URLSearchParams(location.search).get('opt') === 'momentum'", timeout=20_000)
    assert "hidden=5" in page.url
    expect(page.get_by_text(re.compile("The link asked for"))).to_have_count(0)
    page.get_by_test_id("stSidebar").get_by_role("link", name=re.compile("Playground")).click()
    expect(page.get_by_role("heading", level=1).first).to_have_text("Playground", timeout=60_000)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(select_box(page, "Optimizer")).to_have_value("Adam")   # the link's setting stayed on its page
    assert "opt=" not in page.url, page.url


def test_a_value_between_steps_is_rounded_with_a_notice_and_a_moved_slider_writes_its_value(page, server):
    open_url(page, f"{server}/will_i_pass?epochs=15&seed=1.5", "Will I pass this class?")
    expect(page.get_by_text("The link asked for epochs=15, which lies between this control's steps; rounded to 20.")
           ).to_be_visible()
    expect(page.get_by_text("The link asked for seed=1.5, which lies between this control's steps; rounded to 2.")
           ).to_be_visible()
    page.wait_for_function("new URLSearchParams(location.search).get('epochs') === '20'", timeout=20_000)
    assert "seed=2" in page.url
    thumb = page.get_by_role("slider", name="Epochs")
    expect(thumb).to_have_value("20")
    thumb.focus()
    page.keyboard.press("ArrowRight")                                   # one step: 30
    page.wait_for_function("new URLSearchParams(location.search).get('epochs') === '30'", timeout=20_000)
    page.wait_for_selector(READY, state="attached")
    expect(thumb).to_have_value("30")
    page.get_by_test_id("stSidebar").get_by_role("link", name=re.compile("Playground")).click()
    expect(page.get_by_role("heading", level=1).first).to_have_text("Playground", timeout=60_000)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    assert "epochs=" not in page.url and "seed=" not in page.url, page.url
    page.get_by_test_id("stSidebar").get_by_role("link", name=re.compile("Will I pass")).click()
    expect(page.get_by_role("heading", level=1).first).to_have_text("Will I pass this class?", timeout=60_000)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    expect(page.get_by_role("slider", name="Epochs")).to_have_value("200")   # the default: the link stayed behind

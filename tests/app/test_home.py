"""The home page as a learner sees it: the lecture's content, a map of exactly the pages that exist,
no unverified numbers, the notation sheet, and no torch, pandas or Altair to import."""

import base64

import pytest
from google.protobuf import text_format

from tests.conftest import heavy_imports, no_exception, open_page
from tests.unit.test_home import UNVERIFIED
from ui import frame, registry
from ui.content import home as hc


@pytest.fixture(scope="module")
def home():
    at = open_page("app.py")
    no_exception(at)
    return at


def rendered_text(at) -> str:
    """Every string the page sends to the browser (text, labels, LaTeX, chart specs and data)."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def map_links(at):
    """The page links of the map: the main area's links, without the footer's previous/next."""
    return [link for link in at.main.page_link if not link.value.startswith(("Previous:", "Next:"))]


def test_title_and_lecture_content(home):
    assert home.title[0].value == "Why deep learning, and why now"
    text = rendered_text(home)
    for name, _ in hc.DEFINITIONS:
        assert name in text
    for _, what, _ in hc.FEATURES:
        assert what in text
    for year, event in hc.TIMELINE:
        assert f"{year} {event}" in text  # the timeline's screen-reader caption
    for name, _, _ in hc.ENABLERS:
        assert f"**{name}**" in text
    assert frame.ATTRIBUTION in [c.value for c in home.caption]


def test_the_lecture_opening_in_its_order(home):
    """The course, the progress it opens with, the definitions, how the course works, then why deep learning and
    why now: the order in which the lecture presents them."""
    headers = [h.value for h in home.main.header]
    order = ["How far deep learning has come", "What deep learning is", "How the course works",
             "Hand-engineered or learned features", "Why now"]
    assert [h for h in headers if h in order] == order
    recap = home.main.markdown[0].value
    assert "6.S191" in recap and "Alexander Amini and Ava Amini" in recap and "one-week boot camp" in recap
    text = rendered_text(home)
    for _, what, _ in hc.FACES:
        assert what in text
    assert hc.VIDEO_2020 in text and hc.LIVE_2025 in text
    assert "2020: Static and expensive" in text and "2025: Dynamic and cheap" in text
    for what, how in hc.COURSE_PARTS:
        assert what in text and how in text


def test_two_pictures_each_with_a_caption(home):
    images = home.get("image")
    assert len(images) == 2
    svgs = [base64.b64decode(i.proto.imgs[0].url.split(",", 1)[1]).decode() for i in images]
    assert all(i.proto.imgs[0].url.startswith("data:image/svg+xml;base64,") for i in images)
    assert all(name in svgs[0] for name, _ in hc.DEFINITIONS)
    assert all(f"{year}  {name}" in svgs[1] for year, name in hc.TIMELINE)
    assert not home.get("vega_lite_chart")  # no Vega to load on the first page
    captions = [c.value for c in home.main.caption]
    assert any(c.startswith("Nested sets:") for c in captions)
    assert any(c.startswith("Timeline: 1952 Stochastic Gradient Descent") for c in captions)


def test_map_lists_exactly_the_pages_that_exist(home):
    existing = registry.available()
    order = [p.slug for p in existing]
    linked = [link.proto.page for link in map_links(home)]
    # each other page once (this one is text: test_the_home_entry_is_not_a_live_link); the two columns interleave
    assert sorted(linked, key=order.index) == order[1:]
    assert all(p.exists for p in existing) and existing[0].file == "app.py"
    captions = [c.value for c in home.main.caption]
    for p in existing:
        assert p.summary in captions
    # grouped by lecture part, in lecture order, and no heading for a part with no page yet
    parts = [m.value.strip("*") for m in home.main.markdown if m.value.strip("*") in registry.PARTS]
    expected = [part for part in registry.PARTS if any(p.part == part for p in existing)]
    assert sorted(parts, key=expected.index) == expected  # each part once (two columns interleave them)
    more = "More pages appear here as they are built." in captions
    assert more == (len(existing) < len(registry.PAGES))


def test_every_link_target_exists(home):
    by_slug = {p.slug: p for p in registry.PAGES}
    links = list(home.main.page_link) + list(home.sidebar.page_link)
    assert len(links) >= 2 * (len(registry.available()) - 1)  # every page but this one, in map and sidebar
    for link in links:
        assert link.proto.page in by_slug, link.value
        assert by_slug[link.proto.page].exists, link.value


def test_the_home_entry_is_not_a_live_link(home):
    assert not [link for link in map_links(home) if link.proto.page == ""]
    here = [m.value for m in home.main.markdown if "(this page)" in m.value]
    assert here == [":material/home:&nbsp; **Why deep learning, and why now** (this page)"]


@pytest.mark.parametrize("bad", UNVERIFIED)
def test_no_unverified_numbers_anywhere(home, bad):
    assert bad not in rendered_text(home)


def test_notation_sheet_in_full(home):
    shown = [m.value for m in home.main.markdown]
    for sym, meaning in frame.NOTATION:
        assert f"${sym}$: {meaning}" in shown


@pytest.mark.parametrize("symbol", [r"X = ", r"W = ", r"w_0", r"z = ", r"g(\cdot)", r"\hat{y}", r"J(W)", r"\eta",
                                    r"\mathcal{L}", r"\theta"])
def test_notation_covers_the_issue_symbols(symbol):
    assert any(sym.startswith(symbol) for sym, _ in frame.NOTATION)


def test_how_to_use(home):
    text = rendered_text(home)
    assert "Lecture example" in text and "Reset to defaults" in text and "address bar" in text


@pytest.mark.parametrize("choice, ok", [("The perceptron", True), ("Backpropagation", False)])
def test_check_yourself(choice, ok):
    at = open_page("app.py")
    at.radio(key="quiz_home").set_value(choice).run()
    no_exception(at)
    assert (len(at.success) == 1) == ok and (len(at.error) == 1) != ok
    assert "1958" in (at.success or at.error)[0].value


def test_home_page_imports_no_torch_pandas_or_altair():
    """The first page of a fresh server waits for none of them (1-2 s of imports on the first visit)."""
    assert heavy_imports("app.py") == []

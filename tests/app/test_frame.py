"""The page frame: navigation from the registry, previous/next links, and settings that stay on their page."""

from tests.conftest import no_exception, open_page
from ui import frame, registry


def test_sidebar_lists_every_existing_page_in_lecture_order():
    at = open_page("pages/01_perceptron.py")
    links = at.sidebar.get("page_link")
    assert [link.proto.label for link in links] == [p.nav for p in registry.available()]
    assert [link.proto.disabled for link in links] == [p.slug == "perceptron" for p in registry.available()]


def test_previous_and_next_follow_the_registry():
    pages = registry.available()
    for i, p in enumerate(pages):
        prev, nxt = registry.neighbours(p.slug)
        assert prev == (pages[i - 1] if i else None)
        assert nxt == (pages[i + 1] if i + 1 < len(pages) else None)


def test_settings_do_not_carry_to_the_next_page():
    at = open_page("pages/04_will_i_pass.py")
    at.number_input(key="seed").set_value(5).run()
    assert at.number_input(key="seed").value == 5
    at.query_params.clear()   # as the browser's navigation does (tests/browser/test_links.py)
    at.switch_page("pages/02_activation_functions.py").run()
    no_exception(at)
    fresh = open_page("pages/02_activation_functions.py")
    assert at.number_input(key="seed").value == fresh.number_input(key="seed").value
    at.query_params.clear()
    at.switch_page("pages/04_will_i_pass.py").run()
    assert at.number_input(key="seed").value == 0


def test_visits_are_remembered_in_the_session():
    at = open_page("pages/01_perceptron.py")
    at.switch_page("pages/04_will_i_pass.py").run()
    assert at.session_state["visited"][-2:] == ["perceptron", "will_i_pass"]


def test_the_code_panel_sends_its_script_only_when_open():
    closed = open_page("pages/04_will_i_pass.py", code=False)
    no_exception(closed)
    assert len(closed.code) == 0 and any(e.label == "PyTorch code for these settings" for e in closed.expander)
    closed.session_state[frame.CODE_PANEL] = True           # the learner opens it: the page reruns
    closed.run()
    opened = open_page("pages/04_will_i_pass.py")
    assert len(closed.code) == 1 and closed.code[0].value == opened.code[0].value
    assert "import torch" in closed.code[0].value


def _link_warnings(at) -> list[str]:
    return [w.value for w in at.warning if "The link asked for" in w.value]


def test_presets_and_reset_do_not_blame_the_link():
    """A preset (or the learner) may put a control back to its default while the address bar still holds the
    previous value for one run: that is not a link the control could not take."""
    at = open_page("pages/01_perceptron.py")
    at.button(key="preset_Lecture example").click().run()
    at.button(key="preset_reset").click().run()                     # x1 = -1, x2 = 2 back to 0
    assert not _link_warnings(at) and at.slider(key="x1").value == 0.0
    at = open_page("pages/01_perceptron.py", {"w0": "2"})
    assert not _link_warnings(at) and at.slider(key="w0").value == 2.0
    at.button(key="preset_Lecture example").click().run()           # w0 = 2 back to its default 1
    assert not _link_warnings(at) and at.slider(key="w0").value == 1.0
    at = open_page("pages/01_perceptron.py", {"w0": "2"})
    at.slider(key="w0").set_value(1.0).run()                        # the learner moves it back by hand
    assert not _link_warnings(at)
    at = open_page("pages/04_will_i_pass.py", {"lr": "1"})
    at.button(key="preset_Lecture example").click().run()
    no_exception(at)
    assert not _link_warnings(at)
    at = open_page("pages/06_gradient_descent.py")
    at.button(key="preset_Stable").click().run()
    at.button(key="preset_Too large").click().run()                  # steps = 80 back to its default
    no_exception(at)
    assert not _link_warnings(at)


def test_a_bad_link_still_warns_until_a_preset_replaces_it():
    at = open_page("pages/01_perceptron.py", {"w1": "abc"})
    assert _link_warnings(at) == ["The link asked for `w1=abc`, which this control cannot take; using 3.0 instead."]
    at.button(key="preset_reset").click().run()
    assert not _link_warnings(at)

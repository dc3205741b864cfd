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
    at.switch_page("pages/02_activation_functions.py").run()
    no_exception(at)
    fresh = open_page("pages/02_activation_functions.py")
    assert at.number_input(key="seed").value == fresh.number_input(key="seed").value
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

"""The summary page as a learner sees it: the lecture's three boxes with links only to pages that exist, a
self-check with feedback, the learner's progress from this very session, and no torch."""

import statistics
import time

import pytest

from tests.conftest import heavy_imports, no_exception, open_page
from ui import frame, progress, registry
from ui.content import summary as sc

FILE = "pages/15_summary.py"


@pytest.fixture(scope="module")
def summary():
    at = open_page(FILE)
    no_exception(at)
    return at


def box_links(at):
    """The page links of the three boxes: the main area's links, without the footer's and the self-check's."""
    return [link for link in at.main.page_link
            if not link.value.startswith(("Previous:", "Next:", "Revisit:", "All of it at once:"))]


def test_title_recap_and_attribution(summary):
    assert summary.title[0].value == "Summary"
    recap = summary.main.markdown[0].value
    assert "Core Foundation Review" in recap and "Deep Sequence Modeling" in recap
    shown = [m.value for m in summary.main.markdown]
    for n, box in enumerate(sc.BOXES, 1):
        assert any(box.title in m and m.startswith(box.icon) and f"{n} ·" in m for m in shown)
        for point, _ in box.points:
            assert f"**{point}**" in shown
    assert frame.ATTRIBUTION in [c.value for c in summary.caption]


def test_boxes_link_exactly_the_existing_pages(summary):
    boxed = [s for b in sc.BOXES for s in sc.box_slugs(b)]
    linked = [link.proto.page for link in box_links(summary)]
    assert linked == [s for s in boxed if registry.by_slug(s).exists]
    captions = [c.value for c in summary.main.caption]
    for s in boxed:
        p = registry.by_slug(s)
        assert (f"{p.nav} (coming)" in captions) == (not p.exists)


def test_every_link_target_exists(summary):
    by_slug = {p.slug: p for p in registry.PAGES}
    for link in list(summary.main.page_link) + list(summary.sidebar.page_link):
        assert link.proto.page in by_slug and by_slug[link.proto.page].exists, link.value


@pytest.mark.parametrize("q", sc.QUESTIONS, ids=lambda q: q.key)
def test_self_check_feedback_right_and_wrong(q):
    at = open_page(FILE)
    at.radio(key=f"summary_{q.key}").set_value(q.options[q.answer]).run()
    no_exception(at)
    assert len(at.success) == 1 and not at.error
    assert at.success[0].value.startswith("Right.") and q.why in at.success[0].value
    assert at.metric[0].value == f"1 of {len(sc.QUESTIONS)} right"
    teacher = registry.by_slug(q.slug)
    revisit = [link for link in at.main.page_link if link.value.startswith("Revisit:")]
    captions = [c.value for c in at.main.caption]
    assert ([link.proto.page for link in revisit] == [q.slug]) == teacher.exists
    assert (f"Taught on: {teacher.title} (coming)" in captions) == (not teacher.exists)

    wrong = q.options[(q.answer + 1) % len(q.options)]
    at.radio(key=f"summary_{q.key}").set_value(wrong).run()
    assert len(at.error) == 1 and not at.success
    assert at.error[0].value.startswith("Not quite") and q.options[q.answer] in at.error[0].value
    assert at.metric[0].value == f"0 of {len(sc.QUESTIONS)} right"


def test_no_feedback_before_an_answer(summary):
    assert not summary.success and not summary.error
    assert all(summary.radio(key=f"summary_{q.key}").value is None for q in sc.QUESTIONS)


@pytest.mark.parametrize("focus, box", [(k, v) for k, v in sc.FOCUS.items() if v is not None])
def test_focus_on_one_idea_changes_the_questions(focus, box):
    at = open_page(FILE, {"focus": focus})
    no_exception(at)
    assert not at.warning
    keys = [r.key for r in at.radio if r.key.startswith("summary_")]
    assert keys == [f"summary_{q.key}" for q in sc.questions(box)]
    assert len(keys) < len(sc.QUESTIONS)
    assert at.metric[0].value == f"0 of {len(keys)} right"


def progress_row(at, title):
    df = at.dataframe[0].value
    return df[df["Page"] == title].iloc[0]


def test_progress_lists_the_pages_opened_in_this_session():
    at = open_page("pages/01_perceptron.py")
    at.switch_page(FILE).run()
    no_exception(at)
    assert progress_row(at, "The perceptron")["Opened"] == "yes"
    assert progress_row(at, "Backpropagation")["Opened"] == "not yet"
    assert at.metric[1].value == f"1 of {len(at.dataframe[0].value)}"
    assert "Summary" not in list(at.dataframe[0].value["Page"])
    ticked = {link.proto.page for link in box_links(at) if link.value.endswith(" ✓")}
    assert ticked == {"perceptron"}  # the boxes mark the pages opened, too


def test_progress_shows_check_yourself_answers_from_other_pages():
    at = open_page("pages/01_perceptron.py")
    at.radio(key="quiz_perceptron").set_value("1").run()       # right: z = 1 at x = [0, 0]
    at.switch_page("pages/02_activation_functions.py").run()
    at.radio(key="quiz_activation_functions").set_value("A circle at most").run()  # wrong
    at.switch_page(FILE).run()
    no_exception(at)
    assert progress_row(at, "The perceptron")["Check yourself"] == "right"
    shown = progress_row(at, "Activation functions and why nonlinearity")
    assert shown["Opened"] == "yes" and shown["Check yourself"] == "not quite"
    assert progress_row(at, "Gradient descent")["Check yourself"] == "not answered"
    assert at.metric[2].value.startswith("2 of ")
    assert at.metric[3].value == "1 of 2"
    assert any("kept in this browser only" in i.value for i in at.info)


def test_every_pages_check_yourself_counts_on_the_summary():
    """Each page's answer is recorded under the page's own slug, so none is lost on the way to the summary."""
    quizzed = []
    at = open_page("app.py", code=False)
    for p in registry.available():
        if p.slug == "summary":
            continue
        at.switch_page(p.file).run()
        no_exception(at)
        quiz = [r for r in at.radio if r.key and r.key.startswith("quiz_")]
        assert len(quiz) == 1, f"{p.file} has {len(quiz)} Check yourself questions"
        quiz[0].set_value(quiz[0].options[0]).run()
        quizzed.append(p.title)
    at.switch_page(FILE).run()
    no_exception(at)
    assert [progress_row(at, t)["Check yourself"] for t in quizzed].count("not answered") == 0
    assert at.metric[2].value == f"{len(quizzed)} of {len(quizzed)}"


def test_forget_clears_the_progress_and_the_answers():
    at = open_page("pages/01_perceptron.py")
    at.radio(key="quiz_perceptron").set_value(at.radio(key="quiz_perceptron").options[2]).run()
    at.switch_page(FILE).run()
    at.radio(key=f"summary_{sc.QUESTIONS[0].key}").set_value(sc.QUESTIONS[0].options[0]).run()
    assert at.metric[2].value.startswith("1 of ")
    at.button(key="forget_progress").click().run()
    no_exception(at)
    df = at.dataframe[0].value
    assert set(df["Opened"]) == {"not yet"} and set(df["Check yourself"]) == {"not answered"}
    assert at.radio(key=f"summary_{sc.QUESTIONS[0].key}").value is None
    assert at.session_state["choices"] == {} and at.session_state["answered"] == {}


def test_a_stored_record_brings_back_the_answers():
    """What ui.progress reads from the browser's storage restores the chosen options and their feedback."""
    state = {}
    progress.merge(state, '{"visited": ["perceptron", "dropout"], "answered": {"perceptron": true}, '
                          '"choices": {"quiz_perceptron": "1"}}')
    at = open_page("pages/01_perceptron.py", code=False)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert at.radio(key="quiz_perceptron").value == "1"
    assert at.success, "the remembered right answer shows its feedback again"
    at.switch_page(FILE).run()
    assert progress_row(at, "Dropout")["Opened"] == "yes"
    assert progress_row(at, "The perceptron")["Check yourself"] == "right"


def test_a_fresh_session_has_no_progress(summary):
    assert not any(link.value.endswith("✓") for link in box_links(summary))
    df = summary.dataframe[0].value
    assert set(df["Opened"]) == {"not yet"} and set(df["Check yourself"]) == {"not answered"}
    assert [m.value for m in summary.metric[1:]] == [f"0 of {len(df)}", f"0 of {len(df)}", "0 of 0"]


def test_answer_redraws_fast():
    """An answer redraws in well under 250 ms (the median of several, as the machine is shared)."""
    at = open_page(FILE)
    quiz = at.radio(key="summary_lr")
    quiz.set_value(quiz.options[0]).run()  # warm up
    times = []
    for i in range(5):
        start = time.perf_counter()
        at.radio(key="summary_lr").set_value(quiz.options[i % 2 + 1]).run()
        times.append(time.perf_counter() - start)
        no_exception(at)
    assert statistics.median(times) < 0.25, times


def test_summary_page_never_imports_torch():
    assert "torch" not in heavy_imports('pages/15_summary.py')

"""The summary page's content against the lecture's closing slide, "Core Foundation Review" (docs/reference-values.md),
and its progress logic."""

import subprocess
import sys

import pytest
import torch

from core import will_i_pass
from core.models import perceptron
from tests.conftest import ROOT
from ui import registry
from ui.content import summary as sc

ALL_SLUGS = [p.slug for p in registry.PAGES]


def test_three_boxes_in_the_slides_words():
    assert [b.title for b in sc.BOXES] == ["The Perceptron", "Neural Networks", "Training in Practice"]
    points = [[point for point, _ in b.points] for b in sc.BOXES]
    assert points == [["Structural building blocks", "Nonlinear activation functions"],
                      ["Stacking perceptrons to form neural networks", "Optimisation through backpropagation"],
                      ["Adaptive learning", "Batching", "Regularisation"]]
    assert "Deep Sequence Modeling" in sc.NEXT_LECTURE and "Lecture 2" in sc.NEXT_LECTURE


def test_boxes_name_only_registry_pages_each_once_in_lecture_order():
    slugs = [s for b in sc.BOXES for s in sc.box_slugs(b)]
    assert all(s in ALL_SLUGS for s in slugs)
    assert len(slugs) == len(set(slugs))
    # every lecture page from the perceptron to early stopping, in the registry's order
    lecture_pages = ALL_SLUGS[ALL_SLUGS.index("perceptron"):ALL_SLUGS.index("early_stopping") + 1]
    assert slugs == lecture_pages


def test_links_only_for_pages_that_exist():
    for b in sc.BOXES:
        for p, exists in sc.links(sc.box_slugs(b)):
            assert exists == (ROOT / p.file).is_file()


def test_questions_are_well_formed_and_span_the_three_boxes():
    assert 4 <= len(sc.QUESTIONS) <= 7
    assert len({q.key for q in sc.QUESTIONS}) == len(sc.QUESTIONS)
    assert {q.box for q in sc.QUESTIONS} == {0, 1, 2}
    assert len({q.answer for q in sc.QUESTIONS}) > 1  # the right answer is not always in the same place
    for q in sc.QUESTIONS:
        assert 0 <= q.answer < len(q.options) and len(set(q.options)) == len(q.options)
        assert q.slug in ALL_SLUGS
        assert q.slug in sc.box_slugs(sc.BOXES[q.box])  # the question checks its own box
    assert sc.questions() == list(sc.QUESTIONS)
    assert sum(len(sc.questions(i)) for i in range(3)) == len(sc.QUESTIONS)
    assert list(sc.FOCUS.values()) == [None, 0, 1, 2]


def test_the_z_question_against_the_perceptron():
    q = next(q for q in sc.QUESTIONS if q.key == "z")
    p = will_i_pass.PERCEPTRON
    out = perceptron([p["x1"], p["x2"]], [p["w1"], p["w2"]], p["w0"], "sigmoid")
    assert float(q.options[q.answer].replace("−", "-")) == out["z"] == -6
    assert "0.002" in q.options and round(out["y_hat"], 3) == 0.002  # the tempting wrong answer is ŷ
    assert torch.sigmoid(torch.tensor(out["z"])).item() == pytest.approx(out["y_hat"])


def test_the_other_answers_say_what_the_slides_say():
    ans = {q.key: q.options[q.answer] for q in sc.QUESTIONS}
    assert "linear decision" in ans["nonlinear"]
    assert "probability" in ans["bce"]
    assert "diverge" in ans["lr"]
    assert "parallel" in ans["batch"] and "larger" in ans["batch"]
    assert "0" in ans["dropout"] and "50 %" in ans["dropout"]


@pytest.mark.parametrize("q", sc.QUESTIONS, ids=lambda q: q.key)
def test_feedback_right_and_wrong(q):
    ok, text = sc.feedback(q, q.options[q.answer])
    assert ok and text.startswith("Right.") and q.why in text
    wrong = q.options[(q.answer + 1) % len(q.options)]
    ok, text = sc.feedback(q, wrong)
    assert not ok and text.startswith("Not quite") and q.options[q.answer] in text


def test_progress_reflects_visits_and_answers():
    rows = sc.progress(["perceptron", "summary", "loss_functions"], {"perceptron": True, "loss_functions": False,
                                                                   "": True})
    by_page = {r["Page"]: r for r in rows}
    existing = [p for p in registry.available() if p.slug != "summary"]
    assert [r["Page"] for r in rows] == [p.title for p in existing]
    assert "Summary" not in by_page
    assert by_page["The perceptron"]["Opened"] == "yes" and by_page["The perceptron"]["Check yourself"] == "right"
    assert by_page["Quantifying loss"]["Check yourself"] == "not quite"
    home = by_page["Why deep learning, and why now"]
    assert home["Opened"] == "not yet" and home["Check yourself"] == "right"  # the home page's slug is ""
    assert sc.tally(rows) == {"pages": len(existing), "opened": 2, "answered": 3, "right": 2}


def test_progress_of_a_fresh_session():
    rows = sc.progress(None, None)
    assert sc.tally(rows) == {"pages": len(rows), "opened": 0, "answered": 0, "right": 0}


def test_content_imports_neither_torch_nor_streamlit():
    code = "import sys, ui.content.summary; print('torch' in sys.modules, 'streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]

"""The home page's content against the lecture's opening, and its two charts."""

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT
from ui.content import home_pictures
from ui.content import home as hc

# Numbers the recording of the lecture's opening leaves unclear (the video's cost, audience sizes, the
# course's edition), and their likely corrections:
# none may reach a learner (docs/reference-values.md, "The opening").
UNVERIFIED = ("155,000", "155000", "$155", "13 million", "1.3 million", "15,000", "10,000", "100,000", "3,000",
              "eighth", "eight years", "ninth", "9th", "8th", "dollar", "US$", "[U]")


def test_timeline_is_the_slides():
    assert list(hc.TIMELINE) == [(1952, "Stochastic Gradient Descent"), (1958, "Perceptron"),
                                 (1986, "Backpropagation"), (1995, "Deep Convolutional NN")]
    assert set(hc.TIMELINE_NOTES) <= {year for year, _ in hc.TIMELINE}


def test_three_enablers():
    assert [name for name, _, _ in hc.ENABLERS] == ["Big Data", "Hardware", "Software"]
    software = hc.ENABLERS[2][2]
    assert all(tool in software for tool in ("TensorFlow", "PyTorch", "Keras"))
    assert "GPU" in hc.ENABLERS[1][2]


def test_definitions_nest_outermost_first():
    assert [name for name, _ in hc.DEFINITIONS] == ["Intelligence", "Artificial intelligence", "Machine learning",
                                                   "Deep learning"]
    meanings = dict(hc.DEFINITIONS)
    assert "inform some future decision" in meanings["Intelligence"]
    assert meanings["Machine learning"].startswith("a subset of AI")
    assert meanings["Deep learning"].startswith("a subset of machine learning") and "neural networks" in \
        meanings["Deep learning"]


def test_the_course_as_the_lecture_introduces_it():
    assert (hc.COURSE, hc.COURSE_NUMBER) == ("MIT Introduction to Deep Learning", "6.S191")
    assert hc.INSTRUCTORS == ("Alexander Amini", "Ava Amini")
    assert "one-week boot camp" in hc.COURSE_INTRO and "6.S191" in hc.COURSE_INTRO
    assert all(name in hc.COURSE_INTRO for name in hc.INSTRUCTORS)
    parts = dict(hc.COURSE_PARTS)
    assert list(parts) == ["Technical lectures", "Software labs", "Final project"]
    assert "TensorFlow" in parts["Software labs"] and "PyTorch" in parts["Software labs"]
    assert "last day" in parts["Final project"] and "pitch" in parts["Final project"]


def test_the_progress_the_lecture_opens_with():
    assert [when for when, _, _ in hc.FACES] == ["A decade ago", "A few years later", "A few years after that"]
    assert [what for _, what, _ in hc.FACES] == ["A generated face", "Photorealism", "Video"]
    assert "2020" in hc.VIDEO_2020 and "could not talk to it" in hc.VIDEO_2020
    assert "2025" in hc.LIVE_2025 and "clones his voice" in hc.LIVE_2025 and "unscripted" in hc.LIVE_2025
    assert hc.THEN_AND_NOW == (("2020", "Static and expensive", hc.THEN_AND_NOW[0][2]),
                               ("2025", "Dynamic and cheap", hc.THEN_AND_NOW[1][2]))


def test_no_money_and_no_dollar_sign():
    """The cost of the 2020 video is unclear in the lecture's recording: no amount, and no "$" in any sentence."""
    assert not any("$" in s for s in _strings())


def test_face_feature_hierarchy():
    assert [level for level, _, _ in hc.FEATURES] == ["Low-level features", "Mid-level features",
                                                      "High-level features"]
    assert [what for _, what, _ in hc.FEATURES] == ["Lines and edges", "Eyes, nose and ears", "Facial structure"]


def _strings():
    for name, value in vars(hc).items():
        if name.startswith("__"):
            continue
        if isinstance(value, str):
            yield value
        elif isinstance(value, (tuple, dict)):
            yield repr(value)


@pytest.mark.parametrize("bad", UNVERIFIED)
def test_no_unverified_numbers(bad):
    assert not any(bad in s for s in _strings())


def test_how_to_names_the_controls_the_pages_have():
    text = " ".join(hc.HOW_TO)
    for phrase in ("Lecture example", "Reset to defaults", "address bar", "PyTorch code", "Notation"):
        assert phrase in text


def test_nested_sets_picture_really_nests():
    boxes = home_pictures.nested_sets_rows()
    assert [b["set"] for b in boxes] == [name for name, _ in hc.DEFINITIONS]
    for outer, inner in zip(boxes, boxes[1:]):
        assert outer["x"] < inner["x"] and inner["x2"] < outer["x2"] and outer["y"] <= inner["y"]
        assert inner["y2"] < outer["y2"]
        # the outer set's label sits inside the outer box but above the inner one, so no label is covered
        assert outer["x"] < outer["lx"] < outer["x2"] and inner["y2"] < outer["ly"] < outer["y2"]


def test_timeline_picture_shows_the_four_events():
    rows = home_pictures.timeline_rows()
    assert [(r["year"], r["event"]) for r in rows] == list(hc.TIMELINE)
    assert [r["lane"] for r in rows] == [1.0, -1.0, 1.0, -1.0]  # alternate, so 1952 and 1958 do not collide


def _svg(text: str) -> ET.Element:
    return ET.fromstring(text)  # well-formed, or this raises


def test_pictures_draw_their_rows():
    ns = "{http://www.w3.org/2000/svg}"
    nested = _svg(home_pictures.nested_sets_svg())
    assert len(nested.findall(f"{ns}rect")) == len(hc.DEFINITIONS)
    assert [t.text for t in nested.findall(f"{ns}text")] == [name for name, _ in hc.DEFINITIONS]
    timeline = _svg(home_pictures.timeline_svg())
    texts = [t.text for t in timeline.findall(f"{ns}text")]
    for year, name in hc.TIMELINE:
        assert f"{year}  {name}" in texts
    for note in hc.TIMELINE_NOTES.values():
        assert note in texts
    assert len(timeline.findall(f"{ns}circle")) == len(hc.TIMELINE)
    # each dot sits at its year, left to right in date order
    xs = [float(c.get("cx")) for c in timeline.findall(f"{ns}circle")]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_home_page_modules_import_no_torch_altair_or_pandas():
    """What the home page imports: no torch, and none of the Altair and pandas a fresh server would wait for."""
    code = ("import sys, ui.content.home, ui.content.home_pictures, ui.frame; ui.content.home_pictures.timeline_svg(); "
            "print(*(m in sys.modules for m in ('torch', 'altair', 'pandas')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"] * 3

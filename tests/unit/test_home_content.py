"""The home page's content against the lecture (reference.md, sections A-B and P0), and its two charts."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from ui import home_charts
from ui import home_content as hc

# [U] numbers from the lecture's opening (reference.md, A.4 and A.8), and their likely corrections:
# none may reach a learner.
UNVERIFIED = ("155,000", "155000", "$155", "13 million", "1.3 million", "15,000", "10,000", "100,000", "3,000",
              "eighth", "[U]")


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


def test_nested_sets_chart_really_nests():
    boxes = home_charts.nested_sets_data()
    assert list(boxes["set"]) == [name for name, _ in hc.DEFINITIONS]
    for outer, inner in zip(boxes.itertuples(), boxes.iloc[1:].itertuples()):
        assert outer.x < inner.x and inner.x2 < outer.x2 and outer.y <= inner.y and inner.y2 < outer.y2
        # the outer set's label sits inside the outer box but above the inner one, so no label is covered
        assert outer.x < outer.lx < outer.x2 and inner.y2 < outer.ly < outer.y2


def test_timeline_chart_shows_the_four_events():
    df = home_charts.timeline_data()
    assert list(zip(df["year"], df["event"])) == list(hc.TIMELINE)
    assert list(df["lane"]) == [1.0, -1.0, 1.0, -1.0]  # alternate, so 1952 and 1958 do not collide


@pytest.mark.parametrize("build, data", [(home_charts.nested_sets_chart, home_charts.nested_sets_data),
                                         (home_charts.timeline_chart, home_charts.timeline_data)])
def test_charts_draw_their_data(build, data):
    spec = build().to_dict()
    rows = [row for rows in spec["datasets"].values() for row in rows]
    for row in data().to_dict("records"):
        assert row in rows


def test_content_and_charts_import_no_torch():
    code = "import sys, ui.home_content, ui.home_charts; print('torch' in sys.modules, 'streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_cached_specs_are_fresh_copies():
    first = home_charts.spec("timeline")
    first["datasets"].clear()
    assert home_charts.spec("timeline")["datasets"]  # the page cannot damage the cache
    assert "continuousWidth" not in str(home_charts.spec("nested_sets"))

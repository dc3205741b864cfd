"""What the home page's "How to use nnlab" promises, checked on the pages it speaks of."""

import pytest

from tests.conftest import metrics, no_exception, open_page
from tests.promises import promise


@promise("home", "every control's setting is in the address bar, so the link reopens the page with the same "
                 "settings")
@pytest.mark.parametrize("file, query, key, value", [
    ("pages/01_perceptron.py", {"x1": "-1.5", "act": "tanh"}, "x1", -1.5),
    ("pages/02_activation_functions.py", {"w0": "2.5", "data": "xor"}, "w0", 2.5),
    ("pages/03_neural_networks.py", {"layers": "3", "out": "2"}, "layers", 3),
])
def test_a_link_reopens_the_page_with_its_settings(file, query, key, value):
    at = open_page(file, query, code=False)
    no_exception(at)
    assert at.slider(key=key).value == value and not at.warning
    other = next(k for k in query if k != key)
    widget = at.selectbox(key=other) if other in ("act", "data") else at.radio(key=other)
    assert widget.value == query[other]


@promise("home", "sets the controls to the lecture's numbers")
def test_lecture_example_sets_the_lecture_numbers():
    at = open_page("pages/01_perceptron.py", code=False)
    at.button(key="preset_Lecture example").click().run()
    assert [at.slider(key=k).value for k in ("x1", "x2", "w0", "w1", "w2")] == [-1.0, 2.0, 1.0, 3.0, -2.0]
    at.button(key="preset_reset").click().run()
    assert metrics(at)["2 · add bias: z"] == "1"  # Reset to defaults: back to x = (0, 0)

"""The perceptron page shows the lecture's numbers and follows its controls."""


import pytest

from tests.conftest import charts, metrics, no_exception, open_page

PAGE = "pages/01_perceptron.py"


def test_defaults_render():
    at = open_page(PAGE)
    no_exception(at)
    assert at.title[0].value == "The perceptron"
    m = metrics(at)
    assert m["2 · add bias: z"] == "1" and m["3 · nonlinearity: ŷ = g(z)"] == "0.7311"  # (0, 0) -> sigma(1)


def test_lecture_example_preset_shows_the_slide_numbers():
    at = open_page(PAGE)
    at.button(key="preset_Lecture example").click().run()
    no_exception(at)
    m = metrics(at)
    assert m["1 · dot product x·W"] == "−7"
    assert m["2 · add bias: z"] == "−6"
    assert m["3 · nonlinearity: ŷ = g(z)"] == "0.002473"
    assert any("0.0024726232 ≈ 0.002" in c.value for c in at.caption)
    assert r"\sigma(-6)" in at.latex[1].value
    colour = next(c.value for c in at.caption if c.value.startswith("Colour:"))
    assert "The point x = (−1, 2) lies" in colour and "-" not in colour.replace("−", "")
    assert ("(The lecture calls the side below 0.5 blue and the side above 0.5 green; here blue is the side above, "
            "σ(z) > 0.5, and orange the side below, σ(z) < 0.5.)") in colour
    data = charts(at)[0]
    assert (data["you"].x[0], data["you"].y[0]) == (-1.0, 2.0)
    # The drawn decision line is x2 = 1.5 x1 + 0.5.
    line = data["line"]
    assert len(line) == 2 and all(abs(y - (1.5 * x + 0.5)) < 1e-9 for x, y in zip(line.x, line.y))


def test_the_lecture_example_is_a_shareable_link():
    at = open_page(PAGE, {"x1": "-1", "x2": "2"})  # the weights' defaults are the lecture's
    assert metrics(at)["2 · add bias: z"] == "−6"
    assert not at.warning


def test_moving_a_control_changes_the_result():
    at = open_page(PAGE)
    before = metrics(at)
    at.slider(key="w0").set_value(-4.0).run()
    after = metrics(at)
    assert after["2 · add bias: z"] == "−4" and after != before
    at.selectbox(key="act").set_value("ReLU").run()
    assert metrics(at)["3 · nonlinearity: ŷ = g(z)"] == "0"


def test_reset_returns_to_defaults():
    at = open_page(PAGE, {"w1": "-2.5"})
    at.button(key="preset_reset").click().run()
    assert at.slider(key="w1").value == 3.0


@pytest.mark.parametrize("query", [{"w1": "abc"}, {"w1": "99"}, {"act": "softmax"}])
def test_bad_links_fall_back_with_a_notice(query):
    at = open_page(PAGE, query)
    no_exception(at)
    assert metrics(at)["2 · add bias: z"] == "1"
    assert at.warning and "cannot take" in at.warning[0].value


def test_a_preset_after_a_bad_link_clears_the_notice():
    at = open_page(PAGE, {"w1": "abc"})
    assert at.warning
    at.button(key="preset_Lecture example").click().run()
    assert not at.warning and metrics(at)["2 · add bias: z"] == "−6"


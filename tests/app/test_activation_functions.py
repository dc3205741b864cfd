"""The activation-functions page: the slide's three functions and slopes, the bias shift, the two networks
trained side by side, and the linear collapse, as the learner sees them."""


import pytest

from core import activation_functions as A
from tests.conftest import charts, metrics, no_exception, open_page

PAGE = "pages/02_activation_functions.py"


def values(at):
    """The table under the curves: {function: {"z": ..., "g(z)": ..., "g′(z) by autograd": ..., ...}}."""
    return {row["g"]: row for row in at.table[0].value.to_dict("records")}


def slide_table(at):
    """The slide's table of activation functions (a markdown table, found by its header row)."""
    return next(m.value for m in at.markdown if m.value.startswith("| g | g(z) | g′(z) | PyTorch |"))


def table_caption(at):
    """The caption under the slide's table."""
    return next(c.value for c in at.caption if c.value.startswith("The slide's table"))


def text(at):
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_defaults_show_the_reference_values():
    at = open_page(PAGE)
    no_exception(at)
    assert at.title[0].value == "Activation functions and why nonlinearity"
    v = values(at)
    assert (v["sigmoid"]["g(z)"], v["sigmoid"]["g′(z) by autograd"]) == ("0.5", "0.25")
    assert (v["tanh"]["g(z)"], v["tanh"]["g′(z) by autograd"]) == ("0", "1")
    assert (v["ReLU"]["g(z)"], v["ReLU"]["g′(z) by autograd"]) == ("0", "0")
    assert all(r["g′(z) by autograd"] == r["g′(z), by the formula below"] for r in v.values())
    assert len(charts(at)) == 5  # three curves, two boundaries
    assert "beyond the lecture" not in slide_table(at)  # the slide's table holds the lecture's three
    assert "torch.sigmoid(z)" in slide_table(at) and "g(z)\\,(1 - g(z))" in slide_table(at)


def test_lecture_example_is_z_minus_six():
    at = open_page(PAGE)
    at.button(key="preset_Lecture example").click().run()
    no_exception(at)
    v = values(at)
    assert v["sigmoid"]["g(z)"] == "0.002472623157"  # the slide's 0.002
    assert v["tanh"]["g(z)"] == "−0.9999877117" and v["ReLU"]["g(z)"] == "0" and v["ReLU"]["g′(z) by autograd"] == "0"
    assert {r["z"] for r in v.values()} == {"−6"} and "z = w₀ + w₁x = −6" in text(at)
    assert values(open_page(PAGE, {"x": "-5.9", "w0": "-0.1"})) == v  # the same as a link


def test_the_lecture_example_link():  # x = -6 is the slider's minimum: a link must still reach it
    at = open_page(PAGE, {"x": "-6"})
    assert not at.warning and values(at)["sigmoid"]["g(z)"] == "0.002472623157"


def test_the_bias_slides_the_curve_left():
    at = open_page(PAGE)
    at.slider(key="w0").set_value(3.0).run()
    no_exception(at)
    sig = charts(at)[0]
    curve = sig["curves"][sig["curves"].series == "g(z)"]
    assert curve[(curve.x + 3).abs() < 1e-9].y.iloc[0] == pytest.approx(0.5)  # sigma's midpoint moved to x = -3
    assert sig["centre"].x[0] == -3.0
    grey = sig["curves"][sig["curves"].series == "g without w₀, w₁"]
    assert grey[grey.x.abs() < 1e-9].y.iloc[0] == pytest.approx(0.5)  # the reference curve stays put
    assert values(at)["sigmoid"]["g(z)"] == "0.9525741268"  # x = 0: sigma(3)
    assert "x = −w₀/w₁ = −3, 3 to the left" in text(at)


def test_the_current_point_sits_on_both_curves():
    at = open_page(PAGE, {"x": "1.5", "w0": "-1", "w1": "2"})
    for chart, name in zip(charts(at), A.LECTURE):
        p = A.at_point(name, 1.5, -1.0, 2.0)
        assert chart["points"].x.tolist() == [1.5, 1.5] and chart["points"].z[0] == 2.0
        assert chart["points"].y.tolist() == pytest.approx([p["g"], p["dg"]])
    assert values(at)["tanh"]["g′(z) by autograd"] == "0.07065082485"  # 1 - tanh(2)^2


def test_a_zero_weight_gives_a_flat_curve_and_says_so():
    at = open_page(PAGE, {"w1": "0", "w0": "2"})
    no_exception(at)
    assert "curve is flat" in text(at)
    assert "centre" not in charts(at)[0]


def test_beyond_the_lecture_adds_three_marked_functions():
    at = open_page(PAGE)
    at.toggle(key="more").set_value(True).run()
    no_exception(at)
    assert len(charts(at)) == 8
    v = values(at)
    assert [v[k]["g′(z) by autograd"] for k in ("linear", "leaky ReLU", "GELU")] == ["1", "0.1", "0.5"]
    assert slide_table(at).count("(beyond the lecture)") == 3
    specs = [el.proto.spec for el in at.get("vega_lite_chart")[3:6]]
    assert all("beyond the lecture" in s for s in specs)
    assert table_caption(at).startswith("The slide's table (its first three rows; \"all activation functions are "
                                          "non-linear\"), plus three beyond the lecture, one of them the linear "
                                          "non-activation for comparison.")


def test_the_table_caption_names_only_the_slide_when_the_lecture_alone_is_shown():
    caption = table_caption(open_page(PAGE, code=False))
    assert caption.startswith("The slide's table (\"all activation functions are non-linear\"). A network")


def test_colours_are_named_against_the_lecture():
    t = text(open_page(PAGE))
    assert "red" in t and "green" in t and "orange and blue" in t


def test_untrained_then_trained_side_by_side():
    at = open_page(PAGE)
    assert "Untrained" in at.info[0].value
    before = metrics(at)
    lin, non = charts(at)[3:5]
    assert "line" in lin and "line" not in non  # the linear network's boundary is drawn as its line
    assert len(lin["points"]) == A.N_POINTS
    at.button(key="act_train").click().run()
    no_exception(at)
    m = metrics(at)
    assert m != before
    assert m["With g = ReLU: accuracy"] == "100%"
    assert int(m["Without g (linear): accuracy"].rstrip("%")) <= 65
    assert "Trained" in at.success[0].value
    assert any("compute exactly one perceptron" in c.value for c in at.caption)
    # A setting of the curves is not a setting of the networks: the trained result stays...
    at.slider(key="w0").set_value(2.0).run()
    assert metrics(at)["With g = ReLU: accuracy"] == "100%" and at.success
    # ...until a network setting changes.
    at.slider(key="depth").set_value(3).run()
    assert "Untrained" in at.info[0].value and not at.success


def test_depth_alone_does_not_help_the_linear_network():
    at = open_page(PAGE, {"depth": "5", "width": "16", "data": "xor: four quadrants"})
    at.button(key="act_train").click().run()
    no_exception(at)
    m = metrics(at)
    assert int(m["Without g (linear): accuracy"].rstrip("%")) <= 65 and m["With g = ReLU: accuracy"] == "100%"
    assert "line" in charts(at)[3]


def test_blobs_need_no_nonlinearity():
    at = open_page(PAGE, {"data": "blobs: two clusters a line does separate"})
    at.button(key="act_train").click().run()
    assert metrics(at)["Without g (linear): accuracy"] == "100%"


def test_the_collapse_shows_equal_outputs_and_follows_depth():
    at = open_page(PAGE)
    m = metrics(at)
    c = A.linear_collapse(A.PairSettings().depth, A.PairSettings().width, 0)
    assert m["Layer by layer"] == m["One matrix: XᵀM"] != m["With ReLU between the layers"]
    assert float(m["Layer by layer"].replace("−", "-")) == pytest.approx(c["out_layers"], rel=1e-5)
    assert float(m["Difference"].replace("−", "-")) < 1e-12
    assert "M = " in at.latex[1].value and "W^{(3)}" in at.latex[1].value
    at.slider(key="depth").set_value(4).run()
    assert metrics(at)["Layer by layer"] != m["Layer by layer"] and "W^{(5)}" in at.latex[1].value
    assert f"{A.linear_collapse(4, 8, 0)['n_weights']} weights in 5 matrices" in text(at)


def test_code_panel_and_check_yourself():
    at = open_page(PAGE, {"act": "tanh"})
    code = at.code[0].value
    assert "torch.autograd.grad" in code and "nn.Tanh()" in code and "h @ W, M @ W" in code
    at.radio(key="quiz_activation_functions").set_value("Only a straight line, like a single perceptron").run()
    assert at.success and "one perceptron" in at.success[-1].value


@pytest.mark.parametrize("query", [
    {"depth": "5", "width": "16", "act": "sigmoid", "data": "moons: two interleaved arcs", "seed": "9999"},
    {"depth": "5", "width": "1", "act": "ReLU", "w0": "-6", "w1": "-3"},   # a one-unit ReLU net may die
    {"depth": "1", "width": "1", "act": "tanh", "data": "xor: four quadrants", "w1": "0"},
])
def test_worst_combinations_train(query):
    at = open_page(PAGE, {"more": "true", "x": "6", "w0": "6", "w1": "3"} | query)
    no_exception(at)
    assert not at.warning, [w.value for w in at.warning]
    at.button(key="act_train").click().run()
    no_exception(at)
    assert at.success

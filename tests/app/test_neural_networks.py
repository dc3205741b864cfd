"""AppTest for "From neurons to networks": what the learner sees, at the lecture's settings and as controls move."""

import numpy as np
import pytest

from core.codegen import neural_networks as codegen
from core import neural_networks
from core.models import mlp_parameter_count
from tests.conftest import chart, metrics, no_exception, open_page

FILE = "pages/03_neural_networks.py"


@pytest.fixture(scope="module")
def lecture():
    at = open_page(FILE)
    no_exception(at)
    return at


def walk_table(at):
    """The layer walk as shown (text, blank past a layer's width), read back as numbers."""
    df = next(df.value for df in at.dataframe if "PyTorch module" in df.value.columns).copy()
    for c in df.columns[3:]:
        df[c] = [float(v.replace("−", "-")) if v else np.nan for v in df[c]]
    return df


def test_lecture_example_numbers(lecture):
    at = lecture
    assert at.title[0].value == "From neurons to networks"
    m = metrics(at)
    assert m["Output shape"] == "(1, 3)"                 # Lab 1: 2 -> 3 on [[1, 2.]]
    assert m["Largest |difference|"] == "0"              # scratch == nn.Linear after weight = W.T
    assert m["Parameters m·n + n"] == "2·3 + 3 = 9"
    assert m["Parameters"] == "13"                       # the 2-3-1 network
    d = neural_networks.compare_dense(2, 3, 0)
    ok = at.success[0].value
    assert "Same numbers" in ok and all(f"{v:.4f}" in ok for v in d.y_scratch[0])
    outs = next(df.value for df in at.dataframe if "ŷ1" in df.value.columns)
    assert np.allclose(outs.loc["MyDenseLayer(x)"].to_numpy(), d.y_scratch[0])
    assert np.allclose(outs.loc["torch.sigmoid(linear(x))"].to_numpy(), d.y_scratch[0])
    assert any("(2·3 + 3) + (3·1 + 1) = 13" in c.value for c in at.caption)
    assert any("W⁽¹⁾ 2×3, W⁽²⁾ 3×1; 13 parameters" in c.value for c in at.caption)
    assert any(f"= {d.terms(1)['z']:.3f}".rstrip("0") in x.value for x in at.latex)


def test_lecture_walk_and_code(lecture):
    at = lecture
    walk = walk_table(at)
    expected = neural_networks.layer_walk([2, 3, 1], "relu", 0)
    assert walk["value"].tolist() == ["x", "z⁽¹⁾", "g(z⁽¹⁾)", "ŷ = z⁽²⁾"]
    cols = ["1", "2", "3"]
    assert np.allclose(walk[cols].to_numpy(dtype=float), expected[cols].to_numpy(dtype=float), atol=6e-5,
                       equal_nan=True)
    shapes = next(df.value for df in at.dataframe if "nn.Linear weight shape" in df.value.columns)
    assert shapes["W shape (inputs × units)"].tolist() == ["2 × 3", "3 × 1"]
    codes = [c.value.strip() for c in at.code]
    assert "model = " + codegen.sequential_expr([2, 3, 1], "relu") in codes
    assert codegen.networks_code(2, 3, 0, "transpose", [2, 3, 1], "relu", 0).strip() in codes
    assert codegen.MY_DENSE_LAYER.strip() in codes
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2   # the dense layer and the network
    data = chart(at, 1)
    net = neural_networks.deep_network([2, 3, 1], "relu", 0)
    edges = data["edges"].set_index("weight")
    assert len(edges) == 9 and edges.loc["w⁽²⁾ 3,1", "w"] == pytest.approx(float(net.weights[1][2, 0]))
    assert set(data["labels"]["text"]) >= {"W⁽¹⁾: 2×3", "W⁽²⁾: 3×1", "hidden 1 (3)"}


def test_two_output_preset_shows_17():
    at = open_page(FILE)
    at.button(key="preset_Slide's two outputs (2-3-2)").click().run()
    no_exception(at)
    assert metrics(at)["Parameters"] == "17"
    assert walk_table(at)["shape"].iloc[-1] == "(1, 2)"
    at.button(key="preset_reset").click().run()
    assert metrics(at)["Parameters"] == "13"


def test_moving_controls_changes_the_results():
    at = open_page(FILE)
    before = walk_table(at)
    at.slider(key="n1").set_value(5).run()
    no_exception(at)
    assert metrics(at)["Parameters"] == str(mlp_parameter_count([2, 5, 1])) == "21"
    at.slider(key="layers").set_value(2).run()
    at.slider(key="n2").set_value(4).run()
    assert metrics(at)["Parameters"] == str(mlp_parameter_count([2, 5, 4, 1]))
    assert metrics(at)["Weight matrices"] == "3"
    at.selectbox(key="act").set_value("sigmoid").run()
    walk = walk_table(at)
    assert len(walk) == 6 and not walk.equals(before)
    expected = neural_networks.layer_walk([2, 5, 4, 1], "sigmoid", 0)
    assert np.allclose(walk.iloc[:, 3:].to_numpy(dtype=float), expected.iloc[:, 3:].to_numpy(dtype=float), atol=6e-5,
                       equal_nan=True)
    at.number_input(key="seed").set_value(1).run()
    assert not np.allclose(walk_table(at).iloc[1, 3:8].to_numpy(dtype=float), walk.iloc[1, 3:8].to_numpy(dtype=float))
    at.slider(key="dn").set_value(5).run()
    assert metrics(at)["Output shape"] == "(1, 5)" and metrics(at)["Parameters m·n + n"] == "2·5 + 5 = 15"


def test_forgetting_the_transpose():
    at = open_page(FILE)
    at.radio(key="copy").set_value("W (no transpose)").run()
    no_exception(at)
    assert "PyTorch refuses the copy" in at.error[0].value and "W.T" in at.error[0].value
    assert metrics(at)["Largest |difference|"] == "—"
    at.slider(key="dn").set_value(2).run()   # square: no error, wrong numbers
    assert not at.error and "bug that does not crash" in at.warning[0].value
    at.radio(key="copy").set_value("no copy").run()
    assert "own random weights" in at.warning[0].value


def test_deep_link_and_bad_values():
    at = open_page(FILE, {"m": "8", "layers": "3", "n1": "16", "n2": "6", "n3": "4", "out": "2"})
    no_exception(at)
    assert metrics(at)["Parameters"] == str(mlp_parameter_count([8, 16, 6, 4, 2])) == "284"
    bad = open_page(FILE, {"layers": "9", "act": "swish"})
    no_exception(bad)
    assert metrics(bad)["Parameters"] == "13"
    assert len(bad.warning) >= 2 and "layers=9" in bad.warning[0].value


def test_check_yourself():
    at = open_page(FILE)
    at.radio(key="quiz_neural_networks").set_value("5 × 4 and 25").run()
    assert at.success[-1].value.startswith("Right.")


def test_every_control_at_its_extremes():
    at = open_page(FILE)
    for key in ("dm", "dn", "m", "layers", "n1"):
        s = at.slider(key=key)
        for v in (s.min, s.max):
            at.slider(key=key).set_value(v).run()
            no_exception(at)
    for k in range(1, 5):   # every width slider, with all four hidden layers showing
        for v in (1, 16):
            at.slider(key=f"n{k}").set_value(v).run()
            no_exception(at)
    assert metrics(at)["Parameters"] == str(mlp_parameter_count([8, 16, 16, 16, 16, 1]))
    for key in ("copy", "out"):
        for opt in at.radio(key=key).options:
            at.radio(key=key).set_value(opt).run()
            no_exception(at)
    for opt in at.selectbox(key="act").options:
        at.selectbox(key="act").set_value(opt).run()
        no_exception(at)
    for key in ("dseed", "seed"):
        for v in (0, 9999):
            at.number_input(key=key).set_value(v).run()
            no_exception(at)
    for b in [b for b in at.button if b.key and b.key.startswith("preset_")]:
        at.button(key=b.key).click().run()
        no_exception(at)


def test_the_output_is_linear_as_the_caption_under_the_formula_says(lecture):
    assert any("its code, and the network below, leave the output linear" in c.value for c in lecture.caption)
    for widths, act in (([2, 3, 1], "sigmoid"), ([3, 6, 6, 4, 2], "tanh")):
        net = neural_networks.network(widths, act)
        assert type(net[-1]).__name__ == "Linear"                       # no g after the last layer
        assert codegen.sequential_expr(widths, act).rstrip().endswith(f"nn.Linear({widths[-2]}, {widths[-1]}),\n)")

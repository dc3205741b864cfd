"""From neurons to networks: the dense layer from scratch against nn.Linear, parameter counts against
the lecture's (2-3-1: 13, 2-3-2: 17; docs/reference-values.md), and the layer-by-layer walk against nn.Sequential."""

import contextlib
import io
import math

import numpy as np
import pytest
import torch
from torch import nn

from core.codegen import neural_networks as codegen
from core import neural_networks
from core.models import count_parameters, mlp_parameter_count
from ui.charts import neural_networks as nc

CONFIGS = [((2, 3, 1), "relu"), ((2, 3, 2), "sigmoid"), ((1, 1), "tanh"), ((8, 16, 16, 16, 16, 2), "relu"),
           ((3, 5, 4, 1), "linear"), ((8, 1, 2), "tanh")]


# The dense layer ----------------------------------------------------------------------------
@pytest.mark.parametrize("m, n, seed", [(2, 3, 0), (1, 1, 5), (8, 8, 42), (5, 2, 9999), (3, 7, 1)])
def test_scratch_layer_equals_nn_linear_after_transposed_copy(m, n, seed):
    layer = neural_networks.MyDenseLayer(m, n, seed)
    linear = neural_networks.copy_to_linear(layer)
    assert layer.W.shape == (m, n) and layer.b.shape == (1, n)
    assert linear.weight.shape == (n, m) and linear.bias.shape == (n,)
    assert torch.equal(linear.weight, layer.W.T) and torch.equal(linear.bias, layer.b.squeeze(0))
    x = torch.randn(6, m, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        assert torch.allclose(layer(x), torch.sigmoid(linear(x)), atol=1e-6)
        assert torch.allclose(layer(x), torch.sigmoid(x @ layer.W + layer.b), atol=1e-7)


def test_scratch_layer_is_the_lectures_code():
    """The slide's class, run from the code panel's text with torch.randn, draws the same weights."""
    ns = {"torch": torch, "nn": nn}
    exec(codegen.MY_DENSE_LAYER, ns)
    with torch.random.fork_rng():
        torch.manual_seed(7)
        slide = ns["MyDenseLayer"](2, 3)
    ours = neural_networks.MyDenseLayer(2, 3, seed=7)
    assert torch.equal(slide.W, ours.W) and torch.equal(slide.b, ours.b)
    x = torch.tensor([[1, 2.]])
    assert torch.equal(slide(x), ours(x))


def test_lab1_shape_2_to_3():
    """Lab 1: a 2 -> 3 dense layer on x = [[1, 2.]] outputs shape (1, 3)."""
    d = neural_networks.compare_dense(2, 3, seed=0)
    assert d.x.tolist() == [[1.0, 2.0]]
    assert d.y_scratch.shape == (1, 3) and d.y_linear.shape == (1, 3)
    assert d.W.shape == (2, 3) and d.b.shape == (1, 3) and d.weight.shape == (3, 2) and d.bias.shape == (3,)


@pytest.mark.parametrize("m, n, seed", [(2, 3, 0), (4, 1, 3), (8, 8, 11)])
def test_compare_dense_numbers(m, n, seed):
    d = neural_networks.compare_dense(m, n, seed)
    layer = neural_networks.MyDenseLayer(m, n, seed)
    x = torch.arange(1.0, m + 1).reshape(1, m)
    with torch.no_grad():
        assert np.allclose(d.y_scratch, layer(x).numpy())
        assert np.allclose(d.y_linear, torch.sigmoid(nn.functional.linear(x, layer.W.T, layer.b[0])).numpy(), atol=1e-6)
    assert np.allclose(d.z, d.x @ d.W + d.b, atol=1e-5)
    assert np.allclose(d.y_scratch, 1 / (1 + np.exp(-d.z)), atol=1e-6)
    assert d.max_diff < 1e-6 and d.error is None
    assert np.array_equal(d.weight, d.W.T) and np.array_equal(d.bias, d.b[0])
    for i in range(1, n + 1):   # the unit equation the page prints adds up to z_i
        t = d.terms(i)
        assert t["w0"] + sum(a * w for a, w in zip(t["inputs"], t["weights"])) == pytest.approx(t["z"], abs=1e-5)
        assert t["z"] == pytest.approx(float(d.z[0, i - 1]))


def test_forgetting_the_transpose():
    d = neural_networks.compare_dense(2, 3, 0, "plain")   # (2, 3) cannot go into (3, 2)
    assert d.y_linear is None and d.max_diff is None
    assert "size of tensor" in d.error
    with pytest.raises(RuntimeError):
        neural_networks.copy_to_linear(neural_networks.MyDenseLayer(2, 3), "plain")
    square = neural_networks.compare_dense(2, 2, 0, "plain")   # square: no error, wrong numbers
    assert square.error is None and square.max_diff > 1e-3
    assert np.array_equal(square.weight, square.W)
    assert neural_networks.compare_dense(1, 1, 0, "plain").max_diff == 0   # a 1 x 1 matrix is its own transpose


def test_no_copy_keeps_nn_linear_default_init():
    d = neural_networks.compare_dense(2, 3, 0, "none")
    assert d.max_diff > 1e-3
    bound = 1 / math.sqrt(2)
    assert np.abs(d.weight).max() <= bound and np.abs(d.bias).max() <= bound
    with pytest.raises(ValueError):
        neural_networks.copy_to_linear(neural_networks.MyDenseLayer(2, 3), "sideways")


@pytest.mark.parametrize("m, n", [(2, 3), (1, 1), (8, 8), (4, 5), (3, 2)])
def test_linear_parameter_count(m, n):
    """Linear(m, n) has m*n + n parameters."""
    assert count_parameters(nn.Linear(m, n)) == m * n + n
    assert neural_networks.compare_dense(m, n).n_params == m * n + n


# Networks -------------------------------------------------------------------------------------
def test_lecture_parameter_counts():
    """The lecture's 2-3-1 has 13 parameters; with the slide's 2-output head 2-3-2 has 17."""
    assert neural_networks.deep_network([2, 3, 1]).n_params == 13
    assert neural_networks.deep_network([2, 3, 2]).n_params == 17
    assert neural_networks.parameter_formula([2, 3, 1]) == "(2·3 + 3) + (3·1 + 1) = 13"
    assert neural_networks.parameter_formula([2, 3, 2]) == "(2·3 + 3) + (3·2 + 2) = 17"
    shapes = neural_networks.layer_shapes([2, 3, 1])
    assert shapes["W shape (inputs × units)"].tolist() == ["2 × 3", "3 × 1"]
    assert shapes["nn.Linear weight shape"].tolist() == ["3 × 2", "1 × 3"]
    assert shapes["bias w₀ shape"].tolist() == ["3", "1"] and shapes["parameters"].tolist() == [9, 4]
    assert shapes["matrix"].tolist() == ["W⁽¹⁾", "W⁽²⁾"]


@pytest.mark.parametrize("widths, act", CONFIGS)
def test_counts_and_shapes_match_pytorch(widths, act):
    model = neural_networks.network(widths, act, seed=0)
    net = neural_networks.deep_network(widths, act, seed=0)
    assert net.n_params == count_parameters(model) == mlp_parameter_count(widths)
    assert neural_networks.layer_shapes(widths)["parameters"].sum() == net.n_params
    linears = [mod for mod in model if isinstance(mod, nn.Linear)]
    assert len(linears) == len(widths) - 1 == len(net.weights)
    for k, (lin, W, b) in enumerate(zip(linears, net.weights, net.biases)):
        assert W.shape == (widths[k], widths[k + 1])          # the lecture's (inputs, units)
        assert np.array_equal(W, lin.weight.detach().numpy().T) and np.array_equal(b, lin.bias.detach().numpy())


@pytest.mark.parametrize("widths, act", CONFIGS)
def test_layer_walk_matches_sequential(widths, act):
    model = neural_networks.network(widths, act, seed=3)
    walk = neural_networks.layer_walk(widths, act, seed=3)
    x = torch.arange(1.0, widths[0] + 1).reshape(1, -1)
    assert len(walk) == len(model) + 1 == 2 * (len(widths) - 1)
    units = [str(i) for i in range(1, max(widths) + 1)]
    assert list(walk.columns) == ["value", "PyTorch module", "shape", *units]
    with torch.no_grad():
        for k in range(len(walk)):
            expected = model[:k](x)[0].numpy() if k else x[0].numpy()
            row = walk.loc[k, units].to_numpy(dtype=float)
            assert np.allclose(row[:len(expected)], expected, atol=1e-6)
            assert np.isnan(row[len(expected):]).all()
            assert walk.loc[k, "shape"] == str((1, len(expected)))
        assert np.allclose(walk.loc[len(walk) - 1, units].to_numpy(dtype=float)[:widths[-1]], model(x)[0].numpy())
    assert walk["value"].iloc[-1].startswith("ŷ")
    assert walk["PyTorch module"].iloc[1] == f"nn.Linear({widths[0]}, {widths[1]})"


def test_walk_of_the_lecture_network_by_hand():
    """2-3-1 with ReLU: z⁽¹⁾ = x W⁽¹⁾ + w₀⁽¹⁾, g = max(0, z), ŷ = g(z⁽¹⁾) W⁽²⁾ + w₀⁽²⁾."""
    net = neural_networks.deep_network([2, 3, 1], "relu", 0)
    x = np.array([1.0, 2.0])
    z1 = x @ net.weights[0] + net.biases[0]
    a1 = np.maximum(z1, 0)
    y = a1 @ net.weights[1] + net.biases[1]
    w = net.walk
    assert w["value"].tolist() == ["x", "z⁽¹⁾", "g(z⁽¹⁾)", "ŷ = z⁽²⁾"]
    assert np.allclose(w.loc[1, ["1", "2", "3"]].to_numpy(dtype=float), z1, atol=1e-6)
    assert np.allclose(net.values[1], a1, atol=1e-6) and np.allclose(net.values[2], y, atol=1e-6)
    t = neural_networks.unit_terms(net, 1, 2)   # the transcript's z₂
    assert t["z"] == pytest.approx(z1[1], abs=1e-6) and t["inputs"] == [1.0, 2.0]


def test_seeds_are_deterministic_and_matter():
    a, b = neural_networks.deep_network([2, 4, 1], "tanh", 5), neural_networks.deep_network([2, 4, 1], "tanh", 5)
    assert all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], neural_networks.deep_network([2, 4, 1], "tanh", 6).weights[0])
    assert np.array_equal(neural_networks.compare_dense(2, 3, 1).W, neural_networks.compare_dense(2, 3, 1).W)
    assert not np.array_equal(neural_networks.compare_dense(2, 3, 1).W, neural_networks.compare_dense(2, 3, 2).W)
    with pytest.raises(ValueError):
        neural_networks.network([2], "relu")


# Generated code -------------------------------------------------------------------------------
def test_sequential_expr_matches_the_slide_template():
    assert codegen.sequential_expr([2, 3, 1], "relu") == \
        "nn.Sequential(\n    nn.Linear(2, 3),\n    nn.ReLU(),\n    nn.Linear(3, 1),\n)"
    assert codegen.keras_expr([2, 3, 2], "relu") == ('tf.keras.Sequential([\n    tf.keras.Input(shape=(2,)),\n'
                                                    '    tf.keras.layers.Dense(3, activation="relu"),\n'
                                                    '    tf.keras.layers.Dense(2),\n])')


@pytest.mark.parametrize("widths, act", CONFIGS)
def test_sequential_expr_builds_the_same_network(widths, act):
    model = eval(codegen.sequential_expr(widths, act), {"nn": nn})
    ours = neural_networks.network(widths, act)
    assert [type(m) for m in model] == [type(m) for m in ours]
    assert count_parameters(model) == count_parameters(ours)


def _run(code: str) -> tuple[dict, str]:
    ns, out = {"__name__": "__nnlab__"}, io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, ns)
    return ns, out.getvalue()


def test_code_panel_shows_the_bug_and_the_no_copy_case():
    with pytest.raises(RuntimeError):
        _run(codegen.networks_code(2, 3, 0, "plain", (2, 3, 1), "relu", 0))
    ns, _ = _run(codegen.networks_code(2, 2, 0, "plain", (2, 3, 1), "relu", 0))
    assert np.allclose(ns["y_linear"].detach().numpy(), neural_networks.compare_dense(2, 2, 0, "plain").y_linear)
    ns, _ = _run(codegen.networks_code(2, 3, 4, "none", (2, 3, 1), "relu", 0))
    assert np.allclose(ns["y_linear"].detach().numpy(), neural_networks.compare_dense(2, 3, 4, "none").y_linear)


# The diagram's data ---------------------------------------------------------------------------
def test_drawn_units_cap_wide_layers():
    assert nc.drawn_units(3) == [1, 2, 3]
    assert nc.drawn_units(8) == list(range(1, 9))
    assert nc.drawn_units(16) == [1, 2, 3, 4, None, 14, 15, 16]


def test_network_frames_edges_carry_the_weights():
    net = neural_networks.deep_network([2, 3, 1], "relu", 0)
    f = nc.network_frames(net.widths, net.weights, net.values)
    assert len(f["nodes"]) == 6 and len(f["edges"]) == 2 * 3 + 3 * 1 and f["gaps"].empty
    assert f["labels"]["text"].tolist()[:2] == ["W⁽¹⁾: 2×3", "W⁽²⁾: 3×1"]
    e = f["edges"].set_index("weight")
    assert e.loc["w⁽¹⁾ 2,3", "w"] == pytest.approx(float(net.weights[0][1, 2]))
    assert (f["edges"]["sign"] == np.where(f["edges"]["w"] < 0, "negative weight", "positive weight")).all()
    wide = neural_networks.deep_network([8, 16, 2], "relu", 0)
    f = nc.network_frames(wide.widths, wide.weights, wide.values)
    assert len(f["edges"]) == 8 * 7 + 7 * 2 and f["gaps"]["text"].tolist() == ["⋮ 9 more"]


def test_network_spec_is_the_altair_chart_with_data_filled_in():
    net = neural_networks.deep_network([3, 12, 2], "tanh", 1)
    spec = nc.network_spec(net.widths, net.weights, net.values)
    chart = nc.network_chart(net.widths, net.weights, net.values).to_dict()
    assert [layer["mark"] for layer in spec["layer"]] == [layer["mark"] for layer in chart["layer"]]
    assert spec["height"] == chart["height"] == nc.chart_height([3, 12, 2])
    frames = nc.network_frames(net.widths, net.weights, net.values)
    assert set(spec["datasets"]) == set(frames) and all(spec["datasets"][k].equals(frames[k]) for k in frames)
    assert nc.network_spec([1, 1], [np.ones((1, 1))])["datasets"]["edges"]["w"].tolist() == [1.0]

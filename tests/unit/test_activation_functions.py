"""Activation functions, their slopes and the linear collapse, against autograd, closed forms and the lecture's
reference values (σ(0) = 0.5, σ′(0) = 0.25, tanh′(0) = 1, ...: docs/reference-values.md)."""

import math

import pytest
import torch
import torch.nn.functional as F

from core import activation_functions as A
from core.models import MLPConfig, build_mlp, grid

Z = torch.linspace(-8, 8, 321, dtype=torch.float64)  # includes 0, the kink of ReLU and leaky ReLU
TORCH = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "linear": lambda z: z,
         "leaky_relu": lambda z: F.leaky_relu(z, A.LEAKY_SLOPE), "gelu": F.gelu}


def test_the_values_at_zero_and_at_minus_six():
    assert A.at_point("sigmoid", 0.0)["g"] == 0.5
    assert A.at_point("sigmoid", 0.0)["dg"] == 0.25
    assert A.at_point("tanh", 0.0)["dg"] == 1.0
    assert A.at_point("relu", -6.0)["g"] == 0.0
    assert A.at_point("tanh", -6.0)["g"] == pytest.approx(-0.9999877117, abs=1e-10)
    assert A.at_point("sigmoid", -6.0)["g"] == pytest.approx(0.0024726231566347743, abs=1e-15)  # the slide's 0.002


@pytest.mark.parametrize("z", [-6.0, -1.0, -1e-9, 0.0, 1e-9, 0.5, 6.0])
def test_relu_slope_is_the_indicator_of_z_above_zero(z):
    assert A.at_point("relu", z)["dg"] == (1.0 if z > 0 else 0.0)
    assert A.at_point("relu", z)["dg_formula"] == (1.0 if z > 0 else 0.0)


@pytest.mark.parametrize("name", list(A.ACTIVATIONS))
def test_values_are_torch_functions(name):
    g, _ = A.values(name, Z)
    assert torch.allclose(g, TORCH[name](Z), rtol=0, atol=1e-15)


@pytest.mark.parametrize("name", list(A.ACTIVATIONS))
def test_autograd_slope_equals_the_slide_formula(name):
    _, slope = A.values(name, Z)
    assert torch.allclose(slope, A.slope_formula(name, Z), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", list(A.ACTIVATIONS))
def test_slope_against_central_differences(name):
    z = Z[Z.abs() > 1e-3]  # away from the kink at 0
    h = 1e-6
    fd = (TORCH[name](z + h) - TORCH[name](z - h)) / (2 * h)
    assert torch.allclose(A.values(name, z)[1], fd, atol=1e-7)


def test_lecture_and_beyond():
    assert A.LECTURE == ["sigmoid", "tanh", "relu"]
    assert set(A.BEYOND) == {"linear", "leaky_relu", "gelu"}


def test_curves_columns_and_z():
    df = A.curves("tanh", (-6, 6), bias=0.5, weight=2.0)
    assert list(df.columns) == ["x", "z", "g", "dg"] and len(df) == 241
    assert (df.z - (2.0 * df.x + 0.5)).abs().max() < 1e-12
    assert (df.g - df.z.map(math.tanh)).abs().max() < 1e-12


@pytest.mark.parametrize("name", A.LECTURE)
@pytest.mark.parametrize("bias", [-3.0, 1.0, 2.5])
def test_the_bias_shifts_the_curve_left_by_w0(name, bias):
    """g(x + w0) is g(x) moved w0 to the left: the lecture's "shift left and right"."""
    shifted, plain = A.curves(name, (-6, 6), bias=bias), A.curves(name, (-12, 12), n=481)  # both in steps of 0.05
    for _, row in shifted.iterrows():
        match = plain[(plain.x - (row.x + bias)).abs() < 1e-9]
        assert len(match) == 1 and abs(match.g.iloc[0] - row.g) < 1e-12
    c = A.centre(bias, 1.0)
    assert c == -bias
    assert A.at_point(name, c, bias)["z"] == 0.0


def test_centre():
    assert A.centre(3.0, 1.5) == -2.0
    assert A.centre(0.0, -2.0) == 0.0 and math.copysign(1, A.centre(0.0, -2.0)) == 1  # no "-0"
    assert A.centre(1.0, 0.0) is None  # a flat curve has no centre
    assert A.at_point("sigmoid", A.centre(3.0, 1.5), 3.0, 1.5)["g"] == 0.5


@pytest.mark.parametrize("depth, width, seed", [(1, 1, 0), (2, 8, 0), (5, 16, 3), (3, 4, 9999)])
def test_stacked_linear_layers_collapse(depth, width, seed):
    c = A.linear_collapse(depth, width, seed)
    W = c["mats"]  # each W(k) is inputs x units, as in nnlab's notation
    assert [tuple(m.shape) for m in W] == [(2, width)] + [(width, width)] * (depth - 1) + [(width, 1)]
    assert c["n_weights"] == 2 * width + (depth - 1) * width * width + width
    M = torch.linalg.multi_dot(W) if len(W) > 2 else W[0] @ W[1]
    assert c["product"].shape == (2, 1) and torch.allclose(c["product"], M, rtol=1e-12, atol=1e-15)
    x = c["x"]
    assert torch.allclose((x @ W[0]) @ W[1], x @ (W[0] @ W[1]))  # (x W1) W2 = x (W1 W2)
    assert math.isclose(c["out_layers"], c["out_product"], rel_tol=1e-12, abs_tol=1e-14)
    assert c["difference"] == abs(c["out_layers"] - c["out_product"]) < 1e-14
    assert c["out_layers"] == pytest.approx((x @ M).item(), abs=1e-14)


def test_relu_between_the_layers_breaks_the_collapse():
    c = A.linear_collapse(2, 8, 0)
    assert abs(c["out_relu"] - c["out_product"]) > 0.1
    W, h = c["mats"], c["x"]
    for i, m in enumerate(W):
        h = h @ m if i == len(W) - 1 else torch.relu(h @ m)
    assert c["out_relu"] == pytest.approx(h.item(), abs=1e-15)
    assert not c["relu_linear"] and c["out_relu_neg"] != pytest.approx(-c["out_relu"])


def test_a_relu_stack_that_switches_off_is_reported_as_linear():
    """One unit a layer: a negative weight after the first ReLU silences the rest, and the stack is 0 everywhere."""
    c = A.linear_collapse(2, 1, 0)
    assert c["relu_linear"] and c["out_relu"] == c["out_relu_neg"] == 0.0


def test_collapse_model_is_the_network():
    torch.manual_seed(0)
    X = torch.randn(50, 2) * 4
    for depth in (1, 3, 5):
        model = build_mlp(MLPConfig(hidden=(7,) * depth, activation="linear"), seed=depth)
        w, b = A.collapse_model(model)
        assert torch.allclose(model(X).squeeze(-1).double(), X.double() @ w + b, atol=1e-5)


def test_both_networks_start_from_the_same_weights():
    tr = A.pair_trainers(A.PairSettings(depth=3, width=5, activation="tanh", seed=7))
    lin, non = (list(t.model.parameters()) for t in tr.values())
    assert list(tr) == ["linear", "tanh"] and all(torch.equal(a, b) for a, b in zip(lin, non))
    assert tr["linear"].train_set.X.shape == (A.N_POINTS, 2)


def test_no_line_separates_circles_but_relu_does():
    s = A.PairSettings()
    tr = A.pair_trainers(s)
    A.train_pair(tr, s.steps)
    lin, relu = A.snapshot(tr["linear"]), A.snapshot(tr["relu"])
    assert lin["acc"] < 0.65 and relu["acc"] == 1.0
    assert lin["step"] == relu["step"] == s.steps
    assert relu["line"] is None and relu["map"] is None
    # The linear network's boundary is the line of its collapsed map, and its colours agree with it.
    (w1, w2), b = lin["map"]
    assert len(lin["line"]) == 2 and all(abs(b + w1 * x + w2 * y) < 1e-6 for x, y in lin["line"])
    pts = grid(A.PLANE, A.PLANE, 80).double()
    side = (pts @ torch.tensor([w1, w2], dtype=torch.float64) + b) > 0
    assert torch.equal(torch.as_tensor(lin["prob"]).reshape(-1) > 0.5, side)


def test_blobs_are_separable_by_a_line():
    s = A.PairSettings(data="blobs")
    tr = A.pair_trainers(s)
    A.train_pair(tr, s.steps)
    assert A.snapshot(tr["linear"])["acc"] == 1.0


def test_training_is_deterministic_and_reports_progress():
    s = A.PairSettings(data="xor", depth=1, width=4, steps=40)
    seen = []
    runs = []
    for _ in range(2):
        tr = A.pair_trainers(s)
        A.train_pair(tr, s.steps, on_progress=lambda t: seen.append(t["relu"].step), every=15)
        runs.append([A.snapshot(t)["loss"] for t in tr.values()])
    assert runs[0] == runs[1]
    assert seen[:3] == [15, 30, 40]


@pytest.mark.parametrize("act", ["relu", "tanh", "sigmoid"])
def test_the_pair_trains_on_the_fast_engine_as_autograd_does(act):
    """Both networks of the pair train on core.fast_engine; the same run with autograd and torch.optim ends at the
    same losses (float32 rounding) and accuracies."""
    import dataclasses

    from core.trainer import Trainer

    s = A.PairSettings(depth=5, width=16, activation=act)
    fast = A.pair_trainers(s)
    assert all(t.fast is not None for t in fast.values())
    slow = {k: Trainer(build_mlp(MLPConfig(hidden=(s.width,) * s.depth, activation=k), s.seed), t.train_set, None,
                       dataclasses.replace(t.cfg, engine="autograd")) for k, t in fast.items()}
    assert all(t.fast is None for t in slow.values())
    A.train_pair(fast, s.steps)
    A.train_pair(slow, s.steps)
    for k in fast:
        a, b = fast[k].rows[-1], slow[k].rows[-1]
        assert a["step"] == b["step"] == s.steps and a["train_acc"] == b["train_acc"], (k, a, b)
        assert math.isclose(a["train_loss"], b["train_loss"], rel_tol=1e-4, abs_tol=1e-6), (k, a, b)

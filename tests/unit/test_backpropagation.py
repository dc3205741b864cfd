"""Backpropagation: the chain rule by hand on nnlab's reference example (docs/reference-values.md), against PyTorch
autograd and central finite
differences; the gradient step; the deeper network's gradients and backward order; the code panel's script."""

import contextlib
import io
import itertools
import math
import re

import pytest
import torch
import torch.nn.functional as F

from core import backpropagation as B
from core.codegen import backpropagation as codegen

R = B.REFERENCE
REL = 1e-6   # autograd == chain rule == finite differences, rtol 1e-6


# nnlab's reference example ---------------------------------------------------------------------------
def test_reference_example_squared_error():
    c = B.chain_rule(**R)
    assert c.problem is None and c.ok
    assert c.z1 == 1.0
    assert c.a1 == pytest.approx(0.7310585786, abs=1e-10)
    assert c.y_hat == pytest.approx(0.2503797710, abs=1e-10)
    assert c.J == pytest.approx(0.2809652439, abs=1e-10)
    assert c.dJ_dw2 == pytest.approx(-0.1028570374, abs=1e-10)
    assert c.dJ_dw1 == pytest.approx(0.0829875535, abs=1e-10)


def test_reference_example_cross_entropy():
    c = B.chain_rule(**{**R, "loss": "bce"})
    assert c.J == pytest.approx(1.3847764299, abs=1e-10)
    assert c.dJ_dw2 == pytest.approx(-0.5480162992, abs=1e-10)
    assert c.dJ_dw1 == pytest.approx(0.4421528473, abs=1e-10)


@pytest.mark.parametrize("loss", B.LOSSES)
def test_reference_three_ways(loss):
    """The chain rule by hand == autograd == central finite differences (rtol 1e-6), and the page's table says so."""
    c = B.chain_rule(**{**R, "loss": loss})
    ag = B.autograd(R["x"], R["y"], R["w1"], R["w2"], R["act"], R["out"], loss)
    fd = B.finite_differences(R["x"], R["y"], R["w1"], R["w2"], R["act"], R["out"], loss)
    assert ag["J"] == pytest.approx(c.J, rel=1e-12)
    for k in ("dJ_dw1", "dJ_dw2"):
        assert ag[k] == pytest.approx(getattr(c, k), rel=1e-12)   # the same maths: agree to rounding
        assert fd[k] == pytest.approx(getattr(c, k), rel=REL)
    table = B.compare(c)
    assert table["agree"].all() and table["gradient"].tolist() == ["∂J/∂w₂", "∂J/∂w₁"]


def test_the_factors_are_the_lectures():
    c = B.chain_rule(**R)
    s = lambda z: 1 / (1 + math.exp(-z))
    assert c.dJ_dyhat == pytest.approx(c.y_hat - 1)                       # d/dy_hat of 1/2 (y_hat - y)^2
    assert c.dyhat_dw2 == pytest.approx(s(c.z2) * (1 - s(c.z2)) * c.a1)   # sigma'(z2) a1
    assert c.dyhat_dz1 == pytest.approx(s(c.z2) * (1 - s(c.z2)) * c.w2 * s(1) * (1 - s(1)))
    assert c.dz1_dw1 == R["x"]
    assert c.dJ_dw2 == c.dJ_dyhat * c.dyhat_dw2
    assert c.dJ_dw1 == c.dJ_dyhat * c.dyhat_dz1 * c.dz1_dw1
    assert c.dJ_dz1 == pytest.approx(0.0414937768, abs=1e-10)


# Everywhere the derivative exists --------------------------------------------------------------------------
POINTS = [(2.0, 1.0, 0.5, -1.5), (-1.3, 0.0, 1.7, 2.2), (0.7, 0.35, -2.4, 0.9), (3.0, 1.0, 1.0, -4.9),
          (-3.0, 0.8, -0.6, -3.3), (2.0, 1.0, 0.5, 0.5), (1.0, 0.3, 0.8, 0.6)]   # the last two: 0 < y_hat < 1


@pytest.mark.parametrize("act, out, loss", itertools.product(B.ACTIVATIONS, B.ACTIVATIONS, B.LOSSES))
def test_three_ways_agree_everywhere_the_gradient_exists(act, out, loss):
    checked = 0
    for x, y, w1, w2 in POINTS:
        c = B.chain_rule(x, y, w1, w2, act, out, loss)
        if not c.ok or B.at_kink(c):
            continue
        ag = B.autograd(x, y, w1, w2, act, out, loss)
        fd = B.finite_differences(x, y, w1, w2, act, out, loss)
        for k in ("dJ_dw1", "dJ_dw2"):
            assert ag[k] == pytest.approx(getattr(c, k), rel=1e-10, abs=1e-14)
            assert fd[k] == pytest.approx(getattr(c, k), rel=REL, abs=B.ATOL)
        assert B.compare(c)["agree"].all()
        checked += 1
    assert checked >= (2 if loss == "bce" and out != "sigmoid" else 4)


@pytest.mark.parametrize("name", B.ACTIVATIONS)
def test_slopes_match_autograd(name):
    for z in (-4.0, -0.3, 0.2, 1.0, 5.5):
        t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        out = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[name](t)
        out.backward()
        assert B.g(name, z) == pytest.approx(out.item(), rel=1e-14)
        assert B.g_prime(name, z) == pytest.approx(t.grad.item(), rel=1e-12)


def test_losses_match_torch():
    for y_hat, y in ((0.25, 1.0), (0.9, 0.0), (0.4, 0.3)):
        p, t = torch.tensor(y_hat, dtype=torch.float64, requires_grad=True), torch.tensor(y, dtype=torch.float64)
        bce = F.binary_cross_entropy(p, t)
        bce.backward()
        assert B.loss_value("bce", y_hat, y) == pytest.approx(bce.item(), rel=1e-12)
        assert B.loss_slope("bce", y_hat, y) == pytest.approx(p.grad.item(), rel=1e-12)
        assert B.loss_value("mse", y_hat, y) == pytest.approx(0.5 * F.mse_loss(p, t).item(), rel=1e-12)


def test_sigmoid_never_overflows():
    assert B.g("sigmoid", -800.0) == 0.0 and B.g("sigmoid", 800.0) == 1.0


# Where it does not ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    (2.0, 1.0, 0.5, -1.5, "sigmoid", "relu", "bce"),   # ReLU output: y_hat = 0
    (2.0, 1.0, 0.5, 3.0, "relu", "relu", "bce"),       # ReLU output: y_hat = 3, not a probability
    (2.0, 1.0, 0.5, -1.5, "sigmoid", "tanh", "bce"),   # tanh output: y_hat < 0
    (3.0, 1.0, 5.0, 5.0, "relu", "sigmoid", "bce"),    # sigmoid(75) rounds to exactly 1 in float64
])
def test_cross_entropy_without_a_probability_is_a_message_not_a_crash(args):
    c = B.chain_rule(*args)
    assert c.problem and "0 < ŷ < 1" in c.problem and not c.ok
    assert math.isnan(c.J) and math.isnan(c.dJ_dw1)
    assert math.isnan(B.autograd(*args)["dJ_dw1"])
    assert not B.compare(c)["agree"].any()
    d = B.deep_backprop(args[0], args[1], 1, 1, "relu", args[5], "bce", 0) if args[5] != "sigmoid" else None
    if d is not None and d.problem:
        assert math.isnan(d.J) and d.params.empty


def test_squared_error_is_defined_for_any_output():
    c = B.chain_rule(2.0, 1.0, 0.5, 3.0, "relu", "relu", "mse")
    assert c.ok and c.y_hat == 3.0 and c.dJ_dw2 == pytest.approx((3.0 - 1.0) * 1.0)


def test_relu_kink_is_flagged():
    """At z1 = 0 ReLU has no derivative: autograd and the slide take 0, central differences average the sides."""
    c = B.chain_rule(2.0, 1.0, 0.0, -1.5, "relu", "sigmoid", "mse")
    assert B.at_kink(c) and c.dJ_dw1 == 0.0 and B.autograd(2.0, 1.0, 0.0, -1.5, "relu")["dJ_dw1"] == 0.0
    fd = B.finite_differences(2.0, 1.0, 0.0, -1.5, "relu")
    assert fd["dJ_dw1"] != pytest.approx(0.0, abs=1e-3)
    assert not B.compare(c)["agree"].iloc[1]


def test_why_they_differ_names_the_cause():
    assert B.why_they_differ(B.chain_rule(**R)) is None
    assert "kink" in B.why_they_differ(B.chain_rule(2.0, 1.0, 0.0, -1.5, "relu"))
    # sigma(-72): PyTorch's BCE backward clamps y_hat (1 - y_hat) at 1e-12, so autograd alone is off.
    c = B.chain_rule(3.0, 1.0, 4.9, -4.9, "relu", "sigmoid", "bce")
    t = B.compare(c)
    assert t["chain rule (by hand)"].tolist() == pytest.approx([-14.7, 14.7])
    assert t["finite differences"].tolist() == pytest.approx([-14.7, 14.7], rel=1e-6)
    assert abs(t["autograd"]).max() < 1e-12 and "clamp" not in B.why_they_differ(c, t)
    assert "max(ŷ(1 − ŷ), 10⁻¹²)" in B.why_they_differ(c, t)
    # A saturated tanh: finite differences lose digits first, autograd still matches the chain rule.
    c = B.chain_rule(-1.5, 0.0, 3.0, -5.0, "tanh", "sigmoid", "bce")
    t = B.compare(c)
    assert t["autograd"].tolist() == pytest.approx(t["chain rule (by hand)"].tolist(), rel=1e-12)
    assert "saturated" in B.why_they_differ(c, t)


# One gradient step -----------------------------------------------------------------------------------------
def test_small_step_goes_down_and_moves_against_the_gradient():
    c = B.chain_rule(**R)
    r = B.gradient_step(c, 0.1)
    assert r["w1"] == c.w1 - 0.1 * c.dJ_dw1 and r["w2"] == c.w2 - 0.1 * c.dJ_dw2
    assert r["J_before"] == c.J and r["J_after"] < c.J and r["change"] < 0 and not r["clipped"]
    assert r["J_after"] == B.chain_rule(R["x"], R["y"], r["w1"], r["w2"]).J


def test_loss_keeps_falling_for_a_small_learning_rate():
    c = B.chain_rule(**{**R, "loss": "bce"})
    for _ in range(20):
        r = B.gradient_step(c, 0.3)
        assert r["J_after"] < c.J
        c = B.chain_rule(c.x, c.y, r["w1"], r["w2"], c.act, c.out, c.loss)


def test_a_large_step_can_go_up():
    """The page's Try-this: tanh, cross-entropy, x = 1, w1 = 1, w2 = -1.5, lr = 10 overshoots."""
    c = B.chain_rule(1.0, 1.0, 1.0, -1.5, "tanh", "sigmoid", "bce")
    r = B.gradient_step(c, 10.0)
    assert round(r["J_before"], 3) == 1.419 and round(r["J_after"], 3) == 4.283 and r["change"] > 0
    assert B.gradient_step(c, 0.1)["change"] < 0


def test_step_is_clipped_to_the_sliders():
    c = B.chain_rule(2.0, 1.0, 4.9, -4.9, "relu", "sigmoid", "bce")
    r = B.gradient_step(c, 10.0)
    assert r["clipped"] and all(B.WEIGHT_RANGE[0] <= r[k] <= B.WEIGHT_RANGE[1] for k in ("w1", "w2"))


# The deeper network ----------------------------------------------------------------------------------------
DEEP = [(1, 1, "sigmoid", "sigmoid", "mse", 0), (2, 3, "sigmoid", "sigmoid", "mse", 0),
        (3, 4, "tanh", "sigmoid", "bce", 7), (2, 2, "relu", "sigmoid", "bce", 42), (3, 2, "relu", "tanh", "mse", 9999)]


@pytest.mark.parametrize("depth, width, act, out, loss, seed", DEEP)
def test_deep_gradients_are_autograds_in_backward_order(depth, width, act, out, loss, seed):
    d = B.deep_backprop(1.5, 1.0, depth, width, act, out, loss, seed)
    L = depth + 1
    assert d.problem is None and d.widths == (1, *[width] * depth, 1)
    # An independent autograd run on the same model.
    model = B.deep_model(depth, width, act, seed)
    y_hat = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}[out](model(torch.tensor([[1.5]], dtype=torch.float64)))
    y = torch.tensor([[1.0]], dtype=torch.float64)
    J = 0.5 * F.mse_loss(y_hat, y) if loss == "mse" else F.binary_cross_entropy(y_hat, y)
    grads = torch.autograd.grad(J, list(model.parameters()))
    assert d.J == pytest.approx(J.item(), rel=1e-12)
    expected = []
    for k in range(L, 0, -1):
        W, b = grads[2 * (k - 1)], grads[2 * (k - 1) + 1]
        for i in range(W.shape[0]):
            expected += [b[i].item(), *W[i].tolist()]
    assert d.params["grad"].tolist() == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert len(d.params) == sum(a * b + b for a, b in zip(d.widths[:-1], d.widths[1:]))
    # Output layer first: the order in which autograd's hooks fired.
    w_events = d.events[d.events["what"].str.startswith("∂J/∂W")]
    assert w_events["layer"].tolist() == list(range(L, 0, -1))
    z_events = d.events[d.events["what"].str.startswith("∂J/∂z")]
    assert z_events["layer"].tolist() == list(range(L, 0, -1))   # each upstream gradient before the layer below
    assert d.events["what"].iloc[0] == "∂J/∂ŷ" and d.events["order"].tolist() == list(range(1, len(d.events) + 1))
    assert d.params["layer"].is_monotonic_decreasing and d.layers["layer"].tolist() == list(range(L, 0, -1))
    assert d.hand_max_diff < 1e-14   # the recursion by hand reuses each upstream gradient and matches autograd


@pytest.mark.parametrize("seed", range(8))
def test_sigmoid_gradients_shrink_on_the_way_back(seed):
    """The page's Try-this: with sigmoids and 3 hidden layers each layer's gradient is smaller than the next one's."""
    d = B.deep_backprop(1.0, 1.0, 3, 3, "sigmoid", "sigmoid", "mse", seed)
    assert d.layers["grad_norm"].is_monotonic_decreasing and d.layers["layer"].tolist() == [4, 3, 2, 1]


def test_deep_gradients_match_finite_differences():
    d = B.deep_backprop(2.0, 1.0, 2, 3, "tanh", "sigmoid", "bce", 3)
    model = B.deep_model(2, 3, "tanh", 3)
    x, y, h = torch.tensor([[2.0]], dtype=torch.float64), torch.tensor([[1.0]], dtype=torch.float64), 1e-6

    def J():
        with torch.no_grad():
            return F.binary_cross_entropy(torch.sigmoid(model(x)), y).item()
    first = model[0].weight   # layer 1, w⁽¹⁾ 1,2: weight[1, 0]
    with torch.no_grad():
        first[1, 0] += h
        up = J()
        first[1, 0] -= 2 * h
        down = J()
    got = d.params.set_index("name").loc["w⁽¹⁾ 1,2", "grad"]
    assert got == pytest.approx((up - down) / (2 * h), rel=REL)


def test_deep_layer_sizes_are_the_norms():
    d = B.deep_backprop(2.0, 1.0, 2, 3, "sigmoid", "sigmoid", "mse", 0)
    for row in d.layers.itertuples():
        g = d.params[(d.params.layer == row.layer) & ~d.params.name.str.contains("bias")]["grad"]
        assert row.grad_norm == pytest.approx(math.sqrt((g ** 2).sum()), rel=1e-12)


def test_deep_bce_without_a_probability():
    d = B.deep_backprop(2.0, 1.0, 2, 3, "relu", "tanh", "bce", 1)
    assert (d.y_hat <= 0 or d.y_hat >= 1) == bool(d.problem)


def test_deep_is_deterministic():
    a, b = (B.deep_backprop(1.0, 0.0, 3, 4, "relu", "sigmoid", "bce", 5) for _ in range(2))
    assert a.params.equals(b.params) and a.events["what"].tolist() == b.events["what"].tolist()


# The code panel --------------------------------------------------------------------------------------------
def run_script(code: str) -> str:
    assert not re.search(r"^\s*(from|import) (core|ui)\b", code, re.M)   # torch alone
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<code panel>", "exec"), {"__name__": "__main__"})
    assert torch.get_default_dtype() == torch.float32   # the script leaves torch's global settings alone
    return out.getvalue()


def test_script_stops_with_a_message_when_bce_is_undefined():
    with pytest.raises(SystemExit, match="0 < y_hat < 1"):
        run_script(codegen.backprop_code(2.0, 1.0, 0.5, -1.5, "sigmoid", "relu", "bce", 2, 3, 0))


@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_script_checks_y_hat_only_for_cross_entropy(loss):
    code = codegen.backprop_code(*{**R, "loss": loss}.values(), 2, 3, 0, 1.0)
    assert "if not (True)" not in code
    assert code.count("if not (0 < y_hat.item() < 1):") == (2 if loss == "bce" else 0)
    assert "J = " in run_script(code)

"""Gradient descent by hand: Lab 1's (x - 4)^2 against its closed form and known values (docs/reference-values.md),
and
the two-weight landscape against autograd, finite differences, nn.Linear and torch.optim.SGD."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from core import data, gradient_descent as D
from core.codegen import gradient_descent
from core.optimizers import minimize

PAGE_ETAS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0)


def xs(x0, lr, steps):
    return D.descend_1d(x0, lr, steps).frame["x"].to_numpy()


# Lab 1 and its known values (docs/reference-values.md) ----------------------------------------
def test_derivative_of_x_squared_at_3_is_6():
    assert D.derivative_of_square(3.0) == 6.0


def test_lab1_run_from_zero_reaches_the_reference_value():
    x = xs(0.0, 0.01, 500)
    assert len(x) == 501
    assert x[-1] == pytest.approx(3.999835904, abs=5e-10)
    assert x[-1] == pytest.approx(4 + (0 - 4) * 0.98 ** 500, rel=1e-13)
    assert 0.98 ** 500 == pytest.approx(4.10e-5, rel=2e-3)


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_every_iterate_follows_the_closed_form(seed):
    x0 = D.random_start(seed)
    for lr in PAGE_ETAS:
        x = xs(x0, lr, 40)
        assert np.allclose(x, D.closed_form_1d(x0, lr, range(41)), rtol=1e-9, atol=1e-12), lr


def test_eta_half_lands_on_4_in_one_step():
    x = xs(0.0, 0.5, 20)
    assert x[0] == 0 and np.all(x[1:] == 4.0)


def test_eta_one_is_period_two_8_0_8():
    x = xs(0.0, 1.0, 20)
    assert list(x) == [0.0, 8.0] * 10 + [0.0]


def test_eta_1_1_diverges():
    x = xs(0.0, 1.1, 20)
    assert x[20] == pytest.approx(-149.35, abs=0.005)
    e = np.abs(x - 4)
    assert np.allclose(e[1:] / e[:-1], 1.2)


def test_eta_0_9_oscillates_and_converges():
    e = xs(0.0, 0.9, 20) - 4
    assert np.all(np.sign(e[1:]) == -np.sign(e[:-1]))   # jumps across 4 every step
    assert np.all(np.abs(e[1:]) < np.abs(e[:-1]))       # each jump shorter


def test_eta_0_01_is_slow():
    assert xs(0.0, 0.01, 20)[20] == pytest.approx(1.3296, abs=5e-5)


@pytest.mark.parametrize("lr", [0.001, 0.01, 0.1, 0.3, 0.45, 0.49])
@pytest.mark.parametrize("x0", [0.0, -7.5, 13.0, D.random_start(3)])
def test_loss_never_rises_below_eta_half(lr, x0):
    J = D.descend_1d(x0, lr, 300).frame["J"].to_numpy()
    assert np.all(np.diff(J) <= 0)


@pytest.mark.parametrize("seed", [0, 5])
@pytest.mark.parametrize("lr", PAGE_ETAS)
def test_regime_read_off_the_iterates_agrees_with_the_closed_form(lr, seed):
    run = D.descend_1d(D.random_start(seed), lr, 500)
    assert D.regime_of(run.frame) == D.regime_of_lr(lr)
    if lr != 0.5:
        assert D.measured_ratio(run.frame) == pytest.approx(1 - 2 * lr, rel=1e-9)


def test_the_regime_boundaries():
    assert [D.regime_of_lr(v) for v in (0.2, 0.5, 0.75, 1.0, 1.2)] == [
        "monotone", "one step", "oscillating, converging", "period 2", "diverging"]
    assert D.regime_of(D.descend_1d(4.0, 0.3, 10).frame) == "at the target"


def test_divergence_stops_at_the_first_infinity_with_a_message():
    run = D.descend_1d(0.0, 3.0, 500)
    k = math.ceil((math.log(np.finfo(float).max) - math.log(16)) / math.log(25))  # J_k = 16 * 25^k overflows
    assert run.stopped == f"diverged at step {k}: J became inf"
    assert len(run.frame) == k and np.isfinite(run.frame.to_numpy()).all()


def test_hand_loop_equals_torch_optim_sgd():
    x0 = D.random_start(2)
    for lr in (0.01, 0.9, 1.1):
        ref = minimize(lambda x: ((x - 4) ** 2).sum(), [x0], "sgd", lr, 50)
        assert np.allclose(xs(x0, lr, 50), ref["x0"], rtol=1e-12)


def test_random_start_is_seeded_and_private():
    torch.manual_seed(123)
    a = D.random_start(4)
    torch.manual_seed(999)
    assert D.random_start(4) == a == torch.randn(1, generator=torch.Generator().manual_seed(4),
                                                 dtype=torch.float64).item()
    assert D.random_start(5) != a


def test_regimes_table_shows_the_reference_numbers():
    t = D.regimes_table().set_index("η")
    assert t.loc[0.5, "x₁"] == 4.0 and t.loc[1.0, "x₁"] == 8.0 and t.loc[1.0, "x₂"] == 0.0
    assert t.loc[1.1, "x₂₀"] == pytest.approx(-149.35, abs=0.005)
    assert t.loc[0.01, "x₂₀"] == pytest.approx(1.3296, abs=5e-5)
    assert list(t["regime (from the iterates)"]) == ["monotone", "monotone", "one step", "oscillating, converging",
                                                     "period 2", "diverging"]
    assert np.allclose(t["measured (x_t+1 − 4)/(x_t − 4)"], t["1 − 2η"], atol=1e-12)


# The two-weight landscape ---------------------------------------------------------------------
def test_the_feature_is_standardised_lectures_of_the_students():
    x, y = D.students()
    ds = data.students(120, seed=0)
    mean, sd = D.standardisation()
    assert torch.allclose(x * sd + mean, ds.X[:, 0].double()) and torch.equal(y, ds.y.double())
    assert abs(x.mean().item()) < 1e-12 and x.std().item() == pytest.approx(1.0)


def test_loss_is_the_perceptrons_bce():
    x, y = D.students()
    model = nn.Linear(1, 1).double()
    with torch.no_grad():
        model.weight.fill_(-1.3)
        model.bias.fill_(0.7)
    p = torch.sigmoid(model(x[:, None])).squeeze(-1)
    assert D.loss(torch.tensor([0.7, -1.3], dtype=torch.float64)).item() == pytest.approx(
        F.binary_cross_entropy(p, y).item(), rel=1e-12)


@pytest.mark.parametrize("w", [(-3.0, -2.0), (0.0, 0.0), (2.5, 3.1), (7.0, -4.0)])
def test_gradient_by_autograd_equals_the_formula_and_finite_differences(w):
    J, g = D.gradient(*w)
    assert np.allclose(g, D.gradient_formula(*w), rtol=1e-12, atol=1e-15)
    h = 1e-6
    for i in range(2):
        up, down = list(w), list(w)
        up[i] += h
        down[i] -= h
        fd = (D.gradient(*up)[0] - D.gradient(*down)[0]) / (2 * h)
        assert fd == pytest.approx(g[i], rel=1e-6, abs=1e-9)


def test_landscape_is_the_loss_at_every_grid_point():
    box, n = ((-4.0, 8.0), (-3.0, 5.0)), 21
    L = D.landscape(box, n)
    assert L.shape == (n, n)
    w0s, w1s = np.linspace(*box[0], n), np.linspace(*box[1], n)[::-1]   # top row = largest w1
    for r, c in [(0, 0), (0, n - 1), (n - 1, 0), (7, 13), (n - 1, n - 1)]:
        direct = D.loss(torch.tensor([w0s[c], w1s[r]], dtype=torch.float64)).item()
        assert L[r, c] == pytest.approx(direct, rel=1e-12)


def test_gradients_on_the_landscape_equal_autograd():
    box, n = D.BOX, 241
    L = D.landscape(box, n)
    h0, h1 = (box[0][1] - box[0][0]) / (n - 1), (box[1][1] - box[1][0]) / (n - 1)
    dw1, dw0 = np.gradient(L, -h1, h0)   # rows run from largest w1 down
    w0s, w1s = np.linspace(*box[0], n), np.linspace(*box[1], n)[::-1]
    for r, c in [(40, 40), (120, 120), (60, 200), (200, 30), (150, 170)]:
        _, g = D.gradient(w0s[c], w1s[r])
        assert [dw0[r, c], dw1[r, c]] == pytest.approx(g, abs=2e-4)


def test_minimum_is_where_the_gradient_vanishes():
    w0, w1, J = D.minimum()
    _, g = D.gradient(w0, w1)
    assert np.hypot(*g) < 1e-9
    assert J <= D.landscape().min() + 1e-12
    assert w1 > 0  # attending lectures helps


def test_descent_is_the_update_rule_row_by_row():
    run = D.descend(-3.0, -2.0, 1.0, 30)
    f = run.frame
    assert run.stopped is None and list(f["step"]) == list(range(31))
    W, G = f[["w0", "w1"]].to_numpy(), f[["dJ/dw0", "dJ/dw1"]].to_numpy()
    assert np.array_equal(W[1:], W[:-1] - 1.0 * G[:-1])               # W <- W - eta dJ/dW, exactly
    for t in (0, 10, 30):
        J, g = D.gradient(*W[t])
        assert f["J"][t] == J and list(G[t]) == g                       # the gradient at W_t, by autograd


@pytest.mark.parametrize("lr", [0.1, 3.0, 30.0])
def test_descent_equals_torch_optim_sgd(lr):
    f = D.descend(1.0, 6.0, lr, 40).frame
    ref = minimize(lambda W: D.loss(W), [1.0, 6.0], "sgd", lr, 40)
    assert np.allclose(f[["w0", "w1", "J"]], ref[["x0", "x1", "f"]], rtol=1e-10, atol=1e-12)


def test_learning_rate_outcomes():
    kinds = {lr: D.outcome(D.descend(-3.0, -2.0, lr, 200))["kind"] for lr in (0.03, 3.0, 30.0, 100.0)}
    assert kinds == {0.03: "descending", 3.0: "converged", 30.0: "zigzag", 100.0: "unstable"}
    o = D.outcome(D.descend(-3.0, -2.0, 3.0, 200))
    best = D.minimum()
    assert o["J_end"] == pytest.approx(best[2], abs=1e-8) and o["ups"] == 0
    assert D.outcome(D.descend(-3.0, -2.0, 0.3, 0))["steps"] == 0


def test_view_box_grows_only_to_hold_the_path():
    assert D.view_box(D.descend(-3.0, -2.0, 1.0, 50).frame) == D.BOX
    f = D.descend(-3.0, -2.0, 100.0, 50).frame
    (a, b), (c, d) = D.view_box(f)
    assert (a, c) == (D.BOX[0][0], D.BOX[1][0]) and b >= f.w0.max() and d >= f.w1.max()


def test_band_levels_are_round_increasing_and_inside():
    for lo, hi in [(0.2949, 4.5), (0.29, 120.0), (1e-3, 1e6)]:
        lv = D.band_levels(lo, hi)
        assert 2 <= len(lv) <= 11 and all(lo < v < hi for v in lv) and lv == sorted(set(lv))
    assert D.band_levels(float("nan"), 1.0) == []


# The code panel ------------------------------------------------------------------------------
def test_loop_snippet_is_the_loop_in_the_script():
    code = gradient_descent.loop_code(-3.0, -2.0, 0.3, 25)
    assert "range(25)" in code and "W -= 0.3 * W.grad" in code and "loss.backward()" in code
    body = [line for line in code.splitlines() if not line.startswith("print")]
    assert "\n".join(body) in gradient_descent.descent_code(-3.0, -2.0, 0.3, 25, "random", 0, 0.01, 500)

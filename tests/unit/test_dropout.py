"""Dropout: nn.Dropout's statistics, reproducible masks, zero gradients for dropped units, the comparison."""

import threading

import numpy as np
import pytest
import torch
from torch import nn

from core import dropout as D


def test_lecture_p_statistics():
    s = D.dropout_stats(0.5, n=10**6, seed=0)
    assert abs(s["zero_fraction"] - 0.5) < 0.005          # 10^6 ones: 0.5 within 0.005
    assert s["survivor"] == 2.0 and s["survivor_min"] == 2.0  # survivors are 1/(1 - p) = 2.0
    assert abs(s["mean"] - 1.0) < 0.01
    assert s["eval_identity"]


@pytest.mark.parametrize("p", [0.1, 0.3, 0.75, 0.9])
def test_statistics_for_other_p(p):
    s = D.dropout_stats(p, n=10**6, seed=1)
    assert abs(s["zero_fraction"] - p) < 0.005
    assert s["survivor"] == pytest.approx(1 / (1 - p), rel=1e-6)
    assert s["survivor_min"] == pytest.approx(1 / (1 - p), rel=1e-6)
    assert abs(s["mean"] - 1.0) < 0.03


def test_p_zero_is_a_no_op_and_p_one_is_refused():
    s = D.dropout_stats(0.0, n=1000)
    assert s["zero_fraction"] == 0 and s["survivor"] == 1.0 and s["mean"] == 1.0
    for bad in (1.0, -0.1):
        with pytest.raises(ValueError):
            D.dropout_stats(bad)
    passes = D.forward_passes(0.0, True, seed=0)
    assert passes[0]["y_hat"] == passes[1]["y_hat"] and all(m.all() for m in passes[0]["kept"])


def test_same_seed_same_mask_without_touching_the_global_rng():
    torch.manual_seed(123)
    before = torch.get_rng_state()
    with D.seeded(7):
        torch.rand(10)
    assert torch.equal(torch.get_rng_state(), before)  # fork_rng restored the global state
    a, b = D.forward_passes(0.5, True, seed=7), D.forward_passes(0.5, True, seed=7)
    for pa, pb in zip(a, b):
        assert pa["y_hat"] == pb["y_hat"]
        assert all(np.array_equal(x, y) for x, y in zip(pa["kept"], pb["kept"]))
    other = D.forward_passes(0.5, True, seed=8)
    mine, theirs = a[0]["kept"] + a[1]["kept"], other[0]["kept"] + other[1]["kept"]
    assert any(not np.array_equal(x, y) for x, y in zip(mine, theirs))


def test_reproducible_while_other_threads_use_the_global_rng():
    ref = D.dropout_stats(0.5, n=10**5, seed=3)
    stop = threading.Event()

    def noise():
        while not stop.is_set():
            torch.manual_seed(999)
            torch.rand(1000)

    t = threading.Thread(target=noise)
    t.start()
    try:
        got = [D.dropout_stats(0.5, n=10**5, seed=3)["zero_fraction"] for _ in range(5)]
    finally:
        stop.set()
        t.join()
    assert got == [ref["zero_fraction"]] * 5


def test_two_training_passes_differ_and_eval_passes_agree():
    train = D.forward_passes(0.5, True, seed=0)
    assert train[0]["y_hat"] != train[1]["y_hat"]
    assert any(not np.array_equal(x, y) for x, y in zip(train[0]["kept"], train[1]["kept"]))
    ev = D.forward_passes(0.5, False, seed=0)
    assert ev[0]["y_hat"] == ev[1]["y_hat"]
    assert all(m.all() for m in ev[0]["kept"])
    # eval mode equals the same network built without dropout
    net = D.diagram_net(0.0).eval()
    assert ev[0]["y_hat"] == pytest.approx(net(torch.tensor([D.NET_X])).item(), abs=1e-7)


def test_survivors_are_scaled_and_dropped_are_zero():
    p = 0.5
    for one in D.forward_passes(p, True, seed=2):
        for b, a, m in zip(one["before"], one["after"], one["kept"]):
            np.testing.assert_allclose(a, np.where(m, b / (1 - p), 0.0), rtol=1e-6)
            assert (b != 0).all()  # tanh: a 0 after dropout can only mean "dropped"
    t = D.pass_table(one, p)
    assert len(t) == 12 and set(t.columns) == {"layer", "unit", "h", "kept", "passed on"}


def test_dropped_units_get_zero_gradient():
    for seed in range(5):
        g = D.gradient_step(0.5, seed=seed)
        dropped, kept = g[~g.kept], g[g.kept]
        assert len(dropped) and (dropped.dyhat_dh == 0).all() and (dropped.incoming_grad_norm == 0).all()
        assert (kept.incoming_grad_norm > 0).all()


def test_gradient_step_matches_a_hand_masked_network():
    """Same masks applied by hand (h * m / (1 - p)) give the same gradients as nn.Dropout, by autograd."""
    p, seed = 0.5, 4
    masks = D.forward_passes(p, True, seed=seed, passes=1)[0]["kept"]
    g = D.gradient_step(p, seed=seed)
    net = D.diagram_net(0.0)
    lins = [m for m in net if isinstance(m, nn.Linear)]
    h = torch.tensor([D.NET_X])
    for lin, m in zip(lins[:2], masks):
        h = torch.tanh(lin(h)) * torch.tensor(m, dtype=torch.float32) / (1 - p)
    lins[2](h).sum().backward()
    norms = [torch.cat([lin.weight.grad, lin.bias.grad[:, None]], 1).norm(dim=1) for lin in lins[:2]]
    np.testing.assert_allclose(g.incoming_grad_norm.to_numpy(), torch.cat(norms).numpy(), rtol=1e-5, atol=1e-7)


def test_compare_is_deterministic_and_dropout_lowers_capacity():
    s = D.CompareSettings(steps=200)
    a, b = D.compare(s), D.compare(s)
    for name in a["runs"]:
        assert a["runs"][name]["history"].equals(b["runs"][name]["history"])
    without, with_ = a["runs"]["without dropout"], a["runs"]["with dropout"]
    assert with_["train_loss"] > without["train_loss"]  # lower capacity: it cannot fit the noise as well
    assert len(a["train"]) == 15 and len(a["test"]) == D.N_TEST
    assert without["history"].step.iloc[-1] == 200
    with pytest.raises(ValueError):
        D.train_one(D.CompareSettings(steps=D.MAX_STEPS + 1), 0.5)


def test_default_comparison_overfits_without_dropout():
    r = D.compare(D.CompareSettings())
    without, with_ = r["runs"]["without dropout"], r["runs"]["with dropout"]
    assert without["train_loss"] < 0.03 < without["test_loss"] - without["train_loss"]  # overfits
    assert with_["test_loss"] - with_["train_loss"] < without["test_loss"] - without["train_loss"]


def test_step_on_dropped_uses_pass_1_masks_and_leaves_the_global_rng():
    torch.manual_seed(5)
    before = torch.get_rng_state()
    for p, seed in ((0.5, 1), (0.5, 4), (0.75, 2)):
        moves = D.step_on_dropped(p, seed)
        assert moves["dropped"] == int((~D.gradient_step(p, seed).kept).sum())
        assert moves["sgd"]["change"] == 0.0 and moves["adam"]["grad"] == 0.0
    assert torch.equal(torch.get_rng_state(), before)
    assert D.step_on_dropped(0.0, 1)["dropped"] == 0


@pytest.mark.parametrize("p", [0.0, 0.05, 0.5, 0.9])
def test_seeded_dropout_is_nn_dropout_bit_for_bit(p):
    """The page's masks come from a private generator; they equal nn.Dropout's after torch.manual_seed."""
    for shape in ((10**5,), (15, 100), (1, 6)):
        x = torch.randn(shape, requires_grad=True)
        torch.manual_seed(7)
        ref = nn.Dropout(p)
        a1, a2 = ref(x), ref(x)
        mine = D.SeededDropout(p, torch.Generator().manual_seed(7))
        b1, b2 = mine(x), mine(x)
        assert torch.equal(a1, b1) and torch.equal(a2, b2)
        (ga,) = torch.autograd.grad(a1.sum(), x)
        (gb,) = torch.autograd.grad(b1.sum(), x)
        assert torch.equal(ga, gb)
        assert torch.equal(mine.eval()(x), x) and torch.equal(ref.eval()(x), x)
    net = D.private(D.diagram_net(0.5).eval(), torch.Generator())
    assert sum(isinstance(m, D.SeededDropout) for m in net) == 2 and not any(m.training for m in net)

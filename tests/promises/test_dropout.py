"""Promised outcomes on "Dropout": nn.Dropout's statistics (zero fraction about p, survivors 1/(1 - p), the mean
kept, eval mode the identity), the two passes, the zero gradient of dropped units and what SGD and Adam then do
to their weights (checked with torch itself), and the side-by-side training, at the page's settings."""

import numpy as np
import pytest
import torch
from torch import nn

from core import dropout as D
from tests.conftest import charts, metrics, no_exception, open_page
from tests.promises import promise

PAGE = "pages/12_dropout.py"


def dropped_units(at) -> list[set]:
    """Per pass, the (layer, unit) of the hidden units the diagram crosses out."""
    out = []
    for data in charts(at)[:2]:
        n = data["nodes"]
        out.append(set(zip(n.layer[n.state == "dropped: 0"], n.unit[n.state == "dropped: 0"])))
    return out


@promise("dropout", "different units are crossed out and ŷ differs")
@promise("dropout", "nothing is dropped and both passes agree")
def test_two_passes_differ_in_training_and_agree_in_evaluation():
    at = open_page(PAGE, code=False)
    one, two = dropped_units(at)
    m = metrics(at)
    assert one and two and one != two
    assert m["Pass 1: output ŷ"] != m["Pass 2: output ŷ"]
    at.radio(key="mode").set_value("evaluation: model.eval()").run()
    no_exception(at)
    m = metrics(at)
    assert dropped_units(at) == [set(), set()]
    assert m["Pass 1: output ŷ"] == m["Pass 2: output ŷ"]


@promise("dropout", "Change the seed: a new random pathway")
@promise("dropout", "Move p to 0.9: most units are dropped, and the survivors are multiplied by 10")
def test_a_new_seed_and_p_09():
    at = open_page(PAGE, code=False)
    before = dropped_units(at)
    at.number_input(key="seed").set_value(2).run()
    assert dropped_units(at) != before
    at.slider(key="p").set_value(0.9).run()
    no_exception(at)
    assert metrics(at)["Value of every survivor"] == "10"
    assert all(len(d) > 6 for d in dropped_units(at))  # most of the 12 hidden units, in both passes
    s = D.dropout_stats(0.9, seed=2)
    assert s["survivor"] == s["survivor_min"] == pytest.approx(10, rel=1e-6)


@promise("dropout", "without dropout the training loss falls near 0 while the test loss stays well above it")
@promise("dropout", "With dropout the training loss stays higher (lower capacity), the fit is smoother and the test "
                    "loss is lower")
def test_train_both_at_the_defaults():
    r = D.compare(D.CompareSettings(p=0.5, seed=1))  # what Train both runs at the page's defaults
    a, b = r["runs"]["without dropout"], r["runs"]["with dropout"]
    assert a["train_loss"] < 0.03 < 0.3 < a["test_loss"] - a["train_loss"]  # near 0, far below the noise's 0.09

    def wiggle(run):  # how much the fitted curve bends: the summed size of its second differences
        return float(np.abs(np.diff(run["fit"].y.to_numpy(), 2)).sum())

    assert b["train_loss"] > a["train_loss"]
    assert wiggle(b) < wiggle(a) / 2
    assert b["test_loss"] < a["test_loss"]


# nn.Dropout as the page states it: inverted dropout, p the probability of dropping -----------------
@promise("dropout", "About 1: the expected value is kept.")
@promise("dropout", "keeps each unit's expected output equal to h, so the network needs no change between training "
                    "and evaluation")
def test_inverted_dropout_statistics():
    for p in (0.5, 0.2, 0.9):
        s = D.dropout_stats(p, seed=1)
        assert abs(s["zero_fraction"] - p) < 0.005                       # "About p."
        assert s["survivor"] == s["survivor_min"] == pytest.approx(1 / (1 - p), rel=1e-6)
        assert abs(s["mean"] - 1) < 0.01 + 0.02 * (p > 0.5)               # p = 0.9 keeps only 1 in 10: noisier
        assert s["eval_identity"]
    assert D.dropout_stats(0.5, seed=1)["survivor"] == 2.0
    h = torch.linspace(-1, 1, 7)
    drop = nn.Dropout(0.5)
    with D.seeded(0):
        mean = torch.stack([drop(h) for _ in range(20_000)]).mean(0)     # training mode: many masks
    assert torch.allclose(mean, h, atol=0.02)
    assert torch.equal(drop.eval()(h), h)


@promise("dropout", "Each unit is dropped on its own with probability p, so the count varies around p × 12")
def test_the_count_of_dropped_units_varies_around_p_times_12():
    counts = [sum(int((~k).sum()) for k in one["kept"]) for seed in range(150)
              for one in D.forward_passes(0.5, True, seed)]
    assert abs(np.mean(counts) - 6) < 0.4 and len(set(counts)) > 4


# A zero gradient, and what an optimizer step then does --------------------------------------------
def _net(p: float = 0.5) -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 6), nn.Tanh(), nn.Dropout(p), nn.Linear(6, 1))


def _step_then_measure(make_opt, earlier: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """`earlier` training steps on J = ŷ with every unit kept, then a step in which units 0-2 are dropped:
    (their incoming-weight gradient on that step, the change the step made to them, the same for the kept units)."""
    model = _net()
    opt = make_opt(model.parameters())
    x = torch.tensor([[-1.0, 2.0]])
    lin, drop = model[0], model[2]
    mask = torch.tensor([[0.0, 0.0, 0.0, 1.0, 1.0, 1.0]])
    for k in range(earlier + 1):
        keep = torch.ones_like(mask) if k < earlier else mask
        drop.register_forward_hook(lambda mod, inp, out, keep=keep: inp[0] * keep / 0.5)  # a chosen mask
        before = lin.weight.detach().clone()
        opt.zero_grad()
        model(x).sum().backward()
        grad = lin.weight.grad.clone()
        opt.step()
        drop._forward_hooks.clear()
    change = lin.weight.detach() - before
    return grad[:3], change[:3], change[3:]


@promise("dropout", "the gradient of their incoming weights is exactly 0")
@promise("dropout", "With plain gradient descent, yes; with Adam, not necessarily")
@promise("dropout", "Their gradient on this step is exactly 0, yet Adam can still move them")
@promise("dropout", "so they still move (unless every earlier gradient was 0 too)")
def test_zero_gradient_sgd_stays_adam_moves():
    grad, change, kept = _step_then_measure(lambda ps: torch.optim.SGD(ps, lr=0.01), earlier=5)
    assert torch.equal(grad, torch.zeros_like(grad))             # exactly 0, not merely small
    assert torch.equal(change, torch.zeros_like(change))         # plain SGD: W - eta * 0 = W
    assert (kept != 0).any()
    grad, change, _ = _step_then_measure(lambda ps: torch.optim.Adam(ps, lr=0.01), earlier=5)
    assert torch.equal(grad, torch.zeros_like(grad))
    assert (change != 0).all()                                   # Adam: momentum of the earlier steps
    _, change, _ = _step_then_measure(lambda ps: torch.optim.Adam(ps, lr=0.01), earlier=0)
    assert torch.equal(change, torch.zeros_like(change))         # no earlier gradient: nothing to carry over


@promise("dropout", "moved the incoming weights of all")
def test_the_pages_note_at_the_defaults():
    moves = D.step_on_dropped(0.5, seed=1)
    g = D.gradient_step(0.5, seed=1)
    assert moves["dropped"] == int((~g.kept).sum()) == 4                # pass 1's dropped units
    assert moves["sgd"] == {"grad": 0.0, "change": 0.0, "moved": 0}
    assert moves["adam"]["grad"] == 0.0 and moves["adam"]["moved"] == 4 and moves["adam"]["change"] > 1e-3
    at = open_page(PAGE, code=False)
    note = next(m.value for m in at.markdown if "stay put" in m.value)
    assert "changes the dropped units' incoming weights by 0: they stay as they are" in note
    assert f"moved the incoming weights of all 4 dropped units, by up to {moves['adam']['change']:.2g}" in note


@promise("dropout", "the others had no gradient on any earlier step either, so Adam had nothing to carry over")
def test_units_adam_leaves_had_no_earlier_gradient():
    p, seed = 0.9, 1
    moves = D.step_on_dropped(p, seed)
    assert 0 < moves["adam"]["moved"] < moves["dropped"]
    model = D.diagram_net(p).train()  # the same earlier steps, recording which hidden units ever had a gradient
    opt = torch.optim.Adam(model.parameters(), lr=D.STEP_LR)
    lins = [m for m in model if isinstance(m, nn.Linear)][:-1]
    had = [torch.zeros(m.out_features, dtype=torch.bool) for m in lins]
    x = torch.tensor([D.NET_X])
    with D.seeded(seed + 1):
        for _ in range(D.EARLIER_STEPS):
            opt.zero_grad()
            model(x).sum().backward()
            for h, m in zip(had, lins):
                h |= (m.weight.grad != 0).any(1) | (m.bias.grad != 0)
            opt.step()
    dropped = [~k for k in D.forward_passes(p, True, seed)[0]["kept"]]
    with_history = sum(int((torch.from_numpy(d) & h).sum()) for d, h in zip(dropped, had))
    assert with_history == moves["adam"]["moved"]


@promise("dropout", "each input draws its own mask, and a unit's weights get gradient from the inputs that kept it")
def test_a_batch_draws_a_mask_per_input():
    model = _net()
    X = torch.tensor([[-1.0, 2.0], [0.5, 1.0], [2.0, -1.0], [1.0, 1.0]])
    masks = []
    model[2].register_forward_hook(lambda mod, inp, out: masks.append(out != 0))
    torch.manual_seed(3)
    model.train()(X).sum().backward()
    keep = masks[0]
    assert not (keep == keep[0]).all()                           # the inputs' masks differ
    grad = model[0].weight.grad.clone()
    alone = torch.zeros_like(grad)
    for i in range(len(X)):                                       # each input alone, with its own mask
        m = _net()
        m[2].register_forward_hook(lambda mod, inp, out, i=i: inp[0] * keep[i] / 0.5)
        m.train()(X[i:i + 1]).sum().backward()
        alone += m[0].weight.grad
    assert torch.allclose(grad, alone, atol=1e-6)
    never = ~keep.any(0)                                           # a unit no input kept gets nothing
    assert torch.equal(grad[never], torch.zeros_like(grad[never]))


@promise("dropout", "It is the kept units whose outputs are doubled, by 1/(1 − p).")
def test_survivors_double_at_p_half():
    for one in D.forward_passes(0.5, True, seed=1):
        for before, after, kept in zip(one["before"], one["after"], one["kept"]):
            np.testing.assert_allclose(after[kept], 2 * before[kept], rtol=1e-6)
            assert (after[~kept] == 0).all()

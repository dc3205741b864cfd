"""The trainer: autograd + torch.optim as the lecture's loop, resumable, deterministic, and safe."""

import math

import pytest
import torch
import torch.nn.functional as F

from core import data, will_i_pass
from core.models import MLPConfig, build_mlp
from core.optimizers import OPTIMIZERS, make_optimizer, minimize
from core.trainer import TrainConfig, Trainer


def _trainer(**kw):
    ds = data.make("blobs", 200, 0.1, seed=0)
    tr, va = ds.split(0.3, seed=0)
    model = build_mlp(MLPConfig(hidden=(8,), activation="tanh"), seed=0)
    return Trainer(model, tr, va, TrainConfig(**kw))


def test_same_seed_same_history_bit_for_bit():
    a, b = _trainer(seed=3).run(200).history(), _trainer(seed=3).run(200).history()
    assert a.equals(b)
    c = _trainer(seed=4).run(200).history()
    assert not a.equals(c)  # another seed shuffles the batches differently


def test_converges_on_separable_data():
    t = _trainer(lr=0.05, optimizer="adam").run(300)
    last = t.history().iloc[-1]
    assert last.train_acc == 1.0 and last.val_acc >= 0.95
    assert last.train_loss < 0.1 < t.history().iloc[0].train_loss


def test_resumable_equals_one_run():
    one = _trainer().run(120)
    parts = _trainer()
    for _ in range(4):
        parts.run(30)
    assert one.step == parts.step == 120
    for p, q in zip(one.model.parameters(), parts.model.parameters()):
        assert torch.equal(p, q)


def test_reset_returns_to_the_same_initial_weights():
    t = _trainer()
    w0 = [p.clone() for p in t.model.parameters()]
    first = t.run(50).history()
    t.reset()
    assert t.step == 0 and len(t.history()) == 1
    assert all(torch.equal(p, q) for p, q in zip(w0, t.model.parameters()))
    assert t.run(50).history().equals(first)


def test_learning_rate_changes_mid_run_without_reset():
    t = _trainer(lr=0.01).run(20)
    state = t.opt.state_dict()["state"]
    t.set_lr(0.3)
    assert t.opt.param_groups[0]["lr"] == 0.3 and t.opt.state_dict()["state"].keys() == state.keys()
    t.run(10)
    assert t.step == 30 and t.history().lr.iloc[-1] == 0.3 and t.history().lr.iloc[1] == 0.01


def test_one_step_is_the_lecture_update_rule():
    """SGD: W <- W - eta * dJ/dW, with dJ/dW from autograd on the same mini-batch."""
    t = _trainer(optimizer="sgd", lr=0.1, batch_size=16)
    before = [p.detach().clone() for p in t.model.parameters()]
    gen = torch.Generator().manual_seed(t.cfg.seed)
    idx = torch.randperm(len(t.train_set), generator=gen)[:16]
    t.model.zero_grad()
    F.binary_cross_entropy_with_logits(t.model(t.train_set.X[idx]).squeeze(-1), t.train_set.y[idx]).backward()
    grads = [p.grad.clone() for p in t.model.parameters()]
    t.train_step()
    for b, g, p in zip(before, grads, t.model.parameters()):
        assert torch.allclose(p, b - 0.1 * g, atol=1e-7)


@pytest.mark.parametrize("batch, steps_per_epoch", [(1, 140), (32, 5), (140, 1), (10_000, 1)])
def test_batches_cover_an_epoch(batch, steps_per_epoch):
    t = _trainer(batch_size=batch)
    assert t.steps_per_epoch == steps_per_epoch
    t.run_epochs(2)
    assert t.step == 2 * steps_per_epoch and t.epoch == 2


def test_divergence_is_detected_with_a_reason():
    t = _trainer(optimizer="sgd", lr=1e6, loss="bce")
    t.run(200)
    assert t.diverged and t.step < 200
    assert t.stopped.startswith(f"diverged at step {t.step}")
    t2 = Trainer(build_mlp(MLPConfig(n_in=1, hidden=(3,)), 0), data.regression_1d(), None,
                 TrainConfig(loss="mse", optimizer="sgd", lr=1e6))
    t2.run(100)
    assert t2.diverged and ("inf" in t2.stopped or "nan" in t2.stopped or "rose" in t2.stopped)
    assert len(t2.history()) >= 2  # the history up to the blow-up is kept for the charts


def test_early_stopping_restores_the_best_weights():
    ds = data.make("spiral", 60, 0.5, seed=1)
    tr, va = ds.split(0.5, seed=1)
    model = build_mlp(MLPConfig(hidden=(64, 64), activation="relu"), seed=0)
    t = Trainer(model, tr, va, TrainConfig(lr=0.03, eval_every=5, patience=10, batch_size=8))
    t.run(3000)
    assert t.stopped and t.stopped.startswith("early stopping")
    best_loss, best_step, _ = t.best
    assert best_loss == t.history().val_loss.min()
    assert t.evaluate(va)[0] == pytest.approx(best_loss, rel=1e-6)  # the restored model is the best one


def test_snapshots_and_parameter_vector():
    t = _trainer(snapshot_every=10).run(50)
    assert len(t.snapshots) == 5 and t.snapshots[0].shape == (8 * 2 + 8 + 8 + 1,)
    assert torch.equal(t.snapshots[-1], t.parameter_vector())


def test_will_i_pass_trains_to_a_confident_pass():
    t = will_i_pass.pass_trainer(will_i_pass.PassSettings())
    assert will_i_pass.you_prediction(t.model) == pytest.approx(0.1, abs=1e-7)
    t.run_epochs(200)
    assert will_i_pass.you_prediction(t.model) > 0.5
    assert t.history().val_acc.iloc[-1] > 0.85


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_registry_builds_torch_optimizers(name):
    p = torch.nn.Parameter(torch.ones(2))
    opt = make_optimizer(name, [p], lr=0.01)
    assert isinstance(opt, torch.optim.Optimizer) and opt.param_groups[0]["lr"] == 0.01
    assert opt.param_groups[0].get("momentum", 0) == (0.9 if name == "momentum" else 0)


def test_minimize_any_objective_of_a_tensor():
    """The Lab 1 exercise: (x - 4)^2 with SGD, lr 1e-2, 500 steps from x0 = 0."""
    h = minimize(lambda x: ((x - 4) ** 2).sum(), [0.0], "sgd", 1e-2, 500)
    assert len(h) == 501
    assert h.x0.iloc[-1] == pytest.approx(4 + (0 - 4) * 0.98 ** 500, abs=1e-9)
    assert h.x0.iloc[-1] == pytest.approx(3.999835904, abs=1e-8)
    assert h.grad0.iloc[0] == -8.0


def test_minimize_stops_on_divergence():
    h = minimize(lambda x: ((x - 4) ** 2).sum() * 1e300, [0.0], "sgd", 1.1, 50)
    assert not math.isfinite(h.f.iloc[-1]) or not math.isfinite(h.x0.iloc[-1])

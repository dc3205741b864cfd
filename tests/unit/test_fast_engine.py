"""The fast engine against its oracles: autograd for the gradient, torch.optim for every update rule."""

import math

import pytest
import torch

from core import data, fast_engine, models, trainer
from core.optimizers import make_optimizer
from core.trainer import loss_fn


def _data(name="spiral", n=200, seed=0):
    return data.make(name, n, 0.1, seed).split(0.3, seed)


def _net(hidden=(8, 8), act="tanh", seed=0, dtype=torch.float64, **kw):
    return models.build_mlp(models.MLPConfig(2, hidden, act, **kw), seed).to(dtype)


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "linear"])
@pytest.mark.parametrize("loss", ["bce", "mse"])
@pytest.mark.parametrize("hidden", [(), (5,), (8, 3, 4)])
@pytest.mark.parametrize("K", [1, 3])
def test_gradient_equals_autograd(act, loss, hidden, K):
    tr, _ = _data()
    nets = [_net(hidden, act, seed=s) for s in range(K)]
    stack = fast_engine.stack_models(nets, ["sgd"] * K, [0.1] * K, loss=loss, dtype=torch.float64)
    X, y = tr.X[:37].double(), tr.y[:37].double()
    losses, g = stack.gradient(stack.prepare(X), y)
    for k, net in enumerate(nets):
        net.zero_grad()
        ref = loss_fn(loss, net(X).squeeze(-1), y)
        ref.backward()
        ref_g = torch.cat([p.grad.reshape(-1) for p in net.parameters()])
        assert losses[k].item() == pytest.approx(ref.item(), rel=1e-12)
        torch.testing.assert_close(g[k], ref_g, rtol=1e-10, atol=1e-14)


def _torch_optim_run(net, tr, opt_name, lr, steps, batch, wd=0.0, loss="bce"):
    """The oracle: autograd + torch.optim on the same mini-batches as the engine."""
    opt = make_optimizer(opt_name, net.parameters(), lr, wd)
    batches = fast_engine.Batches(tr.X.double(), tr.y.double(), batch, torch.Generator().manual_seed(3))
    for _ in range(steps):
        xb, yb = batches.next()
        opt.zero_grad()
        loss_fn(loss, net(xb).squeeze(-1), yb).backward()
        opt.step()
    return fast_engine.flatten(net)


LRS = {"sgd": 0.3, "momentum": 0.05, "adam": 0.01, "adagrad": 0.1, "rmsprop": 0.003, "adadelta": 1.0}


@pytest.mark.parametrize("opt_name", fast_engine.RULES)
@pytest.mark.parametrize("wd", [0.0, 0.01])
def test_update_rules_equal_torch_optim_over_1000_steps(opt_name, wd):
    """Float64, 1,000 steps of batch 32: the engine's weights equal torch.optim's to 1e-9 (relative)."""
    tr, _ = _data()
    lr = LRS[opt_name]
    ref = _torch_optim_run(_net(), tr, opt_name, lr, 1000, 32, wd)
    stack = fast_engine.stack_models([_net()], [opt_name], [lr], [wd], dtype=torch.float64)
    batches = fast_engine.Batches(stack.prepare(tr.X), tr.y.double(), 32, torch.Generator().manual_seed(3))
    for _ in range(1000):
        stack.step(*batches.next())
    assert not torch.equal(stack.theta[0], fast_engine.flatten(_net()))  # it trained
    torch.testing.assert_close(stack.theta[0], ref, rtol=1e-9, atol=1e-9)


def test_trainer_fast_matches_autograd_in_float32():
    """The playground's setting, float32: 300 steps of the fast Trainer stay within rtol 1e-5 of autograd."""
    tr, va = _data("spiral", 500)
    out = []
    for eng in ("autograd", "fast"):
        net = models.build_mlp(models.MLPConfig(2, (8, 8), "tanh"), 0)
        t = trainer.Trainer(net, tr, va, trainer.TrainConfig(lr=0.03, batch_size=32, eval_every=50, engine=eng))
        t.run(300)
        out.append((fast_engine.flatten(net), t.history()))
    assert out[1][1]["step"].tolist() == out[0][1]["step"].tolist()
    torch.testing.assert_close(out[1][0], out[0][0], rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(torch.tensor(out[1][1]["val_loss"].values), torch.tensor(out[0][1]["val_loss"].values),
                               rtol=1e-5, atol=1e-6)


def test_trainer_fast_keeps_the_trainer_contract():
    tr, va = _data()
    net = models.build_mlp(models.MLPConfig(2, (6,), "relu"), 1)
    t = trainer.Trainer(net, tr, va, trainer.TrainConfig(lr=0.01, engine="fast"))
    assert t.fast is not None and t.opt is None
    start = fast_engine.flatten(net).clone()
    t.run(40)
    moved = fast_engine.flatten(net).clone()
    assert not torch.equal(moved, start)                    # the model holds the trained weights
    t.set_lr(0.0)
    t.run(10)
    torch.testing.assert_close(fast_engine.flatten(net), moved)  # lr 0: no change, nothing reset
    t.reset()
    assert torch.equal(fast_engine.flatten(net), start) and t.step == 0
    dropout = models.build_mlp(models.MLPConfig(2, (6,), "relu", dropout=0.5), 1)
    t2 = trainer.Trainer(dropout, tr, va, trainer.TrainConfig(engine="fast"))
    assert t2.fast is None and t2.opt is not None           # not a plain dense net: autograd does it


def test_rows_are_independent_runs():
    """A race (one optimizer per row) equals each row trained alone."""
    tr, _ = _data()
    opts, lrs = list(fast_engine.RULES), [LRS[o] for o in fast_engine.RULES]
    race = fast_engine.stack_models([_net() for _ in opts], opts, lrs, dtype=torch.float64)
    for stack in [race]:
        batches = fast_engine.Batches(stack.prepare(tr.X), tr.y.double(), 16, torch.Generator().manual_seed(3))
        for _ in range(200):
            stack.step(*batches.next())
    for k, o in enumerate(opts):
        alone = _torch_optim_run(_net(), tr, o, lrs[k], 200, 16)
        torch.testing.assert_close(race.theta[k], alone, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("opt_name", fast_engine.RULES)
def test_a_rate_sweep_equals_each_rate_alone(opt_name):
    """One rate per row (the per-row path of every rule) equals each rate trained alone."""
    tr, _ = _data()
    sweep_lrs = [LRS[opt_name] * f for f in (0.1, 0.3, 1.0)]
    sweep = fast_engine.stack_models([_net() for _ in sweep_lrs], [opt_name] * 3, sweep_lrs, dtype=torch.float64)
    batches = fast_engine.Batches(sweep.prepare(tr.X), tr.y.double(), 16, torch.Generator().manual_seed(3))
    for _ in range(200):
        sweep.step(*batches.next())
    for k, lr in enumerate(sweep_lrs):
        alone = _torch_optim_run(_net(), tr, opt_name, lr, 200, 16)
        torch.testing.assert_close(sweep.theta[k], alone, rtol=1e-8, atol=1e-9)


def test_padded_widths_train_as_their_own_networks():
    tr, _ = _data()
    widths = [(1,), (4,), (16,)]
    nets = [_net(w, "tanh", seed=2) for w in widths]
    stack = fast_engine.stack_padded(nets, ["adam"] * 3, [0.02] * 3, dtype=torch.float64)
    batches = fast_engine.Batches(stack.prepare(tr.X), tr.y.double(), 32, torch.Generator().manual_seed(3))
    for _ in range(300):
        stack.step(*batches.next())
    for k, w in enumerate(widths):
        alone = _torch_optim_run(_net(w, "tanh", seed=2), tr, "adam", 0.02, 300, 32)
        got = fast_engine.flatten(fast_engine.unpad(stack, k, _net(w, "tanh", seed=5)))
        torch.testing.assert_close(got, alone, rtol=1e-9, atol=1e-9)


def test_train_stack_divergence_stops_one_row_only():
    tr, va = _data()
    nets = [models.build_mlp(models.MLPConfig(2, (8,), "relu"), 0) for _ in range(2)]
    stack = fast_engine.stack_models(nets, ["sgd", "sgd"], [0.1, 1e7], loss="mse")
    hist = fast_engine.train_stack(stack, tr, 200, 32, val=va, eval_every=20, names=["ok", "huge"])
    huge, ok = hist[hist.run == "huge"], hist[hist.run == "ok"]
    assert "diverged" in huge["stopped"].iloc[-1] and huge["step"].max() < 200
    assert ok["step"].max() == 200 and ok["stopped"].eq("").all()
    assert math.isfinite(ok["train_loss"].iloc[-1]) and ok["train_loss"].iloc[-1] < ok["train_loss"].iloc[0]
    assert torch.isfinite(stack.theta[0]).all()


def test_layout_refuses_what_it_cannot_train():
    assert fast_engine.layout_of(torch.nn.Linear(2, 1)) is None
    assert fast_engine.layout_of(models.build_mlp(models.MLPConfig(2, (3,), "tanh", dropout=0.2))) is None
    assert fast_engine.layout_of(models.build_mlp(models.MLPConfig(2, (3,), "tanh", n_out=2))) is None
    cfg = models.MLPConfig(2, (3, 4), "sigmoid", mean=(1.0, 2.0), std=(2.0, 3.0))
    lay = fast_engine.layout_of(models.build_mlp(cfg))
    assert lay.widths == (2, 3, 4, 1) and lay.activation == "sigmoid" and lay.size == 9 + 16 + 5
    with pytest.raises(ValueError):
        fast_engine.stack_models([_net((3,)), _net((4,))], ["sgd"] * 2, [0.1] * 2)

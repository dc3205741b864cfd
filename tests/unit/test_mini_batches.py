"""Mini-batches: per-example gradients against autograd, batch = N against the full gradient, the
variance law (exact enumeration and sampling), shared initial weights, torch.optim's SGD, the race
and the sweep (the code panel's script: tests/unit/test_codegen.py)."""

import itertools

import numpy as np
import pytest
import torch

from core import mini_batches as M

S = M.MiniSettings()


@pytest.fixture(scope="module")
def noise():
    return M.gradient_noise(S)


@pytest.fixture(scope="module")
def race():
    return M.compare_batch_sizes(S)


def flat_grad(net, X, y):
    """Autograd on a batch, written out: the oracle for every gradient on the page."""
    net.zero_grad()
    torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), y).backward()
    return torch.cat([p.grad.reshape(-1) for p in net.parameters()])


def test_per_example_gradients_are_autograd_on_each_example():
    ds, net = M.dataset(S), M.model(S)
    G = M.per_example_gradients(net, ds.X, ds.y)
    assert G.shape == (S.n, 2 * 16 + 16 + 16 + 1)
    for i in (0, 1, 77, S.n - 1):
        torch.testing.assert_close(G[i], flat_grad(net, ds.X[i:i + 1], ds.y[i:i + 1]), rtol=1e-5, atol=1e-7)


def test_mean_of_per_example_gradients_is_the_full_gradient():
    ds, net = M.dataset(S), M.model(S)
    G = M.per_example_gradients(net, ds.X, ds.y)
    torch.testing.assert_close(G.mean(0), flat_grad(net, ds.X, ds.y), rtol=1e-5, atol=1e-7)   # linearity
    torch.testing.assert_close(M.batch_gradient(net, ds.X, ds.y), flat_grad(net, ds.X, ds.y), rtol=0, atol=0)


def test_batch_of_all_n_reproduces_the_full_gradient():
    """Drawn without replacement, a batch of N is the whole data set: the full gradient, whatever the order."""
    ds, net = M.dataset(S), M.model(S)
    idx = M.draw_batches(S.n, S.n, 5, torch.Generator().manual_seed(3))
    assert all(torch.equal(row.sort().values, torch.arange(S.n)) for row in idx)
    full = flat_grad(net, ds.X, ds.y)
    for row in idx:   # the same sum in another order: equal up to float32 rounding ...
        torch.testing.assert_close(flat_grad(net, ds.X[row], ds.y[row]), full, rtol=1e-6, atol=2e-7)
    net64, X64, y64 = M.model(S).double(), ds.X.double(), ds.y.double()
    full64 = flat_grad(net64, X64, y64)
    for row in idx:   # ... and in float64 to 1e-15: the estimate is the full gradient, not an approximation
        torch.testing.assert_close(flat_grad(net64, X64[row], y64[row]), full64, rtol=1e-13, atol=1e-15)
    G = M.per_example_gradients(net64, X64, y64)
    torch.testing.assert_close(G[idx[0]].mean(0), full64, rtol=1e-13, atol=1e-15)
    # The Trainer's full-batch step is exactly gradient descent on J: W <- W - eta * dJ/dW.
    t = M.trainer(S, S.n)
    w0 = t.parameter_vector()
    t.train_step()
    torch.testing.assert_close(t.parameter_vector(), w0 - S.lr * full, rtol=0, atol=1e-7)


def test_full_batch_cloud_sits_on_the_true_gradient(noise):
    full = noise.cloud[noise.cloud.B == S.n]
    assert len(full) == S.draws
    assert np.allclose(full.u, noise.true_norm, atol=1e-12) and np.allclose(full.v, 0, atol=1e-12)
    row = noise.variance.set_index("B").loc[S.n]
    assert row.exact == 0 and row.measured < 1e-24


def test_variance_law_exactly_by_enumerating_every_batch():
    """Over all C(N, B) batches, the mean of |g_B - g|^2 is sigma^2 / B * (N - B) / (N - 1), exactly."""
    ds = M.dataset(M.MiniSettings(n=8))
    G = M.per_example_gradients(M.model(S), ds.X[:8], ds.y[:8]).double()
    g = G.mean(0)
    sigma2 = (G - g).pow(2).sum(1).mean().item()
    for b in range(1, 9):
        subsets = torch.tensor(list(itertools.combinations(range(8), b)))
        var = (G[subsets].mean(1) - g).pow(2).sum(1).mean().item()
        assert var == pytest.approx(M.exact_variance(sigma2, 8, b), rel=1e-12, abs=1e-15), b
    assert M.exact_variance(sigma2, 8, 8) == 0 and M.exact_variance(sigma2, 8, 1) == pytest.approx(sigma2)


def test_variance_law_by_sampling_on_the_pages_model(noise):
    v = noise.variance.set_index("B")
    small = v[v.index < S.n]
    rel = (small.measured / small.exact - 1).abs()
    assert (rel < 0.25).all(), rel                        # 200 draws per size: within sampling tolerance
    slope = np.polyfit(np.log(small.index[small.index <= 32]), np.log(small.measured[small.index <= 32]), 1)[0]
    assert -1.15 < slope < -0.85, slope                    # the 1/B law on log-log axes
    assert small.exact.is_monotonic_decreasing and (small.exact <= small.with_replacement).all()
    assert (small.exact < small.with_replacement)[small.index > 1].all()   # the factor (N-B)/(N-1) < 1
    spread = noise.cloud.groupby("B").v.std()
    assert spread[1] > spread[8] > spread[32] > spread[128] > 0   # the cloud shrinks as B grows


def test_fixed_batch_is_deterministic_and_the_draw_is_the_randomness():
    a, again, other = M.fixed_batch(S, 32, 4), M.fixed_batch(S, 32, 4), M.fixed_batch(S, 32, 5)
    assert a["repeat_difference"] == 0.0
    assert a["indices"] == again["indices"] and torch.equal(a["gradient"], again["gradient"])
    assert a["indices"] != other["indices"] and not torch.equal(a["gradient"], other["gradient"])
    assert len(set(a["indices"])) == 32 and a["error"] > 0


def test_runs_share_initial_weights_and_use_torch_optim_sgd():
    trainers = [M.trainer(S, b, engine="autograd") for b in S.batch_sizes]
    w = trainers[0].parameter_vector()
    for t in trainers:
        assert torch.equal(t.parameter_vector(), w)
        assert type(t.opt) is torch.optim.SGD and t.opt.param_groups[0]["lr"] == S.lr
        assert t.opt.param_groups[0]["momentum"] == 0
    assert S.batch_sizes == (1, 8, 32, 128, 256)


@pytest.mark.parametrize("b", [1, 32, 256])
def test_the_fast_engine_runs_are_torch_optim_sgd_runs(b):
    """The page trains on the fast engine (core.fast_engine); torch.optim.SGD with autograd gives the same run."""
    steps = min(200, S.epochs * S.n // b)
    fast = M.trainer(S, b).run(steps)
    slow = M.trainer(S, b, engine="autograd").run(steps)
    assert fast.fast is not None and slow.opt is not None
    torch.testing.assert_close(fast.parameter_vector(), slow.parameter_vector(), rtol=1e-5, atol=1e-6)
    assert fast.history().train_loss.tolist() == pytest.approx(slow.history().train_loss.tolist(), rel=1e-5)


def test_the_batched_sweep_equals_separate_runs():
    s = M.MiniSettings(sweep_steps=10)
    sweep = M.lr_sweep(s, lrs=(0.3, 3.0))
    for row in sweep.itertuples():
        t = M.trainer(s, row.B, row.lr, eval_every=10, engine="autograd").run(10)
        assert row.final_loss == pytest.approx(t.rows[-1]["train_loss"], rel=1e-4)


def test_race_same_examples_different_steps(race):
    end = race.groupby("B").tail(1).set_index("B")
    start = race[race.step == 0]
    assert start.train_loss.nunique() == 1 and len(start) == 5          # one shared starting point
    for b in S.batch_sizes:
        assert end.loc[b, "step"] == S.epochs * S.n // b
        assert end.loc[b, "examples"] == S.epochs * S.n
        secs = race[race.B == b].seconds
        assert secs.notna().all() and secs.is_monotonic_increasing
    # Per example seen, SGD gets furthest (it took 256 times as many steps).
    assert end.train_loss.is_monotonic_increasing


def test_per_step_larger_batches_are_only_a_little_better():
    """Five steps each: the full batch is ahead of SGD, but by far less than its 256-fold work."""
    after5 = {b: M.trainer(S, b).run(5).history().train_loss.iloc[-1] for b in S.batch_sizes}
    start = M.trainer(S, 1).history().train_loss.iloc[0]
    assert after5[S.n] < after5[1] < start
    assert abs(after5[32] - after5[S.n]) < 0.01


def test_race_is_deterministic_except_wall_time(race):
    again = M.compare_batch_sizes(S)
    cols = ["batch", "B", "step", "examples", "train_loss"]
    assert again[cols].equals(race[cols])


def test_race_matches_a_plain_trainer_run():
    t = M.trainer(S, 32, eval_every=1).run(S.epochs * S.n // 32)
    race = M.compare_batch_sizes(M.MiniSettings())
    assert race[race.B == 32].train_loss.iloc[-1] == pytest.approx(t.history().train_loss.iloc[-1], abs=0)


def test_divergence_is_reported_not_raised():
    race = M.compare_batch_sizes(M.MiniSettings(lr=1e4, epochs=1))
    assert race.diverged.any()
    assert "diverged" in M.race_summary(race) or M.race_table(race).notna().any().any()


def test_sweep_larger_batches_allow_larger_learning_rates():
    sweep = M.lr_sweep(S)
    assert len(sweep) == 5 * len(M.SWEEP_LRS)
    best = M.best_learning_rates(sweep).set_index("B")
    assert best.largest_stable_lr.tolist() == [0.3, 1.0, 3.0, 10.0, 10.0]
    assert best.largest_stable_lr.is_monotonic_increasing
    assert best.best_lr[1] < best.best_lr[128]
    # At small eta every batch size ends alike: the noise only matters once the steps are large.
    small = sweep[sweep.lr == 0.1].final_loss
    assert small.max() - small.min() < 0.03
    assert "0.3 for SGD (B = 1)" in M.sweep_summary(M.best_learning_rates(sweep))

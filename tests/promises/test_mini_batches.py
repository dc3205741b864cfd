"""What the mini-batches page promises, checked at the page's settings: the gradient cloud and the variance law,
the fixed batch, the race of batch sizes per step and per example, the large step, and the learning-rate sweep."""

import math

import numpy as np
import pytest

from core import mini_batches as M
from tests.conftest import charts, no_exception, open_page
from tests.promises import promise

PAGE = "pages/10_mini_batches.py"
SLUG = "mini_batches"
S = M.MiniSettings()                                    # the page's defaults


@promise(SLUG, "The cloud shrinks as B grows")
@promise(SLUG, "the full batch always lands exactly on the true gradient (black cross)")
def test_the_cloud_shrinks_and_the_full_batch_is_exact():
    noise = M.gradient_noise(S)
    spread = noise.cloud.groupby("B")[["u", "v"]].std()
    assert spread.u.is_monotonic_decreasing and spread.v.is_monotonic_decreasing
    full = noise.cloud[noise.cloud.B == S.n]
    assert np.allclose(full.u, noise.true_norm, rtol=1e-12) and np.allclose(full.v, 0, atol=1e-12)


@promise(SLUG, "it falls like 1/B (slope −1)")
@promise(SLUG, "makes it fall faster near n, by the factor (n−B)/(n−1), and reach 0 at B = n")
def test_the_variance_law():
    v = M.gradient_noise(S).variance.set_index("B")
    small = v[v.index <= 8]
    assert np.allclose(small.with_replacement * small.index, small.with_replacement.iloc[0])      # sigma^2 / B
    assert np.allclose(v.measured[v.index < S.n], v.exact[v.index < S.n], rtol=0.15)             # measured
    assert v.exact[S.n] == 0 and v.measured[S.n] == pytest.approx(0, abs=1e-20)
    assert v.exact[128] / v.with_replacement[128] == pytest.approx(128 / 255)


@promise(SLUG, "by the formula the variance is 255 times smaller at B = 128")
@promise(SLUG, "The typical distance from the true gradient shrinks by the square root: about 16 times")
def test_sgd_against_b_128():
    noise = M.gradient_noise(S)
    v = noise.variance.set_index("B")
    assert v.exact[1] / v.exact[128] == pytest.approx(255)
    assert v.measured[1] / v.measured[128] == pytest.approx(255, rel=0.1)
    spread = noise.cloud.groupby("B")[["u", "v"]].std()
    for axis in ("u", "v"):
        assert spread[axis][1] / spread[axis][128] == pytest.approx(16, rel=0.1)
    assert math.sqrt(v.measured[1] / v.measured[128]) == pytest.approx(16, rel=0.05)
    at = open_page(PAGE, code=False)
    cloud = charts(at)[0]["cloud"]
    assert cloud.groupby("B").v.std()[1] / cloud.groupby("B").v.std()[128] == pytest.approx(
        spread.v[1] / spread.v[128])


@promise(SLUG, "Change the draw number and a different batch, hence a different estimate, comes out")
def test_a_fixed_batch_and_another_draw():
    one, again, other = M.fixed_batch(S, 32, 0), M.fixed_batch(S, 32, 0), M.fixed_batch(S, 32, 1)
    assert one["repeat_difference"] == 0 and one["indices"] == again["indices"]
    assert one["indices"] != other["indices"] and one["error"] != other["error"]
    at = open_page(PAGE, code=False)
    assert "gives exactly the same numbers" in " ".join(c.value for c in at.caption)


@promise(SLUG, "the curves from B = 8 to the full batch nearly overlap and SGD's stays close to them")
@promise(SLUG, "Per example seen, SGD is far ahead")
def test_per_step_and_per_example():
    race = M.compare_batch_sizes(S)
    by_step = race.pivot_table(index="step", columns="B", values="train_loss")
    for step in (1, 2, 3, 6):                                                  # B = 8 ... N at the same step
        row = by_step.loc[step].drop(1).dropna()
        assert len(row) >= 3 and row.max() / row.min() < 1.05                  # within 5 %: one line on a log axis
    for step in (12, 24, 48, 96):                                              # SGD beside B = 8
        assert 0.9 < by_step.loc[step, 1] / by_step.loc[step, 8] < 1.2
    by_example = race.pivot_table(index="examples", columns="B", values="train_loss")
    end = by_example.loc[S.epochs * S.n]
    assert end[1] < 0.7 * end.drop(1).min()
    mid = by_example.loc[384, [1, 8, 32, 128]]
    assert mid[1] < 0.8 * mid.drop(1).min()


@promise(SLUG, "SGD's curve jumps about while B = 128 descends smoothly")
def test_a_large_step():
    race = M.compare_batch_sizes(M.MiniSettings(lr=1.0))                       # the preset "Large step η = 1"
    sgd = race[race.B == 1].train_loss.to_numpy()
    b128 = race[race.B == 128].train_loss.to_numpy()
    assert np.all(np.diff(b128) < 0)
    assert (np.diff(sgd) > 0).sum() >= 10 and sgd.max() > 2 * sgd[0]
    at = open_page(PAGE, code=False)
    at.button(key="preset_Large step η = 1").click().run()
    assert at.select_slider(key="lr").value == 1.0


@promise(SLUG, "Larger batches allow larger learning rates")
def test_the_sweep_at_the_pages_seed():
    best = M.best_learning_rates(M.lr_sweep(S)).set_index("B")
    stable, lowest = best.largest_stable_lr.to_numpy(), best.best_lr.to_numpy()
    assert np.all(np.diff(stable) >= 0) and stable[-1] > stable[0]
    assert np.all(np.diff(lowest) >= 0) and lowest[-1] > lowest[0]
    at = open_page(PAGE, code=False)
    at.button(key="sweep").click().run()
    no_exception(at)
    assert M.sweep_summary(M.best_learning_rates(M.lr_sweep(S))) in " ".join(c.value for c in at.caption)

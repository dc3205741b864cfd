"""Overfitting: the data, the fit against PyTorch's own trainer, the U-shaped capacity sweep
(the code panel: tests/unit/test_codegen.py)."""

import math

import pandas as pd
import pytest
import torch

from core import overfitting as O
from core.models import count_parameters
from core.trainer import TrainConfig, Trainer


@pytest.fixture(scope="module")
def lecture_sweep():
    return O.sweep(10, 0)


def test_data_are_seeded_and_the_test_set_is_held_out():
    a, b = O.train_set(10, 0), O.train_set(10, 0)
    assert torch.equal(a.X, b.X) and torch.equal(a.y, b.y)
    test = O.test_set(0)
    assert len(test) == O.N_TEST
    assert not set(a.X[:, 0].tolist()) & set(test.X[:, 0].tolist())  # no training point is a test point
    # The noise has the stated size: residuals around the true rule have std close to NOISE.
    resid = test.y - O.true_curve(test.X[:, 0])
    assert resid.std().item() == pytest.approx(O.NOISE, rel=0.15)


@pytest.mark.parametrize("hidden", [(), (2,), (16, 16), (4, 4, 4)])
def test_parameter_count_matches_torch(hidden):
    assert O.parameter_count(hidden) == count_parameters(O.build(hidden))


def test_mse_is_the_mean_of_squared_errors():
    model, ds = O.build((4,), 3), O.train_set(7, 3)
    with torch.no_grad():
        manual = ((ds.y - model(ds.X).squeeze(-1)) ** 2).sum().item() / len(ds)
    assert O.mse(model, ds) == pytest.approx(manual, rel=1e-6)


def test_fit_matches_the_shared_trainer_full_batch():
    """The page's loop is the lecture's loop: it agrees with core.trainer.Trainer on one full batch."""
    f = O.fit((4,), n_train=10, seed=1, steps=150)
    model = O.build((4,), 1)
    t = Trainer(model, O.train_set(10, 1), O.test_set(1),
                TrainConfig(loss="mse", optimizer="adam", lr=O.LR, batch_size=10, eval_every=150))
    t.run(150)
    last = t.history().iloc[-1]
    assert f.train_mse == pytest.approx(last.train_loss, rel=1e-4)
    assert f.test_mse == pytest.approx(last.val_loss, rel=1e-4)


def test_untrained_is_the_initial_network():
    f = O.untrained((2,), 10, 0)
    assert f.steps == 0 and f.params == 7
    assert f.curve["fit"].tolist() == pytest.approx(O.curve(O.build((2,), 0))["fit"].tolist())


def test_test_error_is_lowest_at_an_intermediate_capacity(lecture_sweep):
    df = lecture_sweep
    assert list(df.params) == sorted(O.parameter_count(h) for h in O.CAPACITIES)
    best = O.sweet_spot(df)
    assert 0 < best < len(df) - 1                             # neither the smallest nor the largest network
    low = df.test_mse[best]
    assert df.test_mse.iloc[0] > 1.5 * low                    # underfitting on the left ...
    assert df.test_mse.iloc[-1] > 1.5 * low                   # ... overfitting on the right: a clear U
    assert df.train_mse.iloc[-1] < 0.1 * df.train_mse.iloc[0]  # while the training error keeps falling
    assert low > O.NOISE ** 2 * 0.8                           # nobody beats the noise by much


def test_the_ideal_panel_is_the_sweet_spot(lecture_sweep):
    best = lecture_sweep.network[O.sweet_spot(lecture_sweep)]
    assert best == O.describe(O.PANELS["Ideal fit"])
    assert lecture_sweep.network.iloc[0] == O.describe(O.PANELS["Underfitting"])
    assert lecture_sweep.network.iloc[-1] == O.describe(O.PANELS["Overfitting"])


def test_small_data_and_a_huge_network_memorise():
    """The lecture's Q&A: a small dataset with a very large network memorises; more data cures it."""
    tiny = O.fit((64, 64), n_train=10, seed=0)
    assert tiny.train_mse < 0.01
    assert tiny.test_mse > 10 * tiny.train_mse
    assert O.verdict(tiny).startswith("Overfitting")
    many = O.fit((64, 64), n_train=100, seed=0)
    assert many.test_mse < tiny.test_mse / 2
    assert many.train_mse > 0.03  # with 100 points it can no longer thread them all


def test_verdicts():
    curve = pd.DataFrame({"x": [0.0], "fit": [0.0], "truth": [0.0]})
    assert O.verdict(O.Fit((), 2, 1, 0.4, 0.6, curve)).startswith("Underfitting")
    assert O.verdict(O.Fit((2,), 7, 1, 0.03, 0.17, curve)).startswith("A good fit")
    assert O.verdict(O.Fit((64, 64), 4353, 1, 0.001, 0.5, curve)).startswith("Overfitting")


def test_sweep_frame_is_the_sweep(lecture_sweep):
    fits = O.sweep_fits(10, 0)
    assert O.sweep_frame(fits).equals(lecture_sweep)


@pytest.mark.parametrize("n_train, seed", [(10, 0), (30, 1)])
def test_the_batched_sweep_equals_each_network_trained_alone(n_train, seed):
    """The sweep trains the networks of one depth together (padded, on core.fast_engine); fit() trains each
    alone with autograd and torch.optim.Adam. They agree up to float32 rounding, which a memorising
    network (training MSE near 0) amplifies most."""
    together = O.sweep_fits(n_train, seed)
    for hidden, f in zip(O.CAPACITIES, together):
        alone = O.fit(hidden, n_train, seed)
        assert f.hidden == alone.hidden and f.params == alone.params and f.steps == alone.steps
        assert f.test_mse == pytest.approx(alone.test_mse, rel=5e-3)
        assert f.train_mse == pytest.approx(alone.train_mse, rel=2e-3, abs=1e-3)
        wiggle = 0.2 if alone.train_mse < O.MEMORISED else 0.01  # between the points a memorising fit is free
        assert f.curve["fit"].tolist() == pytest.approx(alone.curve["fit"].tolist(), abs=wiggle)


def test_sweet_spot_skips_non_finite_errors():
    df = pd.DataFrame({"network": list("abc"), "params": [1, 2, 3], "train_mse": [1.0, 0.5, math.nan],
                       "test_mse": [1.0, 0.7, math.nan]})
    assert O.sweet_spot(df) == 1


def test_a_fit_in_a_new_thread_gives_the_same_numbers():
    """Streamlit reruns a page in a new thread; the numbers must not depend on it (OpenMP thread count)."""
    import threading
    main = O.fit((64, 64), 10, 0)
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("fit", O.fit((64, 64), 10, 0)))
    t.start()
    t.join()
    assert (out["fit"].train_mse, out["fit"].test_mse) == (main.train_mse, main.test_mse)

"""Early stopping: checkpoint selection, the patience rule against core.trainer.Trainer, the page's run
(its code panel's script: tests/unit/test_codegen.py)."""


import pytest
import torch

from core import early_stopping as es
from core.models import MLPConfig, build_mlp
from core.trainer import TrainConfig, Trainer

REFERENCE_VAL = [1.0, 0.8, 0.6, 0.55, 0.57, 0.6]  # nnlab's worked example, lowest at index 3 (docs/reference-values.md)


def test_reference_checkpoint_is_index_3():
    assert es.best_checkpoint(REFERENCE_VAL) == 3


def test_best_checkpoint_ties_nan_and_empty():
    assert es.best_checkpoint([0.5, 0.4, 0.4, 0.9]) == 1               # the first of equal minima
    assert es.best_checkpoint([float("nan"), 2.0, float("inf"), 1.0]) == 3
    with pytest.raises(ValueError):
        es.best_checkpoint([float("nan")])


def test_patience_rule_on_the_reference_list():
    assert es.patience_stop(REFERENCE_VAL, 1) == 4      # 0.57 is no better than 0.55
    assert es.patience_stop(REFERENCE_VAL, 2) == 5
    assert es.patience_stop(REFERENCE_VAL, 3) is None   # the run ends first
    assert es.patience_stop(REFERENCE_VAL, 0) is None   # 0 = off
    assert es.best_checkpoint(REFERENCE_VAL[: es.patience_stop(REFERENCE_VAL, 2) + 1]) == 3


@pytest.mark.parametrize("patience", [1, 3, 5])
def test_patience_rule_matches_the_trainer(patience):
    """A Trainer with patience stops where patience_stop says, and restores best_checkpoint's weights."""
    s = es.EarlySettings(steps=300, patience=patience)
    full = es.make_trainer(s).run(s.steps)
    vals = full.history().val_loss.tolist()
    stop = es.patience_stop(vals, patience)
    assert stop is not None
    train, val, _ = es.datasets(s)
    model = build_mlp(MLPConfig(n_in=1, hidden=s.hidden, activation=s.activation), s.seed)
    stopper = Trainer(model, train, val, TrainConfig(loss="mse", lr=s.lr, batch_size=len(train),
                                                     eval_every=s.eval_every, patience=patience, seed=s.seed))
    stopper.run(s.steps)
    assert stopper.stopped and stopper.step == full.history().step.iloc[stop]
    assert stopper.best[1] == full.history().step.iloc[es.best_checkpoint(vals[: stop + 1])]
    assert stopper.history().val_loss.tolist() == vals[: stop + 1]       # the same run up to the stop


@pytest.fixture(scope="module")
def default_run():
    return es.run(es.EarlySettings())


def test_default_split_is_70_30(default_run):
    train, val, test = es.datasets(es.EarlySettings())
    assert (len(train), len(val), len(test)) == (14, 6, es.TEST_N)
    assert (default_run.points.set == "training").sum() == 14
    assert default_run.n_params == (1 * 32 + 32) + (32 * 32 + 32) + (32 * 1 + 1) == 1153


def test_default_run_overfits_and_early_stopping_helps(default_run):
    r, h = default_run, default_run.history
    assert len(h) == 500 // 10 + 1 and h.step.iloc[-1] == 500
    i = r.best_index
    # The validation curve turns up inside the run: its minimum is well before the end and clearly lower.
    assert 0 < i < len(h) // 2
    assert h.val_loss.iloc[-1] > 1.5 * h.val_loss.iloc[i]
    # Training loss keeps decreasing after the checkpoint (memorisation).
    assert r.train_after_restored and h.train_loss.iloc[-1] < 0.5 * h.train_loss.iloc[i]
    # Patience 5 at every 10 steps stops 50 steps after the minimum and restores it.
    assert r.stop_index == i + 5 and r.restored_index == i
    assert r.test_restored < r.test_final


def test_restored_and_final_test_losses_are_those_models(default_run):
    s = es.EarlySettings()
    t = es.make_trainer(s).run(s.steps)
    _, _, test = es.datasets(s)
    final = torch.nn.functional.mse_loss(t.model(test.X).squeeze(-1), test.y).item()
    assert default_run.test_final == pytest.approx(final, abs=1e-7)
    t.restore_best()   # the whole run's best = the restored one here (the minimum comes before the stop)
    assert default_run.test_restored == pytest.approx(es.test_loss(t.model, test), abs=1e-7)
    fit = default_run.fit
    assert fit.restored.std() > 0 and (fit.restored - fit.final).abs().max() > 0.1


def test_stop_never_reached_restores_the_best_of_the_run():
    r = es.run(es.EarlySettings(steps=100, patience=20, eval_every=50))
    assert r.stop_index is None and r.restored_index == r.best_index


def test_same_settings_same_numbers_and_controls_matter(default_run):
    again = es.run(es.EarlySettings())
    assert again.history.equals(default_run.history) and again.test_restored == default_run.test_restored
    for kw in ({"seed": 2}, {"val_pct": 50}, {"eval_every": 20}):
        other = es.run(es.EarlySettings(**kw))
        assert not other.history.equals(default_run.history), kw


def test_truth_fit_is_the_rule_without_noise():
    f = es.truth_fit()
    x = torch.tensor(f.x.values)
    assert torch.allclose(torch.tensor(f.truth.values), torch.sin(1.5 * x) + x / 3, atol=1e-6)
    assert f.restored.isna().all() and f.final.isna().all()

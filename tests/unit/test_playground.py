"""The Playground's core: features, regression data, L1, seeded dropout, play/step/reset semantics, hand
edits, the confusion matrix, the drawn grids, each against PyTorch or a closed form
(the standalone script: tests/unit/test_codegen.py)."""

from dataclasses import replace
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core import playground as pg
from core.playground import session
from core.models import grid, linear_layers

D = pg.PlaySettings()


def test_features_are_the_closed_forms():
    X = torch.tensor([[1.0, 2.0], [-0.5, 3.0]])
    out = pg.featurize(X, tuple(pg.FEATURES))
    x1, x2 = X[:, 0], X[:, 1]
    want = torch.stack([x1, x2, x1 ** 2, x2 ** 2, x1 * x2, torch.sin(x1), torch.sin(x2)], 1)
    assert torch.equal(out, want)
    with pytest.raises(ValueError):
        pg.featurize(X, ())


def test_regression_surfaces():
    p = pg.plane(50, 0.0, 3)
    assert torch.allclose(p.y, (p.X[:, 0] + p.X[:, 1]) / 12) and p.task == "regression"
    m = pg.multi_gaussian(50, 0.0, 3)
    x = m.X[7]
    want = sum(s * math.exp(-((x[0] - cx) ** 2 + (x[1] - cy) ** 2) / (2 * 1.6 ** 2)) for cx, cy, s in pg.GAUSSIANS)
    assert m.y[7].item() == pytest.approx(float(want), abs=1e-6)
    assert (p.X.abs() <= 6).all() and torch.equal(pg.plane(50, 0.0, 3).X, p.X)   # seeded


def test_every_dataset_builds_and_trains_an_epoch():
    for name in pg.DATASETS:
        if name == "upload":
            continue
        s = replace(D, data=name)
        sess = pg.Session(s)
        sess.step_epoch()
        assert sess.epoch == 1 and sess.s.task == pg.DATASETS[name][1]
        assert sess.s.loss_used == ("mse" if s.task == "regression" else "bce")


def test_l1_step_matches_autograd_of_the_penalised_loss():
    s = replace(D, optimizer="sgd", lr=0.1, l1=0.01, batch=1024)
    sess = pg.Session(s)
    t = sess.trainer
    before = [p.detach().clone() for p in t.model.parameters()]
    X, y = t.train_set.X, t.train_set.y
    # the same full-batch step by hand: J(W) + lambda * sum |w| over the weight matrices
    ref = pg.build_model(s, sess.train)
    out = ref(X).squeeze(-1)
    J = F.binary_cross_entropy_with_logits(out, y) + 0.01 * sum(m.weight.abs().sum() for m in linear_layers(ref))
    grads = torch.autograd.grad(J, list(ref.parameters()))
    t.train_step()
    for b, g, p in zip(before, grads, t.model.parameters()):
        assert torch.allclose(p, b - 0.1 * g, atol=1e-6)


def test_seeded_dropout_is_inverted_dropout_and_private():
    d = pg.SeededDropout(0.3, seed=5)
    x = torch.ones(200_000)
    y = d.train()(x)
    assert (y == 0).float().mean().item() == pytest.approx(0.3, abs=0.01)
    assert torch.allclose(y[y != 0], torch.full_like(y[y != 0], 1 / 0.7))
    torch.manual_seed(0)
    d.reseed()
    a = d(x[:50])
    torch.manual_seed(123)            # the global RNG does not matter
    d.reseed()
    assert torch.equal(a, d(x[:50]))
    assert torch.equal(d.eval()(x), x)


def test_step_is_exactly_one_epoch():
    sess = pg.Session(replace(D, batch=16))
    sess.step_epoch()
    assert sess.trainer.step == math.ceil(len(sess.train) / 16) and sess.epoch == 1
    assert sess.trainer.history().epoch.tolist() == [0, 1]


def test_reset_returns_the_initial_weights_and_the_same_run():
    sess = pg.Session(D)
    w0 = [p.detach().clone() for p in sess.trainer.model.parameters()]
    for _ in range(3):
        sess.step_epoch()
    first = sess.trainer.history()
    assert not torch.equal(w0[0], next(sess.trainer.model.parameters()))
    sess.reset()
    assert all(torch.equal(a, b) for a, b in zip(w0, sess.trainer.model.parameters())) and sess.epoch == 0
    for _ in range(3):
        sess.step_epoch()
    assert sess.trainer.history().equals(first)      # the same run again: same batches, same numbers
    other = pg.Session(replace(D, seed=1))          # another seed: other initial weights
    assert not torch.equal(w0[0], next(other.trainer.model.parameters()))


def test_lr_changes_mid_run_without_reset():
    sess = pg.Session(D)
    sess.step_epoch()
    w = [p.detach().clone() for p in sess.trainer.model.parameters()]
    assert sess.update(replace(D, lr=0.3)) == "lr"
    assert sess.trainer.lr == 0.3 and sess.epoch == 1
    assert all(torch.equal(a, b) for a, b in zip(w, sess.trainer.model.parameters()))
    sess.step_epoch()
    assert pg.lr_changes(sess.trainer.history(), 0.3) == {1: D.lr, 2: 0.3}


def test_regenerate_keeps_the_weights_and_other_changes_reset():
    sess = pg.Session(D)
    sess.step_epoch()
    w = [p.detach().clone() for p in sess.trainer.model.parameters()]
    X = sess.train.X.clone()
    assert sess.update(replace(D, dseed=1)) == "data"
    assert not torch.equal(X, sess.train.X) and sess.epoch == 1
    assert all(torch.equal(a, b) for a, b in zip(w, sess.trainer.model.parameters()))
    assert sess.update(replace(D, dseed=1, activation="relu")) == "reset" and sess.epoch == 0


def test_hand_edits_change_the_model():
    sess = pg.Session(replace(D, hidden=(3,)))
    params = pg.weights(sess.trainer.model)
    assert [W.shape for W, _ in params] == [(2, 3), (3, 1)]
    sess.edit(1, np.zeros((3, 1)), np.array([2.0]))        # output ignores the hidden units: sigmoid(2)
    shades = pg.output_grid(sess.trainer.model, sess.s, sess.box, n=10)
    assert np.allclose(shades, 1 / (1 + math.exp(-2)))
    discrete = pg.output_grid(sess.trainer.model, sess.s, sess.box, n=10, discretize=True)
    assert np.array_equal(discrete, np.ones((10, 10)))
    assert sess.edits == 1
    sess.reset()
    assert np.array_equal(pg.weights(sess.trainer.model)[1][0], params[1][0])


def test_output_grid_is_the_models_probability():
    sess = pg.Session(replace(D, features=("x1", "x1x2", "sin2")))
    sess.step_epoch()
    m = sess.trainer.model.eval()
    want = torch.sigmoid(m(pg.featurize(grid(*pg.BOX, 100), sess.s.features))).reshape(100, 100)
    assert np.allclose(pg.output_grid(m, sess.s, pg.BOX), want.detach().numpy(), atol=1e-6)


def test_unit_thumbnails_are_capped():
    s = replace(D, hidden=(16,) * 6)
    sess = pg.Session(s)
    units, total = pg.unit_grids(sess.trainer.model, s, sess.box)
    assert total == 96 and len(units) == 32 and max(u["unit"] for u in units) == 8
    assert units[0]["grid"].shape == (pg.THUMB, pg.THUMB) and 0 <= units[0]["grid"].min() <= units[0]["grid"].max() <= 1


def test_confusion_matrix_agrees_with_the_accuracy():
    sess = pg.Session(D)
    for _ in range(5):
        sess.step_epoch()
    cm = pg.confusion(sess.trainer.model, sess.trainer.test_set, "bce").to_numpy()
    _, acc = sess.trainer.evaluate(sess.trainer.test_set)
    assert cm.sum() == len(sess.test) and (cm[0, 0] + cm[1, 1]) / cm.sum() == pytest.approx(acc)
    assert cm[1].sum() == int(sess.test.y.sum())


def test_divergence_stops_with_a_message():
    sess = pg.Session(replace(D, optimizer="sgd", lr=10.0, loss="mse", activation="relu", hidden=(16, 16, 16)))
    for _ in range(30):
        sess.step_epoch()
    msg = sess.stop_message()
    assert sess.trainer.diverged and msg.startswith("diverged at step") and "(in epoch" in msg
    snap = sess.snapshot()
    assert snap["stopped"] == msg and snap["shades"].shape == (100, 100)


def test_early_stopping_in_epochs():
    sess = pg.Session(replace(D, data="circles", noise=50, train_pct=10, hidden=(16, 16), patience=3))
    for _ in range(200):
        sess.step_epoch()
    assert sess.trainer.stopped and sess.stop_message().startswith("early stopping at epoch")


def test_a_run_ends_at_max_epochs(monkeypatch):
    monkeypatch.setattr(session, "MAX_EPOCHS", 3)  # where Session reads it
    sess = pg.Session(D)
    assert sess.play_chunk(60.0) == 3 and sess.epoch == 3 and sess.done
    sess.step_epoch()
    assert sess.epoch == 3 and sess.stop_message().startswith("this run has reached 3 epochs")
    sess.reset()
    assert not sess.done


def test_live_image_layers_are_double_buffered():
    import pandas as pd

    from ui.charts.playground import Buffers
    b = Buffers()
    frame = [pd.DataFrame({"url": [f"u{i}"]}) for i in range(4)]
    first = b("image", frame[0], live=False)
    assert first["image"] is frame[0] and first["image_under"] is frame[0]
    one = b("image", frame[1], live=True)           # the top layer takes the new picture...
    assert one["image"] is frame[1] and one["image_under"] is frame[0]
    two = b("image", frame[2], live=True)           # ...then the layer under it, while the top stays as it was
    assert two["image"] is frame[1] and two["image_under"] is frame[2]
    three = b("image", frame[3], live=True)
    assert three["image"] is frame[3] and three["image_under"] is frame[2]


def test_history_reports_the_test_set_and_validates_only_with_early_stopping():
    from ui.charts.playground import curve_spec
    off = pg.Session(D)
    off.step_epoch()
    h = off.trainer.history()
    assert off.trainer.val_set is None and h.val_loss.isna().all()
    assert h.test_loss.iloc[-1] == pytest.approx(off.trainer.evaluate(off.trainer.test_set)[0])
    spec = curve_spec(h, "loss", "loss")
    assert set(spec["datasets"]["curve"].series) == {"training", "test"}
    assert spec["encoding"]["color"]["scale"]["domain"] == ["training", "test"]   # no legend entry for validation
    on = pg.Session(replace(D, patience=5))
    on.step_epoch()
    h = on.trainer.history()
    assert h.val_loss.iloc[-1] == pytest.approx(on.trainer.evaluate(on.trainer.val_set)[0])
    assert len(on.val) + len(on.train) == len(off.train) and torch.equal(on.test.X, off.test.X)
    assert set(on.points().set) == {"training", "validation", "test"} and set(off.points().set) == {"training", "test"}
    assert set(curve_spec(h, "loss", "loss")["datasets"]["curve"].series) == {"training", "validation", "test"}

"""The Playground's promises, each performed at the settings it names: Play is Session.step_epoch in a loop (the
page's live loop calls it through Session.play_chunk), a control change is Session.update, as the page does."""

from dataclasses import replace
import math

import numpy as np
import torch
import torch.nn.functional as F

from core import playground as pg
from core.codegen import playground as cg
from core.playground import own_data
from core.data import Dataset
from core.models import grid, linear_layers
from tests.conftest import metrics, no_exception, open_page, run_script
from tests.promises import promise

PAGE = "pages/14_playground.py"
D = pg.PlaySettings()
# "Circle, noise 30, training data 20 %, 3 hidden layers of 16, learning rate 0.01"
OVERFIT = replace(D, data="circles", noise=30, train_pct=20, hidden=(16, 16, 16), lr=0.01)


def play(sess: pg.Session, epochs: int) -> pg.Session:
    for _ in range(epochs):
        sess.step_epoch()
    return sess


def weights(sess: pg.Session) -> list[torch.Tensor]:
    return [p.detach().clone() for p in sess.trainer.model.parameters()]


def same(a, b) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b))


# Try this 1 -------------------------------------------------------------------------------------
@promise("playground", "Within 100 epochs the test accuracy passes 95 %")
def test_the_spiral_passes_95_percent_within_100_epochs():
    h = play(pg.Session(D), 100).trainer.history()
    assert (h.test_acc > 0.95).any() and h.test_acc.iloc[-1] > 0.95


def _direction_spread(model, s, layer: int) -> list[float]:
    """For each unit of a hidden layer: the smallest |cos| between its output's gradient direction at a point of
    the plane and the unit's main direction. 1 for a unit whose maps has straight, parallel edges (a function of
    one line's distance), well below 1 where the edges bend."""
    X = grid(*pg.BOX, 24).requires_grad_(True)
    h, outs = pg.featurize(X, s.features), []
    for m in model.eval():                                   # hidden_outputs, with gradients
        h = m(h)
        if isinstance(m, torch.nn.Tanh):
            outs.append(h)
    out = outs[layer - 1]
    spread = []
    for u in range(out.shape[1]):
        g = torch.autograd.grad(out[:, u].sum(), X, retain_graph=True)[0]
        norm = g.norm(dim=1)
        g = g[norm > 1e-3 * norm.max()]
        d = g / g.norm(dim=1, keepdim=True)
        main = torch.linalg.eigh(d.T @ d).eigenvectors[:, -1]
        spread.append(float((d @ main).abs().min()))
    return spread


@promise("playground", "the unit maps show layer 1 drawing straight edges and layer 2 bending them")
def test_layer_1_units_have_straight_edges_and_layer_2_units_bend():
    sess = play(pg.Session(D), 100)
    model = sess.trainer.model
    assert min(_direction_spread(model, D, 1)) > 0.999           # every layer-1 map: straight, parallel edges
    bent = [c for c in _direction_spread(model, D, 2) if c < 0.9]
    assert len(bent) >= 4                                       # most of the 8 layer-2 maps bend


@promise("playground", "no line separates a ring from its centre: the loss stays near 0.69 (ln 2, no better than "
                       "ŷ = 0.5 everywhere) and the test accuracy about 50 % or less: no better than a coin toss")
def test_one_perceptron_on_the_circle_stays_at_chance():
    for seed in (0, 1, 2):                       # the page's seed 0, and two others: not a lucky draw
        h = play(pg.Session(replace(D, data="circles", hidden=(), seed=seed)), 300).trainer.history()
        late = h[h.epoch >= 10]
        assert late.test_loss.between(math.log(2) - 0.01, math.log(2) + 0.02).all(), seed
        assert late.train_loss.between(math.log(2) - 0.01, math.log(2) + 0.02).all(), seed
        assert late.test_acc.median() <= 0.5 and late.test_acc.max() <= 0.6, seed
        if seed == 0:                            # the page's own run never passes 50 %
            assert late.test_acc.max() <= 0.5


@promise("playground", "Switch the inputs to x₁² and x₂² only: the same perceptron reaches 100 %")
def test_squared_inputs_let_one_perceptron_separate_the_circle():
    sess = play(pg.Session(replace(D, data="circles", hidden=(), features=("x1sq", "x2sq"))), 100)
    assert sess.trainer.history().test_acc.iloc[-1] == 1.0 and sess.scores()["train_acc"] == 1.0


# Try this 2 -------------------------------------------------------------------------------------
@promise("playground", "Pause at about epoch 50 (training loss near 0.25). Set the learning rate to 3 and press "
                       "Step: in that one epoch the training loss jumps above 2, the test accuracy drops to about 50 % "
                       "and the boundary scrambles")
@promise("playground", "Set it back to 0.03 and press Play: no reset, the epochs count on and the loss falls again, "
                       "but the test accuracy stays far below where it was for 200 epochs and more")
def test_a_learning_rate_of_3_mid_run_undoes_the_learning():
    for big_epochs in (1, 3):                    # Step once at 3 (as the item says), or a few times
        sess = play(pg.Session(D), 50)
        before = sess.scores()
        assert 0.2 < before["train_loss"] < 0.3
        picture = pg.output_grid(sess.trainer.model, D, sess.box, discretize=True)
        assert sess.update(replace(D, lr=3.0)) == "lr"
        play(sess, 1)
        jumped = sess.scores()
        assert jumped["train_loss"] > 2 and 0.4 <= jumped["test_acc"] <= 0.6
        assert (pg.output_grid(sess.trainer.model, D, sess.box, discretize=True) != picture).mean() > 0.2
        play(sess, big_epochs - 1)
        at_switch = sess.scores()["train_loss"]
        assert sess.update(replace(D, lr=0.03)) == "lr" and sess.epoch == 50 + big_epochs   # no reset
        accs = []
        for _ in range(200):
            sess.step_epoch()
            accs.append(sess.scores()["test_acc"])
            if len(accs) == 30:
                assert sess.scores()["train_loss"] < at_switch
        assert max(accs) < before["test_acc"] - 0.1 and sess.epoch == 250 + big_epochs


# Try this 3 -------------------------------------------------------------------------------------
def _plain_run() -> pg.Session:
    return play(pg.Session(OVERFIT), 300)


@promise("playground", "The training loss keeps falling, below 0.1 by epoch 300, while the test loss is lowest "
                       "after a few dozen epochs and then climbs (over-fitting)")
def test_a_big_network_on_few_noisy_points_over_fits():
    h = _plain_run().trainer.history()
    assert h.train_loss.iloc[-1] < 0.1 and h.train_loss.iloc[-1] < h.train_loss.iloc[100]
    best = h.test_loss.idxmin()
    assert 20 <= h.epoch[best] <= 100
    assert h.test_loss.iloc[-1] > h.test_loss[best] + 0.1


@promise("playground", "Now set early stopping's patience to 20 and Play again: it stops within 100 epochs, "
                       "restores the weights of the lowest validation loss, and ends with a lower test loss than the "
                       "run without it at epoch 300")
@promise("playground", "the weights with the lowest validation loss are restored")
def test_early_stopping_stops_early_restores_the_validation_minimum_and_tests_better():
    plain = _plain_run().trainer.history().test_loss.iloc[-1]
    sess = play(pg.Session(replace(OVERFIT, patience=20)), 300)
    t, h = sess.trainer, sess.trainer.history()
    assert t.stopped and not t.diverged and sess.epoch <= 100 and sess.stop_message().startswith("early stopping")
    best = h.val_loss.idxmin()
    assert t.best[1] == h.step[best]                                  # the lowest validation loss of the run
    now = sess.scores()
    assert now["val_loss"] == h.val_loss[best]                        # ...and its weights are the ones restored
    assert now["test_loss"] < plain


@promise("playground", "Or try dropout 0.3 instead: by epoch 300 its test loss, too, is lower than without it")
def test_dropout_keeps_the_test_loss_lower():
    plain = _plain_run().scores()
    dropped = play(pg.Session(replace(OVERFIT, dropout=0.3)), 300).scores()
    assert dropped["test_loss"] < plain["test_loss"] and dropped["train_loss"] > plain["train_loss"]


# Validation, not test: what early stopping watches ----------------------------------------------------
def _until_done(sess: pg.Session, limit: int = 300) -> pg.Session:
    while not sess.done and sess.epoch < limit:
        sess.step_epoch()
    return sess


def _with(sess: pg.Session, **flip) -> pg.Session:
    """The same session with the labels of its validation or test set flipped before training starts."""
    sets = {"val": sess.val, "test": sess.test}
    for name in flip:
        ds = sets[name]
        sets[name] = Dataset(ds.X, 1 - ds.y, ds.name, ds.task, ds.features)
    sess.trainer = pg.make_trainer(sess.s, sess.train, sets["test"], sets["val"])
    return sess


@promise("playground", "The test set plays no part in it.")
@promise("playground", "the test points are never used to train or to stop")
def test_the_stop_depends_on_the_validation_labels_not_the_test_labels():
    s = replace(OVERFIT, patience=20)
    plain = _until_done(pg.Session(s))
    test_flipped = _until_done(_with(pg.Session(s), test=True))
    assert plain.trainer.stopped and plain.epoch == test_flipped.epoch
    assert plain.trainer.best[1] == test_flipped.trainer.best[1] and same(weights(plain), weights(test_flipped))
    assert abs(plain.scores()["test_loss"] - test_flipped.scores()["test_loss"]) > 0.1   # the flip did change the test
    val_flipped = _until_done(_with(pg.Session(s), val=True))
    assert (val_flipped.epoch, val_flipped.trainer.best[1]) != (plain.epoch, plain.trainer.best[1])


@promise("playground", "of them as validation points and watches their loss")
def test_validation_is_held_out_of_the_training_points_only_with_early_stopping():
    off = pg.Session(OVERFIT)
    assert off.val is None and len(off.train) == 100 and len(off.test) == 400
    on = pg.Session(replace(OVERFIT, patience=20))
    assert len(on.val) == round(100 * pg.VAL_PCT / 100) and len(on.train) + len(on.val) == 100
    assert torch.equal(on.test.X, off.test.X)                          # the test set is the same either way
    rows = {tuple(x) for x in off.train.X.tolist()}
    assert {tuple(x) for x in on.train.X.tolist()} | {tuple(x) for x in on.val.X.tolist()} == rows
    assert len(on.trainer.train_set) == len(on.train)                  # the validation points are not trained on


@promise("playground", "(learning-rate changes and early stopping included): it prints the training and test loss "
                       "shown here")
def test_the_script_stops_where_the_page_stops():
    sess = _until_done(pg.Session(replace(OVERFIT, patience=5)), 60)
    assert sess.trainer.stopped
    out = run_script(cg.playground_code(sess.s, sess.epoch, pg.lr_changes(sess.trainer.history(), sess.s.lr)))
    best = round(sess.trainer.best[1] / sess.trainer.steps_per_epoch)
    assert f"early stopping in epoch {sess.epoch}; lowest validation loss in epoch {best}" in out
    now = sess.scores()
    assert out.strip().splitlines()[-1] == (f"training loss {now['train_loss']:.6f}  test loss {now['test_loss']:.6f}  "
                                            f"test accuracy {now['test_acc']:.4f}  validation loss "
                                            f"{now['val_loss']:.6f}")


# Check yourself ---------------------------------------------------------------------------------
@promise("playground", "its boundary w₀ + XᵀW = 0 is a straight line, which separates the two clusters but not a "
                       "ring or a spiral")
def test_one_perceptron_separates_the_clusters_only():
    acc = {data: play(pg.Session(replace(D, data=data, hidden=())), 100).scores()["test_acc"]
           for data in ("blobs", "circles", "spiral")}
    assert acc["blobs"] >= 0.98 and acc["circles"] < 0.6 and acc["spiral"] < 0.7


# The formula's caption, the how-to and the other boxes --------------------------------------------------------
@promise("playground", "the L2 term (the optimizer's weight_decay) over every parameter, biases included")
def test_l2_decays_the_biases_too():
    s = replace(D, optimizer="sgd", lr=0.1, l2=0.01, batch=1024)
    sess = pg.Session(s)
    t = sess.trainer
    before = weights(sess)
    ref = pg.build_model(s, sess.train)
    X, y = t.train_set.X, t.train_set.y
    J = F.binary_cross_entropy_with_logits(ref(X).squeeze(-1), y)
    J = J + 0.01 / 2 * sum((p ** 2).sum() for p in ref.parameters())          # weights and biases
    grads = torch.autograd.grad(J, list(ref.parameters()))
    t.train_step()
    for b, g, p in zip(before, grads, t.model.parameters()):
        assert torch.allclose(p, b - 0.1 * g, atol=1e-6)


@promise("playground", "with MSE, ŷ is the sum itself")
def test_mse_uses_the_output_without_a_sigmoid():
    sess = pg.Session(replace(D, loss="mse"))
    model, ds = sess.trainer.model, sess.trainer.train_set
    assert isinstance(model[-1], torch.nn.Linear)
    with torch.no_grad():
        assert sess.scores()["train_loss"] == F.mse_loss(model.eval()(ds.X).squeeze(-1), ds.y).item()


@promise("playground", "Step trains exactly one epoch (one pass over the training set)")
@promise("playground", "Reset returns to the same initial weights")
@promise("playground", "While it plays, change the learning rate, the L1 and L2 penalties, dropout, the batch size or "
                       "the noise: the network carries on with the new setting. Regenerate draws new data and keeps "
                       "the weights. Any other change (data set, features, layers, activation, loss, optimizer, seed, "
                       "ratio of training data, early stopping) starts a new network")
def test_step_reset_learning_rate_regenerate_and_other_changes():
    sess = pg.Session(D)
    w0 = weights(sess)
    sess.step_epoch()
    assert sess.epoch == 1 and sess.trainer.step == math.ceil(len(sess.train) / D.batch)
    w1 = weights(sess)
    assert sess.update(replace(D, lr=0.1)) == "lr" and same(w1, weights(sess)) and sess.epoch == 1
    X = sess.train.X.clone()
    assert sess.update(replace(D, lr=0.1, dseed=1)) == "data" and same(w1, weights(sess))
    assert not torch.equal(X, sess.train.X)
    sess.reset()
    assert sess.epoch == 0 and same(w0, weights(sess))
    assert sess.update(replace(D, lr=0.1, dseed=1, hidden=(4,))) == "reset" and sess.epoch == 0
    sess.step_epoch()
    w2 = weights(sess)
    for knob, value in (("l1", 0.001), ("l2", 0.01), ("dropout", 0.2), ("batch", 8), ("noise", 20)):
        assert sess.update(replace(sess.s, **{knob: value})) in ("live", "data")  # carries on: same weights, epoch
        assert same(w2, weights(sess)) and sess.epoch == 1, knob
    for knob, value in (("data", "circles"), ("features", ("x1", "x2", "x1sq")), ("activation", "relu"),
                        ("loss", "mse"), ("optimizer", "sgd"), ("seed", 1), ("train_pct", 60), ("patience", 5)):
        assert sess.update(replace(sess.s, **{knob: value})) == "reset" and sess.epoch == 0, knob


@promise("playground", "Hand edits are not in the URL; Reset undoes them.")
@promise("playground", "the inputs of layer 1 are the standardised features")
def test_hand_edits_and_the_standardised_inputs():
    sess = pg.Session(D)
    w0 = weights(sess)
    sess.edit(0, np.zeros((2, 8)), np.ones(8))
    assert not same(w0, weights(sess))
    sess.reset()
    assert same(w0, weights(sess))
    inputs = sess.trainer.model[0](sess.trainer.train_set.X)      # what layer 1 receives
    assert torch.allclose(inputs.mean(0), torch.zeros(2), atol=1e-5)
    assert torch.allclose(inputs.std(0), torch.ones(2), atol=1e-5)


@promise("playground", "No hidden layers: the network is a single perceptron, so its boundary is a line")
def test_no_hidden_layers_is_one_linear_unit():
    sess = play(pg.Session(replace(D, hidden=())), 3)
    (layer,) = linear_layers(sess.trainer.model)
    Z = sess.trainer.model[0](sess.trainer.train_set.X)
    with torch.no_grad():
        want = Z @ layer.weight.T + layer.bias                      # w₀ + XᵀW on the standardised inputs
        assert torch.allclose(sess.trainer.model(sess.trainer.train_set.X), want, atol=1e-6)


@promise("playground", "Regression data have no classes: the network is trained with MSE whatever the Loss setting.")
def test_regression_trains_with_mse_even_when_bce_is_chosen():
    at = open_page(PAGE, {"data": "Plane (regression)", "loss": "BCE"})
    no_exception(at)
    assert any("trained with MSE whatever the Loss setting" in c.value for c in at.caption)
    sess = at.session_state["pg_session"]
    assert sess.s.loss == "bce" and sess.trainer.cfg.loss == "mse" and "Test RMSE" in metrics(at)


@promise("playground", "No file yet: the playground shows the circle data meanwhile.")
@promise("playground", "Choose at least one input feature; using x₁ and x₂ meanwhile.")
def test_fallbacks_use_what_they_say():
    at = open_page(PAGE, {"data": "Your own CSV", "fx1": "false", "fx2": "false"})
    no_exception(at)
    sess = at.session_state["pg_session"]
    assert sess.s.data == "circles" and sess.s.features == ("x1", "x2")
    assert torch.equal(sess.full.X, pg.make_data(replace(D, data="circles")).X)


@promise("playground", "The playground keeps using your previous file.")
def test_a_bad_upload_keeps_the_previous_data():
    good = b"x1,x2,label\n" + b"".join(f"{i % 7 - 3},{i % 5 - 2},{i % 2}\n".encode() for i in range(40))
    at = open_page(PAGE, {"data": "Your own CSV"})
    at.file_uploader(key="pg_file").set_value(("mine.csv", good, "text/csv")).run()
    X = at.session_state["pg_session"].full.X.clone()
    at.file_uploader(key="pg_file").set_value(("bad.csv", b"x1,x2\n1,2\n", "text/csv")).run()
    no_exception(at)
    assert at.error and torch.equal(at.session_state["pg_session"].full.X, X)


@promise("playground", "Every control is in the page's URL, so a link reproduces a setting exactly.")
@promise("playground", "hidden controls keep the values in the link")
def test_the_link_reproduces_the_setting_and_hides_what_it_names():
    at = open_page(PAGE, {"data": "Circle", "noise": "20", "layers": "1", "pat": "5"})
    at.multiselect(key="pg_hide_pick").set_value(["Learning rate", "Optimizer"]).run()
    link = next(c.value for c in at.code if "hide=" in c.value)
    query = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
    again = open_page(PAGE, query)
    no_exception(again)
    assert again.session_state["pg_session"].s == at.session_state["pg_session"].s
    keys = {w.key for w in [*again.select_slider, *again.selectbox]}
    assert "lr" not in keys and "opt" not in keys and "data" in keys


@promise("playground", "1024 is always the full training set (full-batch gradient descent)")
def test_batch_1024_is_one_step_per_epoch_even_at_the_largest_training_set():
    sess = pg.Session(replace(D, train_pct=90, batch=1024))
    assert len(sess.train) == 450 and sess.trainer.steps_per_epoch == 1
    assert max(pg.N_POINTS, own_data.MAX_ROWS) * 0.9 < 1024                 # an uploaded file is no larger


GOOD_CSV = b"x1,x2,label\n" + b"".join(f"{i % 7 - 3},{i % 5 - 2},{i % 2}\n".encode() for i in range(40))


@promise("playground", "The playground shows the circle data until a file is accepted.")
def test_the_uploader_sits_under_the_data_menu_and_a_bad_first_file_says_what_is_shown():
    at = open_page(PAGE, {"data": "Your own CSV"}, code=False)
    order = [getattr(n, "key", None) for n in at.main if type(n).__name__ in ("Selectbox", "FileUploader", "Slider")]
    assert order[:3] == ["data", "pg_file", "noise"]        # right under "Data set", before every other control
    at.file_uploader(key="pg_file").set_value(("bad.csv", "x1,x2,label\n".encode("utf-16"), "text/csv")).run()
    assert at.error[0].value.endswith("save it as CSV UTF-8 (in a spreadsheet: Save As, then CSV UTF-8). The "
                                      "playground shows the circle data until a file is accepted.")
    assert at.session_state["pg_session"].s.data == "circles"


@promise("playground", "Your file was removed: the playground is back on the circle data.")
def test_removing_the_file_returns_to_the_built_in_data_and_says_so():
    at = open_page(PAGE, {"data": "Your own CSV"}, code=False)
    at.file_uploader(key="pg_file").set_value(("mine.csv", GOOD_CSV, "text/csv")).run()
    assert at.session_state["pg_session"].s.data == "upload"
    at.file_uploader(key="pg_file").set_value(None).run()   # the learner clicks the file's ✕
    no_exception(at)
    assert at.session_state["pg_session"].s.data == "circles" and "pg_upload" not in at.session_state
    assert any(i.value == "Your file was removed: the playground is back on the circle data." for i in at.info)

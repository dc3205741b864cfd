"""The Playground page through AppTest: defaults, play / pause / step / reset, the learning rate mid-run,
regenerate, URL to widget, classroom mode, uploads (good and bad), hand edits, and re-render time."""

import base64
import json
import time

import numpy as np
import pytest
import torch

from core.playground import play
from core import playground as pg
from tests.conftest import charts, metrics, no_exception, open_page
from tests.unit.test_playground_play import wait_until

PAGE = "pages/14_playground.py"
GOOD = b"x1,x2,label\n" + b"".join(f"{i % 7 - 3},{i % 5 - 2},{i % 2}\n".encode() for i in range(40))


def weights(at):
    return [p.detach().clone() for p in at.session_state["pg_session"].trainer.model.parameters()]


def board(at, kind: str = "board") -> dict:
    """The live board's data (or its Play button's): what ui.playground.live_board sends the page."""
    found = [json.loads(n.proto.json) for n in at.main if type(n).__name__ == "UnknownElement"
             and n.type == "bidi_component" and n.proto.component_name == "nnlab_live_board"]
    return next(d for d in found if d["kind"] == kind)


def same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a, b))


def test_defaults_draw_the_untrained_network():
    at = open_page(PAGE)
    no_exception(at)
    m = metrics(at)
    assert m["Epoch"] == "0" and m["Test accuracy"].endswith("%")
    live = board(at)
    header, shades = play.decode(base64.b64decode(live["frame"]))
    assert header["epoch"] == 0 and header["playing"] is False and shades.shape == (pg.GRID, pg.GRID)
    assert 0 <= np.nanmin(shades) and np.nanmax(shades) <= 1
    points = np.array(live["points"])
    assert (points[:, 3] == 0).sum() == pg.N_POINTS // 2 and set(points[:, 2]) == {0.0, 1.0}
    data = charts(at)
    network = next(d for d in data if "edges" in d)
    assert len(network["edges"]) == 2 * 8 + 8 * 8 + 8                      # 2-8-8-1
    assert network["outbias"].text[0].startswith("output bias w₀ = ")
    thumbs = next(d for d in data if "thumbs" in d)
    assert len(thumbs["thumbs"]) == 16
    sess = at.session_state["pg_session"]
    assert sess.s == pg.PlaySettings() and sess.s.lr == 0.03
    assert board(at, "button")["token"] == live["token"] == at.session_state["pg_player"].channel.token


def test_step_advances_exactly_one_epoch_and_reset_returns_the_initial_weights():
    at = open_page(PAGE)
    w0 = weights(at)
    at.button(key="step").click().run()
    no_exception(at)
    sess = at.session_state["pg_session"]
    per_epoch = -(-pg.N_POINTS // 2 // 32)  # ceil(250 training points / batch 32)
    assert metrics(at)["Epoch"] == "1" and sess.trainer.step == sess.trainer.steps_per_epoch == per_epoch
    assert not same(w0, weights(at))
    at.button(key="step").click().run()
    assert metrics(at)["Epoch"] == "2"
    at.button(key="reset").click().run()
    no_exception(at)
    assert metrics(at)["Epoch"] == "0" and same(w0, weights(at))


def test_lr_change_mid_run_keeps_the_weights():
    at = open_page(PAGE)
    at.button(key="step").click().run()
    w1 = weights(at)
    at.select_slider(key="lr").set_value(0.3).run()
    no_exception(at)
    sess = at.session_state["pg_session"]
    assert metrics(at)["Epoch"] == "1" and sess.trainer.lr == 0.3 and same(w1, weights(at))
    at.slider(key="noise").set_value(20).run()            # noise, too, changes the running network
    assert metrics(at)["Epoch"] == "1" and same(w1, weights(at))
    at.selectbox(key="act").set_value("ReLU").run()       # a change of the network itself starts a new one
    assert metrics(at)["Epoch"] == "0"


def test_play_runs_until_pause_and_the_page_follows():
    """Play and Pause come from the board over its socket (here: straight to the Player, as ui.playground.stream passes
    them); the page's reruns while it plays leave it playing, and after Pause the page shows where it stopped."""
    at = open_page(PAGE)
    player = at.session_state["pg_player"]
    player.channel.join()                                  # a page shows the board (no browser here)
    try:
        player.command("play")
        wait_until(lambda: player.session.epoch >= 3)
        at.run()                                           # the board's periodic rerun while it plays
        no_exception(at)
        assert player.playing and any("Playing" in i.value for i in at.info)
        player.command("pause")
        player.wait()
        at.run()
        epoch = player.session.epoch
        assert metrics(at)["Epoch"] == f"{epoch:,}" and epoch >= 3
        assert not any("Playing" in i.value for i in at.info)  # the board itself says "Paused"
        at.button(key="step").click().run()                # the state remains after the pause
        assert metrics(at)["Epoch"] == f"{epoch + 1:,}"
    finally:
        player.pause()
        player.channel.leave()


def test_regenerate_draws_new_data_under_the_same_weights():
    at = open_page(PAGE)
    at.button(key="step").click().run()
    w, X = weights(at), at.session_state["pg_session"].train.X.clone()
    at.button(key="regen").click().run()
    no_exception(at)
    sess = at.session_state["pg_session"]
    assert at.number_input(key="dseed").value == 1 and not torch.equal(X, sess.train.X)
    assert same(w, weights(at)) and metrics(at)["Epoch"] == "1"


def test_the_url_sets_the_widgets():
    q = {"data": "Circle", "layers": "3", "w3": "5", "lr": "0.1", "act": "ReLU", "fx1sq": "true", "batch": "1024",
         "drop": "0.2", "l1": "0.001", "pat": "5", "opt": "RMSprop", "loss": "MSE"}
    at = open_page(PAGE, q)
    no_exception(at)
    assert not at.warning
    assert at.selectbox(key="data").value == "circles" and at.slider(key="layers").value == 3
    assert at.slider(key="w3").value == 5 and at.select_slider(key="lr").value == 0.1
    s = at.session_state["pg_session"].s
    assert (s.data, s.hidden, s.activation, s.features, s.batch, s.dropout, s.l1, s.patience, s.optimizer, s.loss) == (
        "circles", (8, 8, 5), "relu", ("x1", "x2", "x1sq"), 1024, 0.2, 0.001, 5, "rmsprop", "mse")
    assert len(next(d for d in charts(at) if "edges" in d)["nodes"]) == 3 + 8 + 8 + 5 + 1


def test_classroom_mode_hides_controls_and_keeps_their_link_values():
    at = open_page(PAGE, {"hide": "lr,opt,feat", "lr": "0.1", "opt": "SGD", "fx1x2": "true"})
    no_exception(at)
    keys = {w.key for w in [*at.select_slider, *at.selectbox, *at.toggle]}
    assert "lr" not in keys and "opt" not in keys and "fx1" not in keys and "data" in keys
    s = at.session_state["pg_session"].s
    assert (s.lr, s.optimizer, s.features) == (0.1, "sgd", ("x1", "x2", "x1x2"))


def test_the_instructor_link_reproduces_the_setting():
    at = open_page(PAGE, {"noise": "20", "layers": "1"})
    at.multiselect(key="pg_hide_pick").set_value(["Learning rate", "Optimizer"]).run()
    link = next(c.value for c in at.code if "hide=" in c.value)
    query = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
    assert query == {"noise": "20", "layers": "1", "hide": "lr,opt"}
    again = open_page(PAGE, query)
    assert again.session_state["pg_session"].s == at.session_state["pg_session"].s


def test_upload_good_then_bad_keeps_the_previous_data():
    at = open_page(PAGE, {"data": "Your own CSV"})
    assert any("No file yet" in i.value for i in at.info)
    at.file_uploader(key="pg_file").set_value(("mine.txt", GOOD, "text/plain")).run()   # checked by content
    no_exception(at)
    assert at.session_state["pg_session"].s.data == "upload" and len(at.session_state["pg_session"].full) == 40
    at.file_uploader(key="pg_file").set_value(("bad.csv", b"x1,x2,label\n", "text/csv")).run()
    no_exception(at)
    assert at.error[0].value == "The file has a header but no data rows. The playground keeps using your previous file."
    assert len(at.session_state["pg_session"].full) == 40 and metrics(at)["Epoch"] == "0"


def test_a_hand_edit_changes_the_network():
    at = open_page(PAGE, {"layers": "1", "w1": "2"})
    assert not at.tabs                               # closed: the tables (one tab per layer) are not built
    at.session_state["pg_edit_open"] = True          # the learner opens "Edit weights by hand"
    at.run()
    assert len(at.tabs) == 2                         # one table per layer
    at.session_state["pg_edit2_0"] = {"edited_rows": {0: {"i = 1": 2.5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    no_exception(at)
    net = next(d for d in charts(at) if "edges" in d)
    assert net["outbias"].text[0] == "output bias w₀ = 2.5"
    b = at.session_state["pg_session"].trainer.model[-1].bias.item()
    assert b == pytest.approx(2.5) and at.session_state["pg_nonce"] == 1


def test_no_features_falls_back_with_a_notice():
    at = open_page(PAGE, {"fx1": "false", "fx2": "false"})
    no_exception(at)
    assert "Choose at least one input feature" in at.warning[0].value
    assert at.session_state["pg_session"].s.features == ("x1", "x2")


def test_regression_and_discretize():
    at = open_page(PAGE, {"data": "Multi-Gaussian (regression)", "disc": "true", "test": "true"})
    no_exception(at)
    assert "Test RMSE" in metrics(at)
    live = board(at)
    points = np.array(live["points"])
    assert set(points[:, 3]) == {0, 2} and live["show_test"] and live["discretize"] and live["task"] == "regression"
    assert ((0 <= points[:, 2]) & (points[:, 2] <= 1)).all()  # a regression target drawn as its shade


def test_a_control_change_rerenders_fast():
    at = open_page(PAGE)
    times = []
    for v in (20, 30, 40):
        t = time.perf_counter()
        at.slider(key="noise").set_value(v).run()
        times.append(time.perf_counter() - t)
    no_exception(at)
    assert np.median(times) < 1.0, times   # about 0.15-0.3 s on the shared 2-core machine


def test_a_hidden_control_with_a_bad_link_value_falls_back_with_a_notice():
    at = open_page(PAGE, {"hide": "lr,act", "lr": "7", "act": "softmax"})
    no_exception(at)
    notices = " ".join(w.value for w in at.warning)
    assert "`lr=7`" in notices and "`act=softmax`" in notices
    s = at.session_state["pg_session"].s
    assert (s.lr, s.activation) == (pg.PlaySettings().lr, "tanh")


def test_a_change_that_needs_a_new_network_says_so_and_it_keeps_playing():
    at = open_page(PAGE)
    player = at.session_state["pg_player"]
    player.channel.join()
    try:
        player.command("play")
        wait_until(lambda: player.session.epoch >= 3)
        at.selectbox(key="act").set_value("ReLU").run()
        no_exception(at)
        assert any(i.value.startswith("A new network") for i in at.info) and player.playing
        assert player.session.s.activation == "relu"
        at.slider(key="noise").set_value(20).run()       # a knob the running network takes: no notice
        assert not any(i.value.startswith("A new network") for i in at.info) and player.playing
    finally:
        player.pause()
        player.channel.leave()

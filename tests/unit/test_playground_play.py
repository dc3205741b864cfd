"""core.playground.play: a press of Play trains in its own thread until Pause, a closed page or a deployer's limit;
frames
carry the boundary and the numbers; playing networks take fair turns."""

import threading
import time
from dataclasses import replace

import numpy as np
import torch
import pytest

from core.playground import play
from core import playground as pg


class FakeChannel:
    def __init__(self):
        self.frames, self.away = [], 0.0

    def publish(self, frame: bytes) -> None:
        self.frames.append(frame)

    def away_for(self) -> float:
        return self.away


def wait_until(cond, timeout=5.0):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)  # polling a thread's state, not synchronising with it


@pytest.fixture
def player(monkeypatch):
    monkeypatch.delenv("NNLAB_PLAY_SECONDS", raising=False)
    p = play.Player(pg.Session(pg.PlaySettings()), FakeChannel(), share=play.FairShare())
    yield p
    p.pause()
    p.wait()


def test_a_frame_round_trips():
    grid = np.linspace(0, 1, 100).reshape(10, 10)
    grid[0, 0] = np.nan
    header, back = play.decode(play.encode({"epoch": 3, "test_loss": None}, grid))
    assert header == {"epoch": 3, "test_loss": None}
    assert np.isnan(back[0, 0]) and np.allclose(back[1:], grid[1:], atol=0.5 / 254)


def test_play_runs_until_pause(player):
    player.command("play")
    wait_until(lambda: len(player.channel.frames) >= 5)
    time.sleep(0.5)  # half a second of playing: it is still going, with no limit of its own
    assert player.playing and player.limit is None
    epoch = player.session.epoch
    player.command("pause")
    player.wait(2)
    assert not player.playing
    header, _ = play.decode(player.channel.frames[-1])
    assert header["playing"] is False and header["why"] == "Paused" and header["epoch"] == player.session.epoch
    assert player.session.epoch >= epoch > 0
    n = len(player.channel.frames)
    time.sleep(0.1)
    assert len(player.channel.frames) == n  # nothing trains after Pause


def test_frames_move_with_training(player):
    player.command("play")
    wait_until(lambda: len(player.channel.frames) >= 10)
    player.command("pause")
    player.wait(2)
    headers = [play.decode(f)[0] for f in player.channel.frames]
    epochs = [h["epoch"] for h in headers]
    assert epochs == sorted(epochs) and epochs[-1] > epochs[0]
    assert all(h["test_loss"] is not None for h in headers)


def test_a_closed_page_stops_it(player):
    player.leave_seconds = 0.2
    player.command("play")
    wait_until(lambda: len(player.channel.frames) >= 2)
    player.channel.away = 1.0  # no page has shown it for a second
    wait_until(lambda: not player.playing, timeout=2)
    player.wait(2)
    assert play.decode(player.channel.frames[-1])[0]["why"] == "Paused: the page was closed"


def test_a_deployers_limit_per_press(monkeypatch):
    monkeypatch.setenv("NNLAB_PLAY_SECONDS", "0.3")
    p = play.Player(pg.Session(pg.PlaySettings()), FakeChannel(), share=play.FairShare())
    t0 = time.monotonic()
    p.command("play")
    wait_until(lambda: not p.playing, timeout=3)
    p.wait(2)
    assert 0.3 <= time.monotonic() - t0 < 2
    assert "limits one press of Play to 0.3 s" in play.decode(p.channel.frames[-1])[0]["why"]


@pytest.mark.parametrize("raw", ["", "abc", "-5", "0", "nan", "inf"])
def test_no_limit_unless_a_positive_number_is_set(monkeypatch, raw):
    monkeypatch.setenv("NNLAB_PLAY_SECONDS", raw)
    assert play.press_limit() is None


def test_step_and_reset(player):
    player.command("step")
    wait_until(lambda: player.changed == 1)
    assert player.session.epoch == 1
    player.command("reset")
    wait_until(lambda: player.changed == 2)
    assert player.session.epoch == 0


def test_fair_turns_alternate():
    share, order = play.FairShare(), []

    def worker(name):
        for _ in range(5):
            with share.turn():
                order.append(name)
                time.sleep(0.005)

    threads = [threading.Thread(target=worker, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(order) == list("aaaaabbbbb")
    assert max(len(run) for run in "".join(order).replace("ab", "a b").replace("ba", "b a").split()) <= 2


def _change(player, **kw):
    """A control changed on the page while it plays: the page's run applies it under the player's lock."""
    with player.lock:
        return player.session.update(replace(player.session.s, **kw))


@pytest.mark.parametrize("knob, value, check", [
    ("lr", 0.3, lambda t: t.lr == 0.3),
    ("l2", 0.01, lambda t: t.cfg.weight_decay == 0.01),
    ("l1", 0.001, lambda t: t.l1 == 0.001 and t.fast is None),
    ("dropout", 0.3, lambda t: [m.p for m in t.model if isinstance(m, pg.SeededDropout)] == [0.3, 0.3]),
    ("batch", 8, lambda t: t.batch_size == 8 and t.steps_per_epoch == 32),
    ("noise", 30, lambda t: True),
])
def test_knobs_turn_while_it_plays(player, knob, value, check):
    """The network keeps playing with the new setting: no reset, the epochs go on, frames keep coming."""
    player.command("play")
    wait_until(lambda: player.session.epoch >= 5)
    with player.lock:
        epoch, weights = player.session.epoch, [p.detach().clone() for p in player.session.trainer.model.parameters()]
    assert _change(player, **{knob: value}) == {"lr": "lr", "noise": "data"}.get(knob, "live")
    assert player.playing and check(player.session.trainer)
    with player.lock:  # the same network: nothing re-initialised it
        assert player.session.epoch >= epoch
        assert all(p.shape == w.shape for p, w in zip(player.session.trainer.model.parameters(), weights))
    n = len(player.channel.frames)
    wait_until(lambda: player.session.epoch >= epoch + 5 and len(player.channel.frames) > n + 2)
    with player.lock:
        history, epoch = player.session.trainer.history(), player.session.epoch
    assert history.epoch.is_monotonic_increasing and history.epoch.iloc[-1] == epoch
    if knob == "noise":
        assert player.session.regenerated == 1


def test_a_change_that_needs_a_new_network_restarts_it_and_it_keeps_playing(player):
    player.command("play")
    wait_until(lambda: player.session.epoch >= 20)
    assert _change(player, hidden=(4,)) == "reset"
    with player.lock:
        assert player.session.epoch < 20
    assert player.playing
    wait_until(lambda: player.session.epoch >= 3)


def test_reset_after_dropout_changed_returns_to_the_first_weights(player):
    first = [p.detach().clone() for p in player.session.trainer.model.parameters()]
    player.command("step")
    wait_until(lambda: player.changed == 1)
    _change(player, dropout=0.5)
    player.command("reset")
    wait_until(lambda: player.changed == 2)
    assert all(torch.equal(p, w) for p, w in zip(player.session.trainer.model.parameters(), first))

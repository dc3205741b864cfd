"""Promised outcomes on "Gradient descent": one step at a time, the three learning-rate presets and η = 10 on the
students' landscape, and Lab 1's regimes of (x - 4)^2."""

import math

import numpy as np
import pytest

from core import gradient_descent as D
from tests.conftest import no_exception, open_page
from tests.promises import promise

PAGE = "pages/06_gradient_descent.py"
START = (-3.0, -2.0)   # the page's default start


def steps_shown(at):
    """The steps table as the page shows it (the first dataframe)."""
    return at.dataframe[0].value


def messages(at, kind):
    return " ".join(e.value for e in getattr(at, kind))


@promise("gradient_descent", "Drag Steps to 0, then press Take one step a few times: each press runs lines 3 and 4 "
                             "of the pseudocode once more")
@promise("gradient_descent", "Watch the gradient in the table shrink as the path heads down into the valley")
def test_one_step_at_a_time_and_the_gradient_shrinks():
    at = open_page(PAGE, {"steps": "0"}, code=False)
    assert len(steps_shown(at)) == 1
    for presses in (1, 2, 3):
        at.button(key="step_more").click().run()
        no_exception(at)
        table = steps_shown(at)
        assert len(table) == presses + 1 and at.slider(key="steps").value == presses
    norms = np.hypot(table["dJ/dw0"], table["dJ/dw1"])
    assert (np.diff(norms) < 0).all() and (np.diff(table["J"]) < 0).all()
    run = D.descend(*START, 1.0, 20).frame   # and on down to the page's default 20 steps
    assert (np.diff(np.hypot(run["dJ/dw0"], run["dJ/dw1"])) < 0).all()


@promise("gradient_descent", "Press Too small, then Stable, then Too large: slow, smooth, and overshooting")
def test_the_three_presets():
    at = open_page(PAGE, code=False)
    outcomes = {}
    for preset in ("Too small", "Stable", "Too large"):
        at.button(key=f"preset_{preset}").click().run()
        no_exception(at)
        lr, steps = at.select_slider(key="lr").value, at.slider(key="steps").value
        outcomes[preset] = D.outcome(D.descend(*START, lr, steps))
        if preset == "Stable":
            assert "Converged" in messages(at, "success")
        elif preset == "Too large":
            assert "Too large: unstable" in messages(at, "error")
        else:
            assert "Still descending" in messages(at, "info")
    slow, smooth, over = outcomes["Too small"], outcomes["Stable"], outcomes["Too large"]
    assert slow["kind"] == "descending" and slow["J_end"] > 1.5 * smooth["J_end"]    # slow: far from the bottom
    assert smooth["kind"] == "converged" and smooth["ups"] == 0                      # smooth: J never rose
    assert over["kind"] == "unstable" and over["ups"] > 0                            # overshooting


@promise("gradient_descent", "Then try η = 10: fast, but zig-zagging across the valley")
def test_eta_ten_is_fast_but_zigzags():
    run = D.descend(*START, 10.0, 20)
    assert D.outcome(run)["kind"] == "converged"                     # fast: at the bottom within 20 steps
    assert D.outcome(D.descend(*START, 1.0, 20))["kind"] == "descending"
    moves = np.diff(run.frame[["w0", "w1"]].to_numpy(), axis=0)[:8]
    # zig-zag: after the first leap, each step reverses the direction of the one before
    assert all(np.dot(a, b) < 0 for a, b in zip(moves[1:], moves[2:]))


@promise("gradient_descent", "In Lab 1, set η to 0.3, 0.7, 1 and 1.1: monotone, oscillating, stuck in a period 2, "
                             "and diverging, exactly as 1 − 2η says")
def test_lab1_regimes():
    at = open_page(PAGE, code=False)
    want = {0.3: ("success", "Monotone"), 0.7: ("info", "Oscillating but converging"), 1.0: ("info", "Period 2"),
            1.1: ("error", "Diverging")}
    for eta, (kind, word) in want.items():
        at.select_slider(key="eta").set_value(eta).run()
        no_exception(at)
        assert f"**{word}" in messages(at, kind), eta
        assert D.regime_of_lr(eta) == D.regime_of(D.descend_1d(D.random_start(0), eta, 500).frame)


@promise("gradient_descent", "Then η = 3: J overflows to infinity, and the run stops with a message")
def test_eta_three_overflows_and_stops():
    at = open_page(PAGE, {"eta": "3"}, code=False)
    no_exception(at)
    assert "Diverged at step" in messages(at, "error") and "J became inf" in messages(at, "error")
    run = D.descend_1d(D.random_start(0), 3.0, 500)
    assert run.stopped and len(run.frame) < 500


@promise("gradient_descent", "so a huge η flings the weights far out, not to infinity")
def test_a_huge_eta_stays_finite():
    run = D.descend(*START, 300.0, 200)
    assert run.stopped is None and len(run.frame) == 201
    f = run.frame
    assert np.isfinite(f[["w0", "w1", "J"]].to_numpy()).all()
    assert (np.hypot(f["dJ/dw0"], f["dJ/dw1"]) <= math.sqrt(2)).all()
    assert max(f.w0.abs().max(), f.w1.abs().max()) > 20            # far out


@promise("gradient_descent", "At η = 0.9 that factor is −0.8: the sign flips (a jump across 4) and the size shrinks")
def test_check_yourself_regime():
    f = D.descend_1d(0.0, 0.9, 20).frame
    assert D.measured_ratio(f) == pytest.approx(-0.8, abs=1e-9) and D.regime_of(f) == "oscillating, converging"

"""What the learning-rate and optimizers page promises, checked: the regimes along the learning-rate picks, the
closed forms of the caption, each optimizer's step under a steady gradient (torch.optim), the races, the schedule,
"Putting it all together" (its script runs and learns) and the quiz's reason."""

import math

import numpy as np
import pytest
import torch

from core import learning_rate_and_optimizers as O
from core.optimizers import OPTIMIZERS
from tests.conftest import metrics, no_exception, open_page, run_script
from tests.promises import promise
from ui.content import learning_rate_and_optimizers as words

PAGE = "pages/08_learning_rate_and_optimizers.py"
SLUG = "learning_rate_and_optimizers"


def outcomes(etas) -> dict:
    return dict(zip(etas, O.sweep(list(etas)).outcome))


@promise(SLUG, "from 0.001 to 0.01 it crawls (still far off after 60 steps)")
@promise(SLUG, "from 0.02 to 0.2 it is stuck in the false minimum")
@promise(SLUG, "at 0.3 it bounces inside the dip")
@promise(SLUG, "from 0.5 to 5 it jumps over the dip and reaches the global minimum")
@promise(SLUG, "at 10 it diverges")
def test_walking_eta_up_through_the_pages_picks():
    (g_w, _), (f_w, _) = O.minima()
    picks = O.SWEEP_PICKS
    got = outcomes(picks)
    assert picks[:9] == (0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
    sweep = O.sweep(list(picks)).set_index("eta")
    for eta in (0.001, 0.003, 0.01):
        assert got[eta] == "still moving" and sweep.w_end[eta] < f_w - 0.5          # still far off, on the wall
    assert all(got[eta] == "stuck in the false minimum" for eta in (0.02, 0.05, 0.1, 0.2))
    path = O.descend_many([0.3])[:, 0].numpy()
    tail = path[-20:] - f_w
    assert got[0.3] == "still moving" and np.all(np.abs(tail) < 0.3)               # inside the dip...
    assert np.all(tail[:-1] * tail[1:] < 0)                                         # ...bouncing across its bottom
    assert all(got[eta] == "global minimum" for eta in (0.5, 1.0, 2.0, 5.0))
    assert got[10.0] == got[30.0] == "diverged"
    at = open_page(PAGE, {"eta": "0.3"}, code=False)
    no_exception(at)
    assert "still moving" in " ".join(e.value for e in at.info)


@promise(SLUG, "At η = 8 it jumps from side to side and gets no closer")
@promise(SLUG, "the factor is −1 and the steps swing from side to side")
def test_at_eta_8_the_steps_swing_from_side_to_side():
    path = O.descend_many([8.0])[:, 0].numpy()
    assert np.all(path[:-1] * path[1:] < 0)                                          # each step crosses w = 0
    assert np.all(np.diff(np.abs(path)) >= 0)                                        # and lands no closer
    sharp, wide = O.curvatures()
    assert 1 - 8.0 * wide == pytest.approx(-1.0)
    at = open_page(PAGE, {"eta": "8"}, code=False)
    assert abs(float(metrics(at)["w after the run"].replace("−", "-"))) >= abs(O.START_W)


@promise(SLUG, "the minimum holds gradient descent only if η < 2 / J'', and without overshooting only if η ≤ 1 / J''")
@promise(SLUG, "it converges for 0 < η < 1, without overshooting for η ≤ 0.5, swings for ever between two points "
               "at η = 1 and diverges for η > 1")
def test_the_closed_forms_on_x_minus_4_squared():
    def run(eta, steps=40):
        x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([x], lr=eta)
        out = [x.item()]
        for _ in range(steps):
            opt.zero_grad()
            ((x - 4) ** 2).sum().backward()
            opt.step()
            out.append(x.item())
        return np.array(out) - 4                                                    # the distance to the minimum

    for eta in (0.1, 0.3, 0.5):                                                     # no overshoot: never crosses 4
        e = run(eta)
        assert np.all(e <= 0) and abs(e[-1]) < 1e-3 * abs(e[0])
    for eta in (0.6, 0.9):                                                           # crosses 4 every step, converges
        e = run(eta)
        assert np.all(e[1:-1][np.abs(e[1:-1]) > 1e-12] * e[2:][np.abs(e[1:-1]) > 1e-12] < 0)
        assert abs(e[-1]) < 1e-3
    assert run(1.0, 6).tolist() == [-4, 4, -4, 4, -4, 4, -4]                        # x: 0, 8, 0, 8, ...
    e = run(1.1, 20)
    assert np.all(np.diff(np.abs(e)) > 0)                                            # grows by 1.2 a step
    sharp, wide = O.curvatures()
    assert 2 / sharp == pytest.approx(0.247, abs=5e-4) and 2 / wide == pytest.approx(8)


def test_the_slides_captions_hold_at_the_three_regimes():
    """The slide's captions under eta = 0.05, 10 and 1 (built from the run: stuck, diverged, converged)."""
    runs = O.regime_runs()
    s = O.regime_summary(runs).set_index("regime")
    assert s.outcome.to_dict() == {"small": "stuck in the false minimum", "large": "diverged",
                                   "stable": "global minimum"}
    stable = runs[runs.regime == "stable"]
    assert np.all(np.diff(stable.J.to_numpy()) <= 1e-15)                             # "converge smoothly"


@promise(SLUG, "Every weight steps by η times its own gradient")
@promise(SLUG, "Under a steady gradient every weight steps by η, whatever the size of its gradient")
@promise(SLUG, "the first steps are tiny (about 0.003 η) and grow slowly")
@promise(SLUG, "PyTorch's default η for Adadelta is 1")
@promise(SLUG, "under a steady gradient the step shrinks like η / √t")
@promise(SLUG, "Under a steady gradient the step settles at η, whatever the size of the gradient; the first step "
               "is 10 η, because s starts at 0")
def test_each_optimizers_step_under_a_steady_gradient():
    st = O.steady_steps().set_index(["racer", "g", "t"]).per_eta
    for g in O.STEADY_GRADS:
        for t in O.STEADY_AT:
            assert st["sgd", g, t] == pytest.approx(g)                                # eta times the gradient
            assert st["adam", g, t] == pytest.approx(1, rel=1e-5)
            assert st["adagrad", g, t] == pytest.approx(1 / math.sqrt(t), rel=1e-6)
        assert st["rmsprop", g, 1] == pytest.approx(10, rel=1e-4)
        assert st["rmsprop", g, 500] == pytest.approx(1, rel=0.01)
        rms = [st["rmsprop", g, t] for t in O.STEADY_AT]
        assert rms == sorted(rms, reverse=True)
        delta = [st["adadelta", g, t] for t in O.STEADY_AT]
        assert delta[0] == pytest.approx(0.003, rel=0.1) and delta == sorted(delta) and delta[-1] < 0.02
    assert torch.optim.Adadelta([torch.zeros(1, requires_grad=True)]).defaults["lr"] == 1.0
    assert [words.LECTURE[k][0] for k in O.LECTURE] == ["SGD", "Adam", "Adadelta", "Adagrad", "RMSProp"]
    assert [f"torch.optim.{words.LECTURE[k][1]}" for k in O.LECTURE] == [
        f"torch.optim.{OPTIMIZERS[k][1].__name__}" for k in O.LECTURE]


def test_the_update_rules_panel_shows_the_steady_table():
    at = open_page(PAGE, code=False)
    at.session_state["lro_rules"] = True
    at.run()
    no_exception(at)
    table = at.dataframe[0].value.set_index("optimizer")
    assert list(table.index) == ["SGD", "Adam", "Adadelta", "Adagrad", "RMSProp"]
    assert table.loc["RMSProp", "∇ = 100, step 1"] == pytest.approx(10, rel=1e-4)
    assert table.loc["Adagrad", "∇ = 0.01, step 100"] == pytest.approx(0.1, rel=1e-6)


@promise(SLUG, "SGD crawls along the flat direction; Adam and RMSProp do not")
@promise(SLUG, "Adagrad and Adadelta take small steps at this η, Adadelta the smallest")
def test_the_race_in_the_valley():
    at = open_page(PAGE, code=False)
    at.button(key="preset_Race in the valley").click().run()
    at.button(key="race").click().run()
    no_exception(at)
    race = O.race_surface("valley", O.LECTURE, 0.1, 100)
    ends = O.race_summary(race, "valley").set_index("racer")
    table = at.dataframe[0].value.set_index("optimizer")
    assert table["surface: f at the end"].to_numpy() == pytest.approx(ends.f.to_numpy())
    start = np.array(O.SURFACES["valley"][2])
    moved = {r: np.hypot(*(race[race.racer == r][["x", "y"]].to_numpy()[-1] - start)) for r in O.LECTURE}
    assert ends.distance["sgd"] > 1.0 and abs(ends.y["sgd"]) < 1e-6                  # across: done; along: crawling
    assert ends.distance["adam"] < 0.1 and ends.distance["rmsprop"] < 0.1
    assert moved["adadelta"] < moved["adagrad"] < moved["sgd"]
    assert ends.distance["adagrad"] > 2 and ends.distance["adadelta"] > 4


@promise(SLUG, "on the network SGD's loss never rises above where it started")
@promise(SLUG, "on the very first step Adam and Adagrad jump to more than 5 times it and RMSProp to more than 30 "
               "times")
@promise(SLUG, "it ends about 40 times lower than at a constant η = 1")
def test_eta_1_on_the_network_and_the_schedule():
    net = O.race_network(list(O.LECTURE), 1.0, 100)
    loss = {r: net[net.racer == r].loss.to_numpy() for r in O.LECTURE}
    start = loss["sgd"][0]
    assert loss["sgd"].max() <= start and loss["sgd"][-1] < start / 10
    assert loss["adam"][1] > 5 * start and loss["adagrad"][1] > 5 * start and loss["rmsprop"][1] > 30 * start
    run = O.schedule_race("adam", 1.0, O.SCHEDULE_STEPS, "cosine")
    last = run.groupby("series").loss.last()
    assert 30 < last["constant"] / last["cosine"] < 55
    at = open_page(PAGE, {"lr": "1"}, code=False)
    at.button(key="schedule").click().run()
    no_exception(at)
    assert f"{last['cosine']:.4g}" in " ".join(c.value for c in at.caption)


@promise(SLUG, "it prints the loss every 100 steps, and the loss falls each time")
@promise(SLUG, "Trying another optimizer of the list changes only the optimizer = line")
def test_putting_it_all_together_runs_and_learns():
    out = run_script(words.TOGETHER_CODE)
    losses = [float(line.rsplit(" ", 1)[1]) for line in out.splitlines()]
    assert len(losses) == 6 and all(b < a for a, b in zip(losses, losses[1:]))
    line = "optimizer = torch.optim.Adam(model.parameters(), lr=0.01)"
    assert words.TOGETHER_CODE.count(line) == 1
    for cls in ("SGD", "Adadelta", "Adagrad", "RMSprop"):                           # one line swapped, same loop
        swapped = run_script(words.TOGETHER_CODE.replace(line, f"optimizer = torch.optim.{cls}(model.parameters())"))
        assert len(swapped.splitlines()) == 6
    at = open_page(PAGE, code=False)
    assert words.TOGETHER_CODE.strip() in [c.value.strip() for c in at.code]
    headers = [h.value for h in at.header]
    race = headers.index("3 · Idea 2: adaptive learning rates, a race")
    assert headers.index("4 · Putting it all together") == race + 1                # after the optimizers


@promise(SLUG, "the iterate cannot settle at the bottom, and a larger η throws it out of the dip, while the wide "
               "bowl (small J'') still holds it")
def test_the_quiz_reason():
    (g_w, _), (f_w, _) = O.minima()
    sharp, wide = O.curvatures()
    assert 1 - 0.3 * sharp < -1 < 1 - 0.3 * wide < 1                                 # a moderate eta
    near = O.descend_many([0.3, 0.5], steps=200, w0=f_w + 1e-3)
    assert abs(near[-1, 0].item() - f_w) > 0.05                                      # cannot settle
    assert abs(near[-1, 1].item() - g_w) < 1e-3                                      # thrown out, into the bowl

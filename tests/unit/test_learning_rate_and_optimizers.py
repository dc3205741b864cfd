"""core.learning_rate_and_optimizers against torch.optim, autograd and closed forms: the regimes' landscape and its
minima, the batched sweep, the race on surfaces (each step = torch.optim by hand), the network race, the schedule,
and the code panel's script."""

import math

import numpy as np
import pytest
import torch

from core import learning_rate_and_optimizers as O
from core.optimizers import OPTIMIZERS, minimize
from core.trainer import TrainConfig, Trainer
from ui.content import learning_rate_and_optimizers as words
from ui.text import num


# The landscape of the three regimes ------------------------------------------------------------------------------
def test_the_landscape_has_a_false_local_minimum_and_a_global_one():
    sp = O.stationary_points()
    mins = sp[sp.kind == "minimum"]
    assert len(mins) == 2 and (sp.kind == "maximum").sum() == 1       # two valleys, one hill between
    for m in mins.itertuples():                                        # gradient zero, curvature positive
        assert abs(O._grad1(m.w)) < 1e-9 and O._hessian1(m.w) > 0
    (g_w, g_J), (f_w, f_J) = O.minima()
    assert g_w == pytest.approx(0, abs=1e-9) and g_J == pytest.approx(0, abs=1e-12)
    assert f_w == pytest.approx(-2.9146, abs=1e-4) and f_J == pytest.approx(0.29363, abs=1e-5) and f_J > g_J
    sharp, wide = O.curvatures()
    assert wide == pytest.approx(0.25, abs=1e-12) and sharp > 8        # J'' = 1/4 at w = 0; the dip is sharp


def test_the_three_regimes_end_as_their_captions_say():
    s = O.regime_summary(O.regime_runs()).set_index("regime")
    (g_w, _), (f_w, _) = O.minima()
    assert s.loc["small", "outcome"] == "stuck in the false minimum" and abs(s.loc["small", "w_end"] - f_w) < 1e-6
    assert s.loc["large", "outcome"] == "diverged" and s.loc["large", "max_abs_w"] >= O.ESCAPE
    assert s.loc["large", "left_view"] == 2                           # w: -4.5 -> 6.75 -> -10.1
    assert s.loc["stable", "outcome"] == "global minimum" and abs(s.loc["stable", "w_end"] - g_w) < 1e-6
    large = O.regime_runs().query("regime == 'large'")
    assert np.all(np.diff(large.w.abs().to_numpy()[2:]) >= 0)          # each step overshoots further


@pytest.mark.parametrize("eta", [0.003, 0.05, 0.3, 1.0, 7.9, 10.0])
def test_batched_descent_is_torch_optim_sgd(eta):
    batched = O.descend_many([0.01, eta, 2.0])[:, 1].numpy()
    alone = minimize(O.J1_sum, [O.START_W], "sgd", eta, O.REGIME_STEPS)
    n = min(len(alone), int(np.argmax(np.abs(batched) >= O.ESCAPE)) + 1 if np.any(np.abs(batched) >= O.ESCAPE)
            else len(batched))
    assert np.allclose(batched[:n], alone.x0.to_numpy()[:n], rtol=1e-9, atol=1e-12)  # (a batched exp may round
    # differently in the last bit)


def test_the_sweep_values():
    sw = O.sweep()
    assert len(sw) == 46 and sw.eta.iloc[0] == 0.001 and sw.eta.iloc[-1] == pytest.approx(10 ** 1.5)
    for row in sw.iloc[::5].itertuples():                               # each value = a torch.optim.SGD run alone
        alone = minimize(O.J1_sum, [O.START_W], "sgd", row.eta, O.REGIME_STEPS)
        if row.outcome != "diverged":
            assert row.w_end == pytest.approx(alone.x0.iloc[-1], rel=1e-9, abs=1e-12)
            assert row.J_end == pytest.approx(alone.f.iloc[-1], rel=1e-9, abs=1e-15)
    by = dict(zip(sw.eta.round(4), sw.outcome))
    assert by[0.001] == by[0.01] == "still moving"                      # too small: crawls
    assert by[0.0501] == by[0.1995] == "stuck in the false minimum"
    assert by[0.5012] == by[6.3096] == "global minimum"
    assert by[7.9433] != "diverged" and by[10.0] == "diverged"          # the bowl holds eta < 2 / J'' = 8
    assert O.sweep([0.05, 1.0, 10.0]).outcome.tolist() == [
        "stuck in the false minimum", "global minimum", "diverged"]


# The race on surfaces ---------------------------------------------------------------------------------------------
def _by_hand(racer: str, f, start, lr: float, steps: int) -> list[list[float]]:
    """The update rules of core.learning_rate_and_optimizers.RULES, written out: the iterates of `steps` steps."""
    p = torch.tensor(start, dtype=torch.float64)
    a = torch.zeros(2, dtype=torch.float64)   # momentum v, Adagrad G, RMSprop / Adadelta s, Adam m
    b = torch.zeros(2, dtype=torch.float64)   # Adam s, Adadelta u
    out = [p.tolist()]
    for t in range(1, steps + 1):
        q = p.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(f(q), q)
        if racer == "sgd":
            p = p - lr * g
        elif racer == "momentum":
            a = 0.9 * a + g
            p = p - lr * a
        elif racer == "adagrad":
            a = a + g ** 2
            p = p - lr * g / (a.sqrt() + 1e-10)
        elif racer == "rmsprop":
            a = 0.99 * a + 0.01 * g ** 2
            p = p - lr * g / (a.sqrt() + 1e-8)
        elif racer == "adam":
            a, b = 0.9 * a + 0.1 * g, 0.999 * b + 0.001 * g ** 2
            p = p - lr * (a / (1 - 0.9 ** t)) / ((b / (1 - 0.999 ** t)).sqrt() + 1e-8)
        elif racer == "adadelta":
            a = 0.9 * a + 0.1 * g ** 2
            delta = (b + 1e-6).sqrt() / (a + 1e-6).sqrt() * g
            b = 0.9 * b + 0.1 * delta ** 2
            p = p - lr * delta
        out.append(p.tolist())
    return out


@pytest.mark.parametrize("racer", list(OPTIMIZERS))
def test_each_racer_steps_as_torch_optim_and_its_rule_by_hand(racer):
    assert set(O.RULES) == set(OPTIMIZERS)
    for name in O.SURFACES:
        race = O.race_surface(name, [racer], 0.1, 5)
        hand = _by_hand(racer, O.surface(name), O.SURFACES[name][2], 0.1, 5)
        assert np.allclose(race[["x", "y"]].to_numpy(), hand, rtol=1e-12, atol=1e-14)
    assert isinstance(O.make_optimizer(racer, [torch.zeros(1, requires_grad=True)], 0.1), OPTIMIZERS[racer][1])


@pytest.mark.parametrize("name", list(O.SURFACES))
def test_racing_together_equals_each_racer_alone(name):
    race = O.race_surface(name, list(OPTIMIZERS), 0.3, 40)
    for r in OPTIMIZERS:
        alone = minimize(O.surface(name), O.SURFACES[name][2], r, 0.3, 40)
        mine = race[race.racer == r]
        assert np.allclose(mine[["x", "y", "f"]].to_numpy(), alone[["x0", "x1", "f"]].to_numpy(), rtol=1e-9,
                           atol=1e-12)
        assert mine.label.iloc[0] == OPTIMIZERS[r][0]


def test_a_diverging_racer_stops_and_is_reported():
    race = O.race_surface("bowl", ["sgd", "adam"], 10.0, 150)   # SGD on the bowl: x <- (1 - 10) x
    sgd = race[race.racer == "sgd"]
    assert len(sgd) < 151 and np.abs(sgd[["x", "y"]].to_numpy()[-1]).max() >= 1e6
    assert len(race[race.racer == "adam"]) == 151
    s = O.race_summary(race, "bowl").set_index("racer")
    assert s.loc["sgd", "diverged"] and not s.loc["adam", "diverged"]


def test_the_multiwell_surface_has_several_minima_and_the_others_one():
    m = O.surface_minima("multiwell")
    assert len(m) == 3 and m.f.is_monotonic_increasing
    for row in m.itertuples():
        q = torch.tensor([row.x, row.y], dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(O.surface("multiwell")(q), q)
        assert g.norm() < 1e-6
        assert torch.linalg.eigvalsh(torch.autograd.functional.hessian(O.surface("multiwell"), q.detach())).min() > 0
    for name in ("bowl", "valley"):
        one = O.surface_minima(name)
        assert len(one) == 1 and abs(one.x[0]) < 1e-6 and abs(one.y[0]) < 1e-6


def test_the_surface_grid_is_in_image_order():
    f = O.surface_grid("valley", 5)
    assert f.shape == (5, 5)
    assert f[0, 0] == pytest.approx(0.05 * 25 + 2 * 25) and f[2, 2] == pytest.approx(0)   # top-left = (-5, 5)
    assert f[0, 2] == pytest.approx(50) and f[2, 0] == pytest.approx(1.25)


# The network race and the schedule --------------------------------------------------------------------------------
def test_the_network_race_trains_the_same_network_once_per_racer():
    seen = []
    race = O.race_network(["sgd", "adam"], 0.1, 30, on_progress=lambda df, frac: seen.append(frac))
    assert seen[-1] == 1.0 and len(seen) >= 2
    start = race[race.step == 0].set_index("racer").loss
    assert start["sgd"] == start["adam"]                               # same data, same initial weights
    ds = O.net_dataset()
    for r in ("sgd", "adam"):  # each equals an autograd + torch.optim run on its own (the race runs batched)
        t = Trainer(O.net_model(), ds, None, TrainConfig(optimizer=r, lr=0.1, batch_size=len(ds), seed=0))
        t.run(30)
        # float32 throughout: 30 Adam steps to a loss near 1e-3 differ by about 1e-5 of it, relatively
        assert race[race.racer == r].loss.iloc[-1] == pytest.approx(t.history().train_loss.iloc[-1], rel=1e-4)
    final = race.groupby("racer").loss.last()
    assert final["adam"] < start["adam"] and final["sgd"] < start["sgd"]


def test_too_large_a_rate_thrashes_on_the_network_and_the_chart_data_stay_finite():
    race = O.race_network(["momentum", "adadelta"], 10.0, 60)
    m = race[race.racer == "momentum"]
    assert m.loss.iloc[-1] > m.loss.iloc[0]                            # worse than untrained: it overshoots
    assert np.isfinite(race.loss).all() and not race.diverged.any()    # tanh and BCE on logits stay finite


@pytest.mark.parametrize("kind", list(O.SCHEDULES))
def test_the_schedule_follows_torch_lr_scheduler(kind):
    run = O.schedule_race("adam", 0.1, 40, kind)
    const, sched = run[run.series == "constant"], run[run.series == kind]
    assert (const.lr == 0.1).all() and const.loss.iloc[0] == sched.loss.iloc[0]
    t = np.arange(len(sched))
    expected = (0.05 * (1 + np.cos(np.pi * t / 40)) if kind == "cosine" else 0.1 * 0.5 ** (t // 10))
    assert np.allclose(sched.lr.to_numpy(), expected, rtol=1e-9, atol=1e-12)
    assert sched.loss.iloc[-1] != const.loss.iloc[-1]


# The code panel ------------------------------------------------------------------------------------------------------
def test_the_code_panels_caption_compares_the_scripts_network_race_with_the_pages():
    """At the page's defaults the script's race is each racer alone with torch.optim; the caption says, racer by
    racer, whether it prints the page's final loss, from the two runs' own numbers."""
    racers = list(O.LECTURE)
    page, script = O.race_network(racers, 0.1, 100), O.race_network_alone(racers, 0.1, 100)
    a = O.race_agreement(page, script)
    assert list(a.racer) == racers
    end_page, end_script = page.groupby("racer").loss.last(), script.groupby("racer").loss.last()
    for r in a.itertuples():
        assert r.agree == math.isclose(end_page[r.racer], end_script[r.racer], rel_tol=O.AGREE)
        mine = page[page.racer == r.racer].merge(script[script.racer == r.racer], on="step")
        close = np.isclose(mine.loss_x, mine.loss_y, rtol=O.AGREE, atol=0)
        if close.all():
            assert math.isnan(r.parted)
        else:                                   # the first evaluated step where they part, and the one before
            assert r.parted == mine.step[~close].iloc[0] and r.together_until == mine.step[mine.step < r.parted].max()
    caption = words.code_caption(a)
    same, apart = a[a.agree], a[~a.agree]
    assert len(same) >= 3                                   # most racers print the page's loss
    if len(apart):
        assert "For " + ", ".join(same.label[:-1]) + " and " + same.label.iloc[-1] + " it prints" in caption
    for r in apart.itertuples():
        assert (f"For {r.label} it prints {num(r.script)} where the page shows {num(r.page)}: the two runs agree to "
                f"within 0.1 % up to step {r.together_until:.0f}, then drift apart.") in caption
    two = O.race_agreement(page[page.racer.isin(["sgd", "adagrad"])], script)
    assert two.agree.all() and words.code_caption(two).endswith(
        "for both racers the script prints the page's final training loss to within 0.1 %.")
    assert "start the race" in words.code_caption(None)

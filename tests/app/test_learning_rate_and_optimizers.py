"""The learning-rate and optimizers page as the learner sees it: the three regimes under the slide's captions, the
sweep with the learner's eta, the race on a surface and on a network, the one-line swap and the schedule."""

import time

import numpy as np
import pytest

from core import learning_rate_and_optimizers as O
from core.optimizers import OPTIMIZERS
from tests.conftest import charts, metrics, no_exception, open_page
from ui.content import learning_rate_and_optimizers as words
from ui.text import num

PAGE = "pages/08_learning_rate_and_optimizers.py"


def texts(at, kind):
    return " ".join(e.value for e in getattr(at, kind))


def regime_charts(at):
    """The three regimes' charts, in the page's order: the charts that draw the loss curve with a run on it."""
    return [c for c in charts(at) if "curve" in c]


def sweep_chart(at):
    """The sweep of learning rates, with the learner's η marked."""
    return next(c for c in charts(at) if "sweep" in c)


def test_the_three_regimes_under_the_slides_captions():
    at = open_page(PAGE)
    no_exception(at)
    md = texts(at, "markdown")
    for _, caption in O.REGIMES.values():
        assert caption in md
    caps = texts(at, "caption")
    assert "η = 0.05, 60 steps: stuck in the false minimum" in caps
    assert "η = 10, 60 steps: diverged; left the chart at step 2" in caps
    assert "η = 1, 60 steps: global minimum" in caps
    runs = O.regime_runs()
    assert len(regime_charts(at)) == 3
    for chart, key in zip(regime_charts(at), ("small", "large", "stable")):
        mine = runs[runs.regime == key]
        assert np.allclose(chart["path"].w, mine.w[: len(chart["path"])])
        assert set(chart["marks"].label) >= {"start", "global minimum", "false minimum"}
    assert "J'' = 8.10" in caps and "every η < 8" in caps


def test_the_sweep_and_your_learning_rate():
    at = open_page(PAGE)
    sweep = sweep_chart(at)
    assert len(sweep["sweep"]) == 46 and sweep["you"].eta[0] == 0.1
    assert set(sweep["sweep"].outcome) == {"still moving", "stuck in the false minimum", "global minimum", "diverged"}
    assert sweep["sweep"].shown.max() <= 3.0                             # diverged runs drawn at the cap
    m, mine = metrics(at), O.sweep([0.1]).iloc[0]
    assert m["w after the run"] == "−2.915" and m["J after the run"] == "0.2936"
    assert "stuck in the false minimum" in texts(at, "info") and mine.outcome == "stuck in the false minimum"
    at.select_slider(key="eta").set_value(1.0).run()
    no_exception(at)
    assert "global minimum" in texts(at, "success") and sweep_chart(at)["you"].eta[0] == 1.0
    at.select_slider(key="eta").set_value(30.0).run()
    assert "diverged" in texts(at, "error")


def test_the_race_on_both_courses():
    at = open_page(PAGE)
    assert "Press **Start the race**" in texts(at, "info")
    assert len(charts(at)) == 5 and len(charts(at)[4]["path"]) == 0      # the map alone, before the race
    at.button(key="race").click().run()
    no_exception(at)
    c = charts(at)
    lecture = [OPTIMIZERS[k][0] for k in O.LECTURE]                     # the lecture's list, in its order
    assert lecture == ["SGD", "Adam", "Adadelta", "Adagrad", "RMSprop"]
    surf = O.race_surface("multiwell", O.LECTURE, 0.1, 100)
    assert np.allclose(c[4]["path"][["x", "y", "f"]], surf[["x", "y", "f"]])
    assert list(c[4]["ends"].label) == lecture
    net = O.race_network(list(O.LECTURE), 0.1, 100)
    shown = c[5]["loss"]
    assert set(shown.label) == set(lecture)
    assert np.allclose(shown.groupby("label").loss.last().sort_index(),
                       net.groupby("label").loss.last().sort_index())
    table = at.dataframe[0].value
    assert list(table["optimizer"]) == lecture
    assert table.set_index("optimizer").loc["Adadelta", "surface: where"].startswith(
        "not settled (nearest: the local minimum")
    assert table.set_index("optimizer").loc["SGD", "surface: where"] == "at the local minimum"
    code = " ".join(c.value for c in at.code)
    assert "optimizer = torch.optim.Adam(model.parameters(), lr=0.1)" in code
    # A new setting drops the old race instead of showing it under the wrong label.
    at.select_slider(key="lr").set_value(1.0).run()
    assert "Press **Start the race**" in texts(at, "info") and len(charts(at)[4]["path"]) == 0


def test_the_code_panels_caption_says_whether_the_script_prints_the_race():
    at = open_page(PAGE)                                    # the code panel open
    assert "start the race, and this caption says whether" in texts(at, "caption")
    at.button(key="race").click().run()
    no_exception(at)
    a = O.race_agreement(O.race_network(list(O.LECTURE), 0.1, 100), O.race_network_alone(O.LECTURE, 0.1, 100))
    caption = next(c.value for c in at.caption if c.value.startswith("Paste into a notebook"))
    assert caption == words.code_caption(a)
    for r in a[~a.agree].itertuples():                     # the page's own number, as its table shows it
        assert f"where the page shows {num(r.page)}" in caption
        assert at.dataframe[0].value.set_index("optimizer").loc[r.label, "network: training loss"] == r.page


def test_pick_the_racers_and_the_course():
    at = open_page(PAGE, {"r_momentum": "false", "r_adagrad": "false", "r_rmsprop": "false", "r_adadelta": "false",
                          "surf": "Elongated valley", "lr": "0.1", "steps": "50"})
    at.button(key="race").click().run()
    no_exception(at)
    c = charts(at)
    assert set(c[4]["path"].label) == {"SGD", "Adam"} and set(c[5]["loss"].label) == {"SGD", "Adam"}
    assert c[4]["path"].step.max() == 50
    for key in ("r_sgd", "r_adam"):
        at.toggle(key=key).set_value(False).run()
    no_exception(at)
    assert "Pick at least one racer" in texts(at, "info") and at.button(key="race").disabled


def test_a_diverging_race_still_draws():
    at = open_page(PAGE, {"surf": "Bowl", "lr": "10", "steps": "150"})
    at.button(key="race").click().run()
    no_exception(at)
    table = at.dataframe[0].value.set_index("optimizer")
    assert table.loc["SGD", "surface: where"] == "diverged" and np.isnan(table.loc["SGD", "surface: f at the end"])
    assert np.isfinite(charts(at)[4]["path"][["x", "y"]].to_numpy()).all()


@pytest.mark.parametrize("kind", ["cosine annealing", "step decay (halve every quarter of the run)"])
def test_the_schedule_beyond_the_lecture(kind):
    at = open_page(PAGE, {"sched": kind})
    assert "Beyond the lecture" in " ".join(h.value for h in at.header)
    at.button(key="schedule").click().run()
    no_exception(at)
    key = {v: k for k, v in O.SCHEDULES.items()}[kind]
    run = O.schedule_race("adam", 1.0, O.SCHEDULE_STEPS, key)
    chart = charts(at)[-1]
    assert set(chart["run"].series) == {"constant", kind}
    assert chart["rate"].lr.min() < 1.0 and chart["rate"].lr.max() == 1.0
    last = run.groupby("series").loss.last()
    assert f"{last['constant']:.4g}".replace("-", "−") in texts(at, "caption")
    assert last[key] < last["constant"] / 20                           # here the schedule ends far lower


def test_a_control_change_is_fast():
    at = open_page(PAGE)
    t = time.perf_counter()
    at.select_slider(key="eta").set_value(3.0).run()
    assert time.perf_counter() - t < 2.0                                # measured ~0.1 s; generous for a busy machine
    no_exception(at)


def test_presets_and_reset():
    at = open_page(PAGE)
    at.button(key="preset_Race in the valley").click().run()
    no_exception(at)
    assert at.selectbox(key="surf").value == "valley"
    at.button(key="preset_η = 1 on every racer").click().run()
    assert at.select_slider(key="lr").value == 1.0 and at.selectbox(key="surf").value == "multiwell"
    at.toggle(key="r_adam").set_value(False).run()
    at.button(key="preset_reset").click().run()
    no_exception(at)
    assert at.select_slider(key="lr").value == 0.1 and at.toggle(key="r_adam").value

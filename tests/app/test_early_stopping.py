"""The "Early stopping" page: the 70/30 split, the live run, the stop point and regions on the chart,
restored checkpoint against final model, and controls that change the result."""

import time

from core import early_stopping as es
from tests.conftest import chart, metrics, no_exception, open_page

PAGE = "pages/13_early_stopping.py"


def test_default_shows_the_70_30_split_before_training():
    at = open_page(PAGE)
    no_exception(at)
    assert "14 for training, 6 for validation" in at.caption[0].value
    assert "1,153 parameters" in at.caption[0].value
    assert "Press **Train**" in at.info[0].value
    pts, fit = chart(at, 0)["points"], chart(at, 0)["fit"]
    assert set(fit.model) == {"true rule"}
    assert (pts.set == "training").sum() == 14 and (pts.set == "validation").sum() == 6
    assert not metrics(at)


def test_train_marks_stop_here_and_restores_the_best_checkpoint():
    at = open_page(PAGE)
    at.button(key="train").click().run()
    no_exception(at)
    r = es.run(es.EarlySettings())
    m = metrics(at)
    assert m["Stop here: step"] == f"{r.restored_step}" == "80"
    assert m["Validation loss"] == f"{r.history.val_loss.iloc[r.restored_index]:.4f}"
    assert m["Test loss, restored"] == f"{r.test_restored:.4f}"
    assert m["Test loss, final"] == f"{r.test_final:.4f}"
    assert r.test_restored < r.test_final
    assert at.metric[2].delta == f"{r.test_restored - r.test_final:+.4f}"
    loss = chart(at, 0)
    marks = loss["marks"].set_index("kind")
    assert marks.loc["stop", "label"] == "Stop training here!" and marks.loc["stop", "step"] == 80
    assert marks.loc["patience", "step"] == 130
    regions = loss["regions"].set_index("region")
    assert (regions.loc["under-fitting", "step"], regions.loc["under-fitting", "x2"]) == (0, 80)
    assert (regions.loc["over-fitting", "step"], regions.loc["over-fitting", "x2"]) == (80, 500)
    assert set(loss["loss"].series) == {"training", "validation"} and loss["loss"].step.max() == 500
    fit = chart(at, 1)["fit"]
    assert set(fit.model) == {"true rule", "restored checkpoint", "final model"}
    assert "stop at step 130" in " ".join(c.value for c in at.caption)
    # The finished run stays while the learner reads on...
    at.radio(key="quiz_early_stopping").set_value("The checkpoint at the validation minimum").run()
    assert metrics(at) == m and at.success
    # ...and a new setting clears it, quickly.
    t = time.perf_counter()
    at.slider(key="patience").set_value(8).run()
    elapsed = time.perf_counter() - t
    no_exception(at)
    assert not metrics(at) and at.info
    assert elapsed < 1.0, elapsed   # well under 250 ms when the machine is idle; generous for shared CI


def _result(query):
    at = open_page(PAGE, query)
    at.button(key="train").click().run()
    no_exception(at)
    loss = chart(at, 0)
    return metrics(at), len(loss["loss"]), loss["marks"].step.tolist()


def test_controls_change_the_result():
    base = _result({})
    assert base[1] == 2 * 51   # two curves, evaluated every 10 steps from step 0 to 500
    for q in ({"val": "50"}, {"seed": "2"}):
        assert _result(q)[0] != base[0], q
    every = _result({"every": "20"})   # the same minimum at step 80, fewer evaluations, a later stop
    assert every[1] == 2 * 26 and every[2] == [80, 180]


def test_patience_moves_the_stop_but_not_the_checkpoint():
    at = open_page(PAGE, {"patience": "20"})
    at.button(key="train").click().run()
    assert metrics(at)["Stop here: step"] == "80"
    assert chart(at, 0)["marks"].set_index("kind").loc["patience", "step"] == 80 + 20 * 10

"""Promised outcomes on "Early stopping": the run at the defaults, patience 1 and 20, a 10 % validation split, the
curves' colours, and that the validation data choose the checkpoint while the test data only report."""

import pandas as pd

from core import early_stopping as es
from tests.conftest import charts, metrics, no_exception, open_page
from tests.promises import promise
from ui.charts import early_stopping
from ui.charts import BLUE, ORANGE

PAGE = "pages/13_early_stopping.py"


def run(**kw) -> es.EarlyResult:
    return es.run(es.EarlySettings(**kw))


def series_colours() -> dict:
    """{series name: colour} of the loss chart's lines, from the chart the page draws."""
    r = run()
    spec = early_stopping.loss_spec(r.history, r.restored_step, r.stop_step, es.EarlySettings().steps)
    for layer in spec["layer"]:
        colour = layer.get("encoding", {}).get("color", {})
        if colour.get("field") == "series":
            return dict(zip(colour["scale"]["domain"], colour["scale"]["range"]))
    raise AssertionError("no series colours in the loss chart")


@promise("early_stopping", "The orange validation curve is lowest at step 80")
@promise("early_stopping", "by the end it is about four times higher, while the blue training curve keeps falling")
@promise("early_stopping", "The restored checkpoint's test loss is about a third of the final model's.")
def test_the_default_run():
    assert series_colours() == {"training": BLUE, "validation": ORANGE}
    at = open_page(PAGE, code=False)
    at.button(key="train").click().run()
    no_exception(at)
    m = metrics(at)
    assert m["Stop here: step"] == "80"
    marks = charts(at)[0]["marks"].set_index("kind")
    assert marks.loc["stop", "label"] == "Stop training here!" and marks.loc["stop", "step"] == 80
    r = run()
    h = r.history
    assert r.step(r.best_index) == r.restored_step == 80
    assert 3.5 < h.val_loss.iloc[-1] / h.val_loss.iloc[r.best_index] < 4.5
    after = h.train_loss.iloc[r.best_index:]
    assert after.iloc[-1] < after.iloc[0] and after.idxmin() >= len(h) - 3   # lowest at the very end
    assert 0.28 < float(m["Test loss, restored"]) / float(m["Test loss, final"]) < 0.4


@promise("early_stopping", "With patience 1, training stops at step 50 on a small bump of the validation curve and "
                           "restores step 40, not 80")
@promise("early_stopping", "with 20 it trains on to step 280 and restores step 80, since the curve never comes back "
                           "down")
def test_patience_1_and_20():
    r = run(patience=1)
    v = r.history.set_index("step").val_loss
    assert (r.stop_step, r.restored_step) == (50, 40)
    assert 0 < v[50] - v[40] < 0.02 and v.min() == v[80] < v[40]   # a small rise, then lower still
    r = run(patience=20)
    assert (r.stop_step, r.restored_step) == (280, 80)
    assert v[v.index > 80].min() > v[80]


@promise("early_stopping", "Two points are a poor guide: at its minimum the validation loss reads about 0.006, while "
                           "the same checkpoint's test loss is about 0.12")
@promise("early_stopping", "the restored checkpoint does no better on the test set than the final model")
def test_a_10_percent_split():
    train, val, _ = es.datasets(es.EarlySettings(val_pct=10))
    assert (len(train), len(val)) == (18, 2)
    r = run(val_pct=10)
    assert r.restored_index == r.best_index
    assert abs(r.history.val_loss.iloc[r.best_index] - 0.006) < 0.001
    assert abs(r.test_restored - 0.12) < 0.005
    assert abs(r.test_restored - r.test_final) < 0.005 and not r.clearly_better
    at = open_page(PAGE, {"val": "10"}, code=False)
    at.button(key="train").click().run()
    assert "not clearly better" in at.warning[0].value


@promise("early_stopping", "used only to report how the chosen model does, never to choose it")
def test_the_validation_data_choose_and_the_test_data_only_report(monkeypatch):
    r = run()
    v = r.history.val_loss.tolist()
    assert r.restored_index == es.best_checkpoint(v[: r.stop_index + 1])          # chosen on validation alone
    monkeypatch.setattr(es, "TEST_SEED_OFFSET", es.TEST_SEED_OFFSET + 12345)       # another test set ...
    other = run()
    pd.testing.assert_frame_equal(other.history, r.history)                      # ... the same run and choice
    assert (other.restored_step, other.stop_step) == (r.restored_step, r.stop_step)
    assert other.test_restored != r.test_restored                                # only the report changes

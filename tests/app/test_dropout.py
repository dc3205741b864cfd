"""The Dropout page: the lecture's p = 0.5 (docs/reference-values.md), two passes that differ (train) or agree
(eval), zero gradients, and the side-by-side training."""

import time

from core import dropout as D
from tests.conftest import charts, metrics, no_exception, open_page

PAGE = "pages/12_dropout.py"


def test_lecture_default_shows_the_statistics_and_two_different_passes():
    at = open_page(PAGE)
    no_exception(at)
    m = metrics(at)
    s = D.dropout_stats(0.5, seed=1)
    assert m["Fraction of 10⁶ ones set to 0"] == f"{s['zero_fraction']:.4f}"
    assert abs(float(m["Fraction of 10⁶ ones set to 0"]) - 0.5) < 0.005
    assert m["Value of every survivor"] == "2"
    assert abs(float(m["Mean after dropout"]) - 1) < 0.01
    passes = D.forward_passes(0.5, True, 1)
    assert m["Pass 1: output ŷ"] == f"{passes[0]['y_hat']:.4f}" != m["Pass 2: output ŷ"]
    assert "two different outputs" in at.success[0].value
    nets = charts(at)[:2]
    for data, one in zip(nets, passes):
        hidden = data["nodes"][data["nodes"].state.isin(["kept: h/(1−p)", "dropped: 0"])]
        n_dropped = int(sum((~k).sum() for k in one["kept"]))
        assert (hidden.state == "dropped: 0").sum() == n_dropped and (hidden.text == "✕").sum() == n_dropped
        edges = data["edges"]
        assert set(edges.sign) == {"w > 0", "w < 0", "unused this pass"}  # the chart's colour domain
        assert ((edges.abs_w == 0) == (edges.sign == "unused this pass")).all()  # edges of dropped units greyed
    grads = at.dataframe[0].value
    dropped = grads[~grads.kept]
    assert len(dropped) and (dropped["‖gradient of its incoming weights‖"] == 0).all()


def test_eval_mode_passes_agree_and_nothing_is_dropped():
    at = open_page(PAGE, {"mode": "evaluation: model.eval()"})
    no_exception(at)
    m = metrics(at)
    assert m["Pass 1: output ŷ"] == m["Pass 2: output ŷ"]
    assert "Evaluation mode" in at.info[0].value
    for data in charts(at)[:2]:
        assert "dropped: 0" not in set(data["nodes"].state)


def test_controls_change_the_result_fast():
    at = open_page(PAGE)
    base = metrics(at)
    at.slider(key="p").set_value(0.2)
    t = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t
    no_exception(at)
    m = metrics(at)
    assert m != base and m["Value of every survivor"] == "1.25"
    assert elapsed < 1.0, elapsed  # target 0.25 s on an idle machine; shared CI cores are slower
    at.number_input(key="seed").set_value(5).run()
    assert metrics(at)["Pass 1: output ŷ"] != m["Pass 1: output ŷ"]
    at.slider(key="p").set_value(0.0).run()
    m0 = metrics(at)
    assert m0["Pass 1: output ŷ"] == m0["Pass 2: output ŷ"] and m0["Fraction of 10⁶ ones set to 0"] == "0.0000"


def test_train_both_shows_fits_and_curves():
    at = open_page(PAGE)
    assert "Train both" in at.info[-1].value
    at.button(key="train").click().run()
    no_exception(at)
    r = D.compare(D.CompareSettings(p=0.5, seed=1))
    m = metrics(at)
    tests = [x.value for x in at.metric if x.label == "Test loss (MSE)"]
    assert tests == [f"{r['runs'][n]['test_loss']:.3f}" for n in ("without dropout", "with dropout")]
    assert "dropout lowered the test loss" in at.success[-1].value
    fits = charts(at)[2]
    assert set(fits["fit"].series) == {"true curve", "without dropout", "with dropout"}
    assert len(fits["points"]) == 15 + D.N_TEST
    loss = charts(at)[3]["loss"]
    assert set(loss.series) == {"training", "test"} and loss.step.max() == D.CompareSettings.steps
    assert m["Pass 1: output ŷ"]  # the rest of the page is still there
    # A new p needs a new run.
    at.slider(key="p").set_value(0.3).run()
    assert len(at.get("vega_lite_chart")) == 2 and "Train both" in at.info[-1].value

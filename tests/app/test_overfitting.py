"""The overfitting page: the lecture's three fits, your model, and the capacity sweep."""

import time

import pytest

from core import overfitting as O
from tests.conftest import chart, no_exception, open_page

PAGE = "pages/11_overfitting.py"


def metrics(at):
    return [(m.label, m.value) for m in at.metric]


GAP = "Gap: test − training"  # only your model shows the gap, right after its two errors


def your_metrics(at):
    """Your model's metrics: its training and test error and the gap."""
    m = metrics(at)
    gap = [label for label, _ in m].index(GAP)
    return m[gap - 2:gap + 1]


def panel_metrics(at):
    """The lecture's three panels' metrics, two each, in the panels' order."""
    m = metrics(at)
    gap = [label for label, _ in m].index(GAP)
    return m[:gap - 2] + m[gap + 1:]


def _is_panel(el) -> bool:
    return any(f'"{name}"' in el.proto.spec for name in O.PANELS)  # each panel's chart is titled with its name


def panel_charts(at) -> list[int]:
    """The indices of the lecture's three panels' charts, in the panels' order."""
    return [i for i, el in enumerate(at.get("vega_lite_chart")) if _is_panel(el)]


def your_chart(at) -> int:
    """The index of your model's chart: the first chart that is not a panel's (the sweep's comes last)."""
    return next(i for i, el in enumerate(at.get("vega_lite_chart")) if not _is_panel(el))


@pytest.fixture(scope="module")
def default_page():
    at = open_page(PAGE)
    no_exception(at)
    return at


def test_three_lecture_panels_are_real_fits(default_page):
    at = default_page
    values = [float(v) for _, v in panel_metrics(at)]
    (u_tr, u_te), (i_tr, i_te), (o_tr, o_te) = values[0:2], values[2:4], values[4:6]
    assert u_tr > i_tr > o_tr                 # training error falls with capacity ...
    assert i_te < u_te and i_te < o_te        # ... test error is lowest in the middle
    assert o_tr < 0.01                        # the big network threads the training points
    ideal = O.fit(O.PANELS["Ideal fit"], 10, 0)
    assert (i_tr, i_te) == (round(ideal.train_mse, 3), round(ideal.test_mse, 3))
    assert len(panel_charts(at)) == 3
    for i in panel_charts(at):
        d = chart(at, i)
        assert len(d["train"]) == 10 and len(d["test"]) == O.N_TEST
        assert set(d["curve"].series) == {"network's fit ŷ(x)", "true rule (no noise)"}


def test_your_model_starts_untrained_and_trains_to_core_numbers(default_page):
    at = default_page
    assert "Untrained" in at.info[0].value
    at.button(key="train").click().run()
    no_exception(at)
    f = O.fit((2,), 10, 0)
    m = dict(your_metrics(at))
    assert m["Training MSE"] == f"{f.train_mse:.4f}" and m["Test MSE"] == f"{f.test_mse:.4f}"
    assert "Trained" in at.success[0].value and "A good fit" in at.success[0].value
    # An unrelated rerun keeps the trained model; a new setting goes back to the untrained network.
    at.radio(key="quiz_overfitting").set_value("Underfitting: it needs more capacity").run()
    assert dict(your_metrics(at)) == m
    t = time.perf_counter()
    at.slider(key="n").set_value(30).run()
    print(f"re-render after a control change: {time.perf_counter() - t:.3f} s")
    no_exception(at)
    assert "Untrained" in at.info[0].value
    assert dict(your_metrics(at)) != m
    assert len(chart(at, your_chart(at))["train"]) == 30


def test_capacity_sweep_marks_the_sweet_spot():
    at = open_page(PAGE)
    assert len(at.get("vega_lite_chart")) == 4  # the sweep waits for its button
    assert any("Run the capacity sweep" in i.value for i in at.info)
    t = time.perf_counter()
    at.button(key="sweep").click().run()
    print(f"capacity sweep (7 networks trained together): {time.perf_counter() - t:.2f} s")
    no_exception(at)
    d = chart(at, 4)
    assert set(d["errors"].set) == {"training error", "test error"}
    assert len(d["errors"]) == 2 * len(O.CAPACITIES)
    sweet = d["sweet"].iloc[0]
    assert sweet.label == "sweet spot" and sweet.network == O.describe(O.PANELS["Ideal fit"])
    test = d["errors"][d["errors"].set == "test error"]
    assert sweet.mse == test.mse.min()
    assert any(c.value.startswith("Sweet spot: 1 × 2") for c in at.caption)


def test_tiny_data_huge_network_memorises():
    at = open_page(PAGE)
    at.button(key="preset_Tiny data, huge network").click().run()
    assert at.slider(key="depth").value == 2 and at.slider(key="n").value == 10
    assert "nn.Linear(64, 64)" in at.code[0].value
    at.button(key="train").click().run()
    no_exception(at)
    m = dict(your_metrics(at))
    f = O.fit((64, 64), 10, 0)  # the page shows exactly core's numbers, even for a chaotic memoriser
    assert m["Training MSE"] == f"{f.train_mse:.4f}" and m["Test MSE"] == f"{f.test_mse:.4f}"
    assert float(m["Training MSE"]) < 0.01 and float(m["Test MSE"]) > 0.3
    assert at.success[0].value.startswith("**Trained**") and "Overfitting" in at.success[0].value


def test_bad_link_falls_back_with_a_notice():
    at = open_page(PAGE, {"width": "5", "depth": "9"})
    no_exception(at)
    assert len(at.warning) >= 1

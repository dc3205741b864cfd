"""The loss-landscape page: the trained network's numbers, the surface drawn from the batched grid, the PCA path,
the caches (a view-only change computes nothing), and the code panel, as the learner sees them."""

import time

import numpy as np
import pytest

from core import loss_landscape as L
from tests.conftest import charts, metrics, no_exception, open_page
from ui.charts import loss_landscape as lc

PAGE = "pages/09_loss_landscape.py"
PCA_VIEW = "pca"


def num(v, digits=4):
    return f"{v:.{digits}g}".replace("-", "−")


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def code(at) -> str:
    return next(c.value for c in at.code if "VIEW =" in c.value)


@pytest.fixture
def calls(monkeypatch):
    """How many batched grid passes the page runs (each call of core.loss_landscape.batched_loss)."""
    count = {"n": 0}
    real = L.batched_loss

    def counted(*a, **kw):
        count["n"] += 1
        return real(*a, **kw)

    monkeypatch.setattr(L, "batched_loss", counted)
    return count


def test_defaults_show_li_et_al_picture():
    at = open_page(PAGE)
    no_exception(at)
    t = L.trained(L.NetSettings(2, 16))
    s = L.random_surface(t, 0, "filter", 1.0, 51)
    m = metrics(at)
    assert m["Trained loss J(θ*)"] == num(t.loss) == m["f(0, 0) on the grid"]
    assert m["Highest J on the map"] == num(s.loss.max())
    assert m["Grid points"] == "2,601"                     # the paper's 51 x 51
    chart = charts(at)[0]
    assert chart["image"].url[0].startswith("data:image/png;base64,")
    assert tuple(chart["image"].iloc[0][["x", "x2", "y", "y2"]]) == (-1.0, 1.0, -1.0, 1.0)
    theta = chart["theta"].iloc[0]
    assert (theta.label, theta.a, theta.b) == ("θ* (trained)", 0.0, 0.0)
    assert theta.loss == pytest.approx(t.loss)
    lowest = chart["marks"].set_index("label").loc["lowest grid point"]
    assert lowest.loss == pytest.approx(s.loss.min())
    assert list(chart["legend"].band) == lc.band_labels(lc.surface_levels(s.loss, True))
    assert "path" not in chart
    text = captions(at)
    assert "51 × 51 grid" in text and "log scale, contour bands" in text and "337 parameters" in text
    assert "2,601 networks of this grid in" in text
    assert "NORM = 'filter'" in code(at) and "VIEW = 'random'" in code(at)


def test_seed_and_normalisation_change_the_surface():
    base = charts(open_page(PAGE))[0]["image"].url[0]
    at = open_page(PAGE, {"seed": "7"})
    no_exception(at)
    s = L.random_surface(L.trained(L.NetSettings(2, 16)), 7, "filter", 1.0, 51)
    assert metrics(at)["Highest J on the map"] == num(s.loss.max())
    assert charts(at)[0]["marks"].set_index("label").loc["lowest grid point", "loss"] == pytest.approx(s.loss.min())
    at.selectbox(key="norm").set_value("none").run()
    no_exception(at)
    none = L.random_surface(L.trained(L.NetSettings(2, 16)), 7, "none", 1.0, 51)
    assert metrics(at)["Highest J on the map"] == num(none.loss.max()) != num(s.loss.max())
    assert charts(at)[0]["image"].url[0] != base


def test_try_this_is_built_from_the_numbers():
    """The weights' root mean square of the network on the page, and the end of the depth-3, width-32 path."""
    at = open_page(PAGE, {"depth": "1", "width": "8"}, code=False)
    no_exception(at)
    items = " ".join(m.value for m in at.markdown if m.value.startswith("1. "))
    rms = L.weight_rms(L.trained(L.NetSettings(1, 8)))
    assert f"the root mean square of this network's weights is {rms:.2f})" in items
    e = L.path_ending(L.trained(L.PATH_EXAMPLE))
    assert (f"the training loss was {num(e['low'], 2)} at step {e['low_step']}, jumped to {num(e['high'], 2)} at "
            f"step {e['high_step']} and was {num(e['end'], 2)} at step {e['end_step']}, at θ*.") in items


def test_range_and_resolution():
    at = open_page(PAGE, {"span": "0.5", "res": "21"})
    no_exception(at)
    chart = charts(at)[0]
    assert tuple(chart["image"].iloc[0][["x", "x2"]]) == (-0.5, 0.5)
    assert metrics(at)["Grid points"] == "441"
    assert "21 × 21 grid" in captions(at)


def test_view_only_changes_recompute_nothing(calls):
    at = open_page(PAGE, {"seed": "11"})
    no_exception(at)
    before = calls["n"]
    assert before >= 1                                  # this seed's surface was computed here
    at.toggle(key="log").set_value(False).run()
    at.toggle(key="bands").set_value(False).run()
    no_exception(at)
    assert calls["n"] == before                         # no training and no grid: only the colours changed
    assert "linear scale, a continuous colour ramp" in captions(at)
    legend = charts(at)[0]["legend"]
    assert "loss" in legend and "band" not in legend   # a gradient legend over the loss range
    at.number_input(key="seed").set_value(12).run()
    assert calls["n"] > before                          # a new slice is computed


def test_pca_view_draws_the_training_path():
    at = open_page(PAGE, {"view": PCA_VIEW, "res": "31"})
    no_exception(at)
    t = L.trained(L.NetSettings(2, 16))
    pca = L.trajectory_pca(t.trajectory)
    path = charts(at)[0]["path"]
    assert list(path.step) == list(range(0, L.STEPS + 1, L.SNAPSHOT_EVERY))
    assert np.allclose(path[["a", "b"]].to_numpy(), pca.coords, atol=1e-6)
    assert path.loss.iloc[-1] == pytest.approx(t.loss, rel=1e-5) and path.loss.iloc[0] > path.loss.iloc[-1]
    assert "start" in set(charts(at)[0]["marks"].label)
    info = " ".join(i.value for i in at.info)
    assert f"{pca.explained[0]:.0%} and {pca.explained[1]:.0%}" in info
    assert f"seed 0, {L.random_path_share(t, 0, 'filter'):.1%} of the straight line" in info
    assert "VIEW = 'pca'" in code(at)


def test_depth_and_width_retrain_another_network():
    at = open_page(PAGE, {"depth": "1", "width": "4"})
    no_exception(at)
    t = L.trained(L.NetSettings(1, 4))
    assert metrics(at)["Trained loss J(θ*)"] == num(t.loss)
    assert "A 2-4-1 network: 17 parameters" in captions(at)
    assert "over a 17-dimensional space" in " ".join(m.value for m in at.markdown)


def test_presets():
    at = open_page(PAGE, {"seed": "5", "norm": "layer"})
    at.button(key="preset_Training path").click().run()
    no_exception(at)
    assert at.selectbox(key="view").value == PCA_VIEW and at.number_input(key="seed").value == 0
    at.button(key="preset_No normalisation").click().run()
    assert at.selectbox(key="norm").value == "none"
    at.button(key="preset_reset").click().run()
    assert at.selectbox(key="norm").value == "filter"


def test_a_control_change_rerenders_fast():
    """Cold settings (a new seed): one 51 x 51 grid and the redraw. A loose bound: the machine is shared."""
    at = open_page(PAGE)
    seeds = [101, 102, 103]
    took = []
    for s in seeds:
        t0 = time.perf_counter()
        at.number_input(key="seed").set_value(s).run()
        took.append(time.perf_counter() - t0)
        no_exception(at)
    assert min(took) < 1.0, took

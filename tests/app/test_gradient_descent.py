"""The gradient-descent page: the landscape run, the steps table, the pseudocode beside the code, and Lab 1's
(x - 4)^2 with its regimes, as the learner sees them."""


import numpy as np
import pytest

from core import gradient_descent as D
from tests.conftest import charts, metrics, no_exception, open_page

PAGE = "pages/06_gradient_descent.py"


def frames(at):
    """The page's tables by their columns: "steps" (the shown rows), "regimes"."""
    out = {}
    for df in at.dataframe:
        v = df.value
        out["regimes" if "regime (from the iterates)" in v.columns else "steps" if "steps" not in out else "all"] = v
    return out


def messages(at):
    return {kind: " ".join(e.value for e in getattr(at, kind)) for kind in ("success", "info", "warning", "error")}


def num(v, digits=4):
    return f"{v:.{digits}g}".replace("-", "−")


def test_defaults_show_the_run_and_lab1():
    at = open_page(PAGE)
    no_exception(at)
    run = D.descend(-3.0, -2.0, 1.0, 20).frame
    m = metrics(at)
    assert m["J at the start"] == num(run.J.iloc[0]) == "2.94"
    assert m["J after 20 steps"] == num(run.J.iloc[-1])
    assert m["Minimum J*"] == num(D.minimum()[2]) == "0.2949"
    land = charts(at)[0]
    assert np.allclose(land["path"][["w0", "w1", "J"]], run[["w0", "w1", "J"]])
    assert set(land["marks"].label) == {"start", "end", "minimum"}
    assert land["image"].url[0].startswith("data:image/png;base64,")
    assert land["image"].x2[0] == D.BOX[0][1]                      # the usual map, no zoom
    assert "Still descending" in messages(at)["info"]
    # Lab 1: a seeded torch.randn(1) start, lr 1e-2, 500 steps.
    x0 = D.random_start(0)
    lab = D.descend_1d(x0, 0.01, 500).frame
    assert m["x₀"] == num(x0, 6) and m["x after 500 steps"] == num(lab.x.iloc[-1], 10)
    assert m["(x_t+1 − 4)/(x_t − 4), measured"] == "0.98" == m["1 − 2η, the closed form"]
    assert "Monotone" in messages(at)["success"]
    xchart, echart = charts(at)[1:]
    assert len(xchart["x"]) == 501 and xchart["target"].x[0] == 4.0
    assert set(echart["error"].series) == {"measured", "closed form |x₀ − 4|·|1 − 2η|ᵗ"}
    assert any("dy/dx = **6**" in md.value for md in at.markdown)   # Lab 1's autograd check


def test_regimes_table_holds_the_reference_values():
    t = frames(open_page(PAGE))["regimes"].set_index("η")
    assert t.loc[0.5, "x₁"] == 4.0 and (t.loc[1.0, "x₁"], t.loc[1.0, "x₂"]) == (8.0, 0.0)
    assert t.loc[1.1, "x₂₀"] == pytest.approx(-149.35, abs=0.005) and t.loc[0.01, "x₂₀"] == pytest.approx(1.3296, 1e-4)
    assert list(t["regime (from the iterates)"]) == ["monotone", "monotone", "one step", "oscillating, converging",
                                                     "period 2", "diverging"]


def test_lab1_from_zero_reaches_the_reference_value():
    at = open_page(PAGE, {"start": "0"})
    no_exception(at)
    assert metrics(at)["x after 500 steps"] == "3.999835904"


def test_steps_table_and_the_last_update_with_numbers():
    at = open_page(PAGE, {"steps": "30"})
    run = D.descend(-3.0, -2.0, 1.0, 30).frame
    t = frames(at)
    shown = t["steps"]
    assert list(shown.index) == [0, 1, 2, 3, 4, 26, 27, 28, 29, 30]    # first and last rows
    assert np.allclose(shown.to_numpy(), run.set_index("step").loc[shown.index].to_numpy())
    assert len(t["all"]) == 31
    latex = " ".join(x.value for x in at.latex)
    assert "W_{30}" in latex and f"{run.J.iloc[-1]:.4f}" in latex
    code = " ".join(c.value for c in at.code)
    assert "range(30)" in code and "W -= 1 * W.grad" in code and "Update weights, W ← W − η ∂J(W)/∂W" in code


def test_take_one_step_runs_one_more_update():
    at = open_page(PAGE, {"steps": "0"})
    assert "No steps yet" in messages(at)["info"] and "end" not in set(charts(at)[0]["marks"].label)
    for n in (1, 2):
        at.button(key="step_more").click().run()
        no_exception(at)
        assert at.slider(key="steps").value == n
        assert metrics(at)[f"J after {n} steps"] == num(D.descend(-3.0, -2.0, 1.0, n).frame.J.iloc[-1])


@pytest.mark.parametrize("preset, kind, text", [("Too small", "info", "Still descending"),
                                                 ("Stable", "success", "Converged"),
                                                 ("Too large", "error", "Too large: unstable")])
def test_presets_show_the_three_learning_rate_pictures(preset, kind, text):
    at = open_page(PAGE)
    at.button(key=f"preset_{preset}").click().run()
    no_exception(at)
    assert text in messages(at)[kind]
    if preset == "Too large":
        assert charts(at)[0]["image"].x2[0] > D.BOX[0][1]            # the map zoomed out to hold the path
    at.button(key="preset_reset").click().run()
    assert at.select_slider(key="lr").value == 1.0 and at.slider(key="steps").value == 20


def test_controls_change_the_result():
    base = metrics(open_page(PAGE))
    for q in ({"w0": "5"}, {"w1": "7"}, {"lr": "10"}, {"steps": "100"}, {"eta": "0.3"}, {"iters": "50"},
              {"seed": "3"}, {"start": "0"}):
        at = open_page(PAGE, q)
        no_exception(at)
        assert metrics(at) != base, q


@pytest.mark.parametrize("eta, kind, text", [(0.3, "success", "Monotone"), (0.5, "success", "One step"),
                                             (0.9, "info", "Oscillating but converging"),
                                             (1.0, "info", "Period 2"), (1.1, "error", "Diverging")])
def test_each_regime_is_named(eta, kind, text):
    at = open_page(PAGE, {"eta": f"{eta:g}", "start": "0", "iters": "20"})
    no_exception(at)
    assert text in messages(at)[kind]
    assert metrics(at)["1 − 2η, the closed form"] == num(1 - 2 * eta, 6)


def test_divergence_is_a_message_and_charts_still_draw():
    at = open_page(PAGE, {"eta": "3", "start": "0"})
    no_exception(at)
    assert "Diverged at step 220: J became inf" in messages(at)["error"]
    xchart, echart = charts(at)[1:]
    assert np.isfinite(xchart["x"].x).all() and np.isfinite(echart["error"].error).all()
    assert xchart["x"].step.max() < 20                                # only the first steps, before x runs off
    assert echart["error"].error.max() > 1e150                        # the log chart shows them all


def test_period_two_shows_8_and_0():
    at = open_page(PAGE, {"eta": "1", "start": "0"})
    assert "between 0 and 8" in messages(at)["info"]
    assert set(charts(at)[1]["x"].x) == {0.0, 8.0}



def test_the_standardisation_is_said_to_be_over_all_the_students():
    """Page 04 standardises over its 84 training students; this page over all 120: the sentence says so."""
    from core import data, will_i_pass

    shown = " ".join(m.value for m in open_page(PAGE, code=False).markdown)
    lectures = data.students(120, seed=0).X[:, 0].double()
    assert D.standardisation() == (lectures.mean().item(), lectures.std().item())
    assert "standardised like that page's inputs, but over all 120 students: x = (lectures − 5.44) / 3.25" in shown
    train, _ = will_i_pass.students_split()
    assert len(train) == 84 and f"{train.X[:, 0].mean().item():.3g}" != "5.44"   # page 04's own mean differs

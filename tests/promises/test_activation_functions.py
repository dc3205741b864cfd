"""What the activation-functions page promises the learner will see, checked at the page's own settings."""

import numpy as np
import pytest
import torch

from core import activation_functions as A
from core.models import grid
from tests.conftest import charts, no_exception, open_page
from tests.promises import promise

PAGE = "pages/02_activation_functions.py"
LECTURE = ("sigmoid", "tanh", "ReLU")


def table(at) -> dict:
    return {row["g"]: {k: float(str(v).replace("−", "-")) for k, v in row.items() if k != "g"}
            for row in at.table[0].value.to_dict("records")}


def trained(**settings) -> dict:
    """The page's two networks trained as "Train both" trains them, for these settings (the rest the page's)."""
    s = A.PairSettings(**settings)
    trainers = A.pair_trainers(s)
    A.train_pair(trainers, s.steps)
    return {k: A.snapshot(t) for k, t in trainers.items()}


def straight(snap: dict) -> bool:
    """The network's boundary is the straight line of its collapsed map: P > 0.5 exactly on one side of it."""
    if snap["map"] is None:
        return False
    (w1, w2), b = snap["map"]
    side = grid(A.PLANE, A.PLANE, 80).double() @ torch.tensor([w1, w2], dtype=torch.float64) + b > 0
    return bool(torch.equal(torch.as_tensor(snap["prob"]).reshape(-1) > 0.5, side))


@promise("activation_functions", "Move the bias w₀ from 0 to 3: every curve slides 3 to the left")
@promise("activation_functions", "the point x = 0 climbs the curve")
def test_the_bias_slides_every_curve_left_and_the_point_climbs():
    at = open_page(PAGE, code=False)
    before = table(at)
    at.slider(key="w0").set_value(3.0).run()
    no_exception(at)
    after = table(at)
    for chart in charts(at)[:3]:
        curves = chart["curves"]
        moved = curves[curves.series == "g(z)"]
        still = curves[curves.series == "g without w₀, w₁"]
        part = moved[moved.x + 3 <= 6]  # where the unshifted curve is drawn 3 to the right
        # g(x + 3) drawn at x equals the unshifted curve drawn at x + 3 (ReLU's kink is on a grid point)
        assert len(part) > 100 and np.allclose(part.y, np.interp(part.x + 3, still.x, still.y), atol=1e-9)
        assert chart["centre"].x[0] == -3.0
    for g in LECTURE:
        assert after[g]["g(z)"] > before[g]["g(z)"]  # at x = 0: sigma 0.5 -> 0.95, tanh 0 -> 0.995, ReLU 0 -> 3


@promise("activation_functions", "σ(−6) ≈ 0.0025, tanh(−6) ≈ −0.99999, ReLU(−6) = 0, and every slope is nearly or "
                                 "exactly 0")
def test_at_minus_six_every_function_saturates():
    at = open_page(PAGE, code=False)
    at.button(key="preset_Lecture example").click().run()
    v = table(at)
    assert {row["z"] for row in v.values()} == {-6.0}
    assert v["sigmoid"]["g(z)"] == pytest.approx(0.0025, abs=5e-5)
    assert v["tanh"]["g(z)"] == pytest.approx(-0.99999, abs=5e-6) and v["ReLU"]["g(z)"] == 0
    slopes = [v[g]["g′(z) by autograd"] for g in LECTURE]
    assert all(0 <= s < 0.003 for s in slopes) and slopes[2] == 0


@promise("activation_functions", "a straight line through a ring gets about half right; the ReLU network gets all")
def test_on_the_ring_a_line_gets_about_half_and_relu_all():
    snaps = trained()  # the page's defaults: circles, 2 hidden layers of 8, ReLU
    assert 0.4 <= snaps["linear"]["acc"] <= 0.65 and snaps["relu"]["acc"] == 1.0
    assert straight(snaps["linear"])


@promise("activation_functions", "set 5 hidden layers of 16 and train again: without g the boundary is still a "
                                 "straight line")
def test_depth_does_not_bend_the_linear_boundary():
    snaps = trained(depth=5, width=16)
    assert straight(snaps["linear"]) and snaps["linear"]["acc"] <= 0.65
    assert not straight(snaps["relu"]) and snaps["relu"]["acc"] == 1.0


@promise("activation_functions", "Switch the data to Gaussian clusters: one straight line is enough, and both "
                                 "networks reach 100 %")
def test_blobs_are_separated_by_both():
    snaps = trained(data="blobs")
    assert snaps["linear"]["acc"] == snaps["relu"]["acc"] == 1.0 and straight(snaps["linear"])


@promise("activation_functions", "(guessing gets about 50 %)")
@pytest.mark.parametrize("data", ["circles", "xor", "moons", "blobs"])
def test_every_data_set_is_about_half_and_half(data):
    """A coin flip gets half right; even always guessing the larger class gets no more than 60 %."""
    for seed in (0, 1, 2, 3, 9999):
        y = A.dataset(A.PairSettings(data=data, seed=seed)).y
        assert 0.4 <= float(y.float().mean()) <= 0.6

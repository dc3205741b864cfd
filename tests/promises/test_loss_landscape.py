"""What the loss-landscape page promises, checked at the page's settings: what normalisation does to the picture,
how the seed and the network's shape change it, where the lowest point of the training path's plane lies, and the
rescaling of a ReLU unit that motivates filter normalisation."""

import numpy as np
import pytest
import torch
from torch import nn

from core import loss_landscape as L
from tests.conftest import metrics, no_exception, open_page
from tests.promises import promise

PAGE = "pages/09_loss_landscape.py"
SLUG = "loss_landscape"
RES, SPAN = 51, 1.0                                     # the page's defaults


def highest(depth: int, width: int, norm: str = "filter", seed: int = 0) -> float:
    return float(L.random_surface(L.trained(L.NetSettings(depth, width)), seed, norm, SPAN, RES).loss.max())


@promise(SLUG, "At the defaults the map then climbs higher")
@promise(SLUG, "set depth 1 and width 4 and compare again: there it climbs less than the normalised map")
def test_no_normalisation_rescales_the_picture_both_ways():
    at = open_page(PAGE, code=False)
    before = metrics(at)["Highest J on the map"]
    at.button(key="preset_No normalisation").click().run()
    no_exception(at)
    after = metrics(at)["Highest J on the map"]
    assert float(after) > float(before) and float(before) == float(f"{highest(2, 16):.4g}")
    assert highest(2, 16, "none") > highest(2, 16)
    assert highest(1, 4, "none") < highest(1, 4)


@promise(SLUG, "each is another random slice through the same θ*, and the basin's shape changes")
@promise(SLUG, "at most seeds the narrow, deep network's slice climbs far more steeply (at seed 0, over 20 times "
               "higher)")
def test_seeds_and_the_narrow_deep_network():
    t = L.trained(L.NetSettings(2, 16))
    a, b = (L.random_surface(t, s, "filter", SPAN, RES) for s in (0, 1))
    assert a.centre == b.centre and not np.allclose(a.loss, b.loss)          # same theta*, another slice
    ratios = [highest(3, 4, seed=s) / highest(1, 32, seed=s) for s in range(5)]
    assert ratios[0] > 20
    assert sum(r > 4 for r in ratios) >= 4 and min(ratios) > 1


@promise(SLUG, "At depth 3 and width 32 the white cross, the lowest grid point, lies beyond θ*")
def test_the_lowest_point_of_the_path_plane_lies_beyond_theta():
    t = L.trained(L.NetSettings(3, 32))
    s, pca = L.pca_surface(t, RES)
    low = L.summary(s)
    assert low["min"] < 0.9 * t.loss                                           # lower than theta* ...
    assert np.dot(low["min_at"], pca.coords[0]) < 0                             # ... on the far side from the start
    assert sum(pca.explained) > 0.9                                             # "the plane that holds most of it"
    assert sum(L.trajectory_pca(L.trained(L.NetSettings(2, 16)).trajectory).explained) > 0.9


@promise(SLUG, "Adam had not settled: along its path the training loss was")
@promise(SLUG, "θ* is where training stopped, not the bottom of its own valley")
def test_at_depth_3_width_32_adam_had_not_settled():
    assert L.PATH_EXAMPLE == L.NetSettings(3, 32)                               # "At depth 3 and width 32"
    t = L.trained(L.PATH_EXAMPLE)
    e = L.path_ending(t)
    assert e["end_step"] == L.STEPS and e["end"] == pytest.approx(t.loss, rel=1e-5)    # the last point is theta*
    assert e["low_step"] < e["high_step"] < e["end_step"]
    assert e["high_step"] - e["low_step"] == L.SNAPSHOT_EVERY and e["high"] > 5 * e["low"]   # "jumped"
    assert e["low"] < e["end"] < e["high"]                                       # theta* above the path's lowest
    s, _ = L.pca_surface(t, RES)
    assert L.summary(s)["min"] < e["end"]                                        # and above the plane's lowest


@promise(SLUG, "ReLU networks can scale a neuron's incoming weights (and bias) up and its outgoing weights down "
               "without changing what they compute")
def test_a_relu_unit_can_be_rescaled_without_changing_the_function():
    t = L.trained(L.NetSettings(2, 16))
    model, X = t.model().double(), L.dataset().X.double()
    scaled = t.model().double()
    first, second = [m for m in scaled if isinstance(m, nn.Linear)][:2]
    with torch.no_grad():
        c = torch.linspace(0.1, 10, first.out_features, dtype=torch.float64)
        first.weight.mul_(c[:, None])                                           # each unit's incoming weights
        first.bias.mul_(c)
        second.weight.div_(c[None, :])                                          # its outgoing weights
        assert torch.allclose(model(X), scaled(X), rtol=1e-10, atol=1e-12)
    assert not torch.allclose(nn.utils.parameters_to_vector(model.parameters()),
                              nn.utils.parameters_to_vector(scaled.parameters()))

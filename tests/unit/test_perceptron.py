"""The perceptron against the lecture's reference values: w0 = 1, W = [3, -2], x = [-1, 2] gives z = -6 and
sigma(-6) = 0.0024726231566347743; the decision line is x2 = 1.5 x1 + 0.5 (docs/reference-values.md)."""

import math

import pytest
import torch

from core import will_i_pass
from core.models import decision_line, decision_segment, perceptron, perceptron_plane

SIGMA_MINUS_6 = 0.0024726231566347743


def test_lecture_example():
    p = will_i_pass.PERCEPTRON
    out = perceptron([p["x1"], p["x2"]], [p["w1"], p["w2"]], p["w0"])
    assert out["dot"] == -7.0
    assert out["z"] == -6.0
    assert out["y_hat"] == pytest.approx(SIGMA_MINUS_6, abs=1e-15)
    assert round(out["y_hat"], 3) == 0.002 and out["y_hat"] < 0.5


@pytest.mark.parametrize("x, z, y_hat", [((0, 0), 1, 0.7310585786), ((1, 3), -2, 0.1192029220),
                                          ((2, -1), 9, 0.9998766054)])
def test_other_points(x, z, y_hat):
    out = perceptron(x, [3, -2], 1)
    assert out["z"] == z and out["y_hat"] == pytest.approx(y_hat, abs=1e-10)


@pytest.mark.parametrize("x", [(0, 0.5), (1, 2), (-1 / 3, 0)])
def test_points_on_the_line_give_one_half(x):
    assert perceptron(x, [3, -2], 1)["y_hat"] == pytest.approx(0.5, abs=1e-12)


def test_decision_line():
    assert decision_line([3, -2], 1) == (1.5, 0.5)
    assert decision_line([3, 0], 1) is None


def test_decision_segment_lies_on_the_line_and_in_the_box():
    for w, w0 in [([3, -2], 1), ([3, 0], 1), ([0, 2], -3), ([0.1, 5], 4)]:
        seg = decision_segment(w, w0, (-5, 5), (-5, 5))
        assert len(seg) == 2
        for x1, x2 in seg:
            assert abs(w0 + w[0] * x1 + w[1] * x2) < 1e-9
            assert -5 - 1e-9 <= x1 <= 5 + 1e-9 and -5 - 1e-9 <= x2 <= 5 + 1e-9
    assert decision_segment([0, 0], 1, (-5, 5), (-5, 5)) == []      # no line at all
    assert decision_segment([0, 1], 10, (-5, 5), (-5, 5)) == []      # x2 = -10 is out of view


@pytest.mark.parametrize("act, fn", [("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu)])
def test_activations_match_torch(act, fn):
    for z in (-6.0, 0.0, 2.5):
        expected = fn(torch.tensor(z, dtype=torch.float64)).item()
        assert perceptron([z, 0], [1, 0], 0, act)["y_hat"] == pytest.approx(expected)
    assert perceptron([-6, 0], [1, 0], 0, "relu")["y_hat"] == 0
    assert perceptron([-6, 0], [1, 0], 0, "tanh")["y_hat"] == pytest.approx(-0.9999877117, abs=1e-10)


def test_plane_orientation():
    """Top-left of the image is (x_min, y_max): with W = [3, -2] that corner has z < 0."""
    p = perceptron_plane([3, -2], 1, "sigmoid", (-5, 5), (-5, 5), n=11)
    assert p.shape == (11, 11)
    assert p[0, 0].item() == pytest.approx(1 / (1 + math.exp(-(1 + 3 * -5 - 2 * 5))))
    assert p[-1, -1].item() == pytest.approx(1 / (1 + math.exp(-(1 + 3 * 5 - 2 * -5))))

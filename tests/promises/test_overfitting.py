"""Promised outcomes on "Overfitting": the presets the Try this items name, trained on the page, the capacity
sweep at 10 and at 100 points, the three panels' caption and the noise floor, at the page's settings."""

import numpy as np
import torch

from core import overfitting as O
from tests.conftest import metrics, no_exception, open_page
from tests.promises import promise

PAGE = "pages/11_overfitting.py"


def trained(preset: str | None = None, n: int | None = None):
    """The page after a preset (and a new number of training points) and Train: your model's two errors."""
    at = open_page(PAGE, code=False)
    if preset:
        at.button(key=f"preset_{preset}").click().run()
    if n is not None:
        at.slider(key="n").set_value(n).run()
    at.button(key="train").click().run()
    no_exception(at)
    m = metrics(at)  # your model's metrics come before the panels' and carry the same labels: take the first
    m = {label: next(x.value for x in at.metric if x.label == label) for label in m}
    return at, float(m["Training MSE"]), float(m["Test MSE"])


def total_variation(curve) -> float:
    return float(np.abs(np.diff(curve)).sum())


@promise("overfitting", "a straight line cannot follow the curve, so training and test error are both high")
def test_underfit_preset_is_high_on_both():
    at, train, test = trained("Underfit")
    assert at.slider(key="depth").value == 0
    ideal = O.fit(O.PANELS["Ideal fit"], 10, 0)
    assert train > O.UNDERFIT_TRAIN and train > 5 * ideal.train_mse
    assert test > 2 * ideal.test_mse
    assert "Underfitting" in at.success[0].value


@promise("overfitting", "The training error drops to almost 0 while the test error is more than a hundred times "
                        "larger: the network has memorised the points")
def test_tiny_data_huge_network_memorises():
    at, train, test = trained("Tiny data, huge network")
    assert O.parameter_count((64, 64)) == 4353
    assert train < O.MEMORISED and test > 100 * train
    assert "Overfitting" in at.success[0].value


@promise("overfitting", "with enough data the same network generalises, its test error close to the noise's 0.09")
def test_huge_network_on_100_points_generalises():
    at, train, test = trained("Tiny data, huge network", n=100)
    assert at.slider(key="depth").value == 2 and at.slider(key="n").value == 100
    assert abs(test - O.NOISE ** 2) < 0.02
    assert test - train < O.OVERFIT_GAP / 2
    assert "A good fit" in at.success[0].value


@promise("overfitting", "with 100 the sweet spot moves to a larger network, and the test error hardly rises "
                        "beyond it")
def test_sweet_spot_moves_up_with_more_data():
    few, many = O.sweep(10, 0), O.sweep(100, 0)
    i, j = O.sweet_spot(few), O.sweet_spot(many)
    assert many.params.iloc[j] > few.params.iloc[i]
    assert many.test_mse.iloc[j:].max() - many.test_mse.iloc[j] < 0.01   # hardly rises ...
    assert few.test_mse.iloc[i:].max() - few.test_mse.iloc[i] > 0.2      # ... unlike with 10 points


@promise("overfitting", "Expect the training error to fall as capacity grows and, with few points, the test "
                        "error to fall, then rise again")
def test_default_sweep_has_the_u_shape():
    df = O.sweep(10, 0)
    assert (np.diff(df.train_mse) < 0).all()
    i = O.sweet_spot(df)
    assert 0 < i < len(df) - 1
    assert (np.diff(df.test_mse.iloc[: i + 1]) < 0).all() and (np.diff(df.test_mse.iloc[i:]) > 0).all()


@promise("overfitting", "The straight line cannot follow the curve's bends; the large network passes almost through "
                        "every training point")
@promise("overfitting", "and swings up and down between them, so its test error is high")
def test_the_three_panels():
    line, ideal, big = (O.fit(h, 10, 0) for h in O.PANELS.values())
    assert line.train_mse > O.UNDERFIT_TRAIN
    assert big.train_mse < O.MEMORISED
    assert total_variation(big.curve.fit) > 1.5 * total_variation(big.curve.truth)  # up and down, more than the rule
    assert big.test_mse > 2 * ideal.test_mse


@promise("overfitting", "which no model can predict: even the true rule itself has a test MSE of about")
def test_the_noise_floor():
    for seed in range(10):
        test = O.test_set(seed)
        floor = torch.mean((O.true_curve(test.X[:, 0]) - test.y) ** 2).item()
        assert abs(floor - O.NOISE ** 2) < 0.015, (seed, floor)

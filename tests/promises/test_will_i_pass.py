"""Promised outcomes on "Will I pass this class?": the lecture's untrained 0.1 (docs/reference-values.md), what a huge
and a tiny learning rate do, the straight boundary of one hidden unit, and the facts stated about nnlab's synthetic
students."""

import math

import numpy as np
import pytest
import torch

from core import data, will_i_pass
from core.models import predict_grid
from tests.conftest import charts, metrics, no_exception, open_page
from tests.promises import promise

PAGE = "pages/04_will_i_pass.py"


def trained(**settings):
    s = will_i_pass.PassSettings(**settings)
    t = will_i_pass.pass_trainer(s)
    t.run_epochs(s.epochs)
    return t


@promise("will_i_pass", "read the lecture's numbers: ŷ = 0.1000 and your loss −ln 0.1 = 2.303")
@promise("will_i_pass", "the output bias is set so that the untrained ŷ = 0.1 for you, as in the lecture")
def test_untrained_network_says_ten_percent_and_its_loss_is_minus_ln_a_tenth():
    at = open_page(PAGE)
    no_exception(at)
    m = metrics(at)
    assert m["P(pass) for you, ŷ"] == "0.1000" and m["Your loss −ln ŷ"] == "2.303"
    loss_help = next(x.help for x in at.metric if x.label == "Your loss −ln ŷ")
    assert "−ln 0.100000 = 2.302585" in loss_help
    assert will_i_pass.YOU == (4.0, 5.0) and will_i_pass.YOUR_LABEL == 1.0
    t = will_i_pass.pass_trainer(will_i_pass.PassSettings())
    p = will_i_pass.you_prediction(t.model)
    assert p == pytest.approx(0.1, abs=1e-7)
    assert will_i_pass.bce(p, 1.0) == pytest.approx(-math.log(0.1), abs=1e-6)
    assert -math.log(0.1) == pytest.approx(2.302585093, abs=1e-9)


@pytest.mark.parametrize("settings", [{"seed": 7}, {"activation": "tanh"}, {"activation": "relu", "seed": 3}])
def test_the_preset_holds_for_every_seed_and_activation_with_three_units(settings):
    t = will_i_pass.pass_trainer(will_i_pass.PassSettings(**settings))
    assert will_i_pass.you_prediction(t.model) == pytest.approx(0.1, abs=1e-6)


@promise("will_i_pass", "Train at learning rate 10: the loss curve jumps around and ends well above the 0.11 it "
                        "reaches at 0.1")
def test_learning_rate_ten_jumps_around_and_ends_high():
    calm = trained().history().train_loss
    assert round(calm.iloc[-1], 2) == 0.11
    at = open_page(PAGE, {"lr": "10"})
    at.button(key="train").click().run()
    no_exception(at)
    curve = charts(at)[1]["loss"]
    train = curve[curve.series == "training"].sort_values("epoch")["loss"].to_numpy()
    assert len(train) == 201
    ups = int((np.diff(train) > 0).sum())
    assert ups > 50                          # up in more than a quarter of the epochs: it jumps around
    assert train[-1] > 3 * calm.iloc[-1]     # well above 0.11


@promise("will_i_pass", "Then try 0.0001: after 200 epochs the network has barely moved from its untrained guess")
def test_a_tiny_learning_rate_barely_moves():
    t = trained(lr=0.0001)
    h = t.history()
    assert t.epoch == 200
    assert will_i_pass.you_prediction(t.model) == pytest.approx(0.1, abs=0.03)
    assert h.train_loss.iloc[-1] > 0.9 * h.train_loss.iloc[0]        # J fell by less than a tenth
    assert h.train_loss.iloc[-1] > 10 * trained().history().train_loss.iloc[-1]


def boundary_bend(hidden: int) -> float:
    """How far the trained network's 50 % line (on the page's 100 x 100 grid) is from its best straight line,
    in lectures attended."""
    t = trained(hidden=hidden)
    n = 100
    P = predict_grid(t.model, will_i_pass.X_RANGE, will_i_pass.Y_RANGE, n).numpy() - 0.5
    xs = np.linspace(*will_i_pass.X_RANGE, n)
    ys = np.linspace(will_i_pass.Y_RANGE[1], will_i_pass.Y_RANGE[0], n)   # top row = largest x2
    pts = [(xs[j] + (xs[j + 1] - xs[j]) * row[j] / (row[j] - row[j + 1]), ys[i])
           for i, row in enumerate(P) for j in range(n - 1) if row[j] * row[j + 1] < 0]
    assert len(pts) > 50, "the boundary crosses the plane"
    pts = np.array(pts)
    A = np.c_[pts[:, 1], np.ones(len(pts))]
    coef, *_ = np.linalg.lstsq(A, pts[:, 0], rcond=None)
    return float(np.abs(A @ coef - pts[:, 0]).max())


@promise("will_i_pass", "Give the network 1 hidden unit and press Train: the white boundary is a straight line")
def test_one_hidden_unit_draws_a_straight_boundary():
    assert boundary_bend(1) < 0.01


@promise("will_i_pass", "With 16 units it can bend.")
def test_sixteen_hidden_units_bend_the_boundary():
    assert boundary_bend(16) > 0.3


@promise("will_i_pass", "so a student the rule favours can still fail")
@promise("will_i_pass", "84 of them train the network; the other 36 are held out as validation data")
@promise("will_i_pass", "rises with the lectures attended and with the project hours (levelling off for long hours)")
def test_the_synthetic_students_are_as_described():
    ds = data.students(will_i_pass.STUDENTS_N, seed=0)
    p = data.pass_probability(ds.X[:, 0], ds.X[:, 1])
    assert bool(((ds.y == 0) & (p > 0.9)).any())
    for seed in (0, 5):
        train, val = will_i_pass.students_split(seed)
        assert (len(train), len(val)) == (84, 36)
    hours = torch.linspace(0, data.MAX_HOURS, 121)
    by_hours = data.pass_probability(torch.full_like(hours, 4.0), hours)
    slope = torch.diff(by_hours)
    assert (slope[:100] > 0).all() and slope[-1].abs() < slope[0] / 10   # rises, then levels off
    by_lectures = data.pass_probability(torch.arange(0, 11.0), torch.full((11,), 5.0))
    assert (torch.diff(by_lectures) > 0).all()

"""Promised outcomes on "Quantifying loss": the edits the Try this items name, PyTorch's clamp, and what
F.cross_entropy really does with the slide's call, checked against torch itself."""

import math

import pytest
import torch
import torch.nn.functional as F

from core import loss_functions as L
from tests.conftest import no_exception, open_page
from tests.promises import promise

PAGE = "pages/05_loss_functions.py"


def edit(at, kind="bce", edited=None, added=None, deleted=None):
    """A data-editor edit as the browser sends it (AppTest cannot type into st.data_editor), then a rerun."""
    at.session_state[f"{kind}_table"] = {"edited_rows": edited or {}, "added_rows": added or [],
                                         "deleted_rows": deleted or []}
    at.run()
    no_exception(at)
    return at


def J(at, kind="bce") -> str:
    return [m.value for m in at.metric][0 if kind == "bce" else 2]


def losses(at, kind="bce") -> dict:
    df = at.dataframe[1 if kind == "bce" else 3].value
    return dict(zip(df["row"], df["loss L"]))


@promise("loss_functions", "change row 1's f(x) from 0.1 to 0.9: a confident wrong answer (loss 2.30) becomes a "
                           "confident right one (0.105), and J(W) falls from 1.4743 to 0.7419")
def test_a_confident_wrong_answer_made_right():
    at = open_page(PAGE, code=False)
    assert losses(at)[1] == "2.302585" and J(at) == "1.4743"
    edit(at, edited={0: {"f": 0.9}})
    assert losses(at)[1] == "0.105361" and J(at) == "0.7419"


@promise("loss_functions", "Type f(x) = 0 in row 1 (a student who passed): the loss is ∞, and so is J(W)")
@promise("loss_functions", "Then turn on Clamp each log: PyTorch's answer, 100 for that row")
def test_a_certain_wrong_answer_is_infinite_and_pytorch_clamps_it_to_100():
    at = edit(open_page(PAGE, code=False), edited={0: {"f": 0.0}})
    assert losses(at)[1] == "∞" and J(at) == "∞"
    at.toggle(key="clip").set_value(True).run()
    assert losses(at)[1] == "100.000000"
    assert F.binary_cross_entropy(torch.tensor([0.0]), torch.tensor([1.0])).item() == 100.0


@promise("loss_functions", "set a prediction equal to its actual grade: that row's loss drops to 0")
@promise("loss_functions", "J(W) is always the sum of the bars divided by n")
def test_a_perfect_grade_costs_nothing_and_J_is_the_mean_of_the_bars():
    at = edit(open_page(PAGE, code=False), "mse", edited={1: {"f": 20.0}})
    assert losses(at, "mse") == {1: "3600", 2: "0", 3: "100"} and J(at, "mse") == f"{3700 / 3:.6g}"
    for change in ({"deleted": [0]}, {"added": [{"f": 50.0, "y": 70.0}]}):
        at = edit(open_page(PAGE, code=False), "mse", **change)
        bars = [float(v) for v in losses(at, "mse").values()]
        assert J(at, "mse") == f"{sum(bars) / len(bars):.6g}"


@promise("loss_functions", "F.binary_cross_entropy never returns ∞: it floors ln f and ln(1 − f) at −100, so a "
                           "certain wrong answer costs 100")
def test_pytorch_clamps_each_log_at_minus_100():
    f, y = torch.tensor([0.0, 1.0, 1e-50], dtype=torch.float64), torch.tensor([1.0, 0.0, 1.0], dtype=torch.float64)
    assert F.binary_cross_entropy(f, y, reduction="none").tolist() == [100.0, 100.0, 100.0]
    assert L.bce(f, y, clamp=True).tolist() == [100.0, 100.0, 100.0]
    assert math.isinf(L.bce([0.0], [1.0]).item())


@promise("loss_functions", "−ln 0.5 = 0.69, −ln 0.1 = 2.30, −ln 0.01 = 4.61, −ln 0.001 = 6.91, and −ln 0 = ∞")
def test_the_blow_up_numbers():
    shown = {0.5: "0.69", 0.1: "2.30", 0.01: "4.61", 0.001: "6.91"}
    assert {p: f"{-math.log(p):.2f}" for p in shown} == shown
    assert L.bce([0.0], [1.0]).item() == math.inf


@promise("loss_functions", "−ln(1 − 0.99) = −ln 0.01 ≈ 4.61")
def test_check_yourself_number():
    assert f"{L.bce([0.99], [0.0]).item():.2f}" == "4.61"


@promise("loss_functions", "10 points off costs 100, 60 points off costs 3600")
def test_squared_errors():
    assert L.mse([80, 30], [90, 90]).tolist() == [100.0, 3600.0]


@promise("loss_functions", "the softmax of the two logits [a, b] is [1 − σ(b − a), σ(b − a)]: a sigmoid")
def test_softmax_of_two_logits_is_a_sigmoid():
    ab = torch.randn(50, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64) * 4
    s = torch.sigmoid(ab[:, 1] - ab[:, 0])
    assert torch.allclose(torch.softmax(ab, 1), torch.stack([1 - s, s], 1), atol=1e-12)


@promise("loss_functions", "it gives the same number, as the table above shows")
@promise("loss_functions", "# the same number again")
def test_the_three_calls_agree():
    g = torch.Generator().manual_seed(1)
    logit = torch.randn(40, generator=g, dtype=torch.float64) * 3
    y = (torch.rand(40, generator=g) < 0.5).double()
    a = F.binary_cross_entropy_with_logits(logit, y)
    b = F.binary_cross_entropy(torch.sigmoid(logit), y)
    two_logits = torch.stack([torch.zeros_like(logit), logit], dim=1)
    c = F.cross_entropy(two_logits, y.long())
    assert a.item() == pytest.approx(b.item(), rel=1e-12) and a.item() == pytest.approx(c.item(), rel=1e-12)
    f = torch.tensor([0.1, 0.8, 0.6], dtype=torch.float64)
    slide = F.cross_entropy(torch.stack([torch.log(1 - f), torch.log(f)], 1), torch.tensor([1, 0, 1]))
    assert slide.item() == pytest.approx(1.4742828764, abs=1e-10)


def one_column():
    g = torch.Generator().manual_seed(2)
    predicted = torch.randn(6, 1, generator=g) * 3            # the one-output network's logits, shape (n, 1)
    y = torch.tensor([1, 0, 1, 1, 0, 0])
    return predicted, y


@promise("loss_functions", "With integer labels 0 and 1 it stops with IndexError: Target 1 is out of bounds")
def test_one_column_with_integer_labels_raises():
    predicted, y = one_column()
    with pytest.raises(IndexError, match="Target 1 is out of bounds"):
        F.cross_entropy(predicted, y)


@promise("loss_functions", "With float labels of shape (n, 1) it reads them as class probabilities and returns 0 "
                           "whatever the network says")
def test_one_column_with_float_labels_returns_zero():
    predicted, y = one_column()
    for logits in (predicted, -predicted * 100, torch.zeros_like(predicted)):
        assert F.cross_entropy(logits, y.float().reshape(-1, 1)).item() == 0.0
    assert F.binary_cross_entropy_with_logits(predicted, y.float().reshape(-1, 1)).item() > 0.1


@promise("loss_functions", "Squeezed to shape (n,), with float labels, it treats the whole batch as one example "
                           "with n classes: it returns a number, but not the binary cross-entropy")
def test_squeezed_column_is_one_example_with_n_classes():
    predicted, y = one_column()
    logits, yf = predicted.squeeze(1), y.float()
    got = F.cross_entropy(logits, yf).item()
    assert got == pytest.approx(-(yf * torch.log_softmax(logits, 0)).sum().item(), rel=1e-6)
    assert got != pytest.approx(F.binary_cross_entropy_with_logits(logits, yf).item(), rel=1e-2)

"""Losses against the slide tables' known values (docs/reference-values.md), PyTorch's own loss
functions, and whatever a learner can type into the page's tables."""

import math
import random

import pandas as pd
import pytest
import torch
import torch.nn.functional as F

from core import loss_functions as L
from core.codegen import loss_functions
from tests.conftest import run_script

P, Y = [0.1, 0.8, 0.6], [1.0, 0.0, 1.0]            # the slide's pass/fail table
GRADES_F, GRADES_Y = [30.0, 80.0, 85.0], [90.0, 20.0, 95.0]


def t(v):
    return torch.tensor(v, dtype=torch.float64)


# The reference values ----------------------------------------------------------------
def test_bce_reference_table():
    per = L.bce(P, Y)
    assert per.tolist() == pytest.approx([2.302585, 1.609438, 0.510826], abs=5e-7)
    assert L.empirical_loss(per) == pytest.approx(1.4742828764, abs=1e-10)
    assert per[0].item() == pytest.approx(-math.log(0.1), abs=1e-15)  # the Will-I-pass student: 2.302585093


def test_mse_reference_table():
    per = L.mse(GRADES_F, GRADES_Y)
    assert per.tolist() == [3600.0, 3600.0, 100.0]
    assert L.empirical_loss(per) == pytest.approx(2433.3333, abs=1e-4)


def test_lecture_tables_check_clean():
    for kind, J in (("bce", 1.4742828764), ("mse", 7300 / 3)):
        r = L.check_table(L.lecture_table(kind), kind)
        assert r.problems == () and r.n == 3 and r.J == pytest.approx(J, abs=1e-10)
        assert list(r.rows["row"]) == [1, 2, 3] and (r.rows["note"] == "").all()
    r = L.check_table(L.lecture_table("bce"), "bce")
    assert list(r.rows["working"]) == ["−ln 0.1", "−ln(1 − 0.8)", "−ln 0.6"]
    assert list(L.check_table(L.lecture_table("mse"), "mse").rows["working"]) == ["(90 − 30)²", "(20 − 80)²",
                                                                                   "(95 − 85)²"]
    assert L.lecture_table("bce")[["x1", "x2"]].values.tolist() == [[4, 5], [2, 1], [5, 8]]  # the slide's students


# Agreement with PyTorch -------------------------------------------------------------
def _random_table(seed, n=50):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(n, generator=g, dtype=torch.float64) * 0.98 + 0.01, \
        (torch.rand(n, generator=g) < 0.5).double()


@pytest.mark.parametrize("seed", range(5))
def test_bce_matches_every_pytorch_call(seed):
    f, y = _random_table(seed)
    ours = L.bce(f, y)
    assert torch.allclose(ours, F.binary_cross_entropy(f, y, reduction="none"), rtol=1e-12, atol=0)
    logit = torch.logit(f)
    assert torch.allclose(ours, F.binary_cross_entropy(torch.sigmoid(logit), y, reduction="none"), rtol=1e-9)
    assert torch.allclose(ours, F.binary_cross_entropy_with_logits(logit, y, reduction="none"), rtol=1e-9)
    two_logits = torch.stack([torch.log(1 - f), torch.log(f)], 1)
    assert torch.allclose(ours, F.cross_entropy(two_logits, y.long(), reduction="none"), rtol=1e-12)
    J = L.empirical_loss(ours)
    calls = L.pytorch_calls("bce", f, y, J)
    assert len(calls) == 3 and all(c["agrees"] for c in calls)


def test_the_slide_table_through_every_call():
    calls = L.pytorch_calls("bce", P, Y, 1.4742828764)
    assert [c["call"] for c in calls] == ["F.binary_cross_entropy(f, y)",
                                          "F.binary_cross_entropy_with_logits(logit, y)",
                                          "F.cross_entropy(two_logits, y.long())"]
    assert all(c["value"] == pytest.approx(1.4742828764, abs=1e-10) for c in calls)
    mse = L.pytorch_calls("mse", GRADES_F, GRADES_Y, 7300 / 3)
    assert mse[0]["value"] == F.mse_loss(t(GRADES_F), t(GRADES_Y)).item() and mse[0]["agrees"]


@pytest.mark.parametrize("seed", range(3))
def test_mse_matches_pytorch(seed):
    g = torch.Generator().manual_seed(seed)
    f, y = (torch.rand(40, generator=g, dtype=torch.float64) * 100 for _ in range(2))
    assert torch.allclose(L.mse(f, y), F.mse_loss(f, y, reduction="none"), rtol=1e-14)
    assert L.empirical_loss(L.mse(f, y)) == pytest.approx(F.mse_loss(f, y).item(), rel=1e-14)


def test_what_the_page_says_about_softmax():
    f = t([0.1, 0.8, 0.6])
    # softmax([ln(1 - f), ln f]) = [1 - f, f]; and softmax([a, b]) = [1 - sigmoid(b - a), sigmoid(b - a)]
    assert torch.allclose(torch.softmax(torch.stack([torch.log(1 - f), torch.log(f)], 1), 1),
                          torch.stack([1 - f, f], 1), rtol=1e-14)
    a, b = t([0.3, -2.0]), t([1.7, 0.5])
    assert torch.allclose(torch.softmax(torch.stack([a, b], 1), 1)[:, 1], torch.sigmoid(b - a), rtol=1e-14)
    # ...with [0, logit] as the two logits, F.cross_entropy equals BCE with logits
    logit, y = t([-2.0, 0.5, 3.0]), t([1.0, 0.0, 1.0])
    two = torch.stack([torch.zeros_like(logit), logit], 1)
    assert F.cross_entropy(two, y.long()).item() == pytest.approx(F.binary_cross_entropy_with_logits(logit, y).item(),
                                                                  rel=1e-12)
    # ...and on one output column the softmax is 1, so F.cross_entropy is 0 whatever the output
    assert F.cross_entropy(t([[0.3], [-5.0], [9.0]]), torch.tensor([0, 0, 0])).item() == 0.0


# A confident wrong answer --------------------------------------------------------------
def test_certain_answers():
    per = L.bce([0.0, 0.0, 1.0, 1.0], [1.0, 0.0, 1.0, 0.0])
    assert per.tolist() == [math.inf, 0.0, 0.0, math.inf]
    assert all(math.copysign(1, v) == 1 for v in per.tolist())  # no -0.0 ("−0" on the page)
    assert L.empirical_loss(per) == math.inf


def test_confident_wrong_blows_up():
    f = [0.5, 0.1, 0.01, 0.001, 1e-6]
    assert L.bce(f, [1.0] * 5).tolist() == pytest.approx([0.693147, 2.302585, 4.605170, 6.907755, 13.815511], abs=1e-6)
    assert L.bce([0.99], [0.0]).item() == pytest.approx(4.60517, abs=1e-5)  # the page's check-yourself answer


def test_clamp_is_exactly_pytorchs():
    f = t([0.0, 0.0, 1.0, 1.0, 1e-60, 1 - 1e-17, 0.3, 1e-300])
    y = t([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    clamped = L.bce(f, y, clamp=True)
    assert torch.equal(clamped, F.binary_cross_entropy(f, y, reduction="none") + 0.0)
    assert clamped[0].item() == 100.0 and clamped[4].item() == 100.0  # -ln 1e-60 = 138 > 100: clamped too
    assert L.bce(f, y)[4].item() == pytest.approx(138.155, abs=1e-3)


def test_certain_and_wrong_in_a_table():
    table = pd.DataFrame({"f": [0.0, 0.8, 0.6], "y": [1.0, 0.0, 1.0]})
    r = L.check_table(table, "bce")
    assert r.n == 3 and r.J == math.inf and r.rows["note"][0] == "certain and wrong"
    assert len(r.problems) == 1 and "certain and wrong" in r.problems[0] and "J(W) = ∞" in r.problems[0]
    calls = {c["call"]: c for c in L.pytorch_calls("bce", r.f, r.y, r.J)}
    assert calls["F.binary_cross_entropy(f, y)"]["value"] == pytest.approx((100 + 1.609438 + 0.510826) / 3, abs=1e-6)
    assert not calls["F.binary_cross_entropy(f, y)"]["agrees"]                 # 34.04 is not inf: the clamp
    assert calls["F.binary_cross_entropy_with_logits(logit, y)"]["value"] is None  # no finite logit gives 0
    assert calls["F.cross_entropy(two_logits, y.long())"]["value"] == math.inf and \
        calls["F.cross_entropy(two_logits, y.long())"]["agrees"]
    c = L.check_table(table, "bce", clamp=True)
    assert c.J == pytest.approx(F.binary_cross_entropy(t(c.f), t(c.y)).item(), rel=1e-14)
    assert "clamped here to 100" in c.problems[0]
    assert {x["call"]: x["agrees"] for x in L.pytorch_calls("bce", c.f, c.y, c.J)}["F.binary_cross_entropy(f, y)"]
    # f = 1 for a student who failed
    r = L.check_table(pd.DataFrame({"f": [1.0], "y": [0.0]}), "bce")
    assert r.J == math.inf and "−ln(1 − 1) = −ln 0 = ∞" in r.problems[0] and "failed (y = 0)" in r.problems[0]


# Whatever a learner types ---------------------------------------------------------------
@pytest.mark.parametrize("kind, f, y, message", [
    ("bce", None, 1.0, "Row 1 is left out of J(W): f(x) is empty."),
    ("bce", 0.5, math.nan, "Row 1 is left out of J(W): y is empty."),
    ("bce", None, None, "Row 1 is empty: type its f(x) and y to count it, or delete the row."),
    ("bce", 1.5, 1.0, "f(x) = 1.5 is not a probability: it must lie between 0 and 1"),
    ("bce", -0.2, 1.0, "f(x) = −0.2 is not a probability"),
    ("bce", 0.5, 0.5, "y = 0.5 is not a label: y is 1 (passed) or 0 (failed)"),
    ("bce", 0.5, 2.0, "y = 2 is not a label"),
    ("bce", "abc", 1.0, "f(x) = “abc” is not a number"),
    ("bce", math.inf, 1.0, "f(x) = ∞ is not a probability"),
    ("bce", 1.5, 3.0, "f(x) = 1.5 is not a probability: it must lie between 0 and 1; y = 3 is not a label"),
    ("mse", 120.0, 90.0, "f(x) = 120 is not a grade: grades run from 0 to 100 %"),
    ("mse", 50.0, -1.0, "y = −1 is not a grade"),
    ("mse", 1e308, 50.0, "f(x) = 1e+308 is not a grade"),
    ("mse", "", 50.0, "f(x) is empty"),
])
def test_a_bad_row_is_left_out_with_a_message(kind, f, y, message):
    table = pd.concat([pd.DataFrame({"f": [f], "y": [y]}, dtype=object),
                       L.lecture_table(kind)[["f", "y"]].astype(object)], ignore_index=True)
    r = L.check_table(table, kind)
    assert r.n == 3 and any(message in p for p in r.problems), r.problems
    assert r.rows["note"][0] == "left out" and math.isnan(r.rows["loss"][0])
    assert r.J == pytest.approx(L.check_table(L.lecture_table(kind), kind).J)  # the other rows still count


def test_no_rows():
    for table in (None, pd.DataFrame(columns=["f", "y"]), pd.DataFrame(), L.lecture_table("bce").iloc[:0]):
        r = L.check_table(table, "bce")
        assert r.n == 0 and r.J is None and len(r.rows) == 0
        assert "no rows" in r.problems[-1] and "undefined" in r.problems[-1]
    assert L.pytorch_calls("bce", [], []) == []
    with pytest.raises(ValueError):
        L.empirical_loss([])


def test_no_usable_rows():
    r = L.check_table(pd.DataFrame({"f": [2.0, None], "y": [1.0, 1.0]}), "bce")
    assert r.n == 0 and r.J is None and r.problems[-1].startswith("No row can be counted")


def test_messages_follow_the_rows():
    table = pd.DataFrame({"f": [0.1, 0.0, 7.0, None], "y": [3.0, 1.0, 1.0, None]})
    text = L.check_table(table, "bce").problems
    assert [p.split()[1] for p in text] == ["1", "2:", "3", "4"]


def test_missing_column_and_extra_columns():
    r = L.check_table(pd.DataFrame({"f": [0.1, 0.8]}), "bce")
    assert r.n == 0 and all("y is empty" in p for p in r.problems[:2])
    r = L.check_table(L.lecture_table("mse").assign(comment=["a", "b", "c"]), "mse")
    assert r.n == 3 and not r.problems


def test_a_huge_paste_is_cut():
    table = pd.DataFrame({"f": [0.5] * 250, "y": [1.0] * 250})
    r = L.check_table(table, "bce")
    assert r.n == L.MAX_ROWS and len(r.rows) == L.MAX_ROWS and "250 rows" in r.problems[0]


def test_labels_typed_as_text_or_ticks_count():
    r = L.check_table(pd.DataFrame({"f": ["0.1", " 0.8 "], "y": [True, "0"]}), "bce")
    assert r.n == 2 and not r.problems and r.losses == pytest.approx([-math.log(0.1), -math.log(0.2)])


def test_user_text_is_not_echoed_as_markup():
    r = L.check_table(pd.DataFrame({"f": ["<b>**x**</b>[a](javascript:1)"], "y": [1.0]}), "bce")
    assert "<" not in r.problems[0] and "*" not in r.problems[0] and "(" not in r.problems[0].split("“")[1]


def test_unknown_loss():
    with pytest.raises(ValueError):
        L.check_table(L.lecture_table("bce"), "hinge")


@pytest.mark.parametrize("seed", range(20))
def test_random_junk_never_raises(seed):
    rng = random.Random(seed)
    junk = [None, math.nan, math.inf, -math.inf, "", " ", "abc", "1e999", True, False, 0, 1, 0.0, 1.0, 0.5, -3,
            101, 1e308, -1e-320, "0.25", [1], {"a": 1}, object()]
    n = rng.randint(0, 12)
    table = pd.DataFrame({"f": [rng.choice(junk) for _ in range(n)], "y": [rng.choice(junk) for _ in range(n)]},
                         dtype=object)
    for kind in ("bce", "mse"):
        for clamp in (False, True):
            r = L.check_table(table, kind, clamp)
            assert len(r.rows) == n and r.n == (r.rows["note"] != "left out").sum()
            if r.n:
                assert r.J == pytest.approx(sum(r.losses) / r.n) or math.isinf(r.J)
                assert all(c["value"] is None or not math.isnan(c["value"])
                           for c in L.pytorch_calls(kind, r.f, r.y, r.J))
            else:
                assert r.J is None and r.problems


# Curves for the charts ----------------------------------------------------------------
def test_curves():
    c = L.bce_curves()
    one, zero = c[c.y == 1], c[c.y == 0]
    assert one.loss.tolist() == pytest.approx((-one.f.map(math.log)).tolist(), rel=1e-12)
    assert zero.loss.tolist() == pytest.approx((-(1 - zero.f).map(math.log)).tolist(), rel=1e-9)
    assert one.loss.is_monotonic_decreasing and zero.loss.is_monotonic_increasing
    assert one.loss.max() > 7 and 0 < c.f.min() < 0.001  # the curve reaches the top of the chart
    m = L.mse_curve()
    assert m.error.min() == -100 and m.error.max() == 100 and (m.loss == m.error ** 2).all()


# The code panel -------------------------------------------------------------------------
def printed(text: str) -> dict:
    """{"BCE J(W)": 1.47, "BCE per example": [...], "F.mse_loss": ...} from the script's output."""
    out = {}
    for line in text.splitlines():
        name, _, value = line.replace(" =", ":").partition(": ")
        out[name] = eval(value, {"inf": math.inf, "nan": math.nan})
    return out


def test_script_with_empty_tables_runs():
    empty = L.check_table(None, "bce")
    text = run_script(loss_functions.loss_code(empty, L.check_table(None, "mse")))
    assert text == ""
    code = loss_functions.loss_code(L.check_table(pd.DataFrame({"f": [0.1, 5.0], "y": [1.0, 1.0]}), "bce"), empty)
    assert "# (Row 2 of the page's table is left out: see the page's messages.)" in code
    assert printed(run_script(code))["BCE J(W)"] == pytest.approx(-math.log(0.1))

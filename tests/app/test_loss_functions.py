"""The "Quantifying loss" page: the slide's tables and numbers, edits to the tables (AppTest cannot type into
st.data_editor, so the tests hand it the edit state a browser would send), every kind of bad input, the
clamp, PyTorch's agreement and the code panel."""

import math

import pytest

from core import loss_functions as L
from tests.conftest import charts, no_exception, open_page

PAGE = "pages/05_loss_functions.py"


def edit(at, kind="bce", edited=None, added=None, deleted=None, key=None):
    """Apply a data-editor edit, as the browser sends it, and rerun."""
    at.session_state[key or f"{kind}_table"] = {"edited_rows": edited or {}, "added_rows": added or [],
                                                "deleted_rows": deleted or []}
    at.run()
    no_exception(at)
    return at


def J(at, kind="bce"):
    """The metric "Empirical loss J(W)" of the table (bce first, then mse), and n."""
    m = [x.value for x in at.metric]
    return (m[0], m[1]) if kind == "bce" else (m[2], m[3])


def results(at, kind="bce"):
    """The per-example table beside the editor: {row: (worked out, loss L, note)}."""
    df = at.dataframe[1 if kind == "bce" else 3].value
    return {r["row"]: (r["worked out"], r["loss L"], r["note"]) for r in df.to_dict("records")}


def agreement(at, kind="bce"):
    tables = [t.value for t in at.table]
    df = tables[0] if kind == "bce" or len(tables) == 1 else tables[1]
    return {r["computed by"]: (r["J(W)"], r["same?"]) for r in df.to_dict("records")}


def warnings(at):
    return " ".join(w.value for w in at.warning)


def test_the_slide_tables():
    at = open_page(PAGE)
    no_exception(at)
    assert at.title[0].value == "Quantifying loss"
    recap = at.markdown[0].value
    assert all(name in recap for name in ("empirical loss", "objective function", "cost function", "empirical risk"))
    assert J(at, "bce") == ("1.4743", "3") and J(at, "mse") == ("2433.33", "3")
    assert results(at, "bce") == {1: ("−ln 0.1", "2.302585", ""), 2: ("−ln(1 − 0.8)", "1.609438", ""),
                                  3: ("−ln 0.6", "0.510826", "")}
    assert [v[1] for v in results(at, "mse").values()] == ["3600", "3600", "100"]
    latex = [x.value for x in at.latex]
    assert any(r"\frac{1}{3}\big(2.302585 + 1.609438 + 0.510826\big) = 1.474283" in x for x in latex)
    assert any(r"\frac{1}{3}\big(3600 + 3600 + 100\big) = 2433.33" in x for x in latex)
    assert not at.warning
    editor = at.dataframe[0].value
    assert editor[["x1", "x2", "f", "y"]].values.tolist() == [[4, 5, 0.1, 1], [2, 1, 0.8, 0], [5, 8, 0.6, 1]]


def test_pytorch_agrees_with_the_formula():
    at = open_page(PAGE)
    bce = agreement(at, "bce")
    assert bce["the lecture's formula"] == ("1.474282876", "")
    for call in ("F.binary_cross_entropy(f, y)", "F.binary_cross_entropy_with_logits(logit, y)",
                 "F.cross_entropy(two_logits, y.long())"):
        assert bce[call] == ("1.474282876", "yes"), call
    assert agreement(at, "mse")["F.mse_loss(f, y)"] == ("2433.333333", "yes")


def test_the_softmax_explanation():
    at = open_page(PAGE)
    text = " ".join(m.value for m in at.markdown)
    assert "softmax cross entropy" in text and "Binary Cross Entropy" in text
    assert "softmax_cross_entropy_with_logits" in text
    assert "F.binary_cross_entropy(torch.sigmoid(logit), y)" in text and "F.binary_cross_entropy_with_logits" in text
    assert "two logits per example and integer labels" in text
    assert any("F.cross_entropy(two_logits, y.long())" in c.value for c in at.code)


def test_charts_mark_the_rows():
    at = open_page(PAGE)
    bce_curve, bce_bars, mse_curve, mse_bars = charts(at)
    pts = bce_curve["points"]
    assert pts.x.tolist() == [0.1, 0.8, 0.6] and pts.height.tolist() == pytest.approx([2.302585, 1.609438, 0.510826],
                                                                                      abs=1e-6)
    assert set(bce_curve["curve"].series) == {"y = 1 (passed): −ln f", "y = 0 (failed): −ln(1 − f)"}
    assert bce_bars["mean"].J[0] == pytest.approx(1.4742828764)
    assert mse_curve["points"].x.tolist() == [60, -60, 10]  # the error y - f
    assert mse_bars["mean"].J[0] == pytest.approx(7300 / 3)
    assert "The largest loss is row 1's, 2.302585: a confident wrong answer" in " ".join(c.value for c in at.caption)


def test_editing_a_prediction_changes_the_loss():
    at = edit(open_page(PAGE), edited={0: {"f": 0.9}})    # the try-this: row 1 from 0.1 to 0.9
    assert J(at) == ("0.7419", "3") and results(at)[1][:2] == ("−ln 0.9", "0.105361")
    assert agreement(at)["F.binary_cross_entropy(f, y)"][1] == "yes"
    assert J(at, "mse") == ("2433.33", "3")  # the other table is untouched
    at = edit(open_page(PAGE), "mse", edited={2: {"f": 95.0}})
    assert J(at, "mse") == ("2400", "3") and results(at, "mse")[3][:2] == ("(95 − 95)²", "0")


def test_a_certain_wrong_answer_is_infinite_then_clamped():
    at = edit(open_page(PAGE), edited={0: {"f": 0.0}})
    assert J(at) == ("∞", "3") and results(at)[1] == ("−ln 0", "∞", "certain and wrong")
    assert "certain and wrong" in warnings(at) and "J(W) = ∞" in warnings(at)
    calls = agreement(at)
    assert calls["F.binary_cross_entropy(f, y)"] == ("34.04008785", "no")           # PyTorch clamps at -100
    assert calls["F.binary_cross_entropy_with_logits(logit, y)"] == ("cannot be called", "—")
    assert calls["F.cross_entropy(two_logits, y.long())"] == ("∞", "yes")
    curve = charts(at)[0]["points"]
    assert curve.height[0] == 7.0 and bool(curve.off[0])  # drawn on the top edge, as a triangle
    assert charts(at)[1]["mean"].empty                     # no mean line at infinity
    at.toggle(key="clip").set_value(True).run()
    assert J(at) == ("34.0401", "3") and results(at)[1][1] == "100.000000"
    assert "clamped here to 100" in warnings(at)
    assert agreement(at)["F.binary_cross_entropy(f, y)"] == ("34.04008785", "yes")
    assert agreement(at)["F.cross_entropy(two_logits, y.long())"] == ("∞", "no")  # the slide's call does not clamp
    assert "J(W) = 34.040088 is above the bars' axis" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("kind, change, message, n", [
    ("bce", {"edited": {0: {"f": 1.5}}}, "f(x) = 1.5 is not a probability", "2"),
    ("bce", {"edited": {1: {"y": 0.5}}}, "y = 0.5 is not a label", "2"),
    ("bce", {"edited": {1: {"y": 7}}}, "y = 7 is not a label", "2"),
    ("bce", {"edited": {2: {"f": None}}}, "Row 3 is left out of J(W): f(x) is empty.", "2"),
    ("bce", {"edited": {2: {"f": "abc"}}}, "Row 3 is left out of J(W): f(x) is empty.", "2"),  # Streamlit: NaN
    ("bce", {"added": [{}]}, "Row 4 is empty", "3"),
    ("bce", {"added": [{"f": 0.3}]}, "Row 4 is left out of J(W): y is empty.", "3"),
    ("mse", {"edited": {0: {"f": 120}}}, "f(x) = 120 is not a grade", "2"),
    ("mse", {"edited": {0: {"y": -5}}}, "y = −5 is not a grade", "2"),
    ("mse", {"deleted": [0, 1, 2]}, "The table has no rows", "0"),
    ("bce", {"deleted": [0, 1, 2], "added": [{"f": 2.0, "y": 1}]}, "No row can be counted", "0"),
])
def test_bad_input_gets_a_message_and_breaks_nothing(kind, change, message, n):
    at = edit(open_page(PAGE), kind, **change)
    assert message in warnings(at)
    assert J(at, kind)[1] == n
    if n == "0":
        assert J(at, kind)[0] == "undefined"
    assert len(charts(at)) == 4 and len(at.code) >= 1


def test_added_and_deleted_rows():
    at = edit(open_page(PAGE), deleted=[0], added=[{"f": 0.99, "y": 0}])
    r = L.bce([0.8, 0.6, 0.99], [0.0, 1.0, 0.0]).mean().item()
    assert J(at) == (f"{r:.4f}", "3") and results(at)[3][:2] == ("−ln(1 − 0.99)", "4.605170")
    assert not at.warning
    assert "f = torch.tensor([0.8, 0.6, 0.99]" in at.code[-1].value.replace("\n", " ").replace("  ", " ") or \
        "torch.tensor([0.8, 0.6, 0.99]" in at.code[-1].value


def test_restore_and_reset():
    at = edit(open_page(PAGE), edited={0: {"f": 0.0}})
    at.button(key="restore_bce").click().run()
    no_exception(at)
    assert J(at) == ("1.4743", "3") and not at.warning
    assert "bce_table_1" in at.session_state  # a new widget: the browser forgets its edits too
    edit(at, edited={0: {"f": 0.9}}, key="bce_table_1")
    assert J(at)[0] == "0.7419"
    edit(at, "mse", deleted=[0])
    at.toggle(key="clip").set_value(True).run()
    at.button(key="preset_reset").click().run()
    no_exception(at)
    assert J(at) == ("1.4743", "3") and J(at, "mse") == ("2433.33", "3") and at.toggle(key="clip").value is False


def test_the_clamp_is_a_link():
    at = open_page(PAGE, {"clip": "true"})
    assert at.toggle(key="clip").value is True and not at.warning
    assert J(at) == ("1.4743", "3")  # no certain answers: the clamp changes nothing


def test_a_huge_table_is_cut():
    at = edit(open_page(PAGE), "mse", added=[{"f": 50, "y": 60}] * 150)
    assert f"only the first {L.MAX_ROWS} count" in warnings(at) and J(at, "mse")[1] == str(L.MAX_ROWS)
    assert r"\cdots" in at.latex[-1].value


def test_code_panel_follows_the_tables():
    at = edit(open_page(PAGE), edited={0: {"f": 0.0}})
    code = at.code[-1].value
    assert "torch.tensor([0.0, 0.8, 0.6], dtype=torch.float64)" in code
    assert "torch.where" in code and "binary_cross_entropy_with_logits(logit, y)" not in code.split("cannot")[-1]
    assert "torch.tensor([30.0, 80.0, 85.0], dtype=torch.float64)" in code


def test_check_yourself():
    at = open_page(PAGE)
    at.radio(key="quiz_loss_functions").set_value("About 4.6").run()
    assert at.success and "4.61" in at.success[0].value
    assert math.isclose(-math.log(0.01), 4.61, abs_tol=0.005)

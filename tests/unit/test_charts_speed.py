"""The two things ui.charts does to build chart templates faster give the same specs."""

import altair as alt
import pytest
from altair.utils import schemapi

from ui import charts


def _layered(shorthand: bool) -> alt.LayerChart:
    enc = (dict(x2="x2:Q", detail="label:N", order="step:Q", tooltip=["label:N", "step:Q"]) if shorthand else
           dict(x2=alt.X2("x2:Q"), detail=alt.Detail("label:N"), order=alt.Order("step:Q"),
                tooltip=[alt.Tooltip("label:N"), alt.Tooltip("step:Q")]))
    base = alt.Chart(alt.NamedData("d")).mark_bar().encode(x=alt.X("x:Q"), y=alt.Y("y:Q"), **enc)
    return alt.layer(base, base.mark_text().encode(text="label:N"))


def test_the_class_table_is_built_once_and_shorthands_give_the_same_spec():
    classes = list(schemapi.SchemaBase._default_wrapper_classes())
    assert schemapi._FromDict(classes).class_dict is schemapi._FromDict(iter(classes)).class_dict
    short, explicit = _layered(True).to_dict(), _layered(False).to_dict()
    short["layer"][1]["encoding"].pop("text")
    explicit["layer"][1]["encoding"].pop("text")
    assert short == explicit


def test_templates_are_checked_against_the_schema_in_the_tests_only(monkeypatch):
    bad = alt.Chart(alt.NamedData("d")).mark_point().encode(x="x:Q")
    bad.height = "very tall"  # set after construction: only the whole spec's check sees it
    assert charts.VALIDATE  # a fixture in tests/conftest.py switches the check on
    with pytest.raises(schemapi.SchemaValidationError, match="very tall"):
        charts.template(bad)
    monkeypatch.setattr(charts, "VALIDATE", False)  # the server: the same JSON, unchecked
    assert '"height": "very tall"' in charts.template(bad)
    good = _layered(True)
    monkeypatch.setattr(charts, "VALIDATE", True)
    checked = charts.template(good)
    monkeypatch.setattr(charts, "VALIDATE", False)
    assert charts.template(good) == checked

"""The home page's two pictures as Altair charts: the nested definitions and the timeline.
No torch; colours from ui.charts (Okabe-Ito).

Both pictures never change, so `spec()` builds each once per process and hands out copies of its
Vega-Lite dict: building and validating them cost 0.1-0.3 s per visit, under a lock that Streamlit's
`st.altair_chart` holds for every session.
"""

import copy
import functools

import altair as alt
import pandas as pd

from ui import home_content
from ui.charts import BLUE, GREEN, GREY, ORANGE, VERMILLION

_SET_COLORS = (GREY, BLUE, GREEN, ORANGE)


def nested_sets_data() -> pd.DataFrame:
    """One rounded box per definition (x..x2, y..y2 on a 0-100 canvas) and where its label goes (lx, ly)."""
    rows = []
    for i, (name, _) in enumerate(home_content.DEFINITIONS):
        x, top = 7 * i, 100 - 16 * i  # each set sits inside the one before, its label in the gap above
        rows.append({"set": name, "x": x, "x2": 100 - x, "y": 3 * i, "y2": top, "lx": x + 2.5, "ly": top - 3.5})
    return pd.DataFrame(rows)


def nested_sets_chart(height: int = 300) -> alt.LayerChart:
    """Intelligence ⊃ AI ⊃ machine learning ⊃ deep learning, as nested rounded rectangles."""
    df = nested_sets_data()
    hidden = {"axis": None, "scale": alt.Scale(domain=[0, 100], nice=False)}
    color = alt.Color("set:N", legend=None, scale=alt.Scale(domain=list(df["set"]), range=list(_SET_COLORS)))
    boxes = alt.Chart(df).mark_rect(cornerRadius=14, fillOpacity=0.16, strokeWidth=2).encode(
        x=alt.X("x:Q", **hidden), x2="x2:Q", y=alt.Y("y:Q", **hidden), y2="y2:Q", color=color,
        stroke=color, tooltip=alt.value(None))
    labels = alt.Chart(df).mark_text(align="left", baseline="top", fontSize=15, fontWeight="bold").encode(
        x=alt.X("lx:Q", **hidden), y=alt.Y("ly:Q", **hidden), text="set:N", color=alt.value("#222222"))
    return alt.layer(boxes, labels).properties(height=height).configure_view(stroke=None)


def timeline_data() -> pd.DataFrame:
    """The dated events, each with its label, a lane (above +1 or below -1 the line) and a text side."""
    events = home_content.TIMELINE
    return pd.DataFrame([{"year": year, "event": name, "note": home_content.TIMELINE_NOTES.get(year, ""),
                          "label": f"{year}  {name}", "zero": 0.0, "lane": 1.0 if i % 2 == 0 else -1.0,
                          "side": "left" if i < len(events) / 2 else "right"}  # labels grow away from the edges
                         for i, (year, name) in enumerate(events)])


def timeline_chart(height: int = 220) -> alt.LayerChart:
    """The slide's four dated events on a year axis, labels alternating above and below the line."""
    df = timeline_data()
    xs = alt.Scale(domain=[1945, 2002], nice=False)
    x = alt.X("year:Q", title="year", scale=xs, axis=alt.Axis(format="d", values=list(range(1950, 2001, 10)),
                                                             grid=False, domain=False))
    ys = alt.Scale(domain=[-1.7, 1.7])
    base = alt.Chart(df)
    axis_line = alt.Chart(pd.DataFrame({"a": [1945], "b": [2002], "zero": [0.0]})).mark_rule(
        color=GREY, strokeWidth=2).encode(x=alt.X("a:Q", scale=xs), x2="b:Q", y=alt.Y("zero:Q", scale=ys, axis=None))
    stems = base.mark_rule(color=GREY).encode(x=x, y=alt.Y("zero:Q", scale=ys, axis=None), y2="lane:Q")
    dots = base.mark_point(filled=True, size=160, color=VERMILLION, stroke="black", opacity=1).encode(
        x=x, y=alt.Y("zero:Q", scale=ys, axis=None), tooltip=["year:Q", "event:N", "note:N"])
    text = []
    for side, dx in (("left", 7), ("right", -7)):
        part = base.transform_filter(alt.datum.side == side)
        text.append(part.mark_text(align=side, dx=dx, fontSize=14, fontWeight="bold", color="#222222").encode(
            x=x, y=alt.Y("lane:Q", scale=ys, axis=None), text="label:N"))
        text.append(part.mark_text(align=side, dx=dx, dy=17, fontSize=12, color="#555555").encode(
            x=x, y=alt.Y("lane:Q", scale=ys, axis=None), text="note:N"))
    return alt.layer(axis_line, stems, dots, *text).properties(height=height).configure_view(stroke=None)


@functools.lru_cache(maxsize=16)
def _spec(name: str) -> dict:
    spec = {"nested_sets": nested_sets_chart, "timeline": timeline_chart}[name]().to_dict()
    for key in ("continuousWidth", "continuousHeight"):  # Altair's default theme; the page sets the size
        spec.get("config", {}).get("view", {}).pop(key, None)
    return spec


def spec(name: str) -> dict:
    """The Vega-Lite dict of "nested_sets" or "timeline", for st.vega_lite_chart (a fresh copy each call)."""
    return copy.deepcopy(_spec(name))

"""The home page's two pictures, the nested definitions and the timeline, as SVG drawn here.

They never change, so they need no chart library: the home page imports no Altair, pandas or torch and
loads no Vega, and a fresh server shows it (and its links to every page) in about half the time.
Colours from ui.palette (Okabe-Ito). Plain Python: each picture is built from its rows (boxes, events),
which the tests read back.
"""

from html import escape

from ui.content import home
from ui.palette import BLUE, GREEN, GREY, ORANGE, VERMILLION

SET_COLORS = (GREY, BLUE, GREEN, ORANGE)
FONT = "font-family='Source Sans Pro, Helvetica, Arial, sans-serif'"


def nested_sets_rows() -> list[dict]:
    """One rounded box per definition (x..x2, y..y2 on a 0-100 canvas, y up) and where its label goes
    (lx, ly, the label's top left)."""
    rows = []
    for i, (name, _) in enumerate(home.DEFINITIONS):
        x, top = 7 * i, 100 - 16 * i  # each set sits inside the one before, its label in the gap above
        rows.append({"set": name, "x": x, "x2": 100 - x, "y": 3 * i, "y2": top, "lx": x + 2.5, "ly": top - 3.5})
    return rows


def nested_sets_svg(width: int = 600, height: int = 300) -> str:
    """Intelligence ⊃ AI ⊃ machine learning ⊃ deep learning, as nested rounded rectangles."""
    sx, sy = width / 100, height / 100
    parts = []
    for row, color in zip(nested_sets_rows(), SET_COLORS):
        parts.append(f"<rect x='{row['x'] * sx:.1f}' y='{(100 - row['y2']) * sy:.1f}' "
                     f"width='{(row['x2'] - row['x']) * sx:.1f}' height='{(row['y2'] - row['y']) * sy:.1f}' "
                     f"rx='14' fill='{color}' fill-opacity='0.16' stroke='{color}' stroke-width='2'/>")
        parts.append(f"<text x='{row['lx'] * sx:.1f}' y='{(100 - row['ly']) * sy:.1f}' dominant-baseline='hanging' "
                     f"font-size='19' font-weight='bold' fill='#222222'>{escape(row['set'])}</text>")
    return _svg(width, height, parts)


YEARS = (1945, 2002)  # the axis
Y_LANES = (-1.7, 1.7)


def timeline_rows() -> list[dict]:
    """The dated events: label, note, a lane above (+1) or below (-1) the line, alternating so that 1952 and
    1958 do not collide, and the side the text grows to (away from the edges)."""
    events = home.TIMELINE
    return [{"year": year, "event": name, "note": home.TIMELINE_NOTES.get(year, ""),
             "label": f"{year}  {name}", "lane": 1.0 if i % 2 == 0 else -1.0,
             "side": "left" if i < len(events) / 2 else "right"}
            for i, (year, name) in enumerate(events)]


def timeline_svg(width: int = 900, height: int = 220) -> str:
    """The slide's four dated events on a year axis, labels alternating above and below the line."""
    pad_x, axis_h = 10, 26
    plot_h = height - axis_h

    def x(year: float) -> float:
        return pad_x + (year - YEARS[0]) / (YEARS[1] - YEARS[0]) * (width - 2 * pad_x)

    def y(v: float) -> float:
        return (Y_LANES[1] - v) / (Y_LANES[1] - Y_LANES[0]) * plot_h

    parts = [f"<line x1='{x(YEARS[0]):.1f}' x2='{x(YEARS[1]):.1f}' y1='{y(0):.1f}' y2='{y(0):.1f}' "
             f"stroke='{GREY}' stroke-width='2'/>"]
    for year in range(1950, 2001, 10):  # the year axis
        parts.append(f"<line x1='{x(year):.1f}' x2='{x(year):.1f}' y1='{plot_h}' y2='{plot_h + 5}' stroke='#888888'/>")
        parts.append(f"<text x='{x(year):.1f}' y='{plot_h + 18}' text-anchor='middle' font-size='11' "
                     f"fill='#555555'>{year}</text>")
    for row in timeline_rows():
        cx, ly = x(row["year"]), y(row["lane"])
        anchor, dx = ("start", 7) if row["side"] == "left" else ("end", -7)
        parts.append(f"<line x1='{cx:.1f}' x2='{cx:.1f}' y1='{y(0):.1f}' y2='{ly:.1f}' stroke='{GREY}'/>")
        parts.append(f"<circle cx='{cx:.1f}' cy='{y(0):.1f}' r='7' fill='{VERMILLION}' stroke='black'/>")
        parts.append(f"<text x='{cx + dx:.1f}' y='{ly:.1f}' text-anchor='{anchor}' dominant-baseline='middle' "
                     f"font-size='14' font-weight='bold' fill='#222222'>{escape(row['label'])}</text>")
        if row["note"]:
            parts.append(f"<text x='{cx + dx:.1f}' y='{ly + 17:.1f}' text-anchor='{anchor}' "
                         f"dominant-baseline='middle' font-size='12' fill='#555555'>{escape(row['note'])}</text>")
    return _svg(width, height, parts)


def nested_sets_alt() -> str:
    """The nested sets in words: the picture's text alternative (its alt text)."""
    names = [name for name, _ in home.DEFINITIONS]
    inside = ", which contains ".join(n[0].lower() + n[1:] if i else n for i, n in enumerate(names))
    return f"Nested sets: {inside}."


def timeline_alt() -> str:
    """The timeline in words: the picture's text alternative (its alt text)."""
    return "Timeline: " + "; ".join(f"{r['year']} {r['event']}" + (f" ({r['note']})" if r["note"] else "")
                                    for r in timeline_rows()) + "."


def _svg(width: int, height: int, parts: list[str]) -> str:
    """The picture on a white card of its own: its dark text stays readable on the dark theme's background."""
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' "
            f"height='{height}' style='background: #ffffff' {FONT}>" + "".join(parts) + "</svg>")

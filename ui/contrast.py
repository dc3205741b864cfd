"""Readable text in both themes (WCAG 2.1 AA: 4.5:1 for text), where Streamlit's theme options cannot reach.

.streamlit/config.toml defines a light and a dark palette, and the learner's system (or the app menu) picks one.
Three kinds of Streamlit's text stay under 4.5:1 in one of them whatever the palette:
- captions (nnlab's chart descriptions and sidebar headings) are the body text at 60 % opacity, which also fades
  a link or inline code inside them (a link at 2.9:1);
- the syntax colours of code blocks are fixed, the same in light and dark (keywords at 3.8:1 on the light code
  background, comments at 4.3:1 on the dark one);
- a slider's value is written in the primary colour, which the dark background leaves at 3.5:1;
- buttons and a slider's thumb show the keyboard focus as a faint halo (a change of about 2.1:1), and a toggle or
  radio hardly at all; each gets a ring of 3:1 or more (WCAG 2.4.7).
Streamlit's own status sign while a page runs ("Running... Stop") is grey at 2.4:1; it gets the caption grey too.
This style sets them by the theme in force with CSS's light-dark(), which follows the `color-scheme` that
Streamlit sets on the app for the theme it draws (so a learner's choice in the menu counts, not only the system's).
tests/browser/test_accessibility.py runs axe-core on every page in both themes. ui.frame sends CSS with its own.
"""

from ui import streamlit_dom as dom

CAPTION = "light-dark(#5e5d5b, #aeaca8)"      # 6.5:1 on white, 7.4:1 on the dark background
FOCUS = "light-dark(#0b3f75, #cfe6ff)"        # the keyboard focus ring: 11:1 on white, 13:1 on the dark background
APP = dom.APP_SELECTOR

# Streamlit's token groups (its code block style), each with a darker hue for light and a lighter one for dark.
TOKENS = {
    ".comment, .prolog, .doctype, .cdata, .punctuation, .unchanged.line": "light-dark(#5b5e6b, #a9adbd)",
    ".keyword, .tag, .function, .class-name, .selector": "light-dark(#0b5cad, #79bcff)",
    ".number, .regex": "light-dark(#0a6a60, #4fd1c0)",
    ".string, .char, .attr-value": "light-dark(#17702d, #72d98d)",
    ".boolean, .constant, .symbol, .inserted.line, .inserted.prefix": "light-dark(#17702d, #72d98d)",
    ".attr-name, .property, .variable": "light-dark(#0d6687, #7cc7e8)",
    ".operator, .entity, .decorator, .atrule": "light-dark(#a3410a, #f5a35c)",
    ".important, .deleted.line, .deleted.prefix": "light-dark(#b3261e, #ff8a80)",
    ".url": "light-dark(#7339a8, #c79bf2)",
}


def _token_rules() -> str:
    code = dom.by_testid(dom.CODE)
    rules = []
    for group, colour in TOKENS.items():
        selectors = ", ".join(f"{code} .{dom.TOKEN}{part.strip()}" for part in group.split(","))
        rules.append(f"{selectors} {{ color: {colour}; }}")
    return "\n".join(rules)


CSS = f"""
{dom.by_testid(dom.CAPTION)} {{ opacity: 1; color: {CAPTION}; }}
{dom.by_testid(dom.STATUS_WIDGET)} button {{ color: {CAPTION}; }}
{dom.by_testid(dom.SLIDER_THUMB_VALUE)} {{ color: light-dark(#0072B2, #7cc7e8); }}
{APP} :is(button, a[href], summary, [role=tab]):focus-visible,
{APP} label:has(input:is([type=checkbox], [type=radio]):focus-visible),
{dom.by_testid(dom.SLIDER)} div:has(> div > input[type=range]:focus-visible) {{
  outline: 2px solid {FOCUS}; outline-offset: 2px; }}
{_token_rules()}
"""


"""Bad input, checked where it could slip through: nothing a user types, uploads or puts in a link is
rendered as HTML or markdown, and uploaded weights are loaded as tensors only."""

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import no_exception, open_page

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py")),
           *sorted((ROOT / "core").rglob("*.py"))]


STYLE_CALL = 'st.html(f"<style>{LAYOUT_CSS}{contrast.CSS}</style>")'   # ui.frame.styles: constant CSS only


def test_nothing_is_rendered_as_raw_html():
    """No page or ui module can pass text to the browser as HTML. The one st.html is ui.frame.styles, which sends the
    app's own CSS: two constants, built from nothing a learner types, that cannot close their style element."""
    hits = []
    for path in SOURCES:
        text = path.read_text().replace(STYLE_CALL, "") if path.name == "frame.py" else path.read_text()
        for pattern in (r"unsafe_allow_html\s*=\s*True", r"\bst\.html\(", r"components\.v1\.html", r"\.html\("):
            hits += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert not hits, hits
    from ui import contrast, frame
    assert (ROOT / "ui" / "frame.py").read_text().count(STYLE_CALL) == 1
    for css in (frame.LAYOUT_CSS, contrast.CSS):
        assert "<" not in css and isinstance(css, str)


def test_the_page_scripts_parse_no_html():
    """The scripts nnlab puts in the page (ui.live_picture's live picture, ui.live_run's run buttons, the playground's
    live     board and the progress store) get no HTML; the picture sets pixels, an image's src and plain text only; the
    board draws on canvases and sets textContent; the run button sets an attribute and a style rule for its key,
    which must be a plain name."""
    users = [path.relative_to(ROOT).as_posix() for path in SOURCES if "components.v2" in path.read_text()]
    assert users == ["ui/live_picture.py", "ui/live_run.py", "ui/playground/live_board.py", "ui/progress.py"], users
    from ui import live_run, live_picture, progress
    from ui.playground import live_board
    for path in users:
        assert "html=" not in (ROOT / path).read_text()
    for script in (live_picture.JS, live_run.BUSY_JS, live_board.JS, progress.JS):
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(",
                     "setAttribute('on", "srcdoc"):
            assert sink not in script, sink
    assert "nodeValue" in live_picture.JS and "createTextNode" in live_picture.JS
    assert "textContent" in live_board.JS and "getContext('2d')" in live_board.JS
    with pytest.raises(ValueError, match="plain name"):
        live_run.run_button("Train", key='x"] * { color: red } [a="')


def test_every_torch_load_is_weights_only():
    loads = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "torch.load":
                kw = {k.arg: k.value for k in node.keywords}
                loads.append((path.name, isinstance(kw.get("weights_only"), ast.Constant)
                              and kw["weights_only"].value is True))
    assert loads and all(ok for _, ok in loads), loads


# A link crafted to smuggle markdown or HTML into the page through the "link asked for" notice.
HOSTILE = ["`[click me](https://evil.example)`", "<script>alert(1)</script>", "**bold**\n# heading",
           "![img](https://evil.example/x.png)", "``` code", "\x00\x1b[31m"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_link_value_is_shown_as_plain_code(value):
    at = open_page("pages/01_perceptron.py", {"x1": value})
    no_exception(at)
    notes = [w.value for w in at.warning if "The link asked for" in w.value]
    assert len(notes) == 1
    note = notes[0]
    assert note.count("`") == 2  # one code span holds the whole value: markdown inside it is not interpreted
    assert "\n" not in note

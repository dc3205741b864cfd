"""The layers hold: pages -> ui and pages -> core; core never imports streamlit, ui or pages; ui imports no torch
and nothing of core (core's package imports torch); and nothing the app runs imports benchmarks or tests.
Every import is read from the source, including those inside functions."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RULES = {  # layer -> the top-level modules it may never import
    "core": {"streamlit", "ui", "pages", "app", "benchmarks", "tests"},
    "ui": {"torch", "core", "pages", "app", "benchmarks", "tests"},
    "pages": {"benchmarks", "tests", "pages"},
    "app": {"benchmarks", "tests", "pages", "torch"},
}


def files(layer: str) -> list[Path]:
    return [ROOT / "app.py"] if layer == "app" else sorted((ROOT / layer).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """The top-level names of every module `path` imports (relative imports name their own package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(path.parent.name if node.level else node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", RULES)
def test_no_layer_imports_what_it_must_not(layer):
    broken = {str(f.relative_to(ROOT)): sorted(imported(f) & RULES[layer]) for f in files(layer)}
    assert not {f: bad for f, bad in broken.items() if bad}


def test_the_rules_see_an_import_that_breaks_them(tmp_path):
    """The check itself can fail: a nested import of streamlit in a core-like file is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    import streamlit.components.v2 as c\n    from ui import frame\n")
    assert imported(bad) & RULES["core"] == {"streamlit", "ui"}


def test_pages_stay_thin():
    """A page reads as a lesson: under 150 lines, its words in ui/content, its work in core (docs/adding-a-page.md)."""
    long = {p.name: n for p in sorted((ROOT / "pages").glob("*.py")) if (n := len(p.read_text().splitlines())) >= 150}
    assert not long, long

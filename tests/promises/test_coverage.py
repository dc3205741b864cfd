"""Every "Try this" item on every page is held by a test of its promised outcome, and every quote the promise
tests hold is still on its page."""

import ast
import importlib
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, no_exception, open_page
from tests.promises import PROMISES
from ui import registry

HERE = Path(__file__).parent
for _module in sorted(HERE.glob("test_*.py")):
    if _module.stem != "test_coverage":
        importlib.import_module(f"tests.promises.{_module.stem}")

PAGES = [p for p in registry.available() if p.slug not in ("", "summary")]  # the home page and the summary have none


def try_this_items(at) -> list[str]:
    """The "Try this" items as the page shows them, one string each (markdown marks removed)."""
    nodes = list(at.main)
    for i, node in enumerate(nodes):
        if type(node).__name__ in ("Header", "Subheader") and node.value == "Try this":
            listing = next(n for n in nodes[i + 1:] if type(n).__name__ == "Markdown")
            return [plain(item) for item in re.split(r"(?m)^\d+\. ", listing.value) if item.strip()]
    return []


def plain(text: str) -> str:
    return " ".join(re.sub(r"\*\*|(?<!\\)\*|`", "", text).split())


def page_source(page: registry.Page) -> str:
    """The page's file and the ui modules it imports: where its sentences are written."""
    src = (ROOT / page.file).read_text()
    files = set()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "ui":
            base = ROOT.joinpath(*node.module.split("."))
            files |= {base / f"{a.name}.py" for a in node.names} | {base.with_suffix(".py")}
    return src + "".join(f.read_text() for f in sorted(files) if f.is_file())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug or "home")
def test_every_try_this_item_has_a_test_of_its_promise(page):
    at = open_page(page.file, code=False)
    no_exception(at)
    items = try_this_items(at)
    assert items, f"{page.file} shows no Try this"
    quotes = [plain(q) for q, _ in PROMISES.get(page.slug or "home", [])]
    untested = [item for item in items if not any(q in item for q in quotes)]
    assert not untested, f"{page.file}: Try this items with no promise test:\n" + "\n".join(untested)


@pytest.mark.parametrize("page", registry.available(), ids=lambda p: p.slug or "home")
def test_every_promise_quote_is_still_on_its_page(page):
    src = plain(re.sub(r"\"\s*\n\s*(?:f|rf)?\"", "", page_source(page)))  # join implicitly concatenated strings
    missing = [(q, t) for q, t in PROMISES.get(page.slug or "home", []) if plain(q) not in src]
    assert not missing, f"{page.file}: promise quotes no longer in its source: {missing}"

"""The maintainer's documents hold: every repository path, module and test that README.md and docs/*.md name exists,
every link inside them reaches a file (and heading) of the repository, and no file of the repository points
outside it."""

import ast
import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# A path in the text starts at one of the repository's top-level entries.
TOP_DIRS = ("pages", "core", "ui", "tests", "benchmarks", "docs", "deploy", "assets", ".ci", ".streamlit")
TOP_FILES = ("app.py", "Dockerfile", "README.md", "requirements.txt", "requirements-dev.txt", "pyproject.toml",
             ".gitignore", ".dockerignore")
PATH = re.compile(r"(?<![\w/.<>-])((?:" + "|".join(map(re.escape, TOP_DIRS)) + r")/[\w./<>*-]*(?:::\w+)?)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
MODULE = re.compile(r"(?<![\w.])((?:core|ui|tests|benchmarks)(?:\.\w+)+)")
LINK = re.compile(r"\]\(([^)\s]+)\)")

# Where a file may not point: another project's folders on the machine it was written on. Spelt in pieces, so that
# this file does not name them itself.
OUTSIDE = ("../" + "shared", "reference" + ".md", "design" + ".md", "/" + "work/")
GENERATED = {".git", "__pycache__", ".pytest_cache", ".ruff_cache", "test-results", "results"}


def code_text(text: str) -> str:
    """What the document writes as code: its code spans and fenced blocks."""
    return "\n".join(CODE_SPAN.findall(FENCE.sub("", text)) + FENCE.findall(text))


def paths(text: str) -> set[str]:
    """Repository paths in the text (prose and code), and the top-level files it names as code."""
    found = {p.rstrip(".") for p in PATH.findall(text)}
    return found | {word for word in re.split(r"[\s,;:()]+", code_text(text)) if word in TOP_FILES}


def exists(path: str) -> bool:
    """The file or folder is there; a pattern (`pages/NN_<slug>.py`) matches something; `file::test` names a
    function of that file."""
    path, _, name = path.partition("::")
    if "<" in path or "*" in path or "NN" in path:
        pattern = re.sub(r"<[^>]*>", "*", path).replace("NN", "[0-9][0-9]")
        return any(ROOT.glob(pattern.rstrip("/")))
    target = ROOT / path
    if not target.exists():
        return False
    return not name or re.search(rf"^\s*(async )?def {name}\b", target.read_text(), re.M) is not None


def module_exists(dotted: str) -> bool:
    """`core.playground.play.Player`: the longest prefix that is a module exists, and the next name, if any, is
    defined or imported in it."""
    parts = dotted.split(".")
    for n in range(len(parts), 1, -1):
        base = ROOT.joinpath(*parts[:n])
        source = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        if source.is_file():
            if n == len(parts):
                return True
            names = set()
            for node in ast.walk(ast.parse(source.read_text())):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    names.add(node.name)
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    names |= {(a.asname or a.name).split(".")[0] for a in node.names}
                elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    names |= {t.id for t in ast.walk(ast.Tuple(elts=targets)) if isinstance(t, ast.Name)}
            return parts[n] in names
    return False


def slug(heading: str) -> str:
    """A heading's anchor, as Markdown renderers on code hosts make it."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(md: Path) -> set[str]:
    heads = re.findall(r"^#{1,6}\s+(.+?)\s*#*$", FENCE.sub("", md.read_text()), re.M)
    seen: dict[str, int] = {}
    out = set()
    for h in heads:
        s = slug(re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", h))
        out.add(s if s not in seen else f"{s}-{seen[s]}")
        seen[s] = seen.get(s, 0) + 1
    return out


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_a_document_names_exists(doc):
    missing = sorted(p for p in paths(doc.read_text()) if not exists(p))
    assert not missing, f"{doc.relative_to(ROOT)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_a_document_names_exists(doc):
    missing = sorted({m for m in MODULE.findall(code_text(doc.read_text())) if not module_exists(m)})
    assert not missing, f"{doc.relative_to(ROOT)} names modules or names that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_inside_the_repository_reaches_its_file_and_heading(doc):
    broken = []
    for target in LINK.findall(FENCE.sub("", doc.read_text())):
        if re.match(r"[a-z]+:", target):
            continue  # a web address (the course's site, the app's own pages)
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if ROOT not in path.parents and path != ROOT or not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(target)
    assert not broken, f"{doc.relative_to(ROOT)}: links that reach no file or heading: {broken}"


def test_the_documents_are_there():
    names = {p.name for p in DOCS}
    assert {"README.md", "architecture.md", "adding-a-page.md", "reference-values.md"} <= names


def repository_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in GENERATED]
        for f in files:
            if not f.endswith(".pyc") and not (f.startswith(".server-") and f.endswith(".log")):  # server logs
                yield Path(folder) / f


def test_no_file_points_outside_the_repository():
    hits = {}
    for f in repository_files():
        data = f.read_bytes()
        found = [o for o in OUTSIDE if o.encode() in data]
        if found:
            hits[str(f.relative_to(ROOT))] = found
    assert not hits, f"files that point outside the repository: {hits}"


def test_the_checks_can_fail(tmp_path):
    """The checks see a missing path, a missing test, a missing name in a module, and a broken anchor."""
    assert not exists("core/no_such_module.py") and not exists("tests/unit/test_layers.py::test_no_such_test")
    assert exists("tests/unit/test_layers.py::test_no_layer_imports_what_it_must_not")
    assert exists("pages/NN_<slug>.py") and not exists("pages/NN_<slug>.js")
    assert module_exists("ui.registry.by_slug") and not module_exists("ui.registry.no_such_name")
    assert paths("see `core/x.py` and tests/unit/ and `app.py`, not http://host/core/y.py") == {
        "core/x.py", "tests/unit/", "app.py"}
    md = tmp_path / "a.md"
    md.write_text("# One press of Play, from click to frame\n## The layers\n")
    assert anchors(md) == {"one-press-of-play-from-click-to-frame", "the-layers"}

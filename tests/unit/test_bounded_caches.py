"""Every cache in nnlab is bounded: 1,000 learners with 1,000 different settings cannot grow memory
without limit. Checked in the source, where an unbounded cache would be written."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py")),
           *sorted((ROOT / "core").glob("*.py"))]
STREAMLIT = ("st.cache_data", "st.cache_resource")
FUNCTOOLS = ("functools.lru_cache", "lru_cache")
UNBOUNDED = ("functools.cache", "cache")


def cache_problems(source: str) -> tuple[int, list[str]]:
    """(caches found, the unbounded ones) in a module's source."""
    tree = ast.parse(source)
    found, bad = 0, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            kw = {k.arg: k.value for k in node.keywords}
            if name in STREAMLIT:
                found += 1
                size = kw.get("max_entries")
                if size is None or (isinstance(size, ast.Constant) and size.value is None):
                    bad.append(f"line {node.lineno}: {name} without max_entries")
            elif name in FUNCTOOLS:
                found += 1
                size = kw.get("maxsize", node.args[0] if node.args else None)
                if not (isinstance(size, ast.Constant) and isinstance(size.value, int)):
                    bad.append(f"line {node.lineno}: {name} without an integer maxsize")
            elif name in UNBOUNDED:
                found += 1
                bad.append(f"line {node.lineno}: {name} has no bound")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in node.decorator_list:  # a bare decorator: no arguments, so no bound
                if not isinstance(d, ast.Call) and ast.unparse(d) in (*STREAMLIT, *FUNCTOOLS, *UNBOUNDED):
                    found += 1
                    bad.append(f"line {d.lineno}: @{ast.unparse(d)} has no bound")
    return found, bad


def test_the_check_catches_unbounded_caches():
    src = ("import functools, streamlit as st\n@functools.cache\ndef a(x): ...\n@st.cache_data\ndef b(x): ...\n"
           "c = st.cache_data(len, show_spinner=False)\n@functools.lru_cache(maxsize=None)\ndef d(x): ...\n"
           "@st.cache_data(max_entries=8)\ndef e(x): ...\n@functools.lru_cache(maxsize=4)\ndef f(x): ...\n")
    found, bad = cache_problems(src)
    assert found == 6 and len(bad) == 4


def test_every_cache_is_bounded():
    total, problems = 0, []
    for path in SOURCES:
        found, bad = cache_problems(path.read_text())
        total += found
        problems += [f"{path.relative_to(ROOT)} {b}" for b in bad]
    assert total > 10  # the check sees nnlab's caches
    assert not problems, "unbounded caches:\n" + "\n".join(problems)

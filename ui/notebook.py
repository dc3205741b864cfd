"""A page's PyTorch script as a Jupyter notebook (.ipynb), for the "Download as notebook" button of the code panel.

The notebook has a title cell (the page, a link that opens it with these settings, and the settings), then the script
cut into cells at its steps, each step's title as a heading. Outputs are left empty: the learner runs it.

The steps are the `# %% title` markers the code generators put at a script's natural steps (imports and settings,
data, model, training, results; the percent format that VS Code, PyCharm, Spyder and Jupytext read). A script without
markers is cut into its top-level blocks between blank lines.

The file is nbformat v4 JSON written with the standard library (json), so that the app's requirements stay streamlit,
torch, altair and pandas. The tests validate every page's notebook with nbformat.validate and execute it with nbclient
and ipykernel, which only the development requirements install."""

import ast
import json
import re
from collections.abc import Mapping
from urllib.parse import urlencode

STEP = "# %%"  # a step marker, as core.codegen.snippets.step writes it (ui imports nothing of core)
NBFORMAT, NBFORMAT_MINOR = 4, 5
METADATA = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}
MIME = "application/x-ipynb+json"


def steps(code: str) -> list[tuple[str, str]]:
    """The script's steps, in order, as (title, code): cut at its `# %% title` markers (text before the first
    marker is a step without a title), or, without markers, at the blank lines between its top-level statements
    (every title then empty). Each step's code is stripped of blank lines at its ends; a step with neither a
    title nor code is dropped."""
    lines = code.splitlines()
    if any(_is_marker(line) for line in lines):
        found, title, body = [], "", []
        for line in lines:
            if _is_marker(line):
                found.append((title, body))
                title, body = line[len(STEP):].strip(), []
            else:
                body.append(line)
        found.append((title, body))
    else:
        found = [("", block) for block in _blocks(lines)]
    out = [(title, "\n".join(body).strip("\n")) for title, body in found]
    return [(title, text) for title, text in out if title or text.strip()]


def _is_marker(line: str) -> bool:
    return line == STEP or line.startswith(STEP + " ")


def _blocks(lines: list[str]) -> list[list[str]]:
    """The script's top-level blocks: cut at each blank line that lies outside every top-level statement (a blank
    line inside a function, a loop or a multi-line string stays in its block). Code that does not parse is cut at
    each blank line followed by an unindented line."""
    try:
        tree = ast.parse("\n".join(lines))
        inside = set()
        for node in tree.body:
            first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
            inside.update(range(first, node.end_lineno + 1))        # 1-based line numbers
        cut = {i for i, line in enumerate(lines) if not line.strip() and i + 1 not in inside}
    except SyntaxError:
        cut = {i for i, line in enumerate(lines)
               if not line.strip() and i + 1 < len(lines) and lines[i + 1][:1] not in ("", " ", "\t")}
    blocks, block = [], []
    for i, line in enumerate(lines):
        if i in cut:
            if block:
                blocks.append(block)
            block = []
        else:
            block.append(line)
    return [*blocks, block] if block else blocks


def _source(text: str) -> list[str]:
    """A cell's source as nbformat stores it: its lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def _plain(text: str, limit: int = 80) -> str:
    """A key or value shown inside one Markdown code span: one line, no backticks, at most `limit` characters."""
    return re.sub(r"[`\r\n]+", " ", str(text))[:limit]


def link(page_url: str, settings: Mapping[str, str]) -> str:
    """The address that opens the page with these settings: its URL and the settings as the query string."""
    return page_url + ("?" + urlencode(settings) if settings else "")


def title_cell(title: str, settings: Mapping[str, str], link: str = "") -> str:
    """The notebook's first cell: the page's title, a link that opens the page with these settings, and the
    settings (those that differ from the page's defaults, as the page's address holds them)."""
    page = f"[{title}](<{link.replace('>', '%3E')}>)" if link else title
    lines = [f"# {title}", "",
             f"nnlab's PyTorch code for the page {page}, with the settings below. It needs only torch: run the cells "
             "in order, and they print the numbers the page shows.", ""]
    if settings:
        lines += ["Settings changed from the page's defaults (every other setting is at its default):", "",
                  "| Setting | Value |", "|---|---|"]
        lines += [f"| `{_plain(k)}` | `{_plain(v)}` |" for k, v in settings.items()]
    else:
        lines.append("Settings: the page's defaults.")
    return "\n".join(lines)


def notebook(code: str, title: str, settings: Mapping[str, str], link: str = "") -> bytes:
    """The script `code` as an nbformat v4 notebook (UTF-8 JSON): the title cell, then per step a heading (if the
    step has a title) and a code cell, every output empty and every execution count None. Cell ids are numbered,
    so the same script and settings give the same bytes."""
    cells = [("markdown", title_cell(title, settings, link))]
    for name, text in steps(code):
        if name:
            cells.append(("markdown", f"## {name}"))
        if text.strip():
            cells.append(("code", text))
    nb = {"cells": [_cell(kind, text, f"cell-{k}") for k, (kind, text) in enumerate(cells)],
          "metadata": METADATA, "nbformat": NBFORMAT, "nbformat_minor": NBFORMAT_MINOR}
    return (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _cell(kind: str, text: str, cell_id: str) -> dict:
    """One cell as nbformat v4.5 writes it: a code cell with no outputs and no execution count yet."""
    cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": _source(text)}
    return cell | {"execution_count": None, "outputs": []} if kind == "code" else cell

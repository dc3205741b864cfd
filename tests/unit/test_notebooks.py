"""Every lecture page's code as a Jupyter notebook (ui/notebook.py): a valid nbformat v4 notebook, outputs empty, the
script cut into cells at its steps; executed with nbclient and ipykernel, it prints the page's numbers.

The execution reuses the table of tests/unit/test_codegen.py: each page's notebook runs at the page's default settings
and at the table's first further case, both in one kernel (the second after `%reset -f`, so that it finds nothing of
the first), and the row's check compares what the cells printed with the numbers the page shows, computed through
core. nbformat, nbclient and ipykernel are in requirements-dev.txt only: the app writes the notebook with json."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
import json
import os
from pathlib import Path
import re

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
import nbformat
from nbclient import NotebookClient
import pytest
import torch

from core.codegen import perceptron, snippets
from tests.unit.test_codegen import CASES, PAGES, Ran
from ui import notebook
from ui.notebook import STEP


def cells(nb: bytes) -> list[dict]:
    return json.loads(nb)["cells"]


def code_of(cell: dict) -> str:
    return "".join(cell["source"])


def unmarked(code: str) -> list[str]:
    """The script's lines without its step markers and blank lines: what the notebook's code cells must hold."""
    return [line for line in code.splitlines() if line.strip() and not line.startswith(STEP)]


# The notebook of every case of every page ---------------------------------------------------------------------------
@pytest.mark.parametrize("slug, case", CASES)
def test_every_notebook_is_valid_and_holds_the_script_step_by_step(slug, case):
    code = PAGES[slug].script(case)
    nb = notebook.notebook(code, "A page", {"lr": "0.3"}, "http://localhost:8501/page?lr=0.3")
    nbformat.validate(nbformat.reads(nb.decode(), as_version=4))     # raises on anything that is not valid v4
    parsed = json.loads(nb)
    assert (parsed["nbformat"], parsed["nbformat_minor"]) == (4, 5)
    assert parsed["metadata"]["kernelspec"]["name"] == "python3"
    assert parsed["metadata"]["language_info"]["name"] == "python"
    code_cells = [c for c in parsed["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code_cells)
    # the code cells hold the whole script, in order, and nothing else
    assert unmarked("\n".join(code_of(c) for c in code_cells)) == unmarked(code)
    # one heading per step marker, in the script's order, each before its step's code
    titles = [line[len(STEP):].strip() for line in code.splitlines() if line.startswith(STEP)]
    headings = [code_of(c)[3:] for c in parsed["cells"][1:] if c["cell_type"] == "markdown"]
    assert headings == titles and len(titles) >= 3, titles
    assert titles[0].startswith("Imports") and code_of(parsed["cells"][2]).lstrip().startswith("import ")
    assert [c["cell_type"] for c in parsed["cells"][1:]] == ["markdown", "code"] * len(titles)


def test_the_script_prints_the_same_with_its_markers():
    """A marker is a comment line of its own: the script without them is the same program. (ui cannot import core:
    the notebook writer keeps its own copy of the marker, which must be the code generators'.)"""
    assert snippets.STEP == STEP
    code = perceptron.perceptron_code(-1.0, 2.0, 1.0, 3.0, -2.0, "sigmoid")
    assert code.startswith(snippets.step("Imports") + "\nimport torch\n")
    assert code.count(STEP) == 3
    plain = "\n".join(line for line in code.splitlines() if not line.startswith(STEP))
    run = {}
    exec(compile(code, "<marked>", "exec"), run)
    exec(compile(plain, "<plain>", "exec"), bare := {})
    assert run["y_hat"].item() == bare["y_hat"].item() == pytest.approx(torch.sigmoid(torch.tensor(-6.0)).item())


# Cutting a script into steps ---------------------------------------------------------------------------------------
def test_markers_cut_the_script_and_name_its_steps():
    code = "# a first line\n\n# %% Data\nx = 1\n\n\ny = 2\n# %%\nz = 3\n# %% Empty\n\n# %% Results\nprint(x)\n"
    assert notebook.steps(code) == [("", "# a first line"), ("Data", "x = 1\n\n\ny = 2"), ("", "z = 3"),
                                    ("Empty", ""), ("Results", "print(x)")]
    # "# %%x" is no marker, nor is an indented one
    assert notebook.steps("# %%x = 1\n    # %% inside\n") == [("", "# %%x = 1\n    # %% inside")]


def test_a_script_without_markers_is_cut_into_its_top_level_blocks():
    code = '''import torch

# a comment goes with the next statement
@torch.no_grad()
def f(x):
    y = x + 1

    return y


TEXT = """one

two"""
for i in range(2):
    print(i)

    print(f(i))
'''
    assert [text for _, text in notebook.steps(code)] == [
        "import torch",
        "# a comment goes with the next statement\n@torch.no_grad()\ndef f(x):\n    y = x + 1\n\n    return y",
        'TEXT = """one\n\ntwo"""\nfor i in range(2):\n    print(i)\n\n    print(f(i))']
    assert all(title == "" for title, _ in notebook.steps(code))
    # code that does not parse is cut at blank lines before an unindented line
    assert [t for _, t in notebook.steps("x = (\n\n  1)\n\ny = [\n")] == ["x = (\n\n  1)", "y = ["]


# The title cell ---------------------------------------------------------------------------------------------------
def test_the_title_cell_names_the_page_links_it_and_lists_the_settings():
    settings = {"x1": "-1", "act": "tanh"}
    link = notebook.link("http://localhost:8501/perceptron", settings)
    assert link == "http://localhost:8501/perceptron?x1=-1&act=tanh"
    first = code_of(cells(notebook.notebook("x = 1\n", "The perceptron", settings, link))[0])
    assert first.startswith("# The perceptron\n")
    assert f"[The perceptron](<{link}>)" in first
    assert "| `x1` | `-1` |" in first and "| `act` | `tanh` |" in first
    bare = code_of(cells(notebook.notebook("x = 1\n", "The perceptron", {}, notebook.link("http://h/p", {})))[0])
    assert "Settings: the page's defaults." in bare and "(<http://h/p>)" in bare and "|" not in bare


def test_a_hostile_setting_stays_inside_its_code_span():
    link = notebook.link("http://h/p", {"lr": "1`\n# Title>"})
    first = code_of(cells(notebook.notebook("", "P", {"lr": "1`\n# Title>" + "9" * 200}, link))[0])
    row = next(line for line in first.splitlines() if line.startswith("| `lr`"))
    assert row.count("`") == 4 and len(row) < 120
    assert "\n# Title" not in first[2:] and "(<http://h/p?lr=1%60%0A%23+Title%3E>)" in first


def test_the_same_script_and_settings_give_the_same_bytes():
    code = perceptron.perceptron_code(0.0, 0.0, 1.0, 3.0, -2.0, "sigmoid")
    assert notebook.notebook(code, "P", {"a": "1"}) == notebook.notebook(code, "P", {"a": "1"})
    assert notebook.notebook(code, "P", {"a": "1"}) != notebook.notebook(code, "P", {"a": "2"})


# Executing every page's notebook -------------------------------------------------------------------------------------
class ThisPython(KernelSpecManager):
    """The kernel "python3" as ipykernel defines it, run by this interpreter: `pip install -r requirements-dev.txt` is
    all CI does, and the installed kernel spec names "python", which may be another interpreter, or none."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        from ipykernel.kernelspec import get_kernel_dict
        assert kernel_name == "python3"
        return KernelSpec(resource_dir="", **get_kernel_dict())


def _execute(notebooks: list[tuple[bytes, tuple]], cwd: Path) -> list[Ran]:
    """Execute the notebooks one after another in one fresh kernel (torch alone: no nnlab on its path), each after
    `%reset -f`, and return, for each, what its cells printed and the values of the expressions `read`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ThisPython())
    out = []
    try:
        for k, (nb_bytes, read) in enumerate(notebooks):
            nb = nbformat.reads(nb_bytes.decode(), as_version=4)
            assert not re.search(r"^\s*(from|import) (core|ui)\b", "\n".join(c.source for c in nb.cells), re.M)
            dump = cwd / f"read{k}.pt"
            nb.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))
            if read:
                nb.cells.append(nbformat.v4.new_code_cell(
                    f"torch.save({{e: eval(e, globals()) for e in {list(read)!r}}}, {str(dump)!r})"))
            client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(cwd)}})
            try:
                client.execute(env=env)
            finally:
                if client.kc is not None:   # the kernel is ours, not the client's: it leaves its channels open
                    client.kc.stop_channels()
            printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                              if o.output_type == "stream" and o.name == "stdout")
            out.append(Ran(printed, torch.load(dump, weights_only=False) if read else {}))
    finally:
        if km.has_kernel:
            asyncio.run(km.shutdown_kernel(now=True))
    return out


def execute(notebooks: list[tuple[bytes, tuple]], cwd: Path) -> list[Ran]:
    """_execute in a thread of its own: nbclient and the kernel manager run their own event loops, and the test's
    thread may have one running already (the browser tests' Playwright leaves one in the worker they share)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_execute, notebooks, cwd).result()


@pytest.mark.parametrize("slug", list(PAGES))
def test_every_page_notebook_prints_the_page_numbers(slug, tmp_path):
    """The page's notebook at its default settings and at one other setting, executed with nbclient: what its cells
    print is what the page shows."""
    page = PAGES[slug]
    cases = [page.default, page.more[0]]   # test_codegen.IN_NOTEBOOKS: the script-file test runs the rest
    for case in cases:
        for name, content in page.files(case).items():
            (tmp_path / name).write_bytes(content)
    notebooks = [(notebook.notebook(page.script(case), slug, {}), page.read) for case in cases]
    for case, ran in zip(cases, execute(notebooks, tmp_path), strict=True):
        assert ran.text.strip(), "the notebook printed nothing"
        page.check(case, ran)

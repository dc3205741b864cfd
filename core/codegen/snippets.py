"""The pieces the pages' standalone scripts share: imports, activation modules, nn.Sequential expressions, the
optimizer line, the seeded weight init, the data generators and the training step.

Where a script needs a helper that core also has (the seeded init, a data generator), its text here is core's
own source, read with inspect: the script and the page run the same lines, so their numbers cannot drift apart."""

import inspect
import re
import textwrap
from itertools import pairwise

from core import activation_functions, data, models
from core.optimizers import optimizer_code

# What a learner writes for each activation: the nn module (core.models builds the same classes) and the call on
# a tensor named z (core.activation_functions.ACTIVATIONS[name].torch_call).
MODULE = {name: f"nn.{cls.__name__}()" for name, cls in models.ACTIVATIONS.items()}
CALL = {name: a.torch_call for name, a in activation_functions.ACTIVATIONS.items()}

_IMPORTS = {  # a name of header() -> its import line, in the order a script lists them
    "copy": "import copy",
    "math": "import math",
    "statistics": "import statistics",
    "torch": "import torch",
    "nn": "from torch import nn",
    "F": "import torch.nn.functional as F",
    "func": "from torch.func import functional_call, grad, vmap",
}


STEP = "# %%"


def step(title: str) -> str:
    """The marker of one step of a script (its imports, data, model, training, results): `# %% title`. Editors that
    know the percent format (VS Code, PyCharm, Spyder, Jupytext) run a script step by step at these lines, and the
    notebook download makes each step a cell, titled `title`. A comment: the script prints the same."""
    return f"{STEP} {title}"


def header(*names: str, threads: bool = True, title: str = "Imports") -> str:
    """The script's first step, `title`: its imports (torch and those named: copy, math, statistics, nn, F, func)
    and, with `threads`, torch on one thread as on the page (the same sums in the same order give the same digits)."""
    lines = [line for name, line in _IMPORTS.items() if name == "torch" or name in names]
    return step(title) + "\n" + "\n".join(lines) + "\n" + ("\ntorch.set_num_threads(1)\n" if threads else "")


def source(fn, comments: bool = True, name: str | None = None) -> str:
    """The source of one of core's functions, dedented, its docstring cut to the first paragraph (and without
    its comment lines unless `comments`); with `name`, the function is renamed."""
    src = textwrap.dedent(inspect.getsource(fn))
    if name:
        src = src.replace(f"def {fn.__name__}(", f"def {name}(", 1)
    doc = inspect.getdoc(fn)
    if doc and "\n\n" in doc:
        start = src.index('"""')
        end = src.index('"""', start + 3) + 3
        src = src[:start] + '"""' + doc.split("\n\n")[0].replace("\n", " ") + '"""' + src[end:]
    return src if comments else re.sub(r"\n[ \t]*#[^\n]*", "", src)


def optimizer_line(name: str, lr: float, params: str = "model.parameters()", weight_decay: float = 0.0) -> str:
    """torch.optim.<Class>(params, lr=..., ...), as core.optimizers writes it for the pages."""
    return optimizer_code(name, lr, weight_decay, params)


# The network ---------------------------------------------------------------------------------------------------
def modules(widths, activation: str) -> list[str]:
    """nn.Linear(a, b), <activation>, ..., nn.Linear(k, out): an MLP with these layer widths, module by module."""
    out = []
    for k, (a, b) in enumerate(pairwise(widths), 1):
        out += [f"nn.Linear({a}, {b})"] + ([MODULE[activation]] if k < len(widths) - 1 else [])
    return out


def layers(widths, activation: str) -> str:
    """The modules of modules(), on one line: what nn.Sequential( ... ) takes."""
    return ", ".join(modules(widths, activation))


def sequential(widths, activation: str) -> str:
    """nn.Sequential(nn.Linear(m, n1), nn.ReLU(), ..., nn.Linear(nk, out)), one module a line."""
    return "nn.Sequential(\n" + "".join(f"    {m},\n" for m in modules(widths, activation)) + ")"


INIT = source(models.init_weights)  # def init_weights(model, seed): PyTorch's default init, from a seeded generator


# The data ------------------------------------------------------------------------------------------------------
def standalone(fn) -> str:
    """The source of a data generator of core, returning (X, y) instead of nnlab's Dataset."""
    src = source(fn).replace(" -> Dataset:", ":")
    return re.sub(r"return Dataset\((.+?), y, \"\w+\".*\)\n", r"return \1, y\n", src)


def generators(*fns) -> str:
    """core's private seeded generator and these data generators of core, standing alone (their constants and
    helpers included)."""
    uses_gen = any("_gen(" in source(fn) for fn in fns)
    parts = [source(data._gen, comments=False)] if uses_gen else []
    for fn in fns:
        if fn is data.students:
            parts += [f"MAX_LECTURES, MAX_HOURS = {data.MAX_LECTURES}, {data.MAX_HOURS}", source(data.pass_probability)]
        parts.append(standalone(fn))
    return "\n\n".join(part.strip("\n") + "\n" for part in parts)


# Training ------------------------------------------------------------------------------------------------------
LOSS = {"bce": "F.binary_cross_entropy_with_logits", "mse": "F.mse_loss"}


def full_batch_step(loss: str, indent: int = 4, y: str = "y") -> str:
    """One step of the full batch in a shuffled order (`order` draws it): forward pass, loss, backward, update."""
    lines = [f"idx = torch.randperm(len({y}), generator=order)   # the whole training set, shuffled",
             f"loss = {LOSS[loss]}(model(X[idx]).squeeze(-1), {y}[idx])",
             "optimizer.zero_grad()",
             "loss.backward()                                 # backpropagation",
             "optimizer.step()                                # gradient step"]
    return textwrap.indent("\n".join(lines), " " * indent) + "\n"

"""Quantifying loss: the loss of one example, the empirical loss J(W) over a table of examples, and the
lecture's two losses, binary cross-entropy (pass or fail) and mean squared error (a final grade).

check_table is the gate for a table a learner edits by hand: whatever is typed, it returns the losses of
the rows it can use and a plain message for every row it cannot, and never raises.
"""

from dataclasses import dataclass
import math
import numbers

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import core  # noqa: F401  (sets the thread count)
from core import vocabulary

# The slide's example tables. Students x = [lectures attended, hours on the final project].
STUDENTS = ((4, 5), (2, 1), (5, 8))
LECTURE = {"bce": {"f": (0.1, 0.8, 0.6), "y": (1, 0, 1)},      # predicted P(pass), passed (1) or failed (0)
           "mse": {"f": (30, 80, 85), "y": (90, 20, 95)}}      # predicted and actual final grade, in %
NAMES = vocabulary.LOSSES.labels  # name -> label
LOG_FLOOR = -100.0   # F.binary_cross_entropy clamps every log at -100: a certain wrong answer costs 100, not inf
MAX_ROWS = 100       # a pasted table is cut here, so one learner's paste stays cheap to check and draw


def _t(v) -> torch.Tensor:
    return torch.as_tensor(v, dtype=torch.float64)


def bce(f, y, clamp: bool = False) -> torch.Tensor:
    """Per-example binary cross-entropy -[y ln f + (1 - y) ln(1 - f)], taking 0 ln 0 = 0.

    A certain wrong answer (f = 0 for y = 1, f = 1 for y = 0) costs -ln 0 = inf. With clamp, each log is
    floored at -100 as F.binary_cross_entropy does, so such an answer costs 100.
    """
    f, y = _t(f), _t(y)
    log_f, log_not_f = torch.log(f), torch.log(1 - f)
    if clamp:
        log_f, log_not_f = log_f.clamp(min=LOG_FLOOR), log_not_f.clamp(min=LOG_FLOOR)
    # torch.where, because y * ln f is nan (0 * -inf) where y = 0 and f = 0: that term is 0.
    return -(torch.where(y == 0, 0.0, y * log_f) + torch.where(y == 1, 0.0, (1 - y) * log_not_f)) + 0.0  # no -0.0


def mse(f, y) -> torch.Tensor:
    """Per-example squared error (y - f)^2."""
    return (_t(y) - _t(f)) ** 2


def empirical_loss(losses) -> float:
    """J(W) = (1/n) sum_i L_i: the mean loss over the examples (objective, cost function, empirical risk)."""
    losses = _t(losses)
    if losses.numel() == 0:
        raise ValueError("J(W) needs at least one example")
    return losses.mean().item()


def per_example(kind: str, f, y, clamp: bool = False) -> torch.Tensor:
    return bce(f, y, clamp) if kind == "bce" else mse(f, y)


def lecture_table(kind: str) -> pd.DataFrame:
    """The slide's rows as the table the learner edits: x1, x2 (context only), f and y."""
    ex = LECTURE[kind]
    return pd.DataFrame({"x1": pd.array([s[0] for s in STUDENTS], dtype="Int64"),  # nullable: added rows have none
                         "x2": pd.array([s[1] for s in STUDENTS], dtype="Int64"),
                         "f": [float(v) for v in ex["f"]], "y": [float(v) for v in ex["y"]]})


def num(v: float) -> str:
    """A number in a message: six significant figures at most, a real minus sign, inf as the symbol."""
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return f"{v:.6g}".replace("-", "−")


# Checking a hand-edited table ------------------------------------------------------------
class _NotANumber(ValueError):
    pass


def _cell(v) -> float | None:
    """A cell as a float; None when empty (None, NaN, blank). Raises _NotANumber for text such as "abc"."""
    if v is None or isinstance(v, (bool, np.bool_)):
        return None if v is None else float(v)
    if isinstance(v, numbers.Real):
        return None if math.isnan(v) else float(v)
    if isinstance(v, str):
        if not v.strip():
            return None
        try:
            x = float(v)
        except ValueError:
            raise _NotANumber(v) from None
        return None if math.isnan(x) else x
    raise _NotANumber(v)


def _shown(raw) -> str:
    """What the learner typed, safe to print inside a Markdown message: letters, digits and a little
    punctuation, at most 20 characters (no user text is ever rendered as markup)."""
    return "".join(c for c in str(raw) if c.isalnum() or c in " .,-+")[:20]


def _complaints(kind: str, f, y) -> list[str]:
    """What is wrong with one row's raw cells (empty list: the row counts)."""
    out = []
    for name, raw in (("f(x)", f), ("y", y)):
        try:
            v = _cell(raw)
        except _NotANumber:
            out.append(f"{name} = “{_shown(raw)}” is not a number")
            continue
        if v is None:
            out.append(f"{name} is empty")
        elif kind == "mse" and not 0 <= v <= 100:
            out.append(f"{name} = {num(v)} is not a grade: grades run from 0 to 100 %")
        elif kind == "bce" and name == "f(x)" and not 0 <= v <= 1:
            out.append(f"f(x) = {num(v)} is not a probability: it must lie between 0 and 1")
        elif kind == "bce" and name == "y" and v not in (0, 1):
            out.append(f"y = {num(v)} is not a label: y is 1 (passed) or 0 (failed)")
    return out


def working(kind: str, f: float, y: float) -> str:
    """One example's loss written out with its numbers: "−ln 0.1", "−ln(1 − 0.8)", "(90 − 30)²"."""
    if kind == "mse":
        return f"({num(y)} − {num(f)})²"
    return f"−ln {num(f)}" if y == 1 else f"−ln(1 − {num(f)})"


@dataclass(frozen=True)
class Report:
    """A checked table: every row with its loss (NaN if left out) and the rows that count."""
    kind: str
    rows: pd.DataFrame     # row (1-based), f, y, loss, working, note: one line per table row
    f: tuple               # the rows that count...
    y: tuple
    losses: tuple          # ...and their losses (inf for a certain wrong answer, unless clamped)
    problems: tuple        # one plain message per thing the learner should know

    @property
    def n(self) -> int:
        return len(self.losses)

    @property
    def J(self) -> float | None:
        """The empirical loss over the rows that count; None when no row counts (0/0)."""
        return empirical_loss(self.losses) if self.losses else None


def check_table(table: pd.DataFrame | None, kind: str, clamp: bool = False) -> Report:
    """Per-example losses of an edited table (columns f and y; others are ignored), and its problems.

    A row with an empty, non-numeric or out-of-range f or y is left out, with a message. A certain wrong
    answer in binary cross-entropy is kept: its loss is inf (100 with clamp), and a message says why.
    """
    if kind not in NAMES:
        raise ValueError(f"unknown loss {kind!r}; choose one of {list(NAMES)}")
    table = pd.DataFrame(columns=["f", "y"]) if table is None else table
    cells = [(table[c].tolist() if c in table else [None] * len(table)) for c in ("f", "y")]
    problems = []  # (row, message): sorted by row at the end, table-wide messages first (row 0)
    if len(table) > MAX_ROWS:
        problems.append((0, f"The table has {len(table)} rows; only the first {MAX_ROWS} count."))
    rows, keep = [], []
    for i, (raw_f, raw_y) in enumerate(list(zip(*cells))[:MAX_ROWS], 1):
        bad = _complaints(kind, raw_f, raw_y)
        if bad == ["f(x) is empty", "y is empty"]:
            problems.append((i, f"Row {i} is empty: type its f(x) and y to count it, or delete the row."))
        elif bad:
            problems.append((i, f"Row {i} is left out of J(W): " + "; ".join(bad) + "."))
        else:
            keep.append(i - 1)
        rows.append({"row": i, "f": _maybe(raw_f), "y": _maybe(raw_y), "loss": math.nan,
                     "working": "", "note": "left out" if bad else ""})
    f = tuple(rows[k]["f"] for k in keep)
    y = tuple(rows[k]["y"] for k in keep)
    losses = tuple(per_example(kind, f, y, clamp).tolist()) if keep else ()
    exact = tuple(per_example(kind, f, y).tolist()) if keep and clamp else losses  # before the clamp
    for k, loss, raw in zip(keep, losses, exact):
        r = rows[k]
        r.update(loss=loss, working=working(kind, r["f"], r["y"]))
        if kind == "bce" and math.isinf(raw):
            who = "passed (y = 1)" if r["y"] == 1 else "failed (y = 0)"
            r["note"] = "certain and wrong"
            problems.append((r["row"],
                f"Row {r['row']}: f(x) = {num(r['f'])} for a student who {who} is **certain and wrong**: its loss is "
                f"{r['working']}{'' if r['working'] == '−ln 0' else ' = −ln 0'} = ∞, "
                + ("clamped here to 100, as F.binary_cross_entropy clamps every log at −100."
                   if clamp else "so J(W) = ∞ too: one such example outweighs any number of good ones. "
                   "(A sigmoid never outputs exactly 0 or 1, so a real network only comes close.)")))
        elif clamp and raw != loss:
            r["note"] = "clamped at 100"
    problems = [m for _, m in sorted(problems, key=lambda p: p[0])]
    if not keep and rows:
        problems.append("No row can be counted, so J(W) = (1/n) Σ L is undefined (n = 0).")
    if not rows:
        problems.append("The table has no rows, so J(W) = (1/n) Σ L is undefined (n = 0): "
                        "add a row, or restore the slide's rows.")
    frame = pd.DataFrame(rows, columns=["row", "f", "y", "loss", "working", "note"])
    return Report(kind, frame, f, y, losses, tuple(problems))


def _maybe(v) -> float:
    """A cell's value for display: the number, or NaN when it is empty or not a number."""
    try:
        x = _cell(v)
    except _NotANumber:
        return math.nan
    return math.nan if x is None else x


# What PyTorch says -----------------------------------------------------------------------
def pytorch_calls(kind: str, f, y, J: float | None = None) -> list[dict]:
    """The mean loss of these examples by PyTorch's own functions: call, value (None: cannot be called),
    a note, and whether it agrees with J (the formula's value). For one sigmoid output the faithful calls are
    the first two; F.cross_entropy needs 2-class logits and integer labels, and [ln(1 - f), ln f] are such
    logits: their softmax is [1 - f, f]."""
    f, y = _t(f), _t(y)
    if f.numel() == 0:
        return []
    calls = _bce_calls(f, y) if kind == "bce" else \
        [{"call": "F.mse_loss(f, y)", "value": F.mse_loss(f, y).item(), "note": ""}]
    return [{**c, "agrees": agrees(c["value"], J)} for c in calls]


def _bce_calls(f: torch.Tensor, y: torch.Tensor) -> list[dict]:
    certain = bool(((f == 0) | (f == 1)).any())
    logit = torch.logit(f)  # the sigmoid's input that gives f: sigmoid(logit) = f
    two_logits = torch.stack([torch.log(1 - f), torch.log(f)], dim=1)
    return [
        {"call": "F.binary_cross_entropy(f, y)", "value": F.binary_cross_entropy(f, y).item() + 0.0,
         "note": "f = torch.sigmoid(logit), the one sigmoid output; clamps every log at −100"},
        {"call": "F.binary_cross_entropy_with_logits(logit, y)",
         "value": None if certain else F.binary_cross_entropy_with_logits(logit, y).item(),
         "note": "no finite logit gives f = 0 or 1" if certain else "sigmoid and loss in one, the stable choice"},
        {"call": "F.cross_entropy(two_logits, y.long())",
         "value": F.cross_entropy(two_logits, y.long()).item() + 0.0,
         "note": "the slide's call: 2 logits per example, integer labels; no clamp"},
    ]


def agrees(a: float | None, b: float | None) -> bool:
    """Two losses are the same number (to float64 rounding), inf included."""
    if a is None or b is None:
        return False
    return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


# Curves for the charts -------------------------------------------------------------------
def bce_curves(n: int = 321) -> pd.DataFrame:
    """-ln f (y = 1) and -ln(1 - f) (y = 0) against f, sampled densely near 0 and 1 where they blow up."""
    f = torch.sigmoid(torch.linspace(-9, 9, n, dtype=torch.float64))
    one, zero = bce(f, torch.ones(n)), bce(f, torch.zeros(n))
    return pd.DataFrame({"f": torch.cat([f, f]).numpy(), "loss": torch.cat([one, zero]).numpy(),
                         "y": [1] * n + [0] * n})


def mse_curve(n: int = 201) -> pd.DataFrame:
    """(y - f)^2 against the error y - f, over every error two grades can have (-100 to 100)."""
    e = torch.linspace(-100, 100, n, dtype=torch.float64)
    return pd.DataFrame({"error": e.numpy(), "loss": (e ** 2).numpy()})

"""Gradient descent by hand: the lecture's loop on a real two-weight loss landscape, and Lab 1's (x - 4)^2.

The landscape: a one-input perceptron on the "Will I pass" students, P(pass) = sigmoid(w0 + w1 x), with
x = lectures attended, standardised, and J(w0, w1) = the mean binary cross-entropy over the 120 students.
The descent: W <- W - eta dJ/dW, the gradient from autograd (loss.backward()), written out as the lecture's
pseudocode does. Lab 1 (section 1.4): minimise (x - 4)^2 the same way, where x_{t+1} - 4 = (1 - 2 eta)(x_t - 4).
"""

from dataclasses import dataclass
import functools
import math

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import core  # noqa: F401  (sets the thread count)
from core import data

STUDENTS_N = 120
BOX = ((-4.0, 8.0), (-4.0, 8.0))   # the map of J(w0, w1): w0 range, w1 range
COLUMNS = ["step", "w0", "w1", "dJ/dw0", "dJ/dw1", "J"]


# The two-weight model ------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _students() -> tuple[torch.Tensor, torch.Tensor, float, float]:
    ds = data.students(STUDENTS_N, seed=0)
    lectures, y = ds.X[:, 0].double(), ds.y.double()
    mean, std = lectures.mean(), lectures.std()
    return (lectures - mean) / std, y, mean.item(), std.item()


def students() -> tuple[torch.Tensor, torch.Tensor]:
    """(x, y): lectures attended, standardised (mean 0, sd 1), and passed = 1, for the 120 students (float64)."""
    x, y, _, _ = _students()
    return x.clone(), y.clone()


def standardisation() -> tuple[float, float]:
    """Mean and standard deviation of lectures attended: x = (lectures - mean) / sd."""
    _, _, mean, std = _students()
    return mean, std


def loss(W: torch.Tensor, x: torch.Tensor | None = None, y: torch.Tensor | None = None) -> torch.Tensor:
    """J(W) = mean binary cross-entropy of sigmoid(w0 + w1 x) against y (on logits, so it never overflows)."""
    if x is None:
        x, y = students()
    return F.binary_cross_entropy_with_logits(W[0] + W[1] * x, y)


def gradient(w0: float, w1: float) -> tuple[float, list[float]]:
    """(J, [dJ/dw0, dJ/dw1]) at one point, by autograd."""
    W = torch.tensor([w0, w1], dtype=torch.float64, requires_grad=True)
    J = loss(W)
    J.backward()
    return J.item(), W.grad.tolist()


def gradient_formula(w0: float, w1: float) -> list[float]:
    """The same gradient by hand: dJ/dw0 = mean(y-hat - y), dJ/dw1 = mean((y-hat - y) x)."""
    x, y = students()
    err = torch.sigmoid(w0 + w1 * x) - y
    return [err.mean().item(), (err * x).mean().item()]


def landscape(box=BOX, n: int = 161) -> np.ndarray:
    """J on an n x n grid over the box, top row = largest w1 (image order), in one batched operation.

    BCE is linear in the label, so students with the same x can be pooled: their mean label is a soft target
    and their count a weight. The 120 students attend only 11 different numbers of lectures, so the grid costs
    n * n * 11 evaluations instead of n * n * 120, with the same values.
    """
    x, y = students()
    xs, inverse, counts = torch.unique(x, return_inverse=True, return_counts=True)
    counts = counts.double()
    ybar = torch.zeros_like(xs).index_add_(0, inverse, y) / counts
    w0 = torch.linspace(box[0][0], box[0][1], n, dtype=torch.float64)
    w1 = torch.linspace(box[1][1], box[1][0], n, dtype=torch.float64)
    B, A = torch.meshgrid(w1, w0, indexing="ij")
    Z = A.reshape(-1, 1) + B.reshape(-1, 1) * xs                      # (n*n, 11) logits
    per = F.binary_cross_entropy_with_logits(Z, ybar.expand_as(Z), weight=counts / len(x), reduction="none")
    return per.sum(1).reshape(n, n).numpy()


@functools.lru_cache(maxsize=1)
def minimum() -> tuple[float, float, float]:
    """(w0*, w1*, J*): the bottom of the bowl, found with torch.optim.LBFGS (BCE here is convex)."""
    W = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([W], max_iter=200, tolerance_grad=1e-13, tolerance_change=1e-15,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        J = loss(W)
        J.backward()
        return J

    opt.step(closure)
    return W[0].item(), W[1].item(), loss(W).item()


# The lecture's loop -------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    frame: pd.DataFrame       # one row per iterate: step, the weights, the gradient there, J there
    stopped: str | None       # why the loop stopped early ("diverged at step k: ..."), or None


def _stop_reason(step: int, values: dict) -> str | None:
    for name, v in values.items():
        if not math.isfinite(v):
            return f"diverged at step {step}: {name} became {'nan' if math.isnan(v) else 'inf'}"
    return None


def descend(w0: float, w1: float, lr: float, steps: int) -> Run:
    """Gradient descent on J(w0, w1) from (w0, w1): the lecture's pseudocode, line by line.

    Row t holds W_t, the gradient dJ/dW at W_t and J(W_t); the last row's gradient is computed but not
    applied. Stops at the first non-finite number, keeping the rows before it.
    """
    x, y = students()
    W = torch.tensor([w0, w1], dtype=torch.float64, requires_grad=True)  # 1. start (chosen, not random)
    rows = []
    for step in range(steps + 1):                                          # 2. loop
        J = loss(W, x, y)
        J.backward()                                                       # 3. gradient dJ/dW by autograd
        row = dict(zip(COLUMNS, [step, *W.tolist(), *W.grad.tolist(), J.item()]))
        stop = _stop_reason(step, {k: row[k] for k in ("J", "w0", "w1")})
        if stop:
            return Run(pd.DataFrame(rows, columns=COLUMNS), stop)
        rows.append(row)
        if step < steps:
            with torch.no_grad():
                W -= lr * W.grad                                           # 4. W <- W - eta dJ/dW
            W.grad.zero_()
    return Run(pd.DataFrame(rows, columns=COLUMNS), None)                 # 5. return the weights


def outcome(run: Run, tol: float = 1e-3) -> dict:
    """What happened, in numbers: kind is converged / descending / zigzag / unstable / diverged."""
    f = run.frame
    J = f["J"].to_numpy()
    grad = float(np.hypot(f["dJ/dw0"].iloc[-1], f["dJ/dw1"].iloc[-1])) if len(f) else math.nan
    ups = int((np.diff(J) > 0).sum())
    out = {"steps": int(f["step"].iloc[-1]) if len(f) else 0, "J_start": J[0] if len(J) else math.nan,
           "J_end": J[-1] if len(J) else math.nan, "grad_norm": grad, "ups": ups, "J_max": J.max() if len(J) else 0}
    if run.stopped:
        kind = "diverged"
    elif len(J) > 1 and J[-1] > J[0]:
        kind = "unstable"
    elif grad < tol:
        kind = "converged"
    elif ups:
        kind = "zigzag"
    else:
        kind = "descending"
    return {**out, "kind": kind}


def view_box(frame: pd.DataFrame, box=BOX, pad: float = 0.06) -> tuple:
    """The map's box: `box`, widened (to whole numbers) to hold every point of the path."""
    if not len(frame):
        return box
    out = []
    for (lo, hi), col in zip(box, ("w0", "w1")):
        a, b = min(lo, frame[col].min()), max(hi, frame[col].max())
        if (a, b) != (lo, hi):
            m = pad * (b - a)
            a, b = (math.floor(a - m) if a < lo else lo), (math.ceil(b + m) if b > hi else hi)
        out.append((float(a), float(b)))
    return tuple(out)


# Round numbers per decade, from fine to coarse: the finest set that gives few enough levels is used.
_NICE = ((1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0), (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0),
         (1.0, 2.0, 3.0, 5.0), (1.0, 2.0, 5.0), (1.0, 3.0), (1.0,))


def band_levels(lo: float, hi: float, most: int = 11) -> list[float]:
    """Round contour levels strictly between lo and hi, about evenly spaced on a log scale (the map's bands)."""
    if not (math.isfinite(lo) and math.isfinite(hi) and 0 < lo < hi):
        return []
    ks = range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1)
    for nice in _NICE:
        levels = [round(m * 10.0 ** k, 10) for k in ks for m in nice if lo < m * 10.0 ** k < hi]
        if len(levels) <= most:
            return levels
    return levels[:: math.ceil(len(levels) / most)]


# Lab 1, section 1.4: (x - 4)^2 ------------------------------------------------------------
TARGET = 4.0


def derivative_of_square(at: float = 3.0) -> float:
    """Lab 1's first autograd check: y = x^2, dy/dx at x = 3 (= 6.0)."""
    x = torch.tensor(at, dtype=torch.float64, requires_grad=True)
    (x * x).backward()
    return x.grad.item()


def random_start(seed: int) -> float:
    """Lab 1's x = torch.randn(1), from a seeded private generator (float64)."""
    return torch.randn(1, generator=torch.Generator().manual_seed(int(seed)), dtype=torch.float64).item()


def descend_1d(x0: float, lr: float, steps: int, target: float = TARGET) -> Run:
    """Lab 1's loop: minimise J(x) = (x - target)^2 from x0, x <- x - lr * dJ/dx, the gradient by autograd.

    Rows: step, x, dJ/dx, J (row t is x_t with its gradient and loss). Stops at the first non-finite number.
    """
    x, rows = float(x0), []
    for step in range(steps + 1):
        xt = torch.tensor([x], dtype=torch.float64, requires_grad=True)
        J = (xt - target) ** 2
        J.backward()
        row = {"step": step, "x": x, "dJ/dx": xt.grad.item(), "J": J.item()}
        stop = _stop_reason(step, {"J": row["J"], "x": x, "the gradient": row["dJ/dx"]})
        if stop:
            return Run(pd.DataFrame(rows, columns=list(row)), stop)
        rows.append(row)
        if step < steps:
            x = x - lr * xt.grad.item()
    return Run(pd.DataFrame(rows), None)


def closed_form_1d(x0: float, lr: float, t, target: float = TARGET) -> np.ndarray:
    """x_t = target + (x0 - target)(1 - 2 lr)^t: each step multiplies the error by 1 - 2 lr."""
    with np.errstate(over="ignore", invalid="ignore"):
        return target + (x0 - target) * (1 - 2 * lr) ** np.asarray(t, dtype=float)


REGIMES = {
    "at the target": "x₀ is already 4: the gradient is 0 and nothing moves",
    "monotone": "x creeps towards 4 from one side; J falls every step",
    "one step": "x lands exactly on 4 after one step",
    "oscillating, converging": "x jumps across 4 every step, each jump shorter",
    "period 2": "x jumps between the same two points for ever (period 2)",
    "diverging": "x jumps across 4 every step, each jump longer: it diverges",
}


def regime_of_lr(lr: float) -> str:
    """The regime from the closed form: the error factor r = 1 - 2 lr."""
    r = 1 - 2 * lr
    if r == 0:
        return "one step"
    if abs(r) > 1:
        return "diverging"
    if r == -1:
        return "period 2"
    return "monotone" if r > 0 else "oscillating, converging"


def error_ratios(frame: pd.DataFrame, target: float = TARGET, rel: float = 1e-6) -> np.ndarray:
    """(x_{t+1} - target) / (x_t - target) along the iterates, where x_t is not yet (nearly) at the target."""
    e = frame["x"].to_numpy() - target
    if len(e) < 2 or e[0] == 0:
        return np.array([])
    keep = np.abs(e[:-1]) > rel * abs(e[0])
    return e[1:][keep] / e[:-1][keep]


def measured_ratio(frame: pd.DataFrame, target: float = TARGET) -> float:
    """The error factor per step read off the iterates: the median of the error ratios (nan if none)."""
    r = error_ratios(frame, target)
    return float(np.median(r)) if len(r) else math.nan


def regime_of(frame: pd.DataFrame, target: float = TARGET, tol: float = 1e-9) -> str:
    """The regime read off the iterates alone (not from lr): signs and sizes of successive errors."""
    e = frame["x"].to_numpy() - target
    if not len(e) or e[0] == 0:
        return "at the target"
    if len(e) > 1 and np.all(np.abs(e[1:]) <= tol * abs(e[0])):
        return "one step"
    r = error_ratios(frame, target)
    if not len(r):
        return "unknown"
    size = np.abs(r)
    if np.all(size > 1 + tol):
        return "diverging"
    if np.all(r < 0) and np.all(np.abs(size - 1) <= tol):
        return "period 2"
    if np.all(size < 1):
        return "oscillating, converging" if np.all(r < 0) else "monotone" if np.all(r > 0) else "unknown"
    return "unknown"


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
LAB_ETAS = (0.01, 0.3, 0.5, 0.9, 1.0, 1.1)


def regimes_table(etas=LAB_ETAS, x0: float = 0.0, steps: int = 20) -> pd.DataFrame:
    """The regimes as numbers: for each lr, x_1, x_2, x_3 and x_steps from x0, the measured error ratio, the
    closed form 1 - 2 lr, and the regime read off the iterates."""
    rows = []
    for lr in etas:
        run = descend_1d(x0, lr, steps)
        xs = run.frame["x"]
        rows.append({"η": lr, "x₁": xs.iloc[1], "x₂": xs.iloc[2], "x₃": xs.iloc[3],
                     f"x{str(steps).translate(_SUB)}": xs.iloc[-1],
                     "measured (x_t+1 − 4)/(x_t − 4)": measured_ratio(run.frame),
                     "1 − 2η": 1 - 2 * lr, "regime (from the iterates)": regime_of(run.frame)})
    return pd.DataFrame(rows)

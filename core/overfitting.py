"""Overfitting: few noisy points, a held-out test set, and networks of growing capacity fitted to them.

Every model is trained the lecture's way (forward pass -> MSE loss -> gradients by autograd -> Adam
step), full batch, for a fixed number of steps, so a result depends only on its settings.
"""

from collections.abc import Callable
from dataclasses import dataclass
import math

import pandas as pd
import torch
import torch.nn.functional as F

import core
from core import budget, fast_engine
from core.data import Dataset, regression_1d
from core.models import MLPConfig, build_mlp, count_parameters, mlp_parameter_count, predict

NOISE = 0.3            # standard deviation of the noise on y: the best any model can do is MSE = 0.09
N_TEST = 200           # held-out test points, drawn from the same rule as the training points
TEST_SEED = 10_000     # added to the seed, so the test set never shares a draw with the training set
STEPS = 1000           # full-batch Adam steps for every model
LR = 0.01
ACTIVATION = "tanh"
X_RANGE = (-3.0, 3.0)

WIDTHS = (1, 2, 4, 8, 16, 32, 64)  # the widths a learner can pick (depth 0 to 3)
UNDERFIT_TRAIN = 0.1   # nnlab's rule of thumb: a training MSE above this is underfitting
OVERFIT_GAP = 0.2      # ... a test MSE this far above the training MSE is overfitting,
MEMORISED = 0.01       # ... and so is a training MSE below this, a ninth of the noise: it fits the noise itself

# The capacity ladder of the sweep: no hidden layer (a linear model) up to two layers of 64 units.
CAPACITIES = ((), (1,), (2,), (4,), (16,), (16, 16), (64, 64))
# The lecture's three panels, fitted to the default training set (10 points, seed 0); the middle one is
# the sweep's sweet spot there (a unit test checks it).
PANELS = {"Underfitting": (), "Ideal fit": (2,), "Overfitting": (64, 64)}


@dataclass(frozen=True)
class FitSettings:
    n_train: int = 10        # training points
    depth: int = 1           # hidden layers; 0 is a linear model, y-hat = w0 + w1 x
    width: int = 2           # units per hidden layer
    seed: int = 0            # the training points and the initial weights
    steps: int = STEPS

    @property
    def hidden(self) -> tuple:
        return (self.width,) * self.depth


def true_curve(x: torch.Tensor) -> torch.Tensor:
    """The rule behind the data, without noise: y = sin(1.5 x) + x / 3."""
    return torch.sin(1.5 * x) + x / 3


def train_set(n: int, seed: int = 0) -> Dataset:
    return regression_1d(n, NOISE, seed)


def test_set(seed: int = 0) -> Dataset:
    """Many held-out points from the same rule, never used for training."""
    return regression_1d(N_TEST, NOISE, seed + TEST_SEED)


def describe(hidden: tuple) -> str:
    """A network's shape in words: "linear (no hidden layer)", "1 × 4", "3 × 128"."""
    return "linear (no hidden layer)" if not hidden else f"{len(hidden)} × {hidden[0]}"


def parameter_count(hidden: tuple) -> int:
    """Weights and biases of the 1-input, 1-output network with these hidden widths."""
    return mlp_parameter_count([1, *hidden, 1])


def build(hidden: tuple, seed: int = 0) -> torch.nn.Sequential:
    return build_mlp(MLPConfig(n_in=1, hidden=tuple(hidden), activation=ACTIVATION), seed)


def mse(model: torch.nn.Module, ds: Dataset) -> float:
    """Mean squared error J(W) = (1/n) sum (y - y-hat)^2 on a dataset."""
    return F.mse_loss(predict(model, ds.X, "regression"), ds.y).item()


def curve(model: torch.nn.Module, n: int = 241) -> pd.DataFrame:
    """The fitted curve y-hat(x) over the plotted range, with the true rule beside it."""
    x = torch.linspace(*X_RANGE, n)
    return pd.DataFrame({"x": x.numpy(), "fit": predict(model, x[:, None], "regression").numpy(),
                         "truth": true_curve(x).numpy()})


@dataclass
class Fit:
    hidden: tuple
    params: int
    steps: int
    train_mse: float
    test_mse: float
    curve: pd.DataFrame
    stopped: str | None = None  # why training stopped early (a non-finite loss), if it did


def fit(hidden: tuple, n_train: int = 10, seed: int = 0, steps: int = STEPS,
        on_progress: Callable[[int, float, torch.nn.Module], None] | None = None, every: int = 100) -> Fit:
    """Train one network on the training set, full batch, and measure it on both sets.

    `on_progress(step, training loss, model)` is called every `every` steps (to draw the run live).
    """
    # Streamlit runs every rerun in a new thread, where OpenMP starts at its default thread count, not
    # core's 1; two threads round a memorising network's sums differently (test MSE 0.467 instead of
    # 0.463 for 2 x 64 on 10 points). Setting it here keeps the page, the tests and the code panel equal.
    torch.set_num_threads(1)
    train, test = train_set(n_train, seed), test_set(seed)
    model = build(hidden, seed)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    stopped, step = None, 0
    n_params = count_parameters(model)
    for step in range(1, steps + 1):
        budget.add(1, len(train), n_params)
        loss = F.mse_loss(model(train.X).squeeze(-1), train.y)  # forward pass and loss
        opt.zero_grad()
        loss.backward()                                          # gradients by autograd
        opt.step()                                               # Adam's update
        if not math.isfinite(loss.item()):
            stopped = f"stopped at step {step}: the loss became {loss.item()}"
            break
        if on_progress and step % every == 0:
            on_progress(step, loss.item(), model)
    return Fit(tuple(hidden), count_parameters(model), step, mse(model, train), mse(model, test), curve(model),
               stopped)


def untrained(hidden: tuple, n_train: int = 10, seed: int = 0) -> Fit:
    """The network before any training: its seeded initial weights."""
    return fit(hidden, n_train, seed, steps=0)


def sweep(n_train: int = 10, seed: int = 0, capacities=CAPACITIES, steps: int = STEPS,
          on_progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Training and test MSE of each capacity: one row per network, in order of parameters."""
    return sweep_frame(sweep_fits(n_train, seed, capacities, steps, on_progress))


def sweep_fits(n_train: int = 10, seed: int = 0, capacities=CAPACITIES, steps: int = STEPS,
               on_progress: Callable[[int, int], None] | None = None, every: int = 100) -> list[Fit]:
    """Every capacity trained as fit() trains it (same data, initial weights, full-batch Adam), but together.

    The networks of one depth train as one batch on the fast engine (core.fast_engine), the narrower ones
    padded to the widest, so the ladder costs about one network per depth instead of one per capacity.
    The results equal fit()'s up to float32 rounding (tests/unit/test_overfitting.py bounds the gap).
    `on_progress(steps done, steps)` is called every `every` steps.
    """
    core.single_thread()
    train, test = train_set(n_train, seed), test_set(seed)
    by_depth: dict[int, list[int]] = {}
    for i, hidden in enumerate(capacities):
        by_depth.setdefault(len(hidden), []).append(i)
    stacks = []
    for rows in by_depth.values():
        nets = [build(capacities[i], seed) for i in rows]
        stacks.append((rows, nets, fast_engine.stack_padded(nets, ["adam"] * len(rows), [LR] * len(rows), loss="mse")))
    stopped: dict[int, tuple[int, str]] = {}
    X, y = train.X, train.y
    for step in range(1, steps + 1):
        for rows, _, stack in stacks:
            losses = stack.step(X, y)
            for j in torch.nonzero(~torch.isfinite(losses)).flatten().tolist():
                stopped.setdefault(rows[j], (step, f"stopped at step {step}: the loss became {losses[j].item()}"))
        if on_progress and (step % every == 0 or step == steps):
            on_progress(step, steps)
    fits: list[Fit | None] = [None] * len(capacities)
    for rows, nets, stack in stacks:
        for j, (i, net) in enumerate(zip(rows, nets)):
            model = fast_engine.unpad(stack, j, net)
            last, why = stopped.get(i, (steps, None))
            fits[i] = Fit(tuple(capacities[i]), count_parameters(model), last, mse(model, train), mse(model, test),
                          curve(model), why)
    return fits


def sweep_frame(fits: list[Fit]) -> pd.DataFrame:
    """The sweep's table from its fits (a page may take them from a cache): one row each, by parameters."""
    rows = [{"network": describe(f.hidden), "params": f.params, "train_mse": f.train_mse, "test_mse": f.test_mse}
            for f in fits]
    return pd.DataFrame(rows).sort_values("params", ignore_index=True)


def sweet_spot(df: pd.DataFrame) -> int:
    """The row with the lowest finite test error: the capacity that generalises best to the test points. The page
    says so: the same points then both choose and report; in practice one chooses on validation data."""
    return int(df["test_mse"].where(df["test_mse"].map(math.isfinite)).idxmin())


def verdict(f: Fit) -> str:
    """Underfitting, overfitting or a good fit, by nnlab's rule of thumb on the two errors (beyond the lecture)."""
    gap = f.test_mse - f.train_mse
    if f.train_mse > UNDERFIT_TRAIN:
        return (f"Underfitting: even the training error is high ({f.train_mse:.3f}); the model does not have the "
                "capacity to fully learn the data.")
    if f.train_mse < MEMORISED:
        return (f"Overfitting: the training error is almost 0 ({f.train_mse:.4f}, far below the noise's "
                f"{NOISE ** 2:.2f}): the model memorised the training points, noise included.")
    if gap > OVERFIT_GAP:
        return (f"Overfitting: the test error is {gap:.3f} above the training error; the model memorised the "
                "training points and does not generalise well.")
    return f"A good fit: low training error, and the test error is only {gap:.3f} above it."

"""Dropout, the lecture's first regulariser: during training nn.Dropout zeroes each activation with
probability p and scales the survivors by 1/(1 - p) ("inverted dropout"); in eval mode it is the identity.

nn.Dropout draws its masks from torch's GLOBAL random generator, and it takes no generator argument.
nnlab serves every learner as a thread of one process, so the global generator is shared: another
session may draw from it (or reseed it) at any moment, even halfway through a draw. So the masks here come
from SeededDropout, which draws them from a private generator exactly as torch's CPU dropout does (a
Bernoulli(1 - p) mask divided by 1 - p, times the input): bit for bit what nn.Dropout gives after
torch.manual_seed(seed), which is what the code panel runs (tests/unit/test_dropout.py checks the equality).
`seeded(seed)` gives that generator, and also runs the computation under one module-level lock inside
torch.random.fork_rng, so any incidental global draw inside it leaves other sessions' numbers alone. The
lock is held only for short, bounded work (a forward pass, or a training run of at most MAX_STEPS
full-batch steps on a small network).
"""

from contextlib import contextmanager
from dataclasses import dataclass
import threading

import numpy as np
import pandas as pd
import torch
from torch import nn

import core  # noqa: F401  (sets the thread count)
from core import data
from core.models import MLPConfig, build_mlp, linear_layers, predict
from core.trainer import TrainConfig, Trainer

LECTURE_P = 0.5          # "typically drop 50 % of activations in a layer"
MAX_P = 0.9              # at p = 1 every unit is dropped and 1/(1 - p) is infinite; 0.9 keeps 1 in 10
_LOCK = threading.Lock()


@contextmanager
def seeded(seed: int):
    """A private generator seeded with `seed` for SeededDropout's masks; inside the lock and a forked, seeded
    global RNG, so nothing drawn in the block touches other sessions."""
    with _LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        yield torch.Generator().manual_seed(int(seed))


class SeededDropout(nn.Dropout):
    """nn.Dropout(p) whose masks come from `generator`, not the global RNG: torch's own CPU dropout, step by
    step (mask ~ Bernoulli(1 - p), divided by 1 - p, times the input), so its output equals nn.Dropout's after
    torch.manual_seed(seed) when the generator was seeded with seed. Identity in eval mode or at p = 0."""

    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None):
        super().__init__(p)
        self.generator = generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0 or x.numel() == 0:
            return x
        noise = torch.empty_like(x).bernoulli_(1 - self.p, generator=self.generator)
        noise.div_(1 - self.p)
        return x * noise


def private(model: nn.Module, generator: torch.Generator) -> nn.Module:
    """Make every dropout module of `model` a SeededDropout drawing from `generator` (in place)."""
    for parent in list(model.modules()):
        for name, child in parent.named_children():
            if isinstance(child, nn.Dropout):
                if not isinstance(child, SeededDropout):
                    child = SeededDropout(child.p).train(child.training)
                    setattr(parent, name, child)
                child.generator = generator
    return model


def check_p(p: float) -> float:
    p = float(p)
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout probability p must be in [0, 1), got {p}")
    return p


# The statistics of one nn.Dropout ------------------------------------------------------
def dropout_stats(p: float, n: int = 1_000_000, seed: int = 0) -> dict:
    """nn.Dropout(p) in training mode applied to n ones: fraction zeroed, survivor value, mean; and eval."""
    p = check_p(p)
    x = torch.ones(n)
    drop = SeededDropout(p)
    with seeded(seed) as g:
        drop.generator = g
        y = drop.train()(x)
    kept = y[y != 0]
    eval_out = drop.eval()(x)
    return {"p": p, "n": n, "zero_fraction": (y == 0).float().mean().item(),
            "survivor": kept.max().item() if len(kept) else float("nan"),
            "survivor_min": kept.min().item() if len(kept) else float("nan"),
            "scale": 1 / (1 - p), "mean": y.mean().item(), "eval_identity": bool(torch.equal(eval_out, x))}


# The small network of the diagram ------------------------------------------------------
NET_X = (-1.0, 2.0)      # the lecture's input x = [-1, 2] (the perceptron slide)
NET_HIDDEN = (6, 6)
NET_ACTIVATION = "tanh"  # tanh is never exactly 0, so a 0 after dropout always means "dropped"


def diagram_net(p: float, seed: int = 0) -> nn.Sequential:
    """2-6-6-1 tanh network with nn.Dropout(p) after each hidden layer, seeded init."""
    return build_mlp(MLPConfig(n_in=2, hidden=NET_HIDDEN, activation=NET_ACTIVATION, dropout=check_p(p)), seed)


def widths() -> list[int]:
    return [2, *NET_HIDDEN, 1]


def weights(model: nn.Sequential) -> list[np.ndarray]:
    """Each W⁽ᵏ⁾ as (inputs, units), the lecture's orientation (nn.Linear stores its transpose)."""
    return [m.weight.detach().T.numpy().copy() for m in linear_layers(model)]


def _forward(model: nn.Sequential, X: torch.Tensor) -> dict:
    """Run the Sequential layer by layer, keeping each hidden layer's value before and after dropout."""
    before, after, h = [], [], X
    for layer in model:
        if isinstance(layer, nn.Dropout):
            before.append(h)
            h = layer(h)
            after.append(h)
        else:
            h = layer(h)
    return {"before": before, "after": after, "y_hat": h}


def forward_passes(p: float, train: bool, seed: int = 0, passes: int = 2, x=NET_X, model_seed: int = 0) -> list[dict]:
    """The same input x through the network `passes` times in a row (train or eval mode).

    Each pass: per hidden layer the values h before dropout, after dropout, and the keep mask; and ŷ.
    With p = 0 the network has no Dropout modules (MLPConfig adds none), so every pass is the same.
    """
    model = diagram_net(p, model_seed)
    model.train(train)
    X = torch.tensor([x], dtype=torch.float32)
    out = []
    with seeded(seed) as g, torch.no_grad():
        private(model, g)
        for _ in range(passes):
            f = _forward(model, X)
            if not f["before"]:  # p = 0: no Dropout layers; after = before
                f = _no_dropout(model, X)
            out.append({"before": [b[0].numpy().copy() for b in f["before"]],
                        "after": [a[0].numpy().copy() for a in f["after"]],
                        "kept": [(a[0] != 0).numpy().copy() for a in f["after"]],
                        "y_hat": f["y_hat"].item()})
    return out


def _no_dropout(model: nn.Sequential, X: torch.Tensor) -> dict:
    before, h = [], X
    for layer in model:
        h = layer(h)
        if isinstance(layer, nn.Tanh):
            before.append(h)
    return {"before": before, "after": before, "y_hat": h}


def node_values(x, one_pass: dict) -> list[np.ndarray]:
    """The value of every drawn unit, layer by layer: x, each hidden layer after dropout, ŷ."""
    return [np.asarray(x, dtype=float), *one_pass["after"], np.array([one_pass["y_hat"]])]


def pass_table(one_pass: dict, p: float) -> pd.DataFrame:
    """One row per hidden unit: its activation h, kept or dropped, and what it passes on (h/(1-p) or 0)."""
    rows = []
    for k, (b, a, m) in enumerate(zip(one_pass["before"], one_pass["after"], one_pass["kept"]), 1):
        for i in range(len(b)):
            rows.append({"layer": k, "unit": i + 1, "h": float(b[i]), "kept": bool(m[i]), "passed on": float(a[i])})
    return pd.DataFrame(rows)


# Dropped units get no gradient ---------------------------------------------------------
def gradient_step(p: float, seed: int = 0, x=NET_X, model_seed: int = 0) -> pd.DataFrame:
    """One training-mode forward pass and ŷ.backward(): per hidden unit, kept or dropped, ∂ŷ/∂h, and the
    size (L2 norm) of the gradient of its incoming weights and bias. Dropped units get exactly 0."""
    model = diagram_net(p, model_seed).train()
    X = torch.tensor([x], dtype=torch.float32)
    lins = linear_layers(model)
    with seeded(seed) as g:
        private(model, g)
        f = _forward(model, X) if p > 0 else _no_dropout(model, X)
        for b in f["before"]:
            b.retain_grad()
        f["y_hat"].sum().backward()
    rows = []
    for k, (b, a) in enumerate(zip(f["before"], f["after"]), 1):
        lin = lins[k - 1]
        for i in range(b.shape[1]):
            g_in = torch.cat([lin.weight.grad[i], lin.bias.grad[i:i + 1]])
            rows.append({"layer": k, "unit": i + 1, "kept": bool(a[0, i] != 0),
                         "dyhat_dh": b.grad[0, i].item() + 0.0,  # + 0.0: a dropped unit shows 0, not -0
                         "incoming_grad_norm": g_in.norm().item()})
    return pd.DataFrame(rows)


# ... but whether their weights move depends on the optimizer ------------------------------
EARLIER_STEPS = 5        # optimizer steps taken before the step that is measured
STEP_LR = 0.01           # the learning rate of the comparison below (CompareSettings.lr)
STEP_OPTIMIZERS = {"sgd": "plain gradient descent (SGD)", "adam": "Adam"}


def _optimizer(name: str, params, lr: float) -> torch.optim.Optimizer:
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)  # no momentum: W <- W - eta * dJ/dW, nothing remembered
    return torch.optim.Adam(params, lr=lr)     # torch's defaults, as the comparison below trains


def step_on_dropped(p: float, seed: int = 0, earlier: int = EARLIER_STEPS, lr: float = STEP_LR, x=NET_X,
                    model_seed: int = 0) -> dict:
    """What one optimizer step does to the incoming weights (and biases) of the units pass 1 drops.

    For each optimizer, a fresh diagram network takes `earlier` training-mode steps on J = ŷ (their masks
    drawn after seeding with seed + 1), then one more step on J = ŷ with pass 1's masks (seeded with `seed`,
    the draw forward_passes and gradient_step make). On that step the dropped units' incoming weights have a
    gradient of exactly 0. Plain SGD then leaves them unchanged; Adam, which keeps running averages of the
    earlier gradients, still moves those that had a gradient on an earlier step.

    Returns {"dropped": n, "sgd": {...}, "adam": {...}}, each optimizer's entry holding "grad" (largest
    |gradient| of those weights on the step), "change" (largest |change| the step made to them) and "moved"
    (how many of the n units had any of their incoming weights changed).
    """
    p = check_p(p)
    X = torch.tensor([x], dtype=torch.float32)
    out: dict = {"dropped": 0, "earlier": earlier, "lr": lr}
    for name in STEP_OPTIMIZERS:
        model = diagram_net(p, model_seed).train()
        opt = _optimizer(name, model.parameters(), lr)
        lins = linear_layers(model)[:-1]  # the hidden layers: each is followed by an nn.Dropout
        with seeded(seed + 1) as g:
            private(model, g)
            for _ in range(earlier):
                opt.zero_grad()
                model(X).sum().backward()
                opt.step()
        before = [torch.cat([lin.weight.detach(), lin.bias.detach()[:, None]], 1).clone() for lin in lins]
        with seeded(seed) as g:
            private(model, g)
            opt.zero_grad()
            f = _forward(model, X) if p > 0 else _no_dropout(model, X)
            f["y_hat"].sum().backward()
        dropped = [a[0] == 0 for a in f["after"]]  # tanh is never exactly 0: a 0 means "dropped"
        grads = [torch.cat([lin.weight.grad, lin.bias.grad[:, None]], 1)[m] for lin, m in zip(lins, dropped)]
        opt.step()
        after = [torch.cat([lin.weight.detach(), lin.bias.detach()[:, None]], 1) for lin in lins]
        change = [(a - b)[m] for a, b, m in zip(after, before, dropped)]
        n = sum(int(m.sum()) for m in dropped)
        out["dropped"] = n
        out[name] = {"grad": max((gr.abs().max().item() for gr in grads if gr.numel()), default=0.0),
                     "change": max((c.abs().max().item() for c in change if c.numel()), default=0.0),
                     "moved": sum(int((c != 0).any(1).sum()) for c in change)}
    return out


# With and without dropout, side by side ------------------------------------------------
@dataclass(frozen=True)
class CompareSettings:
    p: float = LECTURE_P        # dropout probability of the "with dropout" model
    n_train: int = 15           # few noisy points: easy to overfit
    noise: float = 0.3          # standard deviation of the noise on y
    hidden: int = 100           # two hidden layers this wide: ~10,000 parameters for 15 points
    steps: int = 600            # full-batch Adam steps (bounded by MAX_STEPS): ~3 s of CPU for both runs
    lr: float = 0.01
    seed: int = 1               # data, init and dropout masks (1: a sample where the overfitting is plain)


MAX_STEPS = 2000
N_TEST = 200
X_RANGE = (-3.0, 3.0)


def compare_data(s: CompareSettings) -> tuple[data.Dataset, data.Dataset]:
    """A few training points and a larger held-out test set from the same noisy curve."""
    return data.regression_1d(s.n_train, s.noise, s.seed), data.regression_1d(N_TEST, s.noise, s.seed + 10_000)


def compare_model(s: CompareSettings, p: float) -> nn.Sequential:
    return build_mlp(MLPConfig(n_in=1, hidden=(s.hidden, s.hidden), activation="relu", dropout=p), s.seed)


def train_one(s: CompareSettings, p: float, on_progress=None, every: int = 50) -> Trainer:
    """Full-batch Adam on MSE; the dropout masks from a private generator seeded with s.seed (reproducible).

    `on_progress(trainer)` is called every `every` steps (to draw the curves while it trains)."""
    if not 0 < s.steps <= MAX_STEPS:
        raise ValueError(f"steps must be in 1..{MAX_STEPS}")
    train, test = compare_data(s)
    cfg = TrainConfig(loss="mse", optimizer="adam", lr=s.lr, batch_size=len(train), eval_every=10, seed=s.seed)
    trainer = Trainer(compare_model(s, check_p(p)), train, test, cfg)  # built first: nn.Linear draws a
    with seeded(s.seed) as g:                                            # throwaway init from the global RNG
        private(trainer.model, g)
        return trainer.run(s.steps, on_progress=on_progress, progress_every=every)


def compare(s: CompareSettings, on_progress=None) -> dict:
    """Both models trained: histories, fits on a grid, the data, and final train/test losses.

    `on_progress(name, trainer)` is called as each model trains (see train_one)."""
    train, test = compare_data(s)
    xs = torch.linspace(*X_RANGE, 200)[:, None]
    out = {"train": train.frame(), "test": test.frame(), "runs": {}}
    for name, p in (("without dropout", 0.0), ("with dropout", s.p)):
        t = train_one(s, p, (lambda tr, name=name: on_progress(name, tr)) if on_progress else None)
        h = t.history()
        out["runs"][name] = {"p": p, "history": h, "stopped": t.stopped,
                             "fit": pd.DataFrame({"x": xs[:, 0].numpy(),
                                                  "y": predict(t.model, xs, "regression").numpy()}),
                             "train_loss": h.train_loss.iloc[-1], "test_loss": h.val_loss.iloc[-1],
                             "best_test": h.val_loss.min()}
    return out


def true_curve(n: int = 200) -> pd.DataFrame:
    """The noise-free curve behind core.data.regression_1d: y = sin(1.5 x) + x/3."""
    x = torch.linspace(*X_RANGE, n)
    return pd.DataFrame({"x": x.numpy(), "y": (torch.sin(1.5 * x) + x / 3).numpy()})

"""One registry of torch.optim optimizers, for networks and for any objective of a tensor."""

from collections.abc import Callable

import pandas as pd
import torch

import core  # noqa: F401  (sets the thread count)
from core import vocabulary

# name -> (label, torch.optim class, extra keyword arguments). The lecture's list plus momentum; names and labels
# are core.vocabulary's.
_CLASSES = {
    "sgd": (torch.optim.SGD, {}),
    "momentum": (torch.optim.SGD, {"momentum": 0.9}),
    "adam": (torch.optim.Adam, {}),
    "adagrad": (torch.optim.Adagrad, {}),
    "rmsprop": (torch.optim.RMSprop, {}),
    "adadelta": (torch.optim.Adadelta, {}),
}
OPTIMIZERS = {name: (vocabulary.OPTIMIZERS.label(name), cls, extra) for name, (cls, extra) in _CLASSES.items()}


def make_optimizer(name: str, params, lr: float, weight_decay: float = 0.0) -> torch.optim.Optimizer:
    """torch.optim.<name>(params, lr=lr, weight_decay=weight_decay, **extras)."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {list(OPTIMIZERS)}")
    _, cls, extra = OPTIMIZERS[name]
    return cls(params, lr=lr, weight_decay=weight_decay, **extra)


def optimizer_code(name: str, lr: float, weight_decay: float = 0.0, params: str = "model.parameters()") -> str:
    """The one line that builds this optimizer, as a learner would write it."""
    _, cls, extra = OPTIMIZERS[name]
    args = [params, f"lr={lr:g}"] + [f"{k}={v:g}" for k, v in extra.items()]
    if weight_decay:
        args.append(f"weight_decay={weight_decay:g}")
    return f"torch.optim.{cls.__name__}({', '.join(args)})"


def minimize(f: Callable[[torch.Tensor], torch.Tensor], x0, optimizer: str = "sgd", lr: float = 0.01,
             steps: int = 100) -> pd.DataFrame:
    """Minimise f(x) from x0 with a registry optimizer; one row per iterate: step, x..., f, grad...

    Stops early (keeping the rows so far) once f or x stops being finite, so divergence shows.
    """
    core.single_thread()
    x = torch.tensor(x0, dtype=torch.float64).reshape(-1).clone().requires_grad_(True)
    opt = make_optimizer(optimizer, [x], lr)
    rows = []
    for step in range(steps + 1):
        opt.zero_grad()
        fx = f(x)
        fx.backward()
        row = {"step": step, "f": fx.item()}
        row.update({f"x{i}": v for i, v in enumerate(x.detach().tolist())})
        row.update({f"grad{i}": v for i, v in enumerate(x.grad.tolist())})
        rows.append(row)
        if not (torch.isfinite(fx) and torch.isfinite(x).all() and torch.isfinite(x.grad).all()):
            break
        if step < steps:
            opt.step()
    return pd.DataFrame(rows)

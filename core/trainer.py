"""One resumable trainer for every page: run some steps, pause, change the rate, run on, reset.

The loop is the lecture's: forward pass -> loss -> gradients (autograd) -> optimizer step.
"""

from copy import deepcopy
from dataclasses import dataclass
import math
from collections.abc import Callable

import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

import core  # noqa: F401  (sets the thread count)
from core import budget, fast_engine, vocabulary
from core.data import Dataset
from core.optimizers import make_optimizer

DIVERGENCE_FACTOR = 1000  # a loss this many times its starting value (at least 1) counts as diverged
LOSSES = vocabulary.LOSSES.labels  # name -> label


@dataclass(frozen=True)
class TrainConfig:
    loss: str = "bce"           # "bce" (sigmoid + binary cross-entropy, on logits) or "mse"
    optimizer: str = "adam"     # a key of core.optimizers.OPTIMIZERS
    lr: float = 0.05            # learning rate (eta); can change mid-run with Trainer.set_lr
    batch_size: int = 32        # examples per step; >= len(train) means full batch
    weight_decay: float = 0.0   # L2 penalty, through the optimizer's weight_decay
    eval_every: int = 10        # steps between evaluations (a history row each time)
    patience: int = 0           # early stopping: evaluations without a better val loss; 0 = off
    snapshot_every: int = 0     # steps between parameter snapshots (trajectories); 0 = off
    seed: int = 0               # the order of mini-batches
    engine: str = "autograd"    # "autograd" (nn.Module + autograd + torch.optim, as the code panels show)
                                # or "fast" (core.fast_engine: the same formulas, hand-derived; dense nets only)


def loss_fn(name: str, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean loss of model outputs against targets: BCE on logits, or MSE on values."""
    if name == "bce":
        return F.binary_cross_entropy_with_logits(out, y)
    if name == "mse":
        return F.mse_loss(out, y)
    raise ValueError(f"unknown loss {name!r}; choose one of {list(LOSSES)}")


class Trainer:
    """Trains `model` on `train`, evaluating on `val`; resumable, observable, resettable."""

    def __init__(self, model: nn.Module, train: Dataset, val: Dataset | None = None,
                 cfg: TrainConfig = TrainConfig()):
        self.model, self.train_set, self.val_set, self.cfg = model, train, val, cfg
        self._initial = deepcopy(model.state_dict())
        self.n_params = sum(p.numel() for p in model.parameters())  # what core.budget counts per example
        self.reset()

    # State ------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the initial weights, a fresh optimizer and an empty history."""
        self.model.load_state_dict(self._initial)
        self.lr = self.cfg.lr
        self.fast = self._fast_stack() if self.cfg.engine == "fast" else None
        self.opt = None if self.fast else make_optimizer(self.cfg.optimizer, self.model.parameters(), self.lr,
                                                         self.cfg.weight_decay)
        self.gen = torch.Generator().manual_seed(int(self.cfg.seed))
        self.step = 0
        self._step0, self._epoch0 = 0, 0.0  # where the current batch size began (see PlayTrainer.set_batch_size)
        self._order = torch.empty(0, dtype=torch.long)  # remaining indices of this epoch
        self._batches = None  # the fast engine's mini-batches
        self._epoch_steps = 0
        self.rows: list[dict] = []
        self.snapshots: list[torch.Tensor] = []
        self.stopped: str | None = None   # why training stopped, if it did (shown to the learner)
        self.diverged = False
        self.best: tuple[float, int, dict] | None = None  # (val loss, step, state dict)
        self._since_best = 0
        self._record()

    @property
    def epoch(self) -> float:
        """Passes over the training set so far (fractional mid-epoch)."""
        return self._epoch0 + (self.step - self._step0) / self.steps_per_epoch

    @property
    def batch_size(self) -> int:
        return max(1, min(int(self.cfg.batch_size), len(self.train_set)))

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(len(self.train_set) / self.batch_size)

    def set_lr(self, lr: float) -> None:
        """Change the learning rate mid-run, keeping the weights and the optimizer's state."""
        self.lr = float(lr)
        if self.fast:
            self.fast.set_lrs([self.lr])
            return
        for group in self.opt.param_groups:
            group["lr"] = self.lr

    def _fast_stack(self) -> "fast_engine.Stack | None":
        """The fast engine over this model: its parameters become views of the engine's row, so the
        model always holds the current weights. None when the engine cannot train the model."""
        if fast_engine.layout_of(self.model) is None or self.cfg.optimizer not in fast_engine.RULES:
            return None
        stack = fast_engine.stack_models([self.model], [self.cfg.optimizer], [self.lr], [self.cfg.weight_decay],
                                    self.cfg.loss)
        with torch.no_grad():
            offset = 0
            for p in self.model.parameters():
                p.data = stack.theta[0, offset:offset + p.numel()].view_as(p)
                offset += p.numel()
        return stack

    def history(self) -> pd.DataFrame:
        """One row per evaluation: step, epoch, train/val loss and accuracy, learning rate."""
        return pd.DataFrame(self.rows)

    # Training ---------------------------------------------------------------------------
    def _next_batch(self) -> torch.Tensor:
        if len(self._order) == 0:  # a new epoch: a fresh seeded shuffle
            self._order = torch.randperm(len(self.train_set), generator=self.gen)
        idx, self._order = self._order[: self.batch_size], self._order[self.batch_size:]
        return idx

    def train_step(self) -> float:
        """One optimizer step on one mini-batch; returns that batch's loss."""
        if self.fast:
            return self._fast_step()  # core.fast_engine counts its own work
        budget.add(1, self.batch_size, self.n_params)
        idx = self._next_batch()
        X, y = self.train_set.X[idx], self.train_set.y[idx]
        self.model.train()
        self.opt.zero_grad()
        loss = loss_fn(self.cfg.loss, self.model(X).squeeze(-1), y)  # forward pass and loss
        loss.backward()                                               # gradients by autograd
        self.opt.step()                                               # W <- W - eta * dJ/dW (or Adam's rule)
        self.step += 1
        return loss.item()

    def _fast_step(self) -> float:
        """train_step on the fast engine, with the same batches."""
        if self._batches is None or self._batches.source is not self.train_set.X:  # first step, or new data
            self._batches = fast_engine.Batches(self.fast.prepare(self.train_set.X), self.train_set.y, self.batch_size,
                                           self.gen)
            self._batches.source = self.train_set.X
        loss = self.fast.step(*self._batches.next())
        self.step += 1
        return loss.item()

    def run(self, steps: int, on_progress: Callable[["Trainer"], None] | None = None,
            progress_every: int = 0) -> "Trainer":
        """Train up to `steps` more steps; stops early on divergence or early stopping.

        `on_progress(trainer)` is called every `progress_every` steps (default: at each
        evaluation) and at the end, so a page can redraw without core knowing about it.
        """
        every = progress_every or self.cfg.eval_every
        core.single_thread()
        for _ in range(int(steps)):
            if self.stopped:
                break
            batch_loss = self.train_step()
            if self._check_divergence(batch_loss):
                self._record()
                break
            if self.cfg.snapshot_every and self.step % self.cfg.snapshot_every == 0:
                self.snapshots.append(self.parameter_vector())
            if (self.step - self._step0) % self.cfg.eval_every == 0:
                self._record()
            if on_progress and self.step % every == 0:
                on_progress(self)
        if self.rows[-1]["step"] != self.step:
            self._record()
        if on_progress:
            on_progress(self)
        return self

    def run_epochs(self, epochs: int, **kw) -> "Trainer":
        return self.run(epochs * self.steps_per_epoch, **kw)

    # Evaluation -------------------------------------------------------------------------
    @torch.no_grad()
    def evaluate(self, ds: Dataset) -> tuple[float, float]:
        """(mean loss, accuracy) on a dataset in eval mode; accuracy is nan for regression."""
        self.model.eval()
        out = self.model(ds.X).squeeze(-1)
        loss = loss_fn(self.cfg.loss, out, ds.y).item()
        if ds.task != "classification":
            return loss, float("nan")
        pred = (out > 0).float() if self.cfg.loss == "bce" else (out > 0.5).float()
        return loss, (pred == ds.y).float().mean().item()

    def _record(self) -> None:
        train_loss, train_acc = self.evaluate(self.train_set)
        row = {"step": self.step, "epoch": self.epoch, "train_loss": train_loss, "train_acc": train_acc,
               "val_loss": float("nan"), "val_acc": float("nan"), "lr": self.lr}
        if self.val_set is not None and len(self.val_set):
            row["val_loss"], row["val_acc"] = self.evaluate(self.val_set)
            self._early_stopping(row["val_loss"])
        self.rows.append(row)

    def _early_stopping(self, val_loss: float) -> None:
        if math.isfinite(val_loss) and (self.best is None or val_loss < self.best[0]):
            self.best = (val_loss, self.step, deepcopy(self.model.state_dict()))
            self._since_best = 0
            return
        self._since_best += 1
        if self.cfg.patience and self._since_best >= self.cfg.patience and not self.stopped:
            self.stopped = (f"early stopping at step {self.step}: validation loss has not improved for "
                            f"{self._since_best} evaluations; best was at step {self.best[1]}")
            self.restore_best()

    def restore_best(self) -> None:
        """Load the weights with the lowest validation loss seen so far."""
        if self.best is not None:
            self.model.load_state_dict(self.best[2])

    def _check_divergence(self, loss: float) -> bool:
        """Divergence: a non-finite loss or weight, or a loss 1,000 times its start (or more)."""
        start = self.rows[0]["train_loss"]
        limit = DIVERGENCE_FACTOR * max(start, 1.0) if math.isfinite(start) else math.inf
        if not math.isfinite(loss) or not self._params_finite():
            what = "nan" if math.isnan(loss) else "inf"
            self.stopped = f"diverged at step {self.step}: loss became {what}"
        elif loss > limit:
            self.stopped = (f"diverged at step {self.step}: loss rose to {loss:.3g}, over "
                            f"{DIVERGENCE_FACTOR:,} times its starting value {start:.3g}")
        else:
            return False
        self.diverged = True
        return True

    def _params_finite(self) -> bool:
        if self.fast:  # one matrix holds every parameter
            return bool(torch.isfinite(self.fast.theta).all())
        return all(torch.isfinite(p).all() for p in self.model.parameters())

    def parameter_vector(self) -> torch.Tensor:
        """All parameters flattened into one vector (a point on the trajectory)."""
        return torch.nn.utils.parameters_to_vector(self.model.parameters()).detach().clone()

"""Early stopping: an over-parameterised MLP on a few noisy points, training vs validation loss,
and the checkpoint at the validation minimum ("Stop training here!") against the final model."""

from collections.abc import Callable
from dataclasses import dataclass
import math

import pandas as pd
import torch

import core  # noqa: F401  (sets the thread count)
from core import data
from core.models import MLPConfig, build_mlp, mlp_parameter_count, predict
from core.trainer import TrainConfig, Trainer

X_RANGE = (-3.2, 3.2)   # the 1-D inputs lie in [-3, 3]
TEST_N = 200            # a separate seeded test set, never used for training or for choosing the checkpoint
TEST_SEED_OFFSET = 1000


@dataclass(frozen=True)
class EarlySettings:
    patience: int = 5          # evaluations without a better validation loss before stopping
    eval_every: int = 10       # steps between evaluations on the validation set
    val_pct: int = 30          # % of the points held out for validation (the lecture's Q&A: 70/30)
    seed: int = 0              # data, split, initial weights and batch order
    steps: int = 500           # optimizer steps of the full run (bounded: about a second of CPU)
    n: int = 20                # points in the small data set (training + validation)
    noise: float = 0.3         # standard deviation of the noise on y
    hidden: tuple = (32, 32)   # an over-parameterised MLP: 1,153 parameters for 14 training points
    activation: str = "tanh"
    lr: float = 0.01           # Adam, full batch


def best_checkpoint(val_losses) -> int:
    """Index of the lowest finite validation loss (the first, on ties): the checkpoint to keep."""
    finite = [(v, i) for i, v in enumerate(val_losses) if math.isfinite(v)]
    if not finite:
        raise ValueError("no finite validation loss to choose a checkpoint from")
    return min(finite)[1]


def patience_stop(val_losses, patience: int) -> int | None:
    """Index of the evaluation at which early stopping ends training: the `patience`-th in a row
    without a strictly lower validation loss than the best so far (core.trainer.Trainer's rule); None if never."""
    if patience < 1:
        return None
    best, since = math.inf, 0
    for i, v in enumerate(val_losses):
        if math.isfinite(v) and v < best:
            best, since = v, 0
        else:
            since += 1
            if since >= patience:
                return i
    return None


def datasets(s: EarlySettings) -> tuple[data.Dataset, data.Dataset, data.Dataset]:
    """(training, validation, test): the small set split by val_pct, and a separate seeded test set."""
    train, val = data.regression_1d(s.n, s.noise, s.seed).split(s.val_pct / 100, seed=s.seed)
    test = data.regression_1d(TEST_N, s.noise, s.seed + TEST_SEED_OFFSET)
    return train, val, test


def points(train: data.Dataset, val: data.Dataset) -> pd.DataFrame:
    """The small set as a table: x, y, set (training / validation)."""
    return pd.concat([train.frame().assign(set="training"), val.frame().assign(set="validation")], ignore_index=True)


def parameter_count(s: EarlySettings) -> int:
    """Weights and biases of the 1-hidden-...-1 MLP."""
    return mlp_parameter_count([1, *s.hidden, 1])


def make_trainer(s: EarlySettings) -> Trainer:
    """The full run (no stopping: we want to see both curves to the end), full-batch Adam on MSE."""
    train, val, _ = datasets(s)
    model = build_mlp(MLPConfig(n_in=1, hidden=tuple(s.hidden), activation=s.activation), s.seed)
    cfg = TrainConfig(loss="mse", optimizer="adam", lr=s.lr, batch_size=len(train), eval_every=s.eval_every,
                      patience=0, seed=s.seed)
    return Trainer(model, train, val, cfg)


@dataclass
class EarlyResult:
    """A finished run, small enough to keep in the session: curves, chosen checkpoint, test losses."""
    history: pd.DataFrame   # one row per evaluation: step, train_loss, val_loss
    best_index: int         # evaluation with the lowest validation loss over the whole run
    stop_index: int | None  # evaluation at which patience runs out (None: never, within the run)
    restored_index: int     # the checkpoint early stopping restores (best up to the stop)
    test_restored: float    # test loss of the restored checkpoint
    test_final: float       # test loss of the model after the whole run
    fit: pd.DataFrame       # x, truth, restored, final: the two models' curves
    points: pd.DataFrame    # x, y, set (training / validation)
    n_params: int

    def step(self, i: int | None) -> int | None:
        return None if i is None else int(self.history.step.iloc[i])

    @property
    def restored_step(self) -> int:
        return self.step(self.restored_index)

    @property
    def stop_step(self) -> int | None:
        return self.step(self.stop_index)

    def distance_to_truth(self, model: str, x_range=(-3.0, 3.0)) -> float:
        """Mean squared distance between a model's curve ("restored" or "final") and the true rule, over the
        inputs' range."""
        f = self.fit[(self.fit.x >= x_range[0]) & (self.fit.x <= x_range[1])]
        return float(((f[model] - f.truth) ** 2).mean())

    @property
    def clearly_better(self) -> bool:
        """Is the restored checkpoint's test loss at least 5 % below the final model's?"""
        return self.test_restored < 0.95 * self.test_final

    @property
    def train_after_restored(self) -> bool:
        """Does the training loss keep falling after the restored checkpoint? (memorisation)"""
        tr = self.history.train_loss
        return bool(tr.iloc[-1] < tr.iloc[self.restored_index])


def truth(x: torch.Tensor) -> torch.Tensor:
    """The rule behind core.data.regression_1d, without its noise."""
    return torch.sin(1.5 * x) + x / 3


def truth_fit() -> pd.DataFrame:
    """The fit table before any training: the true rule only (restored and final are not there yet)."""
    x = torch.linspace(*X_RANGE, 161)
    return pd.DataFrame({"x": x.numpy(), "truth": truth(x).numpy(), "restored": float("nan"), "final": float("nan")})


@torch.no_grad()
def test_loss(model: torch.nn.Module, test: data.Dataset) -> float:
    model.eval()
    return torch.nn.functional.mse_loss(model(test.X).squeeze(-1), test.y).item()


def run(s: EarlySettings, on_progress: Callable[[Trainer], None] | None = None) -> EarlyResult:
    """Train for s.steps, keep the checkpoint patience would restore, and compare it with the final model."""
    trainer = make_trainer(s)
    kept = {"best": trainer.best}

    def watch(t: Trainer) -> None:
        # Called after every evaluation: until patience runs out, the best so far is what would be restored.
        if patience_stop([r["val_loss"] for r in t.rows], s.patience) is None or kept["best"] is None:
            kept["best"] = t.best
        if on_progress:
            on_progress(t)

    trainer.run(s.steps, on_progress=watch, progress_every=s.eval_every)
    hist = trainer.history()[["step", "train_loss", "val_loss"]]
    vals = hist.val_loss.tolist()
    stop = patience_stop(vals, s.patience)
    restored = best_checkpoint(vals[: stop + 1] if stop is not None else vals)
    _, _, test = datasets(s)
    test_final = test_loss(trainer.model, test)
    x = torch.linspace(*X_RANGE, 161)[:, None]
    final_fit = predict(trainer.model, x, "regression")
    best = kept["best"] if stop is not None else trainer.best
    if best is not None:
        trainer.model.load_state_dict(best[2])
    test_restored = test_loss(trainer.model, test)
    fit = pd.DataFrame({"x": x[:, 0].numpy(), "truth": truth(x[:, 0]).numpy(),
                        "restored": predict(trainer.model, x, "regression").numpy(), "final": final_fit.numpy()})
    return EarlyResult(hist, best_checkpoint(vals), stop, restored, test_restored, test_final, fit,
                       points(trainer.train_set, trainer.val_set), sum(p.numel() for p in trainer.model.parameters()))

"""The Playground: TensorFlow Playground's sandbox in PyTorch, for every idea of the lecture at once.

Data (classification shapes, the "Will I pass" students, two regression surfaces, or a learner's CSV),
input features (x1, x2, x1², x2², x1·x2, sin x1, sin x2), an MLP of 0-6 hidden layers, a loss, an
optimizer, L1/L2, dropout with its own seeded masks, early stopping on a validation split of the training
points (the test set only reports); the model and the resumable Trainer in one place, and everything the
page draws of them (boundary, per-unit maps, weights, confusion matrix).
"""

from dataclasses import dataclass, replace
import math
import time

import numpy as np
import pandas as pd
import torch
from torch import nn

import core  # noqa: F401  (sets the thread count)
from core import data
from core.data import Dataset
from core.models import MLPConfig, build_mlp, grid, hidden_outputs, linear_layers
from core.optimizers import make_optimizer
from core.trainer import TrainConfig, Trainer, loss_fn

N_POINTS = 500                 # points per generated data set, as in TensorFlow Playground
BOX = ((-6.0, 6.0), (-6.0, 6.0))  # the plane TensorFlow Playground draws
GRID = 100                     # boundary heatmap cells per side (>= 100 x 100)
THUMB = 24                     # per-unit thumbnail cells per side
THUMBS_PER_LAYER, THUMBS_TOTAL = 8, 32
MAX_LAYERS, MAX_WIDTH = 6, 16
VAL_PCT = 30                   # % of the training points held out as validation data when early stopping is on

# Input features: label, the PyTorch expression of the raw points X (n, 2). The code strings are what
# the standalone script writes; featurize uses the same functions.
FEATURES = {
    "x1": ("x₁", "X[:, 0]", lambda X: X[:, 0]),
    "x2": ("x₂", "X[:, 1]", lambda X: X[:, 1]),
    "x1sq": ("x₁²", "X[:, 0] ** 2", lambda X: X[:, 0] ** 2),
    "x2sq": ("x₂²", "X[:, 1] ** 2", lambda X: X[:, 1] ** 2),
    "x1x2": ("x₁·x₂", "X[:, 0] * X[:, 1]", lambda X: X[:, 0] * X[:, 1]),
    "sin1": ("sin x₁", "torch.sin(X[:, 0])", lambda X: torch.sin(X[:, 0])),
    "sin2": ("sin x₂", "torch.sin(X[:, 1])", lambda X: torch.sin(X[:, 1])),
}


def featurize(X: torch.Tensor, features) -> torch.Tensor:
    """The chosen features of raw points X (n, 2), as columns (n, len(features))."""
    if not features:
        raise ValueError("choose at least one input feature")
    return torch.stack([FEATURES[f][2](X) for f in features], 1)


# Regression surfaces (TensorFlow Playground's "plane" and "multi-Gaussian"), targets in about [-1, 1].
GAUSSIANS = ((-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0),
             (4.0, -2.5, -1.0))  # (centre x1, centre x2, sign)


def plane(n=400, noise=0.1, seed=0) -> Dataset:
    """y = (x1 + x2) / 12 + noise, for points uniform on [-6, 6]^2: a tilted plane."""
    g = torch.Generator().manual_seed(int(seed))
    X = torch.rand(n, 2, generator=g) * 12 - 6
    y = (X[:, 0] + X[:, 1]) / 12 + torch.randn(n, generator=g) * noise
    return Dataset(X, y, "plane", task="regression")


def multi_gaussian(n=400, noise=0.1, seed=0) -> Dataset:
    """y = sum of six Gaussian bumps of height +1 or -1 (width 1.6) + noise, on [-6, 6]^2."""
    g = torch.Generator().manual_seed(int(seed))
    X = torch.rand(n, 2, generator=g) * 12 - 6
    y = torch.zeros(n)
    for cx, cy, sign in GAUSSIANS:
        y = y + sign * torch.exp(-((X[:, 0] - cx) ** 2 + (X[:, 1] - cy) ** 2) / (2 * 1.6 ** 2))
    y = y + torch.randn(n, generator=g) * noise
    return Dataset(X, y, "multi_gaussian", task="regression")


# name -> (label, task, generator(n, noise, seed)); "upload" is the learner's own CSV.
DATASETS = {
    "circle": ("Circle", "classification", data.circles),
    "xor": ("Exclusive or (XOR)", "classification", data.xor),
    "gauss": ("Gaussian clusters", "classification", data.blobs),
    "spiral": ("Spiral", "classification", data.spiral),
    "moons": ("Moons", "classification", data.moons),
    "students": ("Will I pass? (students)", "classification", lambda n, noise, seed: data.students(n, seed)),
    "plane": ("Plane (regression)", "regression", plane),
    "mgauss": ("Multi-Gaussian (regression)", "regression", multi_gaussian),
    "upload": ("Your own CSV", "classification", None),
}


@dataclass(frozen=True)
class PlaySettings:
    data: str = "spiral"          # a key of DATASETS
    noise: int = 0                # % noise, 0-50 (as in TensorFlow Playground, which starts at 0)
    train_pct: int = 50           # % of the points used for training; the rest is the test set
    dseed: int = 0                # the data's seed: "regenerate" draws new data and keeps the weights
    seed: int = 0                 # initial weights, dropout masks and batch order
    features: tuple = ("x1", "x2")
    hidden: tuple = (8, 8)        # width of each hidden layer, 0-6 layers of 1-16 units
    activation: str = "tanh"      # every hidden layer: relu | tanh | sigmoid | linear
    loss: str = "bce"             # bce | mse; regression always uses mse
    optimizer: str = "adam"       # a key of core.optimizers.OPTIMIZERS
    lr: float = 0.03              # eta; changes mid-run without a reset
    batch: int = 32               # examples per step; >= the training set means full batch
    dropout: float = 0.0          # probability of zeroing each hidden activation while training
    l1: float = 0.0               # lambda of the L1 penalty lambda * sum |w| (weights, not biases)
    l2: float = 0.0               # L2 through the optimizer's weight_decay
    patience: int = 0             # early stopping: epochs without a lower validation loss; 0 = off
    n: int = N_POINTS

    @property
    def task(self) -> str:
        return DATASETS[self.data][1]

    @property
    def loss_used(self) -> str:
        """Regression has no classes, so it always uses MSE."""
        return "mse" if self.task == "regression" else self.loss


LIVE = ("lr", "dseed", "noise", "l1", "l2", "dropout", "batch")  # settings a running network takes as it is


def same_run(a: PlaySettings, b: PlaySettings) -> bool:
    """Whether b continues a's run: only the LIVE settings may differ (a new network for anything else)."""
    live = dict.fromkeys(LIVE, 0)
    return replace(a, **live) == replace(b, **live)


# Data ------------------------------------------------------------------------------------
def make_data(s: PlaySettings, upload: Dataset | None = None) -> Dataset:
    """All the points (training and test, before the split)."""
    if s.data == "upload":
        if upload is None:
            raise ValueError("no uploaded data")
        return upload
    return DATASETS[s.data][2](s.n, s.noise / 100, s.dseed)


def split(s: PlaySettings, full: Dataset) -> tuple[Dataset, Dataset]:
    """(training, test) by a seeded shuffle (the data's seed): train_pct % of the points for training, the rest
    the test set, which is only reported."""
    return full.split(1 - s.train_pct / 100, seed=s.dseed)


def hold_out(s: PlaySettings, train: Dataset) -> tuple[Dataset, Dataset | None]:
    """(training, validation): with early stopping on, VAL_PCT % of the training points are held out (a seeded
    shuffle, the data's seed) as the validation set it watches; None when it is off, or too few points."""
    if not s.patience or len(train) < 2:
        return train, None
    return train.split(VAL_PCT / 100, seed=s.dseed)


def split3(s: PlaySettings, full: Dataset) -> tuple[Dataset, Dataset | None, Dataset]:
    """(training, validation or None, test): split, then hold_out."""
    train, test = split(s, full)
    return (*hold_out(s, train), test)


def box(s: PlaySettings, full: Dataset) -> tuple[tuple[float, float], tuple[float, float]]:
    """The plane drawn: TensorFlow Playground's [-6, 6]^2, the students' axes, or around an upload."""
    if s.data == "students":
        return (-0.5, data.MAX_LECTURES + 0.5), (-0.5, data.MAX_HOURS + 0.5)
    if s.data != "upload":
        return BOX
    lo, hi = full.X.min(0).values, full.X.max(0).values
    pad = torch.clamp((hi - lo) * 0.08, min=0.5)
    return ((lo[0] - pad[0]).item(), (hi[0] + pad[0]).item()), ((lo[1] - pad[1]).item(), (hi[1] + pad[1]).item())


def frame(full: Dataset) -> pd.DataFrame:
    """The points as a table x1, x2, label (or y for regression), in their original order."""
    col = "label" if full.task == "classification" else "y"
    df = pd.DataFrame({"x1": full.X[:, 0].numpy(), "x2": full.X[:, 1].numpy(), col: full.y.numpy()})
    if col == "label":
        df[col] = df[col].astype(int)
    return df


# Model -------------------------------------------------------------------------------------
class SeededDropout(nn.Module):
    """Inverted dropout (as nn.Dropout) whose masks come from a private seeded generator, not the
    global RNG that every session shares: zero each value with probability p, scale the rest by 1/(1-p)."""

    def __init__(self, p: float, seed: int):
        super().__init__()
        self.p, self.seed = float(p), int(seed)
        self.gen = torch.Generator().manual_seed(self.seed)

    def reseed(self) -> None:
        self.gen.manual_seed(self.seed)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        keep = (torch.rand(x.shape, generator=self.gen) >= self.p).to(x.dtype)
        return x * keep / (1 - self.p)


def build_model(s: PlaySettings, train: Dataset) -> nn.Sequential:
    """The MLP on the chosen features, standardised with the training set's mean and std (a fixed
    preprocessing step in buffers), with seeded dropout after each hidden activation."""
    F = featurize(train.X, s.features)
    mean = F.mean(0)
    std = F.std(0) if len(F) > 1 else torch.ones(F.shape[1])
    std = torch.where(std > 1e-6, std, torch.ones_like(std))
    cfg = MLPConfig(n_in=len(s.features), hidden=tuple(s.hidden), activation=s.activation, dropout=s.dropout,
                    mean=tuple(mean.tolist()), std=tuple(std.tolist()))
    model = build_mlp(cfg, s.seed)
    for i, m in enumerate(model):
        if isinstance(m, nn.Dropout):
            model[i] = SeededDropout(s.dropout, s.seed * 1000 + i)
    return model


def l1_penalty(model: nn.Module) -> torch.Tensor:
    """sum |w| over every weight matrix (biases are not penalised, as in TensorFlow Playground)."""
    return sum(m.weight.abs().sum() for m in linear_layers(model))


class PlayTrainer(Trainer):
    """core.trainer.Trainer plus a test set that is only reported (early stopping watches the validation set,
    val_set, if any), an L1 penalty lambda * sum |w| in the loss, a seeded dropout reset, and the data swapped
    under the same weights ("regenerate")."""

    def __init__(self, model, train, val, test, cfg, l1: float = 0.0):
        self.l1 = float(l1)
        self.test_set = test
        super().__init__(model, train, val, cfg)

    def _record(self) -> None:
        """A history row: training and validation (whose loss early stopping watches), and the test set's loss
        and accuracy, measured first, before early stopping may restore other weights."""
        test_loss, test_acc = self.evaluate(self.test_set)
        super()._record()
        self.rows[-1].update(test_loss=test_loss, test_acc=test_acc)

    def reset(self) -> None:
        super().reset()
        for m in self.model.modules():
            if isinstance(m, SeededDropout):
                m.reseed()

    def train_step(self) -> float:
        if not self.l1:
            return super().train_step()
        idx = self._next_batch()
        X, y = self.train_set.X[idx], self.train_set.y[idx]
        self.model.train()
        self.opt.zero_grad()
        data_loss = loss_fn(self.cfg.loss, self.model(X).squeeze(-1), y)
        (data_loss + self.l1 * l1_penalty(self.model)).backward()   # J(W) + lambda * sum |w|
        self.opt.step()
        self.step += 1
        return data_loss.item()

    # Settings that change while it trains: the weights, the epoch count and (but for a switch of the engine) the
    # optimizer's state carry on. Called between chunks of whole epochs (core.playground.play), so always at an
    # epoch's end.
    def set_weight_decay(self, wd: float) -> None:
        self.cfg = replace(self.cfg, weight_decay=float(wd))
        if self.fast:
            self.fast.set_weight_decays([float(wd)])
        else:
            for group in self.opt.param_groups:
                group["weight_decay"] = float(wd)

    def set_l1(self, l1: float) -> None:
        self.l1 = float(l1)
        if self.l1:
            self._to_autograd()

    def set_batch_size(self, batch: int) -> None:
        """A new batch size from the next step on; the epoch count goes on from where it is."""
        self._epoch0, self._step0 = self.epoch, self.step
        self.cfg = replace(self.cfg, batch_size=int(batch))
        self.cfg = replace(self.cfg, eval_every=self.steps_per_epoch)
        self._order, self._batches = torch.empty(0, dtype=torch.long), None

    def set_dropout(self, p: float, seed: int) -> None:
        """Dropout p after every hidden activation (none for 0), seeded as build_model seeds it."""
        before = list(self.model.state_dict())
        layers = [m for m in self.model if not isinstance(m, SeededDropout)]
        new = []
        for k, m in enumerate(layers):
            new.append(m)
            hidden_activation = not isinstance(m, nn.Linear) and k > 0 and k < len(layers) - 1 and \
                type(m).__name__ != "Standardize"
            if p > 0 and hidden_activation:
                new.append(SeededDropout(p, seed * 1000 + len(new)))
        for name in list(self.model._modules):
            del self.model._modules[name]
        for k, m in enumerate(new):
            self.model.add_module(str(k), m)
        after = dict(zip(before, self.model.state_dict()))  # dropout holds no state: same order, new names
        self._initial = {after[k]: v for k, v in self._initial.items()}
        if self.best is not None:
            self.best = (self.best[0], self.best[1], {after[k]: v for k, v in self.best[2].items()})
        if p > 0:
            self._to_autograd()

    def _to_autograd(self) -> None:
        """Leave the fast engine (it trains neither dropout nor an L1 penalty) for autograd and torch.optim, with
        the same weights and a fresh optimizer state."""
        if not self.fast:
            return
        with torch.no_grad():
            for p in self.model.parameters():
                p.data = p.data.clone()  # no longer a view of the engine's row
        self.fast, self._batches = None, None
        self.cfg = replace(self.cfg, engine="autograd")
        self.opt = make_optimizer(self.cfg.optimizer, self.model.parameters(), self.lr, self.cfg.weight_decay)

    def swap_data(self, train: Dataset, val: Dataset | None, test: Dataset) -> None:
        """New data under the same weights and optimizer state; the epoch starts afresh."""
        self.train_set, self.val_set, self.test_set = train, val, test
        self._order = torch.empty(0, dtype=torch.long)


def steps_per_epoch(n_train: int, batch: int) -> int:
    return math.ceil(n_train / max(1, min(batch, n_train)))


def make_trainer(s: PlaySettings, train: Dataset, test: Dataset, val: Dataset | None = None) -> PlayTrainer:
    """The model and its trainer: one history row per epoch; early stopping watches the validation loss,
    and the test set is only reported."""
    model = build_model(s, train)
    # The fast engine (core.fast_engine) trains the plain dense network; dropout or an L1 penalty take autograd.
    cfg = TrainConfig(loss=s.loss_used, optimizer=s.optimizer, lr=s.lr, batch_size=s.batch, weight_decay=s.l2,
                      eval_every=steps_per_epoch(len(train), s.batch), patience=s.patience, seed=s.seed,
                      engine="autograd" if s.l1 else "fast")
    return PlayTrainer(model, featurized(s, train), featurized(s, val), featurized(s, test), cfg, l1=s.l1)


def featurized(s: PlaySettings, ds: Dataset | None) -> Dataset | None:
    return None if ds is None else Dataset(featurize(ds.X, s.features), ds.y, ds.name, ds.task, s.features)


# What the page draws -----------------------------------------------------------------------
@torch.no_grad()
def _outputs(model: nn.Module, F: torch.Tensor) -> torch.Tensor:
    was = model.training
    model.eval()
    out = model(F).squeeze(-1)
    model.train(was)
    return out


def shade(out: torch.Tensor, task: str, loss: str) -> torch.Tensor:
    """The output as a colour value in [0, 1]: P(y = 1) = sigmoid(out) for BCE, the output itself
    (clipped) for MSE on 0/1 labels, (y-hat + 1) / 2 for regression targets in [-1, 1]."""
    if task == "regression":
        return ((out + 1) / 2).clamp(0, 1)
    return torch.sigmoid(out) if loss == "bce" else out.clamp(0, 1)


def output_grid(model: nn.Module, s: PlaySettings, bx, n: int = GRID, discretize: bool = False) -> np.ndarray:
    """The network's output over an n x n grid of the plane (top row = largest x2), as shades in [0, 1];
    discretized: 0 or 1 on each side of 0.5. One batched forward pass."""
    out = _outputs(model, featurize(grid(*bx, n), s.features))
    v = shade(out, s.task, s.loss_used)
    if discretize:
        v = torch.where(torch.isfinite(v), (v > 0.5).float(), v)
    return v.reshape(n, n).numpy()


def unit_grids(model: nn.Module, s: PlaySettings, bx, n: int = THUMB, per_layer: int = THUMBS_PER_LAYER,
               total: int = THUMBS_TOTAL) -> tuple[list[dict], int]:
    """What each hidden unit computes over the plane: [{layer, unit, grid (n, n) in [0, 1]}] for the first
    `per_layer` units of each layer, at most `total`; and how many hidden units there are in all.
    Shade 0.5 + 0.5 a / m, with m = 1 for tanh and sigmoid (their range) and max |a| otherwise."""
    outs = hidden_outputs(model, featurize(grid(*bx, n), s.features))
    m_fixed = s.activation in ("tanh", "sigmoid")
    units = []
    for k, h in enumerate(outs, 1):
        for u in range(min(per_layer, h.shape[1])):
            if len(units) >= total:
                break
            a = h[:, u]
            m = 1.0 if m_fixed else max(float(a.abs().max()) if torch.isfinite(a).all() else 1.0, 1e-9)
            units.append({"layer": k, "unit": u + 1, "grid": (0.5 + 0.5 * a / m).clamp(0, 1).reshape(n, n).numpy()})
    return units, sum(h.shape[1] for h in outs)


def weights(model: nn.Module) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each layer's (W with rows = inputs j and columns = units i, as the lecture's w_j,i; bias b_i)."""
    return [(m.weight.detach().T.numpy().copy(), m.bias.detach().numpy().copy()) for m in linear_layers(model)]


def set_layer(model: nn.Module, k: int, W, b) -> None:
    """Hand-edit layer k (0-based): W (inputs x units) and b (units), as weights() gives them."""
    m = linear_layers(model)[k]
    with torch.no_grad():
        m.weight.copy_(torch.as_tensor(np.asarray(W, dtype=np.float32)).T)
        m.bias.copy_(torch.as_tensor(np.asarray(b, dtype=np.float32)))


def widths(s: PlaySettings) -> list[int]:
    return [len(s.features), *s.hidden, 1]


def predictions(model: nn.Module, ds: Dataset, loss: str) -> torch.Tensor:
    """Predicted classes 0/1 as Trainer.evaluate counts them: logit > 0 for BCE, output > 0.5 for MSE."""
    out = _outputs(model, ds.X)
    return (out > 0).float() if loss == "bce" else (out > 0.5).float()


def confusion(model: nn.Module, ds: Dataset, loss: str) -> pd.DataFrame:
    """Counts of true class (rows) against predicted class (columns)."""
    pred = predictions(model, ds, loss)
    cells = [[int(((ds.y == t) & (pred == p)).sum()) for p in (0, 1)] for t in (0, 1)]
    return pd.DataFrame(cells, index=["true 0", "true 1"], columns=["predicted 0", "predicted 1"])


# One learner's playground ---------------------------------------------------------------------
MAX_EPOCHS = 20_000     # a run's length (its history stays small); Reset starts a new one


class Session:
    """Settings, data and trainer of one learner (kept in st.session_state, never shared between learners). While
    Play is on, a thread trains it (core.playground.play.Player); the page reads and changes it under the Player's
    lock."""

    def __init__(self, s: PlaySettings, upload: Dataset | None = None, upload_id: str | None = None):
        self._build(s, upload, upload_id)

    def _build(self, s: PlaySettings, upload: Dataset | None, upload_id: str | None) -> None:
        self.s, self.upload, self.upload_id = s, upload, upload_id
        self.full = make_data(s, upload)
        self.train, self.val, self.test = split3(s, self.full)
        self.trainer = make_trainer(s, self.train, self.test, self.val)
        self.box = box(s, self.full)
        self.edits = 0         # hand edits since the last reset (they are not in the URL)
        self.regenerated = 0   # data draws under these weights since the run began
        self.adjusted = 0      # other changes while it trained (noise, regularisation, dropout, batch size)

    def update(self, s: PlaySettings, upload: Dataset | None = None, upload_id: str | None = None) -> str:
        """Follow new settings: "same"; "data" (regenerated: new data, or new noise, under the same weights);
        "lr" (only the learning rate changed); "live" (regularisation, dropout or batch size changed: the network
        carries on with them); or "reset" (anything else: a new network)."""
        if not same_run(self.s, s) or upload_id != self.upload_id:
            self._build(s, upload, upload_id)
            return "reset"
        old, t = self.s, self.trainer
        if s == old:
            return "same"
        what = "lr"
        if (s.dseed, s.noise) != (old.dseed, old.noise):
            self.full = make_data(s, upload)
            self.train, self.val, self.test = split3(s, self.full)
            t.swap_data(featurized(s, self.train), featurized(s, self.val), featurized(s, self.test))
            self.box = box(s, self.full)
            self.regenerated += 1
            what = "data"
        if s.lr != old.lr:
            t.set_lr(s.lr)
        for name, apply in (("l2", t.set_weight_decay), ("l1", t.set_l1), ("batch", t.set_batch_size),
                            ("dropout", lambda p: t.set_dropout(p, s.seed))):
            if getattr(s, name) != getattr(old, name):
                apply(getattr(s, name))
                what = "live" if what == "lr" else what
        if replace(s, lr=old.lr, dseed=old.dseed) != old:
            self.adjusted += 1  # a change the code panel's replay does not follow (it follows the learning rate)
        self.s = s
        return what

    @property
    def epoch(self) -> int:
        return round(self.trainer.epoch)

    @property
    def done(self) -> bool:
        """Stopped (diverged, early stopping) or at the end of a run's MAX_EPOCHS."""
        return bool(self.trainer.stopped) or self.epoch >= MAX_EPOCHS

    def step_epoch(self) -> None:
        """Exactly one more epoch (one pass over the training set), unless training is done."""
        if not self.done:
            self.trainer.run(self.trainer.steps_per_epoch)

    def play_chunk(self, seconds: float) -> int:
        """Whole epochs until `seconds` have passed (at least one); returns how many ran."""
        t0, n = time.perf_counter(), 0
        while not self.done:
            self.step_epoch()
            n += 1
            if time.perf_counter() - t0 >= seconds:
                break
        return n

    def reset(self) -> None:
        """Back to the initial weights (the seed's), a fresh optimizer and history; the data stay."""
        self.trainer.reset()
        self.edits = 0

    def edit(self, k: int, W, b) -> None:
        set_layer(self.trainer.model, k, W, b)
        self.edits += 1

    def points(self) -> pd.DataFrame:
        """Training, validation (if any) and test points in the plane: x, y, set, and label (0/1) or value."""
        parts = []
        for name, ds in (("training", self.train), ("validation", self.val), ("test", self.test)):
            if ds is None:
                continue
            df = pd.DataFrame({"x": ds.X[:, 0].numpy(), "y": ds.X[:, 1].numpy(), "set": name})
            if ds.task == "classification":
                df["label"] = ds.y.numpy().astype(int)
            else:
                df["value"] = ds.y.numpy()
            parts.append(df)
        return pd.concat(parts, ignore_index=True)

    def stop_message(self) -> str | None:
        """Why training stopped, in epochs: divergence (the Trainer's reason) or early stopping."""
        t = self.trainer
        if not t.stopped:
            return (f"this run has reached {MAX_EPOCHS:,} epochs, the most one run keeps; press Reset to train "
                    "again" if self.epoch >= MAX_EPOCHS else None)
        if t.diverged:
            return f"{t.stopped} (in epoch {math.ceil(t.epoch)})"
        p, best = t.cfg.patience, round(t.best[1] / t.steps_per_epoch)
        return (f"early stopping at epoch {self.epoch}: the validation loss has not improved for {p} "
                f"epoch{'s' if p != 1 else ''}, so the weights of epoch {best} (validation loss {t.best[0]:.4f}) "
                "are restored. Press Reset to train again")

    def scores(self) -> dict[str, float]:
        """Loss and accuracy of the network as it is now (after early stopping restored the best weights, or a
        hand edit) on the training, validation (nan without one) and test sets: what the metrics show."""
        t, out = self.trainer, {}
        for name, ds in (("train", t.train_set), ("val", t.val_set), ("test", t.test_set)):
            out[f"{name}_loss"], out[f"{name}_acc"] = t.evaluate(ds) if ds is not None else (math.nan, math.nan)
        return out

    def snapshot(self, discretize: bool = False, full: bool = True) -> dict:
        """Everything the page draws for the current weights, as numbers and tables (no torch); without
        `full`, only the boundary, numbers and history (a light frame while playing)."""
        t, s = self.trainer, self.s
        h = t.history()
        units, n_units = unit_grids(t.model, s, self.box) if full else (None, None)
        snap = {"epoch": self.epoch, "step": t.step, "history": h, "shades": output_grid(t.model, s, self.box,
                discretize=discretize), "units": units, "n_units": n_units, "params": weights(t.model),
                "widths": widths(s), **self.scores(), "validation": t.val_set is not None,
                "loss": t.cfg.loss, "stopped": self.stop_message(), "diverged": t.diverged,
                "lr": t.lr, "confusion": None, "full": full}
        if s.task == "classification" and full:
            snap["confusion"] = confusion(t.model, t.test_set, t.cfg.loss)
        return snap


def lr_changes(history: pd.DataFrame, current: float) -> dict[int, float]:
    """{epoch: learning rate} where the rate changed during the run (epoch 1 always listed): the history
    row of epoch e records the rate its steps used; `current` is the rate for a run not yet begun."""
    out, last = {}, None
    for e, lr in zip(history.epoch, history.lr):
        e = int(round(e))
        if e >= 1 and lr != last:
            out[e] = float(lr)
            last = lr
    return out or {1: float(current)}

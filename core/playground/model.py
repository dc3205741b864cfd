"""The playground's network and its trainer: the chosen input features, the MLP on them with seeded dropout, the L1
penalty, and PlayTrainer, core.trainer.Trainer with a reported test set and settings that change while it trains."""

from dataclasses import replace
import math

import torch
from torch import nn

from core.data import Dataset
from core.models import MLPConfig, build_mlp, linear_layers
from core.optimizers import make_optimizer
from core.playground.settings import FEATURES, PlaySettings
from core.trainer import TrainConfig, Trainer, loss_fn


def featurize(X: torch.Tensor, features) -> torch.Tensor:
    """The chosen features of raw points X (n, 2), as columns (n, len(features))."""
    if not features:
        raise ValueError("choose at least one input feature")
    return torch.stack([FEATURES[f][2](X) for f in features], 1)


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


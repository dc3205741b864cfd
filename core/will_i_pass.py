"""The lecture's own worked examples, set up exactly: the perceptron and "Will I pass this class?"."""

from dataclasses import dataclass
import math

import pandas as pd
import torch

import core  # noqa: F401  (sets the thread count)
from core import data
from core.models import MLPConfig, build_mlp, lecture_preset, predict
from core.trainer import TrainConfig, Trainer

# The trained 2-input perceptron of the slides: y-hat = g(1 + 3 x1 - 2 x2), tested at x = [-1, 2].
PERCEPTRON = {"w0": 1.0, "w1": 3.0, "w2": -2.0, "x1": -1.0, "x2": 2.0}

# "Will I pass this class?": you attended 4 lectures and spent 5 hours on the final project.
YOU = (4.0, 5.0)
UNTRAINED_PREDICTION = 0.1   # the lecture's untrained network says 10 %...
YOUR_LABEL = 1.0             # ...but you passed
LECTURE_HIDDEN = 3           # the lecture's network is 2-3-1
STUDENTS_N = 120
VAL_FRACTION = 0.3
X_RANGE = (-0.5, 10.5)       # lectures attended
Y_RANGE = (-0.5, 12.5)       # project hours


def students_split(seed: int = 0) -> tuple[data.Dataset, data.Dataset]:
    """nnlab's synthetic students (always the same 120) split 70/30 into training and validation."""
    return data.students(STUDENTS_N, seed=0).split(VAL_FRACTION, seed=seed)


def pass_model(train: data.Dataset, hidden: int = LECTURE_HIDDEN, activation: str = "sigmoid",
               seed: int = 0) -> torch.nn.Sequential:
    """The 2-hidden-1 network, inputs standardised on the training set.

    With the lecture's 3 hidden units the output bias is set so that the untrained network
    predicts exactly 0.1 for you, as on the slide; other widths keep their seeded random init.
    """
    cfg = MLPConfig(n_in=2, hidden=(hidden,), activation=activation,
                    mean=tuple(train.X.mean(0).tolist()), std=tuple(train.X.std(0).tolist()))
    model = build_mlp(cfg, seed)
    if hidden == LECTURE_HIDDEN:
        lecture_preset(model, YOU, UNTRAINED_PREDICTION)
    return model


def bce(p: float, y: float) -> float:
    """Binary cross-entropy of one prediction p for label y: -[y ln p + (1 - y) ln(1 - p)]."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return -(y * math.log(p) + (1 - y) * math.log(1 - p))


@dataclass(frozen=True)
class PassSettings:
    hidden: int = LECTURE_HIDDEN   # hidden units in the one hidden layer
    activation: str = "sigmoid"    # hidden activation
    optimizer: str = "adam"        # a key of core.optimizers.OPTIMIZERS
    lr: float = 0.1                # learning rate
    epochs: int = 200              # passes over the 84 training students
    batch_size: int = 32           # the lecture's "32 or 128"
    seed: int = 0                  # split, initial weights and batch order


def pass_trainer(s: PassSettings) -> Trainer:
    """A fresh, untrained Trainer for these settings (same settings, same numbers).

    It trains with autograd and torch.optim, as the page's code panel does, so the script prints the page's numbers
    bit for bit. At a large learning rate the run is chaotic: the fast engine's gradients, the same formulas summed
    in another order, differ in the last float32 bit, and that difference grows into another final network.
    """
    train, val = students_split(s.seed)
    model = pass_model(train, s.hidden, s.activation, s.seed)
    cfg = TrainConfig(loss="bce", optimizer=s.optimizer, lr=s.lr, batch_size=s.batch_size,
                      eval_every=max(1, math.ceil(len(train) / s.batch_size)), seed=s.seed, engine="autograd")
    return Trainer(model, train, val, cfg)


def you_prediction(model: torch.nn.Module) -> float:
    """The network's P(pass) for you at (4, 5)."""
    return predict(model, torch.tensor([YOU])).item()


def points_frame(ds: data.Dataset) -> pd.DataFrame:
    """Students as chart rows: x (lectures), y (hours), label (1 = passed)."""
    return pd.DataFrame({"x": ds.X[:, 0].numpy(), "y": ds.X[:, 1].numpy(), "label": ds.y.int().numpy()})

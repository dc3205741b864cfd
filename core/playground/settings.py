"""The playground's settings and their choices: the input features, the data sets, the sizes of the plane and of the
network, and PlaySettings, the one record of every control (what a link keeps)."""

from dataclasses import dataclass, replace

import torch

from core import data, vocabulary
from core.playground.surfaces import multi_gaussian, plane

N_POINTS = 500                 # points per generated data set, as in TensorFlow Playground
BOX = ((-6.0, 6.0), (-6.0, 6.0))  # the plane TensorFlow Playground draws
GRID = 100                     # boundary heatmap cells per side (>= 100 x 100)
THUMB = 24                     # per-unit thumbnail cells per side
THUMBS_PER_LAYER, THUMBS_TOTAL = 8, 32
MAX_LAYERS, MAX_WIDTH = 6, 16
VAL_PCT = 30                   # % of the training points held out as validation data when early stopping is on

# Input features: label, the PyTorch expression of the raw points X (n, 2). The code strings are what
# the standalone script writes; featurize (core.playground.model) uses the same functions.
FEATURES = {
    "x1": ("x₁", "X[:, 0]", lambda X: X[:, 0]),
    "x2": ("x₂", "X[:, 1]", lambda X: X[:, 1]),
    "x1sq": ("x₁²", "X[:, 0] ** 2", lambda X: X[:, 0] ** 2),
    "x2sq": ("x₂²", "X[:, 1] ** 2", lambda X: X[:, 1] ** 2),
    "x1x2": ("x₁·x₂", "X[:, 0] * X[:, 1]", lambda X: X[:, 0] * X[:, 1]),
    "sin1": ("sin x₁", "torch.sin(X[:, 0])", lambda X: torch.sin(X[:, 0])),
    "sin2": ("sin x₂", "torch.sin(X[:, 1])", lambda X: torch.sin(X[:, 1])),
}


# name -> (label, task, generator(n, noise, seed)); "upload" is the learner's own CSV. Names and labels are
# core.vocabulary's.
_label = vocabulary.DATASETS.label
DATASETS = {
    "circles": (_label("circles"), "classification", data.circles),
    "xor": (_label("xor"), "classification", data.xor),
    "blobs": (_label("blobs"), "classification", data.blobs),
    "spiral": (_label("spiral"), "classification", data.spiral),
    "moons": (_label("moons"), "classification", data.moons),
    "students": (_label("students"), "classification", lambda n, noise, seed: data.students(n, seed)),
    "plane": (_label("plane"), "regression", plane),
    "mgauss": (_label("mgauss"), "regression", multi_gaussian),
    "upload": (_label("upload"), "classification", None),
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


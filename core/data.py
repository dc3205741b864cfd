"""Seeded toy datasets: the lecture's "Will I pass this class?" students and the classic 2-D shapes."""

from dataclasses import dataclass

import math

import pandas as pd
import torch

import core  # noqa: F401  (sets the thread count)


@dataclass(frozen=True)
class Dataset:
    """Inputs X (n, d) float32 and targets y (n,) float32: 0/1 labels or real values."""

    X: torch.Tensor
    y: torch.Tensor
    name: str
    task: str = "classification"  # or "regression"
    features: tuple = ("x1", "x2")

    def __len__(self):
        return len(self.y)

    def frame(self) -> pd.DataFrame:
        """The data as a table, one column per feature plus `y`."""
        df = pd.DataFrame(self.X.numpy(), columns=list(self.features))
        df["y"] = self.y.numpy()
        return df

    def subset(self, idx: torch.Tensor) -> "Dataset":
        return Dataset(self.X[idx], self.y[idx], self.name, self.task, self.features)

    def split(self, val_fraction: float = 0.3, seed: int = 0) -> tuple["Dataset", "Dataset"]:
        """A seeded shuffle split into (train, validation); each keeps at least one example."""
        n = len(self)
        if n < 2:
            raise ValueError("need at least 2 examples to split")
        n_val = min(n - 1, max(1, round(n * val_fraction)))
        perm = torch.randperm(n, generator=_gen(seed))
        return self.subset(perm[n_val:]), self.subset(perm[:n_val])


def _gen(seed: int) -> torch.Generator:
    # A private generator per call: sessions are threads, and the global RNG is shared by all.
    return torch.Generator().manual_seed(int(seed))


# "Will I pass this class?" -------------------------------------------------------------
# The lecture's axes: x1 = lectures attended, x2 = hours spent on the final project.
# The lecture's points are illustrative, so nnlab draws its own past students from a stated rule:
#   P(pass) = sigmoid(1.2 (x1 - 4) + 0.8 (x2 - 5) - 0.06 (x2 - 5)^2 + 2)
# Attending helps; project hours help with diminishing returns; you at (4, 5) pass with
# probability sigmoid(2) = 0.88. Labels are Bernoulli draws from it, so the data are noisy.
MAX_LECTURES = 10
MAX_HOURS = 12.0


def pass_probability(lectures: torch.Tensor, hours: torch.Tensor) -> torch.Tensor:
    """The documented rule behind the synthetic students: P(pass | lectures, hours)."""
    d = hours - 5
    return torch.sigmoid(1.2 * (lectures - 4) + 0.8 * d - 0.06 * d * d + 2.0)


def students(n: int = 120, seed: int = 0) -> Dataset:
    """nnlab's synthetic students: lectures attended (0-10, whole numbers), project hours (0-12), pass = 1."""
    g = _gen(seed)
    lectures = torch.randint(0, MAX_LECTURES + 1, (n,), generator=g).float()
    hours = torch.rand(n, generator=g) * MAX_HOURS
    y = (torch.rand(n, generator=g) < pass_probability(lectures, hours)).float()
    return Dataset(torch.stack([lectures, hours], 1), y, "students", features=("lectures", "hours"))


# Classic 2-D shapes, centred on the origin, roughly within [-6, 6]^2 like TensorFlow Playground.
def blobs(n=200, noise=0.1, seed=0) -> Dataset:
    """Two Gaussian clusters that a straight line separates (noise widens them)."""
    g = _gen(seed)
    y = (torch.arange(n) % 2).float()
    centre = torch.where(y[:, None] == 1, torch.tensor([2.0, 2.0]), torch.tensor([-2.0, -2.0]))
    X = centre + torch.randn(n, 2, generator=g) * (0.5 + 3 * noise)
    return Dataset(X, y, "blobs")


def xor(n=200, noise=0.1, seed=0) -> Dataset:
    """Points in the four quadrants; label 1 where x1 and x2 have the same sign."""
    g = _gen(seed)
    X = torch.rand(n, 2, generator=g) * 10 - 5
    X = X + torch.sign(X) * 0.3  # keep a small margin around the axes
    y = ((X[:, 0] * X[:, 1]) > 0).float()
    X = X + torch.randn(n, 2, generator=g) * noise * 3
    return Dataset(X, y, "xor")


def circles(n=200, noise=0.1, seed=0) -> Dataset:
    """An inner disc (label 1) inside a ring (label 0)."""
    g = _gen(seed)
    y = (torch.arange(n) % 2).float()
    r = torch.where(y == 1, torch.rand(n, generator=g) * 2.0, 3.0 + torch.rand(n, generator=g) * 2.0)
    t = torch.rand(n, generator=g) * 2 * math.pi
    X = torch.stack([r * torch.cos(t), r * torch.sin(t)], 1) + torch.randn(n, 2, generator=g) * noise * 3
    return Dataset(X, y, "circles")


def moons(n=200, noise=0.1, seed=0) -> Dataset:
    """Two interleaving half circles, scaled to the [-6, 6] plane."""
    g = _gen(seed)
    y = (torch.arange(n) % 2).float()
    t = torch.rand(n, generator=g) * math.pi
    upper = torch.stack([torch.cos(t), torch.sin(t)], 1)
    lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], 1)
    X = torch.where(y[:, None] == 0, upper, lower) - torch.tensor([0.5, 0.25])
    X = X * 3 + torch.randn(n, 2, generator=g) * noise * 3
    return Dataset(X, y, "moons")


def spiral(n=200, noise=0.1, seed=0) -> Dataset:
    """Two interleaved spiral arms, one per class."""
    g = _gen(seed)
    y = (torch.arange(n) % 2).float()
    r = torch.rand(n, generator=g) * 5
    t = 1.75 * r + math.pi * y
    X = torch.stack([r * torch.sin(t), r * torch.cos(t)], 1) + torch.randn(n, 2, generator=g) * noise * 2
    return Dataset(X, y, "spiral")


def regression_1d(n=30, noise=0.3, seed=0) -> Dataset:
    """y = sin(1.5 x) + x/3 + noise for x in [-3, 3]: few points, for overfitting."""
    g = _gen(seed)
    x = torch.rand(n, generator=g) * 6 - 3
    y = torch.sin(1.5 * x) + x / 3 + torch.randn(n, generator=g) * noise
    return Dataset(x[:, None], y, "regression_1d", task="regression", features=("x",))


SHAPES = {"blobs": blobs, "xor": xor, "circles": circles, "moons": moons, "spiral": spiral}


def make(name: str, n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Any dataset by name: a shape, "students" or "regression_1d"."""
    if name == "students":
        return students(n, seed)
    if name == "regression_1d":
        return regression_1d(n, noise, seed)
    if name not in SHAPES:
        raise ValueError(f"unknown dataset {name!r}; choose one of {sorted(SHAPES)}")
    if n < 2:
        raise ValueError("a dataset needs at least 2 points")
    return SHAPES[name](n, noise, seed)

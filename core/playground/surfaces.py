"""The playground's two regression surfaces (TensorFlow Playground's "plane" and "multi-Gaussian"): points uniform
on [-6, 6]^2 with targets in about [-1, 1]. The standalone script copies these functions' source."""

import torch

from core.data import Dataset

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


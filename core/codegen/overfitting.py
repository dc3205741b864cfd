"""Code for the "Overfitting" page: a standalone script, needing only torch, that draws the same noisy
points and held-out test set, trains the same network the same way, and prints its training and test MSE."""

from core import overfitting as O
from core.codegen import init_snippet


def _layers(hidden: tuple) -> str:
    widths = [1, *hidden]
    parts = [f"nn.Linear({a}, {b}), nn.Tanh()" for a, b in zip(widths[:-1], widths[1:])]
    return ", ".join([*parts, f"nn.Linear({widths[-1]}, 1)"])


def overfitting_code(hidden: tuple, n_train: int, seed: int, steps: int = O.STEPS) -> str:
    """One fit of the page: data, held-out test set, seeded network, full-batch Adam, both errors."""
    shape = O.describe(tuple(hidden))
    return f'''import math
import torch
from torch import nn
import torch.nn.functional as F

torch.set_num_threads(1)


def noisy_points(n, seed, noise={O.NOISE}):
    """y = sin(1.5 x) + x / 3 + noise, for x in [-3, 3]."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, generator=g) * 6 - 3
    y = torch.sin(1.5 * x) + x / 3 + torch.randn(n, generator=g) * noise
    return x[:, None], y


X, y = noisy_points({n_train}, seed={seed})                  # the few training points
X_test, y_test = noisy_points({O.N_TEST}, seed={seed + O.TEST_SEED})       # held out: never trained on

# The network: {shape}, with PyTorch's default init drawn from a seeded generator.
model = nn.Sequential({_layers(tuple(hidden))})
{init_snippet(seed)}print("parameters:", sum(p.numel() for p in model.parameters()))

optimizer = torch.optim.Adam(model.parameters(), lr={O.LR})
for step in range({steps}):                                  # full batch: every training point, every step
    loss = F.mse_loss(model(X).squeeze(-1), y)               # forward pass and loss
    optimizer.zero_grad()
    loss.backward()                                          # backpropagation
    optimizer.step()                                         # Adam's update

with torch.no_grad():
    print("training MSE:", F.mse_loss(model(X).squeeze(-1), y).item())
    print("test MSE:", F.mse_loss(model(X_test).squeeze(-1), y_test).item())
'''

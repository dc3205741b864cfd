"""What the playground's page draws of a network: the boundary (the output over the plane), each hidden unit's map,
the weights (and a hand edit of them), the layer widths, and the confusion matrix."""

import numpy as np
import pandas as pd
import torch
from torch import nn

from core.data import Dataset
from core.models import grid, hidden_outputs, linear_layers
from core.playground.model import featurize
from core.playground.settings import GRID, THUMB, THUMBS_PER_LAYER, THUMBS_TOTAL, PlaySettings


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


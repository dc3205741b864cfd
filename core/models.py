"""The lecture's models: the perceptron, and the MLP built from a dataclass of settings."""

from dataclasses import dataclass, field
import math

import torch
from torch import nn

import core  # noqa: F401  (sets the thread count)

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU, "linear": nn.Identity}
ACTIVATION_FNS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "linear": lambda z: z}


# The perceptron ------------------------------------------------------------------------
def perceptron(x, w, w0: float, activation: str = "sigmoid") -> dict:
    """y-hat = g(w0 + x . w), returning the three steps: dot product, z (bias added), y-hat."""
    x = torch.as_tensor(x, dtype=torch.float64)
    w = torch.as_tensor(w, dtype=torch.float64)
    dot = torch.dot(x, w)
    z = dot + w0
    y_hat = ACTIVATION_FNS[activation](z)
    return {"dot": dot.item(), "z": z.item(), "y_hat": y_hat.item()}


def decision_line(w, w0: float) -> tuple[float, float] | None:
    """The line w0 + w1 x1 + w2 x2 = 0 as (slope, intercept) of x2 against x1; None if w2 = 0."""
    w1, w2 = float(w[0]), float(w[1])
    if w2 == 0:
        return None
    return -w1 / w2, -w0 / w2


def decision_segment(w, w0: float, x_range, y_range) -> list[tuple[float, float]]:
    """Where the line w0 + w1 x1 + w2 x2 = 0 crosses the box: two end points, or [] if it misses.

    Handles vertical lines (w2 = 0); with w1 = w2 = 0 there is no line at all.
    """
    w1, w2 = float(w[0]), float(w[1])
    (xa, xb), (ya, yb) = x_range, y_range
    pts = []
    if w2 != 0:  # crossings of the left and right edges
        pts += [(x, -(w0 + w1 * x) / w2) for x in (xa, xb)]
    if w1 != 0:  # crossings of the bottom and top edges
        pts += [(-(w0 + w2 * y) / w1, y) for y in (ya, yb)]
    eps = 1e-9
    inside = sorted({(round(x, 12), round(y, 12)) for x, y in pts
                     if xa - eps <= x <= xb + eps and ya - eps <= y <= yb + eps})
    return [inside[0], inside[-1]] if len(inside) >= 2 else []


def perceptron_plane(w, w0: float, activation: str, x_range, y_range, n: int = 80) -> torch.Tensor:
    """y-hat over an n x n grid (top row = largest x2), for colouring the input plane."""
    pts = grid(x_range, y_range, n).double()
    z = w0 + pts @ torch.as_tensor(w, dtype=torch.float64)
    return ACTIVATION_FNS[activation](z).reshape(n, n)


# The MLP -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MLPConfig:
    n_in: int = 2                    # input features
    hidden: tuple = (3,)             # width of each hidden layer; () is a single perceptron
    activation: str = "sigmoid"      # sigmoid | tanh | relu | linear, for every hidden layer
    dropout: float = 0.0             # nn.Dropout after each hidden activation (0 = none)
    n_out: int = 1                   # outputs; the last layer is linear (logits or values)
    mean: tuple = field(default=())  # optional input standardisation (x - mean) / std,
    std: tuple = field(default=())   # held in buffers: data preprocessing, not parameters


class Standardize(nn.Module):
    """(x - mean) / std with fixed buffers: puts raw features on a scale the network trains well on."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))

    def forward(self, x):
        return (x - self.mean) / self.std


def build_mlp(cfg: MLPConfig, seed: int = 0) -> nn.Sequential:
    """nn.Sequential of Linear / activation (/ Dropout) layers with seeded PyTorch-default init."""
    if cfg.activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {cfg.activation!r}")
    layers: list[nn.Module] = []
    if cfg.mean:
        layers.append(Standardize(cfg.mean, cfg.std))
    widths = [cfg.n_in, *cfg.hidden]
    for a, b in zip(widths[:-1], widths[1:]):
        layers += [_linear(a, b), ACTIVATIONS[cfg.activation]()]
        if cfg.dropout > 0:
            layers.append(nn.Dropout(cfg.dropout))
    layers.append(_linear(widths[-1], cfg.n_out))
    model = nn.Sequential(*layers)
    init_weights(model, seed)
    return model


def _linear(a: int, b: int) -> nn.Linear:
    """nn.Linear without its default init, which would draw from the global RNG (init_weights fills it)."""
    return torch.nn.utils.skip_init(nn.Linear, a, b)


def init_weights(model: nn.Module, seed: int) -> None:
    """PyTorch's default nn.Linear init, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), from a private generator.

    A private generator keeps a seed's weights identical even while other sessions (threads)
    draw from the global RNG.
    """
    g = torch.Generator().manual_seed(int(seed))
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Linear):
                bound = 1 / math.sqrt(m.in_features)
                m.weight.uniform_(-bound, bound, generator=g)
                m.bias.uniform_(-bound, bound, generator=g)


def linear_layers(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def count_parameters(model: nn.Module) -> int:
    """Trainable numbers: for Linear(m, n), m*n weights plus n biases."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def mlp_parameter_count(widths) -> int:
    """Parameters of a dense network with these layer widths, e.g. [2, 3, 1] -> 13."""
    return sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))


@torch.no_grad()
def hidden_outputs(model: nn.Sequential, X: torch.Tensor) -> list[torch.Tensor]:
    """Each hidden layer's activations (n, width), in eval mode: what every neuron computes."""
    was_training = model.training
    model.eval()
    outs, h = [], X
    for layer in model:
        h = layer(h)
        if isinstance(layer, tuple(ACTIVATIONS.values())):
            outs.append(h)
    model.train(was_training)
    return outs


@torch.no_grad()
def predict(model: nn.Module, X: torch.Tensor, task: str = "classification") -> torch.Tensor:
    """Model output in eval mode: P(y = 1) for classification, the value for regression."""
    was_training = model.training
    model.eval()
    out = model(X).squeeze(-1)
    model.train(was_training)
    return torch.sigmoid(out) if task == "classification" else out


def grid(x_range, y_range, n: int) -> torch.Tensor:
    """An n x n grid of points covering the box, row-major with y descending (image order)."""
    xs = torch.linspace(x_range[0], x_range[1], n)
    ys = torch.linspace(y_range[1], y_range[0], n)
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([xx.reshape(-1), yy.reshape(-1)], 1)


def predict_grid(model: nn.Module, x_range, y_range, n: int = 100) -> torch.Tensor:
    """P(y = 1) on an n x n grid as an (n, n) tensor, top row = largest y (ready to draw)."""
    return predict(model, grid(x_range, y_range, n)).reshape(n, n)


def lecture_preset(model: nn.Sequential, x, target: float = 0.1) -> None:
    """Set the output bias so the untrained network predicts exactly `target` at x.

    The lecture's untrained network predicts 0.1 for you at (4, 5); with any hidden weights,
    b2 = logit(target) - W2 . h(x) makes that so.
    """
    last = linear_layers(model)[-1]
    with torch.no_grad():
        X = torch.as_tensor([x], dtype=torch.float32)
        h = model[:-1](X) if len(model) > 1 else X
        logit = math.log(target / (1 - target))
        last.bias.copy_(torch.tensor([logit], dtype=torch.float32) - (h @ last.weight.T).reshape(-1)[:1])

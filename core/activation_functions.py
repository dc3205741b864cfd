"""Activation functions g(z) with their slopes g'(z), and why a network needs them.

Slopes come from autograd; the slide's closed forms sit beside them so that a test can compare the two.
"""

from dataclasses import dataclass
import math
from collections.abc import Callable

import pandas as pd
import torch
import torch.nn.functional as F

import core  # noqa: F401  (sets the thread count)
from core import data, vocabulary
from core.models import ACTIVATIONS as MODULES, MLPConfig, build_mlp, decision_segment, linear_layers, predict_grid
from core.trainer import TrainConfig, Trainer

LEAKY_SLOPE = 0.1  # leaky ReLU's slope for z < 0 (PyTorch's default is 0.01, too flat to see on a chart)


@dataclass(frozen=True)
class Activation:
    label: str
    fn: Callable[[torch.Tensor], torch.Tensor]
    slope: Callable[[torch.Tensor], torch.Tensor]  # closed-form g'(z), the slide's table
    g_tex: str
    slope_tex: str
    torch_call: str          # what a learner writes in PyTorch, with the input named z
    in_lecture: bool = True  # False: nnlab's addition, marked "beyond the lecture"


def _phi(z):  # standard normal density, for GELU's slope
    return torch.exp(-z * z / 2) / math.sqrt(2 * math.pi)


_label = vocabulary.ACTIVATIONS.label  # names and labels are core.vocabulary's
ACTIVATIONS = {
    "sigmoid": Activation(_label("sigmoid"), torch.sigmoid, lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z)),
                          r"\sigma(z) = \frac{1}{1 + e^{-z}}", r"g(z)\,(1 - g(z))", "torch.sigmoid(z)"),
    "tanh": Activation(_label("tanh"), torch.tanh, lambda z: 1 - torch.tanh(z) ** 2,
                       r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", r"1 - g(z)^2", "torch.tanh(z)"),
    "relu": Activation(_label("relu"), torch.relu, lambda z: (z > 0).to(z.dtype),
                       r"\max(0, z)", r"1 \text{ if } z > 0 \text{, else } 0", "torch.relu(z)"),
    "linear": Activation(_label("linear"), lambda z: z, torch.ones_like, r"z", r"1", "z", in_lecture=False),
    "leaky_relu": Activation(_label("leaky_relu"), lambda z: F.leaky_relu(z, LEAKY_SLOPE),
                             lambda z: torch.where(z > 0, 1.0, torch.full_like(z, LEAKY_SLOPE)),
                             rf"\max({LEAKY_SLOPE:g}z,\ z)", rf"1 \text{{ if }} z > 0 \text{{, else }} {LEAKY_SLOPE:g}",
                             f"F.leaky_relu(z, {LEAKY_SLOPE:g})", in_lecture=False),
    "gelu": Activation(_label("gelu"), F.gelu, lambda z: 0.5 * (1 + torch.erf(z / math.sqrt(2))) + z * _phi(z),
                       r"z\,\Phi(z)", r"\Phi(z) + z\,\varphi(z)", "F.gelu(z)", in_lecture=False),
}
LECTURE = [k for k, a in ACTIVATIONS.items() if a.in_lecture]
BEYOND = [k for k, a in ACTIVATIONS.items() if not a.in_lecture]


def values(name: str, z) -> tuple[torch.Tensor, torch.Tensor]:
    """(g(z), g'(z)) elementwise in float64, the slope by autograd."""
    z = torch.as_tensor(z, dtype=torch.float64).detach().clone().requires_grad_(True)
    g = ACTIVATIONS[name].fn(z)
    (slope,) = torch.autograd.grad(g.sum(), z)  # each g_i depends on z_i alone, so this is g'(z_i)
    return g.detach(), slope


def slope_formula(name: str, z) -> torch.Tensor:
    """g'(z) from the closed form in the slide's table (no autograd)."""
    return ACTIVATIONS[name].slope(torch.as_tensor(z, dtype=torch.float64))


def curves(name: str, x_range=(-6.0, 6.0), bias: float = 0.0, weight: float = 1.0, n: int = 241) -> pd.DataFrame:
    """One neuron with one input: z = weight * x + bias, columns x, z, g = g(z), dg = g'(z) (autograd)."""
    x = torch.linspace(x_range[0], x_range[1], n, dtype=torch.float64)
    z = weight * x + bias
    g, dg = values(name, z)
    return pd.DataFrame({"x": x.numpy(), "z": z.numpy(), "g": g.numpy(), "dg": dg.numpy()})


def at_point(name: str, x: float, bias: float = 0.0, weight: float = 1.0) -> dict:
    """The neuron at one input x: z, g(z), g'(z) by autograd and by the slide's formula."""
    z = weight * x + bias
    g, dg = values(name, [z])
    return {"z": z, "g": g.item(), "dg": dg.item(), "dg_formula": slope_formula(name, [z]).item()}


def centre(bias: float, weight: float) -> float | None:
    """The input x where z = 0 (sigmoid's midpoint, tanh's zero, ReLU's kink): x = -bias / weight."""
    return None if weight == 0 else -bias / weight + 0.0  # + 0.0 turns -0.0 into 0.0


# Why nonlinearity: stacked linear layers are one linear map ------------------------------
def linear_collapse(depth: int, width: int, seed: int = 0, x=(-1.0, 2.0)) -> dict:
    """A stack of `depth` hidden linear layers (no bias, no activation) from 2 inputs to 1 output.

    Each W⁽ᵏ⁾ is inputs x units, as in nnlab's notation, and a layer computes h W⁽ᵏ⁾ (a row vector times the
    matrix). Returns the matrices W⁽¹⁾ ... W⁽ᴸ⁾, their product M = W⁽¹⁾ ... W⁽ᴸ⁾ (2 x 1), the output computed
    layer by layer, the output x M, their difference (rounding only), the same stack's output with ReLU between
    the layers at x and at -x, and whether that ReLU stack is still one linear map (it is only when its ReLUs
    switch off in a way that leaves a linear function, which random weights make rare).
    """
    g = torch.Generator().manual_seed(int(seed))
    widths = [2] + [int(width)] * int(depth) + [1]
    mats = [torch.randn(a, b, generator=g, dtype=torch.float64) / math.sqrt(a) for a, b in zip(widths, widths[1:])]
    x = torch.as_tensor(x, dtype=torch.float64)
    h, product = x, torch.eye(2, dtype=torch.float64)
    for W in mats:
        h, product = h @ W, product @ W           # (x W1) W2 layer by layer; W1 W2 as one matrix

    def relu_stack(v: torch.Tensor) -> float:
        for i, W in enumerate(mats):
            v = v @ W
            if i < len(mats) - 1:
                v = torch.relu(v)
        return v.item()

    out_layers, out_product = h.item(), (x @ product).item()
    # A linear map f(v) = v M is fixed by f(e1) and f(e2): test the ReLU stack against the map they fix.
    eye = torch.eye(2, dtype=torch.float64)
    m_relu = torch.tensor([relu_stack(eye[0]), relu_stack(eye[1])], dtype=torch.float64)
    probes = [x, -x, -eye[0], -eye[1], eye[0] - eye[1]]
    relu_linear = all(math.isclose(relu_stack(v), (v @ m_relu).item(), rel_tol=1e-9, abs_tol=1e-12) for v in probes)
    return {"mats": mats, "product": product, "x": x, "out_layers": out_layers, "out_product": out_product,
            "difference": abs(out_layers - out_product), "out_relu": relu_stack(x), "out_relu_neg": relu_stack(-x),
            "relu_linear": relu_linear, "n_weights": sum(W.numel() for W in mats)}


def collapse_model(model: torch.nn.Module) -> tuple[torch.Tensor, float]:
    """A network of Linear layers with no nonlinearity as the one affine map it is: (w, b) with out = w . x + b."""
    w = torch.eye(linear_layers(model)[0].in_features, dtype=torch.float64)
    b = torch.zeros(w.shape[0], dtype=torch.float64)
    for layer in linear_layers(model):  # W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)
        W, c = layer.weight.detach().double(), layer.bias.detach().double()
        w, b = W @ w, W @ b + c
    return w.reshape(-1), b.item()


# Why nonlinearity: the same network with and without g -----------------------------------
_NONLINEAR = tuple(m for k, m in MODULES.items() if k != "linear")
PLANE = (-6.0, 6.0)  # the shapes of core.data live in this square
N_POINTS, NOISE = 200, 0.1


@dataclass(frozen=True)
class PairSettings:
    data: str = "circles"       # a shape from core.data.SHAPES
    depth: int = 2              # hidden layers
    width: int = 8              # units per hidden layer
    activation: str = "relu"    # the nonlinear network's g; the other network uses none
    seed: int = 0               # data, initial weights
    steps: int = 300            # full-batch Adam steps
    lr: float = 0.03


def dataset(s: PairSettings) -> data.Dataset:
    """The points both networks learn: N_POINTS of a shape, seeded."""
    return data.make(s.data, N_POINTS, NOISE, s.seed)


def pair_trainers(s: PairSettings) -> dict[str, Trainer]:
    """Two untrained networks of the same shape and seed, one linear and one with s.activation."""
    ds = dataset(s)
    cfg = TrainConfig(loss="bce", optimizer="adam", lr=s.lr, batch_size=len(ds), eval_every=25, seed=s.seed,
                      engine="fast")
    out = {}
    for act in ("linear", s.activation):
        out[act] = Trainer(build_mlp(MLPConfig(hidden=(s.width,) * s.depth, activation=act), s.seed), ds, None, cfg)
    return out


def train_pair(trainers: dict[str, Trainer], steps: int, on_progress=None, every: int = 2) -> None:
    """Train the networks side by side, `every` steps each in turn, calling on_progress(trainers)."""
    done = 0
    while done < steps:
        n = min(every, steps - done)
        for t in trainers.values():
            t.run(n)
        done += n
        if on_progress:
            on_progress(trainers)


def snapshot(t: Trainer, n: int = 80) -> dict:
    """What the page draws of one network: P(y = 1) on an n x n grid, accuracy, loss, step and its straight
    line when it is linear (the line its collapsed affine map draws)."""
    last = t.rows[-1]
    out = {"prob": predict_grid(t.model, PLANE, PLANE, n).numpy(), "acc": last["train_acc"],
           "loss": last["train_loss"], "step": t.step, "line": None, "map": None}
    if not any(isinstance(m, _NONLINEAR) for m in t.model.modules()):
        w, b = collapse_model(t.model)
        out["map"] = (w.tolist(), b)
        out["line"] = decision_segment(w.tolist(), b, PLANE, PLANE)
    return out


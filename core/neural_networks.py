"""From neurons to networks: the lecture's dense layer written from scratch, the same layer as a
built-in nn.Linear (copying its weights needs a transpose), and one input walked through a deep
nn.Sequential layer by layer.

Orientation, the one thing to keep straight:
  * the lecture (and MyDenseLayer) stores W as (inputs, outputs) and computes x @ W + b, so the
    weight w_{j,i} joins input j to unit i;
  * nn.Linear stores weight as (out_features, in_features) and computes x @ weight.T + bias.
  So weight = W.T and bias = b, and every W^(k) reported here is in the lecture's orientation.
"""

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd
import torch
from torch import nn

import core  # noqa: F401  (sets the thread count)
from core.models import MLPConfig, build_mlp, init_weights, linear_layers, mlp_parameter_count

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
COPY_MODES = ("transpose", "plain", "none")   # weight = W.T (right) | weight = W (the bug) | no copy


def sup(k: int) -> str:
    """The layer index as the lecture writes it: 2 -> ⁽²⁾."""
    return f"⁽{str(k).translate(SUPERSCRIPT)}⁾"


def sub(i: int) -> str:
    return str(i).translate(SUBSCRIPT)


def example_input(m: int) -> torch.Tensor:
    """One input of m features, [[1, 2, ..., m]]: Lab 1's [[1, 2.]] when m = 2."""
    return torch.arange(1, m + 1, dtype=torch.float32).reshape(1, m)


# One dense layer, from scratch and built in -------------------------------------------------
class MyDenseLayer(nn.Module):
    """The lecture's dense layer (PyTorch slide): W is (input_dim, output_dim); y = sigmoid(x @ W + b)."""

    def __init__(self, input_dim: int, output_dim: int, seed: int = 0):
        super().__init__()
        # Initialize weights and bias: torch.randn as on the slide, drawn from a private seeded
        # generator so the same seed always gives the same layer.
        g = torch.Generator().manual_seed(int(seed))
        self.W = nn.Parameter(torch.randn(input_dim, output_dim, generator=g))
        self.b = nn.Parameter(torch.randn(1, output_dim, generator=g))

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        z = torch.matmul(inputs, self.W) + self.b   # forward propagate the inputs
        return torch.sigmoid(z)                     # feed through a nonlinear activation


def copy_to_linear(layer: MyDenseLayer, mode: str = "transpose", seed: int = 0) -> nn.Linear:
    """An nn.Linear holding the layer's weights: weight = W.T, bias = b (mode "transpose").

    mode "plain" copies W without the transpose (the classic bug: a shape error unless the layer is
    square, and then silently wrong numbers); "none" keeps nn.Linear's own seeded default init.
    """
    if mode not in COPY_MODES:
        raise ValueError(f"unknown copy mode {mode!r}")
    m, n = layer.W.shape
    linear = nn.Linear(in_features=m, out_features=n)
    init_weights(linear, seed)
    if mode != "none":
        with torch.no_grad():
            linear.weight.copy_(layer.W.T if mode == "transpose" else layer.W)   # (n, m) <- (m, n).T
            linear.bias.copy_(layer.b.squeeze(0))                                # (n,) <- (1, n)
    return linear


@dataclass(frozen=True)
class DenseComparison:
    """One dense layer computed two ways on the same input x (all arrays are numpy)."""

    x: np.ndarray            # (1, m)
    W: np.ndarray            # (m, n): MyDenseLayer.W, the lecture's orientation
    b: np.ndarray            # (1, n)
    z: np.ndarray            # (1, n): x @ W + b, before the sigmoid
    y_scratch: np.ndarray    # (1, n): MyDenseLayer(x)
    weight: np.ndarray       # (n, m): nn.Linear.weight after the copy (or its own init)
    bias: np.ndarray         # (n,)
    y_linear: np.ndarray | None   # (1, n): sigmoid(nn.Linear(x)); None if the copy failed
    error: str | None        # PyTorch's message when the copy failed
    n_params: int            # m * n + n

    @property
    def max_diff(self) -> float | None:
        return None if self.y_linear is None else float(np.abs(self.y_scratch - self.y_linear).max())

    def terms(self, i: int) -> dict:
        """Output unit i (1-based) as the lecture's sum: z_i = w_0,i + sum_j x_j w_j,i."""
        return {"w0": float(self.b[0, i - 1]), "inputs": self.x[0].tolist(), "weights": self.W[:, i - 1].tolist(),
                "z": float(self.z[0, i - 1])}


@torch.no_grad()
def compare_dense(m: int, n: int, seed: int = 0, mode: str = "transpose") -> DenseComparison:
    """MyDenseLayer(m, n) beside an nn.Linear(m, n) filled by copy_to_linear, on x = [[1, ..., m]]."""
    layer = MyDenseLayer(m, n, seed)
    x = example_input(m)
    error, y_linear = None, None
    try:
        linear = copy_to_linear(layer, mode, seed)
        y_linear = torch.sigmoid(linear(x)).numpy()
    except RuntimeError as e:   # only mode "plain" with m != n gets here
        error = str(e)
        linear = copy_to_linear(layer, "none", seed)
    return DenseComparison(x=x.numpy(), W=layer.W.numpy().copy(), b=layer.b.numpy().copy(),
                           z=(x @ layer.W + layer.b).numpy(), y_scratch=layer(x).numpy(),
                           weight=linear.weight.numpy().copy(), bias=linear.bias.numpy().copy(),
                           y_linear=y_linear, error=error, n_params=sum(p.numel() for p in linear.parameters()))


# A deep network, layer by layer -------------------------------------------------------------
def network(widths, activation: str = "relu", seed: int = 0) -> nn.Sequential:
    """nn.Sequential(Linear, g, Linear, g, ..., Linear) for widths [m, n1, ..., n_out], seeded init."""
    widths = [int(w) for w in widths]
    if len(widths) < 2 or min(widths) < 1:
        raise ValueError(f"need at least an input and an output width >= 1, got {widths}")
    cfg = MLPConfig(n_in=widths[0], hidden=tuple(widths[1:-1]), activation=activation, n_out=widths[-1])
    return build_mlp(cfg, seed)


def layer_names(widths) -> list[str]:
    """How the lecture names each layer: input x, hidden layer 1, ..., output ŷ."""
    return ["input x", *[f"hidden {k}" for k in range(1, len(widths) - 1)], "output ŷ"]


@torch.no_grad()
def layer_walk(widths, activation: str = "relu", seed: int = 0, x: torch.Tensor | None = None) -> pd.DataFrame:
    """Pass one input through every module of the network: one row per stage, one column per unit.

    Rows: x, then z⁽ᵏ⁾ after each nn.Linear and g(z⁽ᵏ⁾) after each activation; the last nn.Linear
    gives ŷ (linear, as in the slide's nn.Sequential code). Units past a layer's width are NaN.
    """
    model = network(widths, activation, seed)
    h = example_input(widths[0]) if x is None else torch.as_tensor(x, dtype=torch.float32).reshape(1, -1)
    n_lin = len(linear_layers(model))
    rows, k = [("x", "input", tuple(h.shape), h[0].tolist())], 0
    for module in model:
        h = module(h)
        if isinstance(module, nn.Linear):
            k += 1
            name = f"ŷ = z{sup(k)}" if k == n_lin else f"z{sup(k)}"
            call = f"nn.Linear({module.in_features}, {module.out_features})"
        else:
            name, call = f"g(z{sup(k)})", f"nn.{type(module).__name__}()"
        rows.append((name, call, tuple(h.shape), h[0].tolist()))
    width = max(len(r[3]) for r in rows)
    table = pd.DataFrame([[n, c, str(s), *v, *[np.nan] * (width - len(v))] for n, c, s, v in rows],
                         columns=["value", "PyTorch module", "shape", *[str(i) for i in range(1, width + 1)]])
    return table


def layer_shapes(widths) -> pd.DataFrame:
    """Every weight matrix: W⁽ᵏ⁾ in the lecture's (inputs × units) orientation, nn.Linear's weight,
    the bias and the parameter count m·n + n."""
    names = layer_names(widths)
    rows = []
    for k, (a, b) in enumerate(pairwise(widths), 1):
        rows.append({"matrix": f"W{sup(k)}", "connects": f"{names[k - 1]} ({a}) → {names[k]} ({b})",
                     "W shape (inputs × units)": f"{a} × {b}", "nn.Linear weight shape": f"{b} × {a}",
                     "bias w₀ shape": f"{b}", "parameters": a * b + b})
    return pd.DataFrame(rows)


def parameter_formula(widths) -> str:
    """The count written out, layer by layer: [2, 3, 1] -> "(2·3 + 3) + (3·1 + 1) = 13"."""
    terms = " + ".join(f"({a}·{b} + {b})" for a, b in pairwise(widths))
    return f"{terms} = {mlp_parameter_count(widths)}"


@dataclass(frozen=True)
class DeepNet:
    """A seeded network and one input walked through it (numpy arrays, ready to draw)."""

    widths: tuple
    weights: list        # W⁽ᵏ⁾ as (n_{k-1}, n_k) arrays: the lecture's orientation, = linear.weight.T
    biases: list         # w₀⁽ᵏ⁾ as (n_k,) arrays
    values: list         # what each layer outputs for x: x, g(z⁽¹⁾), ..., ŷ, as (n_k,) arrays
    walk: pd.DataFrame   # layer_walk(widths, ...)
    n_params: int


def deep_network(widths, activation: str = "relu", seed: int = 0) -> DeepNet:
    """Build the network for these widths and walk x = [[1, ..., m]] through it."""
    widths = tuple(int(w) for w in widths)
    model = network(widths, activation, seed)
    lin = linear_layers(model)
    walk = layer_walk(widths, activation, seed)
    units = [str(i) for i in range(1, walk.shape[1] - 2)]
    # Layer outputs: the input row, each g(z) row, and the final ŷ row.
    keep = [0] + [r for r in range(1, len(walk)) if walk["value"][r].startswith(("g(", "ŷ"))]
    values = [walk.loc[r, units].to_numpy(dtype=float)[:w] for r, w in zip(keep, widths)]
    return DeepNet(widths=widths, weights=[m.weight.detach().T.numpy().copy() for m in lin],
                   biases=[m.bias.detach().numpy().copy() for m in lin], values=values, walk=walk,
                   n_params=sum(p.numel() for p in model.parameters()))


def unit_terms(net: DeepNet, k: int, i: int) -> dict:
    """The lecture's sum for unit i of layer k: z = w₀,ᵢ + Σⱼ aⱼ wⱼ,ᵢ, with aⱼ the previous layer's outputs."""
    a = net.values[k - 1]
    w = net.weights[k - 1][:, i - 1]
    w0 = float(net.biases[k - 1][i - 1])
    return {"w0": w0, "inputs": a.tolist(), "weights": w.tolist(), "z": w0 + float(a @ w)}

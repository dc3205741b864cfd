"""Backpropagation: the lecture's smallest network x -(w1)-> z1 -(w2)-> y-hat -> J, its chain rule written
out by hand in float64 (what the lecture builds from scratch), checked against PyTorch autograd and central
finite differences; then every weight's gradient of a deeper MLP, in the order autograd computes it.

The deeper MLP is written in nnlab's notation: W(k) is n_(k-1) x n_k (inputs x units), z(k) = w0(k) + a(k-1)^T W(k).
nn.Linear stores the transpose (weight = W(k)^T), so its weight.grad is (dJ/dW(k))^T.

Names, precisely (no biases, as on the slide):
  z1 = w1 * x        the hidden neuron's pre-activation      a1 = g1(z1)   its output
  z2 = w2 * a1       the output neuron's pre-activation      y_hat = g2(z2)
  J  = 1/2 (y_hat - y)^2   or   -[y ln y_hat + (1 - y) ln(1 - y_hat)]   (binary cross-entropy)
The lecture's chain rule:
  dJ/dw2 = dJ/dy_hat * dy_hat/dw2                  dy_hat/dw2 = g2'(z2) * a1
  dJ/dw1 = dJ/dy_hat * dy_hat/dz1 * dz1/dw1        dy_hat/dz1 = g2'(z2) * w2 * g1'(z1),  dz1/dw1 = x
"""

from dataclasses import dataclass
import math

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

import core  # noqa: F401  (sets the thread count)
from core.models import MLPConfig, build_mlp, linear_layers

ACTIVATIONS = ("sigmoid", "tanh", "relu")
LOSSES = ("mse", "bce")            # 1/2 squared error (nnlab's convention), binary cross-entropy
WEIGHT_RANGE = (-5.0, 5.0)         # the page's weight sliders; a gradient step is clipped to it
FD_STEP = 1e-6                     # h of the central difference (J(w + h) - J(w - h)) / 2h
RTOL, ATOL = 1e-6, 1e-8            # "the same number" for chain rule, autograd and finite differences
BCE_EPS = 1e-12                    # PyTorch's binary_cross_entropy backward divides by max(y_hat (1 - y_hat), this)
_TORCH_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}

# nnlab's chosen example; the lecture gives no numbers for this network.
REFERENCE = {"x": 2.0, "y": 1.0, "w1": 0.5, "w2": -1.5, "act": "sigmoid", "out": "sigmoid", "loss": "mse"}


# The activation functions and losses, by hand ------------------------------------------------------------
def g(name: str, z: float) -> float:
    """g(z) in float64."""
    if name == "sigmoid":
        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))  # no overflow either way
    if name == "tanh":
        return math.tanh(z)
    if name == "relu":
        return max(0.0, z)
    raise ValueError(f"unknown activation {name!r}")


def g_prime(name: str, z: float) -> float:
    """g'(z) from the slide's table: g(1 - g), 1 - g^2, and 1 if z > 0 else 0 (PyTorch's choice at 0 too)."""
    if name == "sigmoid":
        s = g(name, z)
        return s * (1 - s)
    if name == "tanh":
        return 1 - math.tanh(z) ** 2
    if name == "relu":
        return 1.0 if z > 0 else 0.0
    raise ValueError(f"unknown activation {name!r}")


def loss_problem(loss: str, y_hat: float) -> str | None:
    """Why J cannot be computed at this y_hat, or None. BCE takes logs of y_hat and 1 - y_hat."""
    if loss == "bce" and not 0 < y_hat < 1:
        return (f"binary cross-entropy needs a probability 0 < ŷ < 1, but ŷ = {y_hat:.10g}: ln ŷ or ln(1 − ŷ) "
                "is not a number")
    return None


def loss_value(loss: str, y_hat: float, y: float) -> float:
    """J for one example; nan where it is undefined."""
    if loss == "mse":
        return 0.5 * (y_hat - y) ** 2
    if loss == "bce":
        if loss_problem(loss, y_hat):
            return math.nan
        return -(y * math.log(y_hat) + (1 - y) * math.log(1 - y_hat))
    raise ValueError(f"unknown loss {loss!r}")


def loss_slope(loss: str, y_hat: float, y: float) -> float:
    """dJ/dy_hat: y_hat - y for 1/2 squared error; -y/y_hat + (1 - y)/(1 - y_hat) for BCE."""
    if loss == "mse":
        return y_hat - y
    if loss_problem(loss, y_hat):
        return math.nan
    return -y / y_hat + (1 - y) / (1 - y_hat)


# The lecture's network, by hand -----------------------------------------------------------------------
@dataclass(frozen=True)
class Chain:
    """Forward values, local derivatives and the two chain-rule products of x -(w1)-> z1 -(w2)-> y_hat -> J."""

    x: float
    y: float
    w1: float
    w2: float
    act: str
    out: str
    loss: str
    z1: float             # w1 x
    a1: float             # g1(z1), the hidden neuron's output
    z2: float             # w2 a1
    y_hat: float          # g2(z2)
    J: float
    dJ_dyhat: float       # the loss's slope
    dyhat_dz2: float      # g2'(z2)
    da1_dz1: float        # g1'(z1)
    dyhat_dw2: float      # g2'(z2) a1
    dyhat_dz1: float      # g2'(z2) w2 g1'(z1)
    dz1_dw1: float        # x
    dJ_dz1: float         # dJ/dy_hat * dy_hat/dz1: the gradient arriving at the hidden neuron
    dJ_dw2: float
    dJ_dw1: float
    problem: str | None   # why J (and so the gradient) is undefined, or None

    @property
    def ok(self) -> bool:
        return self.problem is None and all(math.isfinite(v) for v in (self.J, self.dJ_dw1, self.dJ_dw2))


def forward(x, w1, w2, act="sigmoid", out="sigmoid") -> tuple[float, float, float, float]:
    """(z1, a1, z2, y_hat)."""
    z1 = w1 * x
    a1 = g(act, z1)
    z2 = w2 * a1
    return z1, a1, z2, g(out, z2)


def chain_rule(x: float, y: float, w1: float, w2: float, act: str = "sigmoid", out: str = "sigmoid",
               loss: str = "mse") -> Chain:
    """The forward pass, then the lecture's chain rule, factor by factor (plain float64 arithmetic)."""
    x, y, w1, w2 = float(x), float(y), float(w1), float(w2)
    z1, a1, z2, y_hat = forward(x, w1, w2, act, out)
    problem = loss_problem(loss, y_hat)
    J, dJ_dyhat = loss_value(loss, y_hat, y), loss_slope(loss, y_hat, y)
    dyhat_dz2, da1_dz1 = g_prime(out, z2), g_prime(act, z1)
    dyhat_dw2 = dyhat_dz2 * a1                  # y_hat depends on w2 through z2 = w2 a1
    dyhat_dz1 = dyhat_dz2 * w2 * da1_dz1        # ... and on z1 through a1 = g1(z1), then z2 = w2 a1
    dz1_dw1 = x                                 # z1 = w1 x
    if problem is None and loss == "bce" and not math.isfinite(dJ_dyhat * dyhat_dz2):
        problem = f"ŷ = {y_hat:.17g} is so close to 0 or 1 that ∂J/∂ŷ overflows float64"
    return Chain(x, y, w1, w2, act, out, loss, z1, a1, z2, y_hat, J, dJ_dyhat, dyhat_dz2, da1_dz1, dyhat_dw2,
                 dyhat_dz1, dz1_dw1, dJ_dz1=dJ_dyhat * dyhat_dz1, dJ_dw2=dJ_dyhat * dyhat_dw2,
                 dJ_dw1=dJ_dyhat * dyhat_dz1 * dz1_dw1, problem=problem)


def loss_at(x, y, w1, w2, act="sigmoid", out="sigmoid", loss="mse") -> float:
    """J(w1, w2) for one example: the forward pass only."""
    return loss_value(loss, forward(x, w1, w2, act, out)[3], y)


def finite_differences(x, y, w1, w2, act="sigmoid", out="sigmoid", loss="mse", h: float = FD_STEP) -> dict:
    """dJ/dw1 and dJ/dw2 by central differences (J(w + h) - J(w - h)) / 2h: no derivative rules at all."""
    J = lambda a, b: loss_at(x, y, a, b, act, out, loss)
    return {"dJ_dw1": (J(w1 + h, w2) - J(w1 - h, w2)) / (2 * h),
            "dJ_dw2": (J(w1, w2 + h) - J(w1, w2 - h)) / (2 * h)}


def autograd(x, y, w1, w2, act="sigmoid", out="sigmoid", loss="mse") -> dict:
    """J, dJ/dw1 and dJ/dw2 from PyTorch: the same network in float64 tensors, then J.backward()."""
    w = torch.tensor([w1, w2], dtype=torch.float64, requires_grad=True)
    xt, yt = torch.tensor(float(x), dtype=torch.float64), torch.tensor(float(y), dtype=torch.float64)
    y_hat = _TORCH_ACT[out](w[1] * _TORCH_ACT[act](w[0] * xt))
    if loss_problem(loss, y_hat.item()):
        return {"J": math.nan, "dJ_dw1": math.nan, "dJ_dw2": math.nan}
    J = 0.5 * F.mse_loss(y_hat, yt) if loss == "mse" else F.binary_cross_entropy(y_hat, yt)
    J.backward()
    return {"J": J.item(), "dJ_dw1": w.grad[0].item(), "dJ_dw2": w.grad[1].item()}


def compare(c: Chain) -> pd.DataFrame:
    """dJ/dw2 and dJ/dw1 three ways: the chain rule by hand, autograd, central differences; and whether they agree
    (rtol 1e-6). They can disagree only where J has no derivative (ReLU's kink) or float64 runs out of digits."""
    ag = autograd(c.x, c.y, c.w1, c.w2, c.act, c.out, c.loss)
    fd = finite_differences(c.x, c.y, c.w1, c.w2, c.act, c.out, c.loss)
    rows = []
    for name, key in (("∂J/∂w₂", "dJ_dw2"), ("∂J/∂w₁", "dJ_dw1")):
        vals = [getattr(c, key) + 0.0, ag[key] + 0.0, fd[key] + 0.0]  # + 0.0: a zero gradient shows as 0, not -0
        agree = bool(np.all(np.isfinite(vals))) and bool(np.allclose(vals, vals[0], rtol=RTOL, atol=ATOL))
        rows.append({"gradient": name, "chain rule (by hand)": vals[0], "autograd": vals[1],
                     "finite differences": vals[2], "agree": agree})
    return pd.DataFrame(rows)


def at_kink(c: Chain) -> bool:
    """True where ReLU is at its kink (z = 0), so J has no derivative there and the three methods may differ."""
    return (c.act == "relu" and c.z1 == 0) or (c.out == "relu" and c.z2 == 0)


def why_they_differ(c: Chain, table: pd.DataFrame | None = None) -> str | None:
    """Why chain rule, autograd and finite differences disagree here (None if they agree)."""
    table = compare(c) if table is None else table
    if table["agree"].all() or not c.ok:
        return None
    if at_kink(c):
        return ("ReLU is at its kink (z = 0), where it has no derivative: PyTorch and the slide take slope 0 there, "
                "while finite differences average the slopes on either side")
    autograd_off = not np.allclose(table["autograd"], table["chain rule (by hand)"], rtol=RTOL, atol=ATOL)
    if autograd_off and c.loss == "bce" and c.y_hat * (1 - c.y_hat) < BCE_EPS:
        return (f"ŷ = {c.y_hat:.16g} is within 10⁻¹² of 0 or 1, and PyTorch's binary_cross_entropy divides by "
                "max(ŷ(1 − ŷ), 10⁻¹²) in its backward pass, so autograd's gradient is off here (PyTorch's remedy, "
                "F.binary_cross_entropy_with_logits, is beyond the lecture)")
    return (f"a neuron is saturated (a₁ = {c.a1:.6g}, ŷ = {c.y_hat:.6g}) and float64 keeps only about 16 significant "
            "digits: finite differences subtract two losses that agree in nearly all of them, so they lose accuracy "
            "first. Move the weights towards 0 and the three agree again")


def gradient_step(c: Chain, lr: float, bounds=WEIGHT_RANGE) -> dict:
    """One step of gradient descent, w <- w - lr dJ/dw, on w1 and w2 (clipped to the sliders' range).

    Returns the new weights, J before and after, the change, and which weights were clipped.
    """
    lo, hi = bounds
    raw = {"w1": c.w1 - lr * c.dJ_dw1, "w2": c.w2 - lr * c.dJ_dw2}
    new = {k: min(hi, max(lo, v)) for k, v in raw.items()}
    after = loss_at(c.x, c.y, new["w1"], new["w2"], c.act, c.out, c.loss)
    return {**new, "lr": lr, "J_before": c.J, "J_after": after, "change": after - c.J,
            "clipped": [k for k in raw if raw[k] != new[k]]}


# A deeper network: every weight's gradient by autograd, in backward order ----------------------------------
@dataclass(frozen=True)
class DeepBackprop:
    widths: tuple                # (1, hidden..., 1)
    y_hat: float
    J: float
    problem: str | None
    events: pd.DataFrame         # order, what, layer, values: what autograd computed, in the order it did
    #                              (dJ/dW(k) as nnlab writes it, inputs x units, flattened row by row)
    params: pd.DataFrame         # layer, name, value, grad, order: every weight and bias, output layer first
    layers: pd.DataFrame         # layer, label, weights, grad_norm, delta_norm, order
    hand_max_diff: float         # the same gradients by the hand recursion, largest |difference| from autograd


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sup(k: int) -> str:
    return f"⁽{str(k).translate(_SUP)}⁾"


def deep_model(depth: int, width: int, act: str, seed: int) -> nn.Sequential:
    """1 input -> depth hidden layers of `width` units -> 1 output, seeded default init, in float64."""
    return build_mlp(MLPConfig(n_in=1, hidden=(int(width),) * int(depth), activation=act), seed).double()


def deep_backprop(x: float, y: float, depth: int = 2, width: int = 3, act: str = "sigmoid", out: str = "sigmoid",
                  loss: str = "mse", seed: int = 0) -> DeepBackprop:
    """One example through the MLP; J.backward() with hooks that record what autograd computes, and when."""
    model = deep_model(depth, width, act, seed)
    layers = linear_layers(model)
    L = len(layers)
    events = []

    def record(what: str, k: int, transpose: bool = False):
        """A hook that logs a gradient as it is computed; nn.Linear's weight gradient is transposed to W(k)'s
        orientation (inputs x units)."""
        def hook(grad):
            g = grad.detach()
            events.append({"what": what, "layer": k, "values": (g.T if transpose else g).reshape(-1).tolist()})
        return hook

    h = torch.tensor([[float(x)]], dtype=torch.float64)
    zs, acts_in, k = [], [h], 0
    for module in model:
        h = module(h)
        if isinstance(module, nn.Linear):
            k += 1
            zs.append(h)
            h.register_hook(record(f"∂J/∂z{sup(k)}", k))
            module.weight.register_hook(record(f"∂J/∂W{sup(k)}", k, transpose=True))
            module.bias.register_hook(record(f"∂J/∂w₀{sup(k)}", k))
        else:
            acts_in.append(h)
            h.register_hook(record(f"∂J/∂a{sup(k)}", k))
    y_hat = _TORCH_ACT[out](h)
    y_hat.register_hook(record("∂J/∂ŷ", L))
    yv = torch.tensor([[float(y)]], dtype=torch.float64)
    widths = (1, *(int(width),) * int(depth), 1)
    problem = loss_problem(loss, y_hat.item())
    if problem:
        empty = pd.DataFrame()
        return DeepBackprop(widths, y_hat.item(), math.nan, problem, empty, empty, empty, math.nan)
    J = 0.5 * F.mse_loss(y_hat, yv) if loss == "mse" else F.binary_cross_entropy(y_hat, yv)
    J.backward()
    ev = pd.DataFrame(events)
    ev.insert(0, "order", range(1, len(ev) + 1))

    rows = []
    for k in range(L, 0, -1):   # output layer first
        lin = layers[k - 1]
        order = int(ev.loc[ev["what"] == f"∂J/∂W{sup(k)}", "order"].iloc[0])
        for i in range(lin.out_features):
            rows.append({"layer": k, "name": f"w{sup(k)} 0,{i + 1} (bias)", "value": lin.bias[i].item(),
                         "grad": lin.bias.grad[i].item(), "order": order})
            for j in range(lin.in_features):   # the lecture's w_{j,i}: from unit j to unit i = weight[i, j]
                rows.append({"layer": k, "name": f"w{sup(k)} {j + 1},{i + 1}", "value": lin.weight[i, j].item(),
                             "grad": lin.weight.grad[i, j].item(), "order": order})
    params = pd.DataFrame(rows)

    deltas = [torch.tensor(ev.loc[ev["what"] == f"∂J/∂z{sup(k)}", "values"].iloc[0], dtype=torch.float64)
              for k in range(1, L + 1)]
    summary = [{"layer": k, "label": ("output layer " if k == L else "hidden layer ") + f"{k}: W{sup(k)}",
                "weights": layers[k - 1].weight.numel(), "grad_norm": layers[k - 1].weight.grad.norm().item(),
                "delta_norm": deltas[k - 1].norm().item(),
                "order": int(ev.loc[ev["what"] == f"∂J/∂W{sup(k)}", "order"].iloc[0])} for k in range(L, 0, -1)]
    hand = hand_recursion(model, [a.detach() for a in acts_in], [z.detach() for z in zs], y_hat.item(), float(y),
                          act, out, loss)
    diff = max(max((hand["W"][k] - layers[k].weight.grad.T).abs().max().item(),
                   (hand["b"][k] - layers[k].bias.grad).abs().max().item()) for k in range(L))
    return DeepBackprop(widths, y_hat.item(), J.item(), None, ev, params, pd.DataFrame(summary), diff)


def hand_recursion(model: nn.Sequential, acts_in: list, zs: list, y_hat: float, y: float, act: str, out: str,
                   loss: str) -> dict:
    """Backpropagation written out as the page's formulas, in nnlab's orientation (W(k) = weight^T, inputs x units;
    each gradient a column, one entry per unit):
        dJ/dz(L) = dJ/dy_hat g2'(z(L));  dJ/da(k) = W(k+1) dJ/dz(k+1);  dJ/dz(k) = dJ/da(k) * g1'(z(k));
        dJ/dW(k) = a(k-1) (dJ/dz(k))^T;  dJ/dw0(k) = dJ/dz(k).
    Each layer reuses the upstream gradient of the layer after it. Returns dJ/dW(k) (inputs x units) and dJ/dw0(k)."""
    layers = linear_layers(model)
    slope = {"sigmoid": lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z)), "tanh": lambda z: 1 - torch.tanh(z) ** 2,
             "relu": lambda z: (z > 0).to(z.dtype)}
    column = [z.reshape(-1, 1) for z in zs]                     # z(k) as columns
    a = [h.reshape(-1, 1) for h in acts_in]                       # a(0) = x, a(1), ...
    delta = loss_slope(loss, y_hat, y) * slope[out](column[-1])   # dJ/dz(L)
    W, b = [None] * len(layers), [None] * len(layers)
    with torch.no_grad():
        for k in range(len(layers) - 1, -1, -1):                # layer k + 1, output layer first
            W[k], b[k] = a[k] @ delta.T, delta.reshape(-1)
            if k:
                upstream = layers[k].weight.T @ delta             # dJ/da = W(k+1) dJ/dz(k+1), W = weight^T
                delta = upstream * slope[act](column[k - 1])
    return {"W": W, "b": b}

"""The fast training engine: K dense networks of one shape, trained together as one (K, P) matrix.

Every page that compares networks (an optimizer race, a learning-rate sweep, a capacity sweep) and
the playground's live training run here. For the dense networks nnlab builds (core.models.build_mlp:
Linear / activation layers, BCE-on-logits or MSE) the gradient is written out by hand (the chain rule
of the backpropagation page) and the optimizer updates are the formulas of torch.optim, applied to all
K parameter vectors at once. tests/unit/test_fast_engine.py checks both against autograd and torch.optim.

Why by hand: for networks this small, eager autograd plus torch.optim spend their time in per-tensor
Python and dispatch, not in arithmetic. One network of the playground trains about 5x faster here
than with autograd + torch.optim, and K networks cost at most about twice one (benchmarks/fast_engine.py).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
import math

import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

import core
from core import budget
from core.data import Dataset

_aten = torch.ops.aten
ACTIVATIONS = {nn.Tanh: "tanh", nn.Sigmoid: "sigmoid", nn.ReLU: "relu", nn.Identity: "linear"}
_FORWARD = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "linear": None}
_FORWARD_INPLACE = {"tanh": torch.Tensor.tanh_, "sigmoid": torch.Tensor.sigmoid_, "relu": torch.Tensor.relu_,
                    "linear": None}
# d(activation)/dz from the activation's output h (saved in the forward pass).
_BACKWARD = {  # the .default overloads skip a dispatch step per call
    "tanh": _aten.tanh_backward.default,
    "sigmoid": _aten.sigmoid_backward.default,
    "relu": lambda g, h: _aten.threshold_backward.default(g, h, 0),
    "linear": lambda g, h: g,
}
# torch.optim defaults for each rule (core.optimizers.OPTIMIZERS builds the same optimizers).
BETAS, ADAM_EPS = (0.9, 0.999), 1e-8
MOMENTUM = 0.9
ADAGRAD_EPS = 1e-10
RMSPROP_ALPHA, RMSPROP_EPS = 0.99, 1e-8
ADADELTA_RHO, ADADELTA_EPS = 0.9, 1e-6
_FUSED_ADAM = dict(amsgrad=False, beta1=BETAS[0], beta2=BETAS[1], weight_decay=0.0, eps=ADAM_EPS, maximize=False)
RULES = ("sgd", "momentum", "adam", "adagrad", "rmsprop", "adadelta")
DIVERGENCE_FACTOR = 1000  # as core.trainer: a loss 1,000 times its start (at least 1) has diverged


@dataclass(frozen=True)
class Layout:
    """Where each layer's weight (out, in) and bias (out) sit in a flat parameter vector."""
    widths: tuple            # (n_in, hidden..., n_out)
    activation: str
    mean: torch.Tensor | None
    std: torch.Tensor | None

    @property
    def slices(self) -> list[tuple[int, int, int, int]]:
        """(weight start, bias start, out, in) per layer."""
        out, off = [], 0
        for a, b in zip(self.widths[:-1], self.widths[1:]):
            out.append((off, off + a * b, b, a))
            off += a * b + b
        return out

    @property
    def size(self) -> int:
        return sum(a * b + b for a, b in zip(self.widths[:-1], self.widths[1:]))


def layout_of(model: nn.Module) -> Layout | None:
    """The layout of a build_mlp network, or None if the engine cannot train it (e.g. dropout)."""
    if not isinstance(model, nn.Sequential):
        return None
    layers = list(model)
    mean = std = None
    if layers and type(layers[0]).__name__ == "Standardize":
        mean, std = layers[0].mean, layers[0].std
        layers = layers[1:]
    linears = layers[0::2]
    acts = layers[1::2]
    if not linears or len(linears) != len(acts) + 1 or not all(type(m) is nn.Linear for m in linears):
        return None
    names = {ACTIVATIONS.get(type(a)) for a in acts}
    if None in names or len(names) > 1:
        return None
    widths = (linears[0].in_features, *(m.out_features for m in linears))
    if widths[-1] != 1 or any(m.bias is None for m in linears):
        return None
    return Layout(widths, names.pop() if names else "linear", mean, std)


def flatten(model: nn.Module) -> torch.Tensor:
    """The model's parameters in the engine's order: W1, b1, W2, b2, ... (the order of .parameters())."""
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


class Stack:
    """K networks with one layout, their parameters the rows of `theta` (K, P).

    Each row has its own optimizer rule, learning rate and L2 weight decay (torch.optim's
    `weight_decay`); all rows see the same mini-batches. Rows are independent: a row that
    diverges (NaN) does not touch the others.
    """

    def __init__(self, layout: Layout, theta: torch.Tensor, optimizers: Sequence[str], lrs: Sequence[float],
                 weight_decays: Sequence[float] | None = None, loss: str = "bce", masks: torch.Tensor | None = None):
        K = theta.shape[0]
        if len(optimizers) != K or len(lrs) != K:
            raise ValueError("one optimizer and one learning rate per row")
        for name in optimizers:
            if name not in RULES:
                raise ValueError(f"unknown optimizer {name!r}; choose one of {list(RULES)}")
        if loss not in ("bce", "mse"):
            raise ValueError(f"unknown loss {loss!r}")
        self.layout, self.loss, self.K = layout, loss, K
        self.theta = theta.detach().clone().contiguous()
        self.masks = masks  # (K, P) of 0/1: parameters that exist (narrower networks padded to a shape)
        self.optimizers = list(optimizers)
        self.weight_decays = [float(w) for w in (weight_decays or [0.0] * K)]
        self.groups = {}  # optimizer -> row indices
        for k, name in enumerate(self.optimizers):
            self.groups.setdefault(name, []).append(k)
        self.state = {name: {} for name in self.groups}
        self._g = torch.empty_like(self.theta)  # the gradient of the last step, rows like theta
        # The rules' constants as 0-dim tensors of theta's dtype: an in-place op with a Python number first
        # converts the number to a tensor (about 2.5 us a call here, a tenth of a race's update).
        self._c = {name: torch.tensor(v, dtype=self.theta.dtype) for name, v in (
            ("one", 1.0), ("rms_alpha", RMSPROP_ALPHA), ("rms_eps", RMSPROP_EPS), ("rho", ADADELTA_RHO),
            ("ada_eps", ADADELTA_EPS), ("adagrad_eps", ADAGRAD_EPS))}
        self._inv_b: dict[int, torch.Tensor] = {}  # 1 / batch size, by batch size
        self.set_lrs(lrs)
        self.reset_state()
        # Views into theta, made once: every step updates theta in place, so they stay current.
        self._layers = self.weights()
        self._fwd = [(b.unsqueeze(1), W.transpose(1, 2)) for W, b in self._layers]
        # One network: 2-D views (W, b, W^T) and each layer's slots in the gradient buffer (dJ/dW, dJ/db).
        self._one = [(W[0], b[0], W[0].t(), gW[0], gb[0])
                     for (W, b), (gW, gb) in zip(self._layers, self.weights(self._g))]

    # Settings -----------------------------------------------------------------------------
    def set_lrs(self, lrs: Sequence[float]) -> None:
        """Change the learning rates (mid-run is fine: the optimizer state is kept)."""
        self.lrs = [float(x) for x in lrs]
        self._make_plan()

    def set_weight_decays(self, decays: Sequence[float]) -> None:
        """Change the L2 decays (mid-run is fine, as for set_lrs)."""
        self.weight_decays = [float(x) for x in decays]
        self._make_plan()

    def reset_state(self) -> None:
        """Fresh optimizer state (moments, step counts), as a new torch.optim optimizer would have."""
        for state in self.state.values():
            state.clear()
        self.t = 0

    # Views --------------------------------------------------------------------------------
    def weights(self, theta: torch.Tensor | None = None) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """(W (K, out, in), b (K, out)) per layer, as views into theta."""
        th = self.theta if theta is None else theta
        K = th.shape[0]
        return [(th[:, w:b].view(K, o, i), th[:, b:b + o]) for w, b, o, i in self.layout.slices]

    def prepare(self, X: torch.Tensor) -> torch.Tensor:
        """Inputs as the first layer sees them: standardised when the model has a Standardize layer."""
        X = X.to(self.theta.dtype)
        if self.layout.mean is not None:
            X = (X - self.layout.mean.to(X.dtype)) / self.layout.std.to(X.dtype)
        return X

    # Forward and backward -----------------------------------------------------------------
    def forward(self, X: torch.Tensor, keep: bool = False, theta: torch.Tensor | None = None):
        """Outputs (K, B) for prepared inputs X (B, n_in); with keep, also every layer's activations."""
        th = self.theta if theta is None else theta
        K = th.shape[0]
        act = _FORWARD_INPLACE[self.layout.activation]
        h = X.unsqueeze(0).expand(K, *X.shape)
        hs = [h]
        layers = self._fwd if theta is None else [(b.unsqueeze(1), W.transpose(1, 2)) for W, b in self.weights(th)]
        last = len(layers) - 1
        for j, (b, Wt) in enumerate(layers):
            h = torch.baddbmm(b, h, Wt)
            if j != last and act is not None:
                act(h)
            hs.append(h)
        out = h.squeeze(-1)
        return (out, hs) if keep else out

    def losses(self, out: torch.Tensor, y: torch.Tensor, dim: int = -1) -> torch.Tensor:
        """Mean loss per row (K,) of outputs (K, B) (the mean over `dim`): BCE on logits, softplus(z) - y z,
        or MSE."""
        if self.loss == "bce":
            return F.softplus(out).addcmul_(out, y, value=-1).mean(dim)
        return (out - y).square_().mean(dim)

    def _output_grad(self, out: torch.Tensor, y: torch.Tensor, dim: int = -1):
        """(losses, dJ/d(output)) for the loss averaged over the batch, which runs along `dim`."""
        B = out.shape[dim]
        inv_b = self._inv_b.get(B)
        if inv_b is None:
            inv_b = self._inv_b[B] = torch.tensor(1.0 / B, dtype=self.theta.dtype)
        if self.loss == "bce":
            return self.losses(out, y, dim), torch.sigmoid(out).sub_(y).mul_(inv_b)   # (sigmoid(z) - y) / B
        diff = out - y
        return diff.square().mean(dim), diff.mul_(2.0 / B)                           # 2 (y-hat - y) / B

    def gradient(self, X: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(losses (K,), gradient (K, P)) of the mean loss over the batch (prepared X), by the chain rule."""
        if self.K == 1:
            return self._gradient_one(X, y)
        out, hs = self.forward(X, keep=True)
        losses, d = self._output_grad(out, y)
        d = d.unsqueeze(-1)                            # (K, B, 1)
        back = _BACKWARD[self.layout.activation]
        layers = self._layers
        grads = []
        for j in range(len(layers) - 1, -1, -1):
            W, _ = layers[j]
            h_prev = hs[j]
            grads.append(d.sum(1))                                     # dJ/db
            grads.append(torch.bmm(d.transpose(1, 2), h_prev).reshape(self.K, -1))  # dJ/dW
            if j:  # through W (one output: an outer product, as a broadcast), then the activation
                d = back(d * W if W.shape[1] == 1 else torch.bmm(d, W), h_prev)
        g = torch.cat(grads[::-1], 1, out=self._g)
        if self.masks is not None:
            g.mul_(self.masks)
        return losses, g

    def _gradient_one(self, X: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The same for one network, in as few PyTorch calls as it takes (each costs microseconds of dispatch
        at this size): 2-D matrix products, activations in place, and each layer's gradient written straight
        into its slot of the gradient buffer."""
        act = _FORWARD_INPLACE[self.layout.activation]
        layers = self._one
        last = len(layers) - 1
        hs, h = [X], X
        for j, (_, b, Wt, _, _) in enumerate(layers):
            h = torch.addmm(b, h, Wt)
            if j != last and act is not None:
                act(h)
            hs.append(h)
        losses, d = self._output_grad(h, y.view(-1, 1), dim=0)       # h is the output column (B, 1)
        back = _BACKWARD[self.layout.activation]
        for j in range(last, -1, -1):
            W, _, _, gW, gb = layers[j]
            h_prev = hs[j]
            torch.sum(d, 0, out=gb)                                    # dJ/db
            torch.mm(d.t(), h_prev, out=gW)                            # dJ/dW
            if j:  # through W (one output: an outer product, as a broadcast), then the activation
                d = back(d * W if W.shape[0] == 1 else torch.mm(d, W), h_prev)
        g = self._g
        if self.masks is not None:
            g.mul_(self.masks)
        return losses, g

    # Optimizer steps (torch.optim's formulas) ---------------------------------------------------
    def step(self, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """One optimizer step of every row on the batch (prepared X); returns the batch losses (K,)."""
        budget.add(1, X.shape[0], self.layout.size, self.K)
        losses, g = self.gradient(X, y)
        self.apply(g)
        return losses

    def apply(self, g: torch.Tensor) -> None:
        """Update theta with the gradient g (K, P): each row by its own optimizer."""
        self.t += 1
        for rule, rows, p, grad, lr, wd, state in self._plan:
            if p is None:  # rows that are not contiguous: gather, update, scatter back
                p, grad = self.theta[rows], g[rows]
            elif g is not self._g:
                grad = g[rows]
            if wd is not None:
                grad = grad.add(p * wd) if isinstance(wd, torch.Tensor) else grad.add(p, alpha=wd)
            rule(p, grad, lr, state)
            if not isinstance(rows, slice):
                self.theta[rows] = p

    def _make_plan(self) -> None:
        """Per optimizer: its rule, rows, views of theta and of the gradient buffer, rate(s) and decay(s)."""
        self._plan = []
        for name, rows in self.groups.items():
            a, b = rows[0], rows[-1] + 1
            if rows == list(range(a, b)):
                sel = slice(a, b)
                p, grad = (self.theta, self._g) if b - a == self.K else (self.theta[sel], self._g[sel])
            else:
                sel, p, grad = torch.tensor(rows), None, None
            self._plan.append((getattr(self, "_" + name), sel, p, grad, self._column(rows, self.lrs, keep_zero=True),
                               self._column(rows, self.weight_decays), self.state[name]))

    def _column(self, rows, values, keep_zero=False):
        """The rows' values as one number if they agree, else a (rows, 1) column; None if all zero."""
        vals = [values[k] for k in rows]
        if not keep_zero and not any(vals):
            return None
        if all(v == vals[0] for v in vals):
            return vals[0]
        return torch.tensor(vals, dtype=self.theta.dtype).unsqueeze(1)

    @staticmethod
    def _scaled(p, t, lr, div=None):
        """p += -lr * t (or -lr * t / div), with lr a number or a (rows, 1) column."""
        if isinstance(lr, torch.Tensor):
            t = t * lr if div is None else t / div * lr
            p.sub_(t)
        elif div is None:
            p.add_(t, alpha=-lr)
        else:
            p.addcdiv_(t, div, value=-lr)

    def _sgd(self, p, g, lr, s):
        self._scaled(p, g, lr)

    def _momentum(self, p, g, lr, s):
        if isinstance(lr, torch.Tensor):  # one rate per row
            if "buf" not in s:
                s["buf"] = g.clone()
            else:
                s["buf"].mul_(MOMENTUM).add_(g)
            self._scaled(p, s["buf"], lr)
            return
        # torch.optim.SGD(momentum=0.9, fused=True)'s kernel: buf = g at the first step, then 0.9 buf + g
        first = "buf" not in s
        if first:
            s["buf"] = torch.empty_like(p)
        torch._fused_sgd_([p], [g], [s["buf"]], weight_decay=0.0, momentum=MOMENTUM, lr=lr, dampening=0.0,
                          nesterov=False, maximize=False, is_first_step=first)

    def _adam(self, p, g, lr, s):
        # The fused kernel that torch.optim.Adam(fused=True) runs, without the optimizer's per-step Python.
        if "m" not in s:
            s["m"], s["v"], s["t"] = torch.zeros_like(p), torch.zeros_like(p), torch.zeros((), dtype=p.dtype)
        s["t"].add_(self._c["one"])
        kw = _FUSED_ADAM
        if isinstance(lr, torch.Tensor):  # one rate per row: the step for rate 1, then scaled per row
            if "step" not in s:  # a buffer kept between steps
                s["step"] = torch.zeros_like(p)
            step = s["step"].zero_()
            torch._fused_adam_([step], [g], [s["m"]], [s["v"]], [], [s["t"]], lr=1.0, **kw)
            p.addcmul_(step, lr)
        else:
            torch._fused_adam_([p], [g], [s["m"]], [s["v"]], [], [s["t"]], lr=lr, **kw)

    def _adagrad(self, p, g, lr, s):
        if "sum" not in s:
            s["sum"], s["t"] = torch.zeros_like(p), torch.zeros((), dtype=p.dtype)
        if isinstance(lr, torch.Tensor):  # one rate per row
            s["sum"].addcmul_(g, g, value=1)
            self._scaled(p, g, lr, div=s["sum"].sqrt().add_(self._c["adagrad_eps"]))
            return
        s["t"].add_(self._c["one"])  # torch.optim.Adagrad(fused=True)'s kernel, which reads the step count
        torch._fused_adagrad_([p], [g], [s["sum"]], [s["t"]], lr=lr, lr_decay=0.0, weight_decay=0.0,
                              eps=ADAGRAD_EPS, maximize=False)

    def _rmsprop(self, p, g, lr, s):
        if "sq" not in s:
            s["sq"] = torch.zeros_like(p)
        c = self._c
        s["sq"].mul_(c["rms_alpha"]).addcmul_(g, g, value=1 - RMSPROP_ALPHA)
        self._scaled(p, g, lr, div=s["sq"].sqrt().add_(c["rms_eps"]))

    def _adadelta(self, p, g, lr, s):
        if "sq" not in s:
            s["sq"], s["acc"] = torch.zeros_like(p), torch.zeros_like(p)
        c = self._c
        s["sq"].mul_(c["rho"]).addcmul_(g, g, value=1 - ADADELTA_RHO)
        std = s["sq"].add(c["ada_eps"]).sqrt_()
        delta = s["acc"].add(c["ada_eps"]).sqrt_().div_(std).mul_(g)
        s["acc"].mul_(c["rho"]).addcmul_(delta, delta, value=1 - ADADELTA_RHO)
        self._scaled(p, delta, lr)

    # Reading out --------------------------------------------------------------------------------
    def load_into(self, model: nn.Module, k: int = 0) -> nn.Module:
        """Copy row k into a build_mlp network of the same shape (e.g. to draw it or save it)."""
        with torch.no_grad():
            torch.nn.utils.vector_to_parameters(self.theta[k].to(torch.float32), model.parameters())
        return model


# Building stacks ------------------------------------------------------------------------------
def stack_models(models: Sequence[nn.Module], optimizers: Sequence[str], lrs: Sequence[float],
                 weight_decays: Sequence[float] | None = None, loss: str = "bce",
                 dtype: torch.dtype = torch.float32) -> Stack:
    """A Stack from K networks of one architecture (their current weights become the rows)."""
    layouts = [layout_of(m) for m in models]
    if any(lay is None for lay in layouts):
        raise ValueError("the engine trains dense networks from core.models.build_mlp without dropout")
    first = layouts[0]
    for lay in layouts[1:]:
        if lay.widths != first.widths or lay.activation != first.activation:
            raise ValueError("every network of a stack must have the same shape and activation")
    theta = torch.stack([flatten(m) for m in models]).to(dtype)
    return Stack(first, theta, optimizers, lrs, weight_decays, loss)


def stack_padded(models: Sequence[nn.Module], optimizers: Sequence[str], lrs: Sequence[float],
                 loss: str = "bce", dtype: torch.dtype = torch.float32) -> Stack:
    """A Stack from networks of one depth but different widths, each padded to the widest.

    A padded unit has zero weights in and out, and a mask keeps its gradient at zero, so it never
    changes the output: each row trains exactly as its own narrower network would.
    """
    layouts = [layout_of(m) for m in models]
    if any(lay is None for lay in layouts):
        raise ValueError("the engine trains dense networks from core.models.build_mlp without dropout")
    depth = {len(lay.widths) for lay in layouts}
    if len(depth) != 1 or len({lay.activation for lay in layouts}) != 1:
        raise ValueError("padded networks need one depth and one activation")
    widths = tuple(max(w) for w in zip(*(lay.widths for lay in layouts)))
    big = Layout(widths, layouts[0].activation, layouts[0].mean, layouts[0].std)
    theta = torch.zeros(len(models), big.size, dtype=dtype)
    masks = torch.zeros_like(theta)
    for k, m in enumerate(models):
        params = list(m.parameters())
        for j, (w, b, o, i) in enumerate(big.slices):
            W, bias = params[2 * j].detach(), params[2 * j + 1].detach()
            oo, ii = W.shape
            theta[k, w:b].view(o, i)[:oo, :ii] = W
            masks[k, w:b].view(o, i)[:oo, :ii] = 1
            theta[k, b:b + o][:oo] = bias
            masks[k, b:b + o][:oo] = 1
    return Stack(big, theta, optimizers, lrs, None, loss, masks)


def unpad(stack: Stack, k: int, model: nn.Module) -> nn.Module:
    """Copy row k of a padded stack back into its own (narrower) network."""
    params = list(model.parameters())
    with torch.no_grad():
        for j, (w, b, o, i) in enumerate(stack.layout.slices):
            W, bias = params[2 * j], params[2 * j + 1]
            oo, ii = W.shape
            W.copy_(stack.theta[k, w:b].view(o, i)[:oo, :ii])
            bias.copy_(stack.theta[k, b:b + o][:oo])
    return model


# Training K networks together ------------------------------------------------------------------
class Batches:
    """Mini-batches in core.trainer.Trainer's order: a fresh seeded shuffle each epoch, cut in order.

    Each epoch's shuffled copy of the data is cut into its batches once, so a step takes a ready batch.
    """

    def __init__(self, X: torch.Tensor, y: torch.Tensor, batch_size: int, gen: torch.Generator):
        self.X, self.y, self.gen = X, y, gen
        self.n = len(X)
        self.B = max(1, min(int(batch_size), self.n))
        self._epoch: list[tuple[torch.Tensor, torch.Tensor]] = []
        self._i = 0

    def next(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self._i == len(self._epoch):  # a new epoch
            perm = torch.randperm(self.n, generator=self.gen)
            Xe, ye = self.X.index_select(0, perm), self.y.index_select(0, perm)
            self._epoch = list(zip(Xe.split(self.B), ye.split(self.B)))
            self._i = 0
        self._i += 1
        return self._epoch[self._i - 1]


def train_stack(stack: Stack, train: Dataset, steps: int, batch_size: int = 32, seed: int = 0,
                val: Dataset | None = None, eval_every: int = 10, names: Sequence[str] | None = None,
                on_progress: Callable[[pd.DataFrame], None] | None = None, progress_every: int = 0) -> pd.DataFrame:
    """Train every row for `steps` steps on the same mini-batches; the history of each, long form.

    Columns: run (name), step, epoch, train_loss, train_acc (BCE only, else nan), val_loss (nan
    without val), stopped. A row that diverges (non-finite, or 1,000 times its starting loss) stops
    there: its last row says why. `on_progress(history so far)` every `progress_every` steps and at the end.
    """
    core.single_thread()
    names = list(names or range(stack.K))
    X, y = stack.prepare(train.X), train.y.to(stack.theta.dtype)
    Xv = stack.prepare(val.X) if val is not None and len(val) else None
    yv = val.y.to(stack.theta.dtype) if Xv is not None else None
    batches = Batches(X, y, batch_size, torch.Generator().manual_seed(int(seed)))
    B = batches.B
    alive = torch.ones(stack.K, dtype=torch.bool)
    rows: list[dict] = []
    start = None
    stopped: dict[int, str] = {}

    def record(step: int) -> None:
        nonlocal start
        with torch.no_grad():
            out = stack.forward(X)
            tl = stack.losses(out, y)
            ta = ((out > 0).to(y.dtype) == y).to(y.dtype).mean(1) if stack.loss == "bce" else None
            vl = stack.losses(stack.forward(Xv), yv) if Xv is not None else None
        if start is None:
            start = tl.clone()
        for k in range(stack.K):
            if not alive[k] and k not in newly:
                continue
            rows.append({"run": names[k], "step": step, "epoch": step * B / len(X),
                         "train_loss": tl[k].item(), "train_acc": ta[k].item() if ta is not None else math.nan,
                         "val_loss": vl[k].item() if vl is not None else math.nan,
                         "stopped": stopped.get(k, "")})

    newly: set[int] = set()
    record(0)
    every = progress_every or eval_every
    for step in range(1, int(steps) + 1):
        if not bool(alive.any()):
            break
        xb, yb = batches.next()
        frozen = stack.theta[~alive].clone() if not bool(alive.all()) else None
        losses = stack.step(xb, yb)
        if frozen is not None:  # a diverged row keeps the values it diverged with
            stack.theta[~alive] = frozen
        newly = set()
        limit = DIVERGENCE_FACTOR * start.clamp(min=1.0)
        bad = alive & (~torch.isfinite(losses) | ~torch.isfinite(stack.theta).all(1) | (losses > limit))
        for k in torch.nonzero(bad).flatten().tolist():
            v = losses[k].item()
            stopped[k] = (f"diverged at step {step}: loss became {'nan' if math.isnan(v) else 'inf'}"
                          if not math.isfinite(v) else
                          f"diverged at step {step}: loss rose to {v:.3g}, over {DIVERGENCE_FACTOR:,} times its start")
            alive[k] = False
            newly.add(k)
        if newly or step % eval_every == 0 or step == steps:
            record(step)
        if on_progress and step % every == 0:
            on_progress(pd.DataFrame(rows))
    frame = pd.DataFrame(rows)
    if on_progress:
        on_progress(frame)
    return frame

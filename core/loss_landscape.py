"""The loss landscape of a real network, the way Li et al. (2018, "Visualizing the Loss Landscape of Neural
Nets") draw it: train a small MLP to theta*, pick two directions delta and nu in parameter space (the paper's
delta and eta; in nnlab eta is only the learning rate), and evaluate f(a, b) = J(theta* + a delta + b nu) on a grid.

Directions are either seeded Gaussian vectors, normalised filter by filter (for a Linear layer a filter is one
row of its weight: the weights into one neuron) with their bias entries set to 0, or the top two principal
directions of the training trajectory (for drawing the path, as the paper's section 7 does).

The grid is evaluated in one batched forward pass per chunk of grid points: every grid point's weights are
stacked into (G, out, in) tensors and pushed through torch.baddbmm, never a Python loop over points.
"""

from collections import OrderedDict
from dataclasses import dataclass
import math
import threading
import time

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

import core
from core.data import Dataset, moons
from core.models import MLPConfig, build_mlp, count_parameters, linear_layers
from core.trainer import TrainConfig, Trainer

NORMS = ("filter", "layer", "none")
DATA_N, DATA_NOISE, DATA_SEED = 200, 0.25, 0  # two moons that overlap a little: the best loss is not 0
ACTIVATION = "relu"                           # the paper's networks are ReLU networks
STEPS, LR, SNAPSHOT_EVERY = 300, 0.02, 10     # full-batch Adam steps; a trajectory point every 10 steps
CHUNK = 1 << 18    # activations per batched pass (1 MB of float32): cache-sized chunks measured fastest
DEPTHS, WIDTHS = (1, 2, 3), (4, 8, 16, 32)    # the networks a learner can pick: 0.3-0.4 s to train on an idle core
CACHE_SIZE = 16                               # trained networks kept (shared by all sessions: deterministic)


@dataclass(frozen=True)
class NetSettings:
    depth: int = 2       # hidden layers
    width: int = 16      # units per hidden layer
    seed: int = 0        # initial weights and the order of mini-batches (full batch here)

    @property
    def config(self) -> MLPConfig:
        return MLPConfig(n_in=2, hidden=(self.width,) * self.depth, activation=ACTIVATION)

    @property
    def shape(self) -> str:
        return "-".join(str(w) for w in (2, *self.config.hidden, 1))


@dataclass(frozen=True)
class Trained:
    """A trained network, as plain tensors: cacheable, and rebuilt into a model with `model()`."""

    settings: NetSettings
    theta: torch.Tensor          # theta*, all parameters flattened (parameters_to_vector order)
    trajectory: torch.Tensor     # (k, P): the initial weights, then a snapshot every SNAPSHOT_EVERY steps
    history: pd.DataFrame        # Trainer.history(): step, train_loss, train_acc, ...
    loss: float                  # the trained model's training loss J(theta*), from Trainer.evaluate
    accuracy: float
    stopped: str | None
    seconds: float               # wall time of training (a measurement)

    def model(self) -> nn.Sequential:
        m = build_mlp(self.settings.config, self.settings.seed)
        nn.utils.vector_to_parameters(self.theta.clone(), m.parameters())
        return m

    @property
    def parameters(self) -> int:
        return int(self.theta.numel())


def dataset() -> Dataset:
    """The training set every landscape is measured on: 200 two-moons points."""
    return moons(DATA_N, DATA_NOISE, DATA_SEED)


def trainer(s: NetSettings) -> Trainer:
    """The page's training run: full-batch Adam on BCE, with parameter snapshots for the trajectory."""
    data = dataset()
    cfg = TrainConfig(loss="bce", optimizer="adam", lr=LR, batch_size=len(data), eval_every=10,
                      snapshot_every=SNAPSHOT_EVERY, seed=s.seed)
    return Trainer(build_mlp(s.config, s.seed), data, None, cfg)


def train(s: NetSettings, on_progress=None) -> Trained:
    """Train to theta* (STEPS full-batch steps) and keep the path there."""
    t = trainer(s)
    start = t.parameter_vector()
    t0 = time.perf_counter()
    t.run(STEPS, on_progress=on_progress)
    seconds = time.perf_counter() - t0
    loss, acc = t.evaluate(t.train_set)
    snaps = [start, *t.snapshots]
    if not torch.equal(snaps[-1], t.parameter_vector()):
        snaps.append(t.parameter_vector())
    return Trained(s, t.parameter_vector(), torch.stack(snaps), t.history(), loss, acc, t.stopped, seconds)


_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def is_trained(s: NetSettings) -> bool:
    """Whether `trained(s)` will answer from the cache (the page then needs no progress bar)."""
    with _lock:
        return s in _cache


def trained(s: NetSettings, on_progress=None) -> Trained:
    """train(s), kept in a bounded least-recently-used cache: a result depends only on its settings.

    st.cache_data cannot hold this one, because a miss streams progress into the page while it trains.
    """
    with _lock:
        if s in _cache:
            _cache.move_to_end(s)
            return _cache[s]
    t = train(s, on_progress)
    with _lock:
        _cache[s] = t
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return t


# Directions ------------------------------------------------------------------------------------
def _split(model: nn.Module, v: torch.Tensor) -> list[torch.Tensor]:
    """A flat vector as views shaped like each parameter of `model`."""
    out, i = [], 0
    for p in model.parameters():
        out.append(v[i:i + p.numel()].view_as(p))
        i += p.numel()
    return out


def random_direction(model: nn.Module, gen: torch.Generator, norm: str = "filter") -> torch.Tensor:
    """A Gaussian direction shaped like the parameters, normalised as Li et al. do; bias entries are 0.

    filter: each row d_j of a weight direction (nn.Linear's layout: units x inputs) gets the norm of the weight
    row theta_j, the weights into unit j;
    layer: each weight direction gets the norm of the whole weight matrix; none: raw N(0, 1) entries.
    """
    if norm not in NORMS:
        raise ValueError(f"unknown normalisation {norm!r}; choose one of {NORMS}")
    parts = []
    for p in model.parameters():
        p = p.detach()
        d = torch.randn(p.shape, generator=gen, dtype=p.dtype)
        if p.dim() <= 1:          # biases (1-D): ignored, as the paper's --xignore biasbn does
            d.zero_()
        elif norm == "filter":    # the paper's d.mul_(w.norm() / (d.norm() + 1e-10)), row by row
            d *= p.norm(dim=1, keepdim=True) / (d.norm(dim=1, keepdim=True) + 1e-10)
        elif norm == "layer":
            d *= p.norm() / (d.norm() + 1e-10)
        parts.append(d.reshape(-1))
    return torch.cat(parts)


def random_directions(model: nn.Module, seed: int, norm: str = "filter") -> tuple[torch.Tensor, torch.Tensor]:
    """delta and nu, drawn one after the other from one seeded private generator."""
    g = torch.Generator().manual_seed(int(seed))
    return random_direction(model, g, norm), random_direction(model, g, norm)


def cosine(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(torch.dot(a, b) / (a.norm() * b.norm()))


@dataclass(frozen=True)
class PCA:
    directions: tuple[torch.Tensor, torch.Tensor]   # unit vectors in parameter space
    coords: np.ndarray                              # (k, 2): each trajectory point, projected
    explained: tuple[float, float]                  # share of the path's variance along each direction


def trajectory_pca(trajectory: torch.Tensor) -> PCA:
    """The top two principal directions of {theta_i - theta_final} (Li et al., section 7) via torch.linalg.svd,
    and the path's coordinates along them. theta_final sits at (0, 0)."""
    M = (trajectory - trajectory[-1]).double()
    _, S, Vh = torch.linalg.svd(M, full_matrices=False)
    d1, d2 = Vh[0], Vh[1] if len(Vh) > 1 else torch.zeros_like(Vh[0])
    # A fixed sign: the path starts at positive coordinates, so the picture does not flip between settings.
    if float(M[0] @ d1) < 0:
        d1 = -d1
    if float(M[0] @ d2) < 0:
        d2 = -d2
    var = S ** 2
    share = (var / var.sum()).tolist() if float(var.sum()) > 0 else [0.0, 0.0]
    coords = torch.stack([M @ d1, M @ d2], 1).numpy()
    dtype = trajectory.dtype
    return PCA((d1.to(dtype), d2.to(dtype)), coords, (share[0], share[1] if len(share) > 1 else 0.0))


# The surface ----------------------------------------------------------------------------------
def grid_thetas(theta: torch.Tensor, delta: torch.Tensor, nu: torch.Tensor, alphas, betas) -> torch.Tensor:
    """(len(betas) * len(alphas), P): theta + a delta + b nu, row-major with b outer (row i = betas[i]).

    One matrix product, [a b] @ [delta; nu] + theta, instead of three (G, P) temporaries.
    """
    a = torch.as_tensor(alphas, dtype=theta.dtype)
    b = torch.as_tensor(betas, dtype=theta.dtype)
    B, A = torch.meshgrid(b, a, indexing="ij")
    return torch.addmm(theta, torch.stack([A.reshape(-1), B.reshape(-1)], 1), torch.stack([delta, nu]))


# In-place versions of the activations: on (G, n, width) tensors a fresh copy costs more than the product itself.
_IN_PLACE = {nn.ReLU: torch.relu_, nn.Tanh: torch.tanh_, nn.Sigmoid: torch.sigmoid_, nn.Identity: lambda h: h}


def _layer_shapes(model: nn.Module) -> list[tuple[int, int]]:
    return [(m.out_features, m.in_features) for m in linear_layers(model)]


@torch.no_grad()
def batched_loss(model: nn.Sequential, thetas: torch.Tensor, data: Dataset, loss: str = "bce") -> torch.Tensor:
    """J(theta) for G parameter vectors at once (G, P) -> (G,): one batched forward pass per chunk.

    Every Linear layer's weights of all G networks are stacked as (G, out, in) and applied with torch.baddbmm;
    the activations between are the model's own modules. Exact up to float rounding of the batched products.
    """
    core.single_thread()
    shapes = _layer_shapes(model)
    acts = [m for m in model if not isinstance(m, nn.Linear)]
    X, y = data.X.to(thetas.dtype), data.y.to(thetas.dtype)
    n = len(y)
    widest = max(o for o, _ in shapes)
    chunk = max(1, CHUNK // (n * widest))
    out = []
    for start in range(0, len(thetas), chunk):
        T = thetas[start:start + chunk]
        G, i, h = len(T), 0, X.expand(len(T), n, X.shape[1])
        for k, (o, d) in enumerate(shapes):
            W = T[:, i:i + o * d].reshape(G, o, d)
            b = T[:, i + o * d:i + o * d + o].reshape(G, 1, o)
            i += o * d + o
            h = torch.baddbmm(b, h, W.transpose(1, 2))       # (G, n, o) = b + h W^T, for every network
            if k < len(acts):
                h = _IN_PLACE.get(type(acts[k]), acts[k])(h)
        logits = h.squeeze(-1)
        if loss == "bce":
            per = F.binary_cross_entropy_with_logits(logits, y.expand(G, n), reduction="none")
        else:
            per = F.mse_loss(logits, y.expand(G, n), reduction="none")
        out.append(per.mean(1))
    return torch.cat(out)


@torch.no_grad()
def loop_loss(model: nn.Sequential, thetas: torch.Tensor, data: Dataset, loss: str = "bce") -> torch.Tensor:
    """The oracle for batched_loss: load each parameter vector into the model and evaluate it, one by one."""
    m = build_mlp(MLPConfig(n_in=2, hidden=tuple(o for o, _ in _layer_shapes(model)[:-1]),
                            activation=ACTIVATION), 0).to(thetas.dtype)
    X, y = data.X.to(thetas.dtype), data.y.to(thetas.dtype)
    fn = F.binary_cross_entropy_with_logits if loss == "bce" else F.mse_loss
    out = []
    for t in thetas:
        nn.utils.vector_to_parameters(t, m.parameters())
        out.append(fn(m(X).squeeze(-1), y))
    return torch.stack(out)


@dataclass(frozen=True)
class Surface:
    alphas: np.ndarray      # (n,) the a coordinates (along delta)
    betas: np.ndarray       # (n,) the b coordinates (along nu)
    loss: np.ndarray        # (n, n): loss[i, j] = f(alphas[j], betas[i]); row 0 is the smallest b
    centre: float           # f(0, 0): the trained network's loss, measured by the batched pass
    seconds: float          # wall time of building and evaluating the grid's parameters (a measurement)
    cos: float              # cosine similarity of delta and nu
    delta_norm: float
    nu_norm: float

    @property
    def points(self) -> int:
        return self.loss.size

    def frame(self) -> pd.DataFrame:
        """Long format: a, b, loss (one row per grid point)."""
        A, B = np.meshgrid(self.alphas, self.betas)
        return pd.DataFrame({"a": A.ravel(), "b": B.ravel(), "loss": self.loss.ravel()})


def axis(lo: float, hi: float, n: int, centre: bool = True) -> np.ndarray:
    """n grid coordinates from lo to hi; with an odd n and a symmetric range, 0 is exactly on the grid."""
    v = np.linspace(lo, hi, n)
    if centre and n % 2 == 1 and math.isclose(lo, -hi):
        v[n // 2] = 0.0
    return v


def surface(model: nn.Sequential, theta: torch.Tensor, delta: torch.Tensor, nu: torch.Tensor, data: Dataset,
            alphas, betas) -> Surface:
    """f(a, b) = J(theta + a delta + b nu) on the grid alphas x betas, batched."""
    alphas, betas = np.asarray(alphas, float), np.asarray(betas, float)
    t0 = time.perf_counter()
    thetas = grid_thetas(theta, delta, nu, alphas, betas)
    J = batched_loss(model, thetas, data).reshape(len(betas), len(alphas))
    seconds = time.perf_counter() - t0
    centre = batched_loss(model, theta[None], data)[0].item()
    return Surface(alphas, betas, J.numpy().astype(float), centre, seconds, cosine(delta, nu),
                   float(delta.norm()), float(nu.norm()))


def random_surface(t: Trained, seed: int = 0, norm: str = "filter", span: float = 1.0, n: int = 51) -> Surface:
    """Li et al.'s picture: two seeded random directions around theta*, over [-span, span]^2."""
    model = t.model()
    delta, nu = random_directions(model, seed, norm)
    ax = axis(-span, span, n)
    return surface(model, t.theta, delta, nu, dataset(), ax, ax)


def pca_box(coords: np.ndarray, margin: float = 0.25) -> tuple[tuple[float, float], tuple[float, float]]:
    """A view box around the projected path and theta* = (0, 0), with a margin on every side."""
    lo = np.minimum(coords.min(0), 0.0)
    hi = np.maximum(coords.max(0), 0.0)
    pad = np.maximum((hi - lo) * margin, 1e-3)
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0])), (float(lo[1] - pad[1]), float(hi[1] + pad[1]))


def pca_surface(t: Trained, n: int = 51) -> tuple[Surface, PCA]:
    """The surface in the plane of the path's top two PCA directions, with the path itself."""
    pca = trajectory_pca(t.trajectory)
    (x0, x1), (y0, y1) = pca_box(pca.coords)
    s = surface(t.model(), t.theta, *pca.directions, dataset(), axis(x0, x1, n, False), axis(y0, y1, n, False))
    return s, pca


def path_frame(t: Trained, pca: PCA) -> pd.DataFrame:
    """The projected trajectory: step, a, b, and the true training loss at each snapshot (batched)."""
    steps = [0, *range(SNAPSHOT_EVERY, SNAPSHOT_EVERY * (len(t.trajectory) - 1) + 1, SNAPSHOT_EVERY)]
    steps[-1] = int(t.history["step"].iloc[-1]) if len(steps) > 1 else 0
    J = batched_loss(t.model(), t.trajectory, dataset()).numpy()
    return pd.DataFrame({"step": steps, "a": pca.coords[:, 0], "b": pca.coords[:, 1], "loss": J})


PATH_EXAMPLE = NetSettings(depth=3, width=32)   # the page's example of a run that ends off its valley's floor


def path_ending(t: Trained) -> dict:
    """How the training path ends, from the true training loss at its snapshots (path_frame): the lowest loss
    before theta* (low, at low_step), the highest loss after that snapshot (high, at high_step), and J(theta*)
    (end, at end_step, the last step)."""
    f = path_frame(t, trajectory_pca(t.trajectory))
    i = int(f.loss.iloc[:-1].idxmin())
    j = int(f.loss.iloc[i + 1:].idxmax())
    return {"low": float(f.loss[i]), "low_step": int(f.step[i]), "high": float(f.loss[j]),
            "high_step": int(f.step[j]), "end": float(f.loss.iloc[-1]), "end_step": int(f.step.iloc[-1])}


def path_share(t: Trained, delta: torch.Tensor, nu: torch.Tensor) -> float:
    """How much of the straight line from the initial weights to theta* lies in the plane of delta and nu:
    |projection of (theta_0 - theta*) onto span(delta, nu)| / |theta_0 - theta*|, between 0 and 1."""
    v = (t.trajectory[0] - t.theta).double()
    Q, _ = torch.linalg.qr(torch.stack([delta, nu], 1).double())
    return float((Q.T @ v).norm() / v.norm()) if float(v.norm()) > 0 else 0.0


def random_path_share(t: Trained, seed: int = 0, norm: str = "filter") -> float:
    """path_share in the seeded random directions of the page's other view."""
    return path_share(t, *random_directions(t.model(), seed, norm))


def summary(s: Surface) -> dict:
    """Numbers the page shows about a surface: f(0, 0), its lowest and highest point, non-finite count."""
    J = s.loss
    finite = np.isfinite(J)
    i = np.nanargmin(np.where(finite, J, np.nan)) if finite.any() else 0
    r, c = divmod(int(i), J.shape[1])
    return {"centre": s.centre, "min": float(J[r, c]) if finite.any() else float("nan"),
            "min_at": (float(s.alphas[c]), float(s.betas[r])),
            "max": float(J[finite].max()) if finite.any() else float("nan"),
            "nonfinite": int((~finite).sum()), "points": int(J.size)}


def weight_rms(t: Trained) -> float:
    """Root mean square of theta*'s weight entries (biases left out): the scale a raw N(0, 1) step is compared to."""
    weights = [p.reshape(-1) for p in _split(t.model(), t.theta) if p.dim() == 2]
    return float(torch.cat(weights).pow(2).mean().sqrt())


def weight_count(s: NetSettings) -> int:
    """Weights only (no biases): the dimensions a random direction actually uses."""
    widths = [2, *s.config.hidden, 1]
    return sum(a * b for a, b in zip(widths[:-1], widths[1:]))


def parameter_count(s: NetSettings) -> int:
    return count_parameters(build_mlp(s.config, s.seed))

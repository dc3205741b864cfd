"""Learning rate and adaptive optimizers: the lecture's three learning-rate regimes on a landscape with a false
local minimum, "try lots of learning rates" as a batched sweep, and a race of torch.optim optimizers on 2-D test
surfaces and on a small network trained on a real dataset.

Every optimizer is torch.optim's (through core.optimizers's registry); only plain gradient descent,
W <- W - eta dJ/dW, which the lecture writes out on purpose, is also written by hand (for the batched sweep), and
a test checks it against torch.optim.SGD.
"""

from collections.abc import Callable
import functools
import math

import numpy as np
import pandas as pd
import torch

import core  # noqa: F401  (sets the thread count)
from core import data, fast_engine
from core.models import MLPConfig, build_mlp
from core.optimizers import OPTIMIZERS, make_optimizer
from core.trainer import TrainConfig, Trainer

# The 1-D landscape of the three regimes ---------------------------------------------------------------------
# J(w) = w^2 / 8 - 0.8 exp(-(w + 3)^2 / (2 * 0.3^2)): a wide bowl with its global minimum at w = 0 (J = 0) and a
# narrow dip on its left wall, a false local minimum near w = -2.9 (J ~ 0.29). The dip is sharp (J'' ~ 9) and the
# bowl is wide (J'' = 1/4), so gradient descent can settle in the dip only if eta < 2 / 9, and in the bowl only if
# eta < 2 / (1/4) = 8: a small rate gets stuck, a moderate one cannot stay in the dip and converges to w = 0, and
# a rate above 8 overshoots further at every step and diverges.
WELL_DEPTH, WELL_CENTRE, WELL_WIDTH = 0.8, -3.0, 0.3
START_W = -4.5
REGIME_STEPS = 60
REGIMES = {  # key: (learning rate, the slide's caption)
    "small": (0.05, "Small learning rate converges slowly and gets stuck in false local minima"),
    "large": (10.0, "Large learning rates overshoot, become unstable and diverge"),
    "stable": (1.0, "Stable learning rates converge smoothly and avoid local minima"),
}
W_VIEW = (-7.0, 7.0)
SWEEP_ETAS = tuple(float(v) for v in np.round(10 ** np.linspace(-3, 1.5, 46), 10))  # 10 per decade, 0.001 to 31.6
ESCAPE = 1e3  # |w| beyond this counts as diverged
SWEEP_PICKS = (0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 7.0, 8.0, 10.0, 30.0)


def J1(w: torch.Tensor) -> torch.Tensor:
    """The regimes' loss J(w), elementwise."""
    return w ** 2 / 8 - WELL_DEPTH * torch.exp(-(w - WELL_CENTRE) ** 2 / (2 * WELL_WIDTH ** 2))


def J1_sum(w: torch.Tensor) -> torch.Tensor:
    """Sum of J over a tensor of weights: its gradient is each weight's own dJ/dw (the runs stay independent)."""
    return J1(w).sum()


@functools.lru_cache(maxsize=1)
def stationary_points() -> pd.DataFrame:
    """Every point with dJ/dw = 0 on [-10, 10] (bisection on a fine grid), with J'' and its kind."""
    w = torch.linspace(-10, 10, 20001, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(J1_sum(w), w)
    w, g = w.detach(), g.detach()
    rows = []
    for i in torch.nonzero(torch.sign(g[:-1]) * torch.sign(g[1:]) < 0).flatten().tolist():
        lo, hi = w[i].item(), w[i + 1].item()
        for _ in range(60):
            mid = (lo + hi) / 2
            if (_grad1(mid) > 0) == (_grad1(lo) > 0):
                lo = mid
            else:
                hi = mid
        x = (lo + hi) / 2
        h = _hessian1(x)
        rows.append({"w": x, "J": J1(torch.tensor(x, dtype=torch.float64)).item(), "dJ/dw": _grad1(x), "J''": h,
                     "kind": "minimum" if h > 0 else "maximum"})
    return pd.DataFrame(rows)


def _grad1(w: float) -> float:
    x = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(J1(x), x)
    return g.item()


def _hessian1(w: float) -> float:
    return torch.autograd.functional.hessian(J1, torch.tensor(w, dtype=torch.float64)).item()


def curvatures() -> tuple[float, float]:
    """J'' at (the false minimum, the global minimum): a minimum holds gradient descent only if eta < 2 / J''."""
    m = stationary_points().query("kind == 'minimum'").sort_values("J")
    return m["J''"].iloc[1], m["J''"].iloc[0]


def minima() -> tuple[tuple[float, float], tuple[float, float]]:
    """((w, J) of the global minimum, (w, J) of the false local minimum)."""
    m = stationary_points().query("kind == 'minimum'").sort_values("J")
    return (m.w.iloc[0], m.J.iloc[0]), (m.w.iloc[1], m.J.iloc[1])


def descend_many(etas, steps: int = REGIME_STEPS, w0: float = START_W) -> torch.Tensor:
    """Gradient descent from w0 at every learning rate at once: iterates (steps + 1, K) in float64.

    One weight per rate, one autograd call per step for all of them: w <- w - eta * dJ/dw, elementwise (the
    update torch.optim.SGD makes; a test checks they agree to rounding). A run that leaves |w| < ESCAPE stops there.
    """
    core.single_thread()
    eta = torch.tensor(etas, dtype=torch.float64)
    w = torch.full_like(eta, float(w0))
    path = [w.clone()]
    for _ in range(int(steps)):
        x = w.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(J1_sum(x), x)
        moving = torch.isfinite(w) & (w.abs() < ESCAPE)
        w = torch.where(moving, w - eta * g, w)
        path.append(w.clone())
    return torch.stack(path)


def outcome(w_end: float) -> str:
    """Where a run ended: the global minimum, the false minimum, diverged, or elsewhere (still moving)."""
    (g_w, _), (f_w, _) = minima()
    if not math.isfinite(w_end) or abs(w_end) >= ESCAPE:
        return "diverged"
    if abs(w_end - g_w) < 0.05:
        return "global minimum"
    if abs(w_end - f_w) < 0.05:
        return "stuck in the false minimum"
    return "still moving"


def regime_runs(steps: int = REGIME_STEPS) -> pd.DataFrame:
    """The three regimes' iterates: regime, eta, step, w, J (from one batched descent)."""
    keys = list(REGIMES)
    path = descend_many([REGIMES[k][0] for k in keys], steps)
    rows = []
    for j, k in enumerate(keys):
        w = path[:, j]
        J = J1(w)
        rows += [{"regime": k, "eta": REGIMES[k][0], "step": s, "w": w[s].item(), "J": J[s].item()}
                 for s in range(len(w))]
    return pd.DataFrame(rows)


def regime_summary(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per regime: eta, final w and J, the outcome, and the largest |w| reached."""
    rows = []
    for k, g in runs.groupby("regime", sort=False):
        w_end = g.w.iloc[-1]
        out = g[(g.w < W_VIEW[0]) | (g.w > W_VIEW[1])]
        rows.append({"regime": k, "eta": g.eta.iloc[0], "w_end": w_end, "J_end": g.J.iloc[-1],
                     "outcome": outcome(w_end), "max_abs_w": g.w.abs().max(),
                     "left_view": int(out.step.iloc[0]) if len(out) else -1})
    return pd.DataFrame(rows)


def curve(n: int = 281) -> pd.DataFrame:
    """J(w) over the view, for the chart."""
    w = torch.linspace(*W_VIEW, n, dtype=torch.float64)
    return pd.DataFrame({"w": w.numpy(), "J": J1(w).numpy()})


def sweep(etas=SWEEP_ETAS, steps: int = REGIME_STEPS) -> pd.DataFrame:
    """Idea 1, "try lots of learning rates": final w, final J and the outcome for each eta, all run at once."""
    end = descend_many(etas, steps)[-1]
    J = J1(end)
    return pd.DataFrame({"eta": list(etas), "w_end": end.numpy(), "J_end": J.numpy(),
                         "outcome": [outcome(v) for v in end.tolist()]})


# 2-D test surfaces for the race --------------------------------------------------------------------------------
def _bowl(p):
    return 0.5 * (p[..., 0] ** 2 + p[..., 1] ** 2)


def _valley(p):
    return 0.05 * p[..., 0] ** 2 + 2.0 * p[..., 1] ** 2


_WELLS = ((2.0, 1.0, 2.0, 1.0), (-2.0, -2.0, 1.2, 0.7), (-1.5, 2.5, 1.0, 0.7))  # centre x, centre y, depth, width


def _multiwell(p):
    f = 0.05 * (p[..., 0] ** 2 + p[..., 1] ** 2)
    for cx, cy, depth, width in _WELLS:
        f = f - depth * torch.exp(-((p[..., 0] - cx) ** 2 + (p[..., 1] - cy) ** 2) / (2 * width ** 2))
    return f


# name: (label, f, start, box, formula in LaTeX)
SURFACES = {
    "bowl": ("Bowl", _bowl, (-4.0, 3.5), ((-5.0, 5.0), (-5.0, 5.0)), r"f = \tfrac12 (x^2 + y^2)"),
    "valley": ("Elongated valley", _valley, (-4.5, 2.0), ((-5.0, 5.0), (-5.0, 5.0)), r"f = 0.05\,x^2 + 2\,y^2"),
    "multiwell": ("Multi-well", _multiwell, (-4.5, -0.5), ((-5.0, 5.0), (-5.0, 5.0)),
                  r"f = 0.05\,(x^2 + y^2) - \sum_k d_k\, e^{-\lVert p - c_k \rVert^2 / 2 s_k^2}"),
}


def surface(name: str) -> Callable[[torch.Tensor], torch.Tensor]:
    return SURFACES[name][1]


def surface_grid(name: str, n: int = 121) -> np.ndarray:
    """f on an n x n grid over the surface's box, top row = largest y (image order), in one batched call."""
    _, f, _, ((x0, x1), (y0, y1)), _ = SURFACES[name]
    xs = torch.linspace(x0, x1, n, dtype=torch.float64)
    ys = torch.linspace(y1, y0, n, dtype=torch.float64)
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    return f(torch.stack([xx, yy], -1)).numpy()


def levels(grid: np.ndarray, k: int = 10) -> list[float]:
    """k contour levels at evenly spaced quantiles of the grid (bands of equal area), rounded for the legend."""
    q = np.quantile(grid[np.isfinite(grid)], np.linspace(0, 1, k + 2)[1:-1])
    return sorted({float(f"{v:.2g}") for v in q})


@functools.lru_cache(maxsize=4)
def surface_minima(name: str) -> pd.DataFrame:
    """Local minima of a surface: L-BFGS from a 9 x 9 grid of starts at once (the surface is a sum over points,
    so one run minimises every start), merged; each kept only if |grad| ~ 0 and the Hessian's eigenvalues are
    all positive there."""
    _, f, _, ((x0, x1), (y0, y1)), _ = SURFACES[name]
    g = torch.linspace(0, 1, 9, dtype=torch.float64)
    yy, xx = torch.meshgrid(y0 + (y1 - y0) * g, x0 + (x1 - x0) * g, indexing="ij")
    P = torch.stack([xx.reshape(-1), yy.reshape(-1)], 1).requires_grad_(True)
    opt = torch.optim.LBFGS([P], max_iter=500, tolerance_grad=1e-13, tolerance_change=1e-16,
                            line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        v = f(P).sum()
        v.backward()
        return v
    opt.step(closure)
    found: list[tuple[float, float]] = []
    for q in P.detach().tolist():
        if all(math.dist(q, m) > 1e-3 for m in found):
            found.append(tuple(q))
    rows = []
    for m in found:
        q = torch.tensor(m, dtype=torch.float64, requires_grad=True)
        (grad,) = torch.autograd.grad(f(q), q)
        eig = torch.linalg.eigvalsh(torch.autograd.functional.hessian(f, q.detach()))
        if eig.min() > 0 and grad.norm() < 1e-6:
            rows.append({"x": m[0], "y": m[1], "f": f(q).item(), "grad_norm": grad.norm().item(),
                         "hess_min_eig": eig.min().item()})
    return pd.DataFrame(rows).sort_values("f", ignore_index=True)


def race_surface(name: str, racers, lr: float, steps: int) -> pd.DataFrame:
    """Each racer minimises the surface from its start with torch.optim: racer, label, step, x, y, f.

    The racers share one forward and backward pass per step (their points stacked), then each steps its own
    torch.optim optimizer; the rows equal core.optimizers.minimize for each racer alone (a test checks). A racer
    whose point stops being finite (or leaves |p| < 1e6) stops there.
    """
    core.single_thread()
    _, f, start, _, _ = SURFACES[name]
    racers = list(racers)
    ps = [torch.tensor(start, dtype=torch.float64, requires_grad=True) for _ in racers]
    opts = [make_optimizer(r, [p], lr) for r, p in zip(racers, ps)]
    live = list(range(len(racers)))
    parts = []  # (step, indices of the live racers, their points and values)
    for step in range(int(steps) + 1):
        if not live:
            break
        for i in live:
            ps[i].grad = None
        P = torch.stack([ps[i] for i in live])
        vals = f(P)
        vals.sum().backward()
        G = torch.stack([ps[i].grad for i in live])
        parts.append((step, live, torch.cat([P.detach(), vals.detach()[:, None]], 1)))
        ok = (torch.isfinite(vals) & (P.detach().abs() < 1e6).all(1) & torch.isfinite(G).all(1)).tolist()
        live = [i for i, good in zip(live, ok) if good]
        if step < steps:
            for i in live:
                opts[i].step()
    rows = torch.cat([t for _, _, t in parts]).numpy() if parts else np.zeros((0, 3))
    df = pd.DataFrame({"racer": [racers[i] for _, idx, _ in parts for i in idx],
                       "step": [s for s, idx, _ in parts for _ in idx],
                       "x": rows[:, 0], "y": rows[:, 1], "f": rows[:, 2]})
    df.insert(1, "label", df.racer.map(lambda r: OPTIMIZERS[r][0]))
    return df.sort_values(["racer", "step"], key=lambda c: c.map(racers.index) if c.name == "racer" else c,
                          ignore_index=True)


LEFT_MAP = 100.0  # a racer this far out (20 times the map) has diverged


def race_summary(race: pd.DataFrame, name: str) -> pd.DataFrame:
    """Per racer: the final point and f, the distance to the nearest minimum and which one (0 = global), and
    whether it diverged (non-finite, or |x| or |y| beyond LEFT_MAP)."""
    mins = surface_minima(name)
    rows = []
    for r, g in race.groupby("racer", sort=False):
        last = g.iloc[-1]
        d = np.hypot(mins.x - last.x, mins.y - last.y)
        finite = math.isfinite(last.f) and max(abs(last.x), abs(last.y)) < LEFT_MAP
        rows.append({"racer": r, "label": last.label, "steps": int(last.step), "x": last.x, "y": last.y,
                     "f": last.f, "gap": last.f - mins.f.iloc[0], "nearest": int(d.idxmin()) if finite else -1,
                     "distance": float(d.min()) if finite else math.inf, "diverged": not finite})
    return pd.DataFrame(rows)


# The lecture's list of optimizers, in the lecture's order (keys of core.optimizers.OPTIMIZERS).
LECTURE = ("sgd", "adam", "adadelta", "adagrad", "rmsprop")

# Each optimizer's update, as torch.optim implements it with the registry's settings (\nabla = dJ/dW at this step,
# the gradient; squares, roots and divisions elementwise; every state starts at 0). Tests check them against
# torch.optim. The gradient is written \nabla, not g: in nnlab g(.) is only the activation function.
RULES = {
    "sgd": r"W \leftarrow W - \eta\, \nabla",
    "momentum": r"v \leftarrow 0.9\, v + \nabla, \quad W \leftarrow W - \eta\, v",
    "adagrad": r"G \leftarrow G + (\nabla)^2, \quad W \leftarrow W - \eta\, \frac{\nabla}{\sqrt{G} + 10^{-10}}",
    "rmsprop": (r"s \leftarrow 0.99\, s + 0.01\, (\nabla)^2, \quad "
                r"W \leftarrow W - \eta\, \frac{\nabla}{\sqrt{s} + 10^{-8}}"),
    "adam": (r"m \leftarrow 0.9\, m + 0.1\, \nabla, \ s \leftarrow 0.999\, s + 0.001\, (\nabla)^2, \ "
             r"W \leftarrow W - \eta\, \frac{m / (1 - 0.9^t)}{\sqrt{s / (1 - 0.999^t)} + 10^{-8}}"),
    "adadelta": (r"s \leftarrow 0.9 s + 0.1 (\nabla)^2, \ "
                 r"\Delta = \frac{\sqrt{u + 10^{-6}}}{\sqrt{s + 10^{-6}}}\, \nabla, \ "
                 r"u \leftarrow 0.9 u + 0.1 \Delta^2, \ W \leftarrow W - \eta\, \Delta"),
}
STEADY_LR, STEADY_GRADS, STEADY_AT = 0.1, (100.0, 0.01), (1, 10, 100, 500)


def steady_steps(lr: float = STEADY_LR, grads=STEADY_GRADS, at=STEADY_AT, racers=LECTURE) -> pd.DataFrame:
    """How far each optimizer moves a weight when its gradient (the page's ∇) is the same g at every step
    (J(w) = g w).

    One weight per gradient size, all in one tensor (every rule here is elementwise, so they stay independent).
    Rows: racer, label, g, t, step (|w_t - w_(t-1)|, from torch.optim) and per_eta (step / lr).
    """
    core.single_thread()
    g = torch.tensor(grads, dtype=torch.float64)
    rows = []
    for r in racers:
        w = torch.zeros_like(g, requires_grad=True)
        opt = make_optimizer(r, [w], lr)
        for t in range(1, max(at) + 1):
            before = w.detach().clone()
            opt.zero_grad()
            (g * w).sum().backward()
            opt.step()
            if t in at:
                step = (w.detach() - before).abs().tolist()
                rows += [{"racer": r, "label": OPTIMIZERS[r][0], "g": gi, "t": t, "step": si, "per_eta": si / lr}
                         for gi, si in zip(grads, step)]
    return pd.DataFrame(rows)


# The network race -----------------------------------------------------------------------------------------------
NET_DATA = ("moons", 200, 0.1)  # dataset, points, noise
NET_HIDDEN = (8, 8)
NET_ACTIVATION = "tanh"
NET_SEED = 0


def net_dataset(seed: int = NET_SEED) -> data.Dataset:
    name, n, noise = NET_DATA
    return data.make(name, n, noise, seed)


def net_model(seed: int = NET_SEED):
    return build_mlp(MLPConfig(hidden=NET_HIDDEN, activation=NET_ACTIVATION), seed)


def _trainer(racer: str, lr: float, seed: int, eval_every: int) -> Trainer:
    ds = net_dataset(seed)
    cfg = TrainConfig(loss="bce", optimizer=racer, lr=lr, batch_size=len(ds), eval_every=eval_every, seed=seed)
    return Trainer(net_model(seed), ds, None, cfg)


RACE_COLUMNS = ["racer", "label", "step", "loss", "accuracy", "diverged"]


def _race_every(steps: int) -> int:
    """The network race's evaluation interval: about 60 points per curve."""
    return max(1, int(steps) // 60)


def race_network(racers, lr: float, steps: int, seed: int = NET_SEED,
                 on_progress: Callable[[pd.DataFrame, float], None] | None = None) -> pd.DataFrame:
    """Train the same network (same data, same initial weights) once per racer, full batch, at one learning rate.

    Rows: racer, label, step, loss, accuracy (on all the data), diverged. The racers train together, as one
    batch on the fast engine (core.fast_engine: each racer's torch.optim update rule, tested against torch.optim),
    and on_progress(frame so far, fraction done) is called along the way, so a page can draw the race live.
    """
    racers, steps = list(racers), int(steps)
    if not racers:
        return pd.DataFrame(columns=RACE_COLUMNS)
    ds = net_dataset(seed)
    stack = fast_engine.stack_models([net_model(seed) for _ in racers], racers, [lr] * len(racers), loss="bce")
    every = _race_every(steps)

    def frame(h: pd.DataFrame) -> pd.DataFrame:
        stopped = h.groupby("run").stopped.agg(lambda s: bool(s.str.len().gt(0).any()))
        return pd.DataFrame({"racer": h.run, "label": h.run.map(lambda r: OPTIMIZERS[r][0]), "step": h.step,
                             "loss": h.train_loss, "accuracy": h.train_acc, "diverged": h.run.map(stopped)},
                            columns=RACE_COLUMNS).reset_index(drop=True)

    def progress(h: pd.DataFrame) -> None:
        on_progress(frame(h), min(1.0, h.step.max() / max(1, steps)))

    h = fast_engine.train_stack(stack, ds, steps, batch_size=len(ds), seed=seed, eval_every=every, names=racers,
                           on_progress=progress if on_progress else None, progress_every=max(every, steps // 10))
    return frame(h)


def race_network_alone(racers, lr: float, steps: int, seed: int = NET_SEED) -> pd.DataFrame:
    """The network race as the code panel's script runs it: each racer alone, with torch.optim (core.trainer's
    autograd engine), from the same data and initial weights, full batch. Rows as race_network's, at its steps."""
    racers, steps = list(racers), int(steps)
    out = []
    for r in racers:
        t = _trainer(r, lr, seed, eval_every=_race_every(steps))
        t.run(steps)
        h = t.history()
        out.append(pd.DataFrame({"racer": r, "label": OPTIMIZERS[r][0], "step": h.step, "loss": h.train_loss,
                                 "accuracy": h.train_acc, "diverged": bool(t.diverged)}, columns=RACE_COLUMNS))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=RACE_COLUMNS)


AGREE = 1e-3   # two training losses within 0.1 % of each other agree


def _agree(a: float, b: float, rel: float) -> bool:
    return math.isfinite(a) and math.isfinite(b) and math.isclose(a, b, rel_tol=rel)


def race_agreement(page: pd.DataFrame, script: pd.DataFrame, rel: float = AGREE) -> pd.DataFrame:
    """Per racer (in the page's order), the page's network race (race_network: all racers in one batch) against
    the script's (race_network_alone: one torch.optim run each). Columns: racer, label, page and script (the final
    training losses), page_diverged, script_diverged, agree (both diverged, or neither and the final losses within
    `rel` of each other), parted (the first evaluated step at which the losses are not within `rel`; nan if none)
    and together_until (the evaluated step before it)."""
    rows = []
    for r, p in page.groupby("racer", sort=False):
        s = script[script.racer == r]
        if s.empty:
            continue
        both = p[["step", "loss"]].merge(s[["step", "loss"]], on="step", suffixes=("_page", "_script"))
        off = both[[not _agree(a, b, rel) for a, b in zip(both.loss_page, both.loss_script)]]
        parted = float(off.step.iloc[0]) if len(off) else math.nan
        before = both.step[both.step < parted] if len(off) else both.step
        page_off, script_off = bool(p.diverged.iloc[-1]), bool(s.diverged.iloc[-1])
        a, b = float(p.loss.iloc[-1]), float(s.loss.iloc[-1])
        agree = (page_off and script_off) or (not page_off and not script_off and _agree(a, b, rel))
        rows.append({"racer": r, "label": p.label.iloc[-1], "page": a, "script": b, "page_diverged": page_off,
                     "script_diverged": script_off, "agree": agree,
                     "parted": parted, "together_until": float(before.iloc[-1]) if len(before) else math.nan})
    return pd.DataFrame(rows)


# Beyond the lecture: a learning-rate schedule ---------------------------------------------------------------------
SCHEDULE_STEPS = 200
SCHEDULES = {"cosine": "cosine annealing", "step": "step decay (halve every quarter of the run)"}


def make_scheduler(kind: str, opt: torch.optim.Optimizer, steps: int):
    """torch.optim.lr_scheduler for the run: cosine from eta to 0, or halve every quarter of the steps."""
    if kind == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, int(steps)))
    if kind == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=max(1, int(steps) // 4), gamma=0.5)
    raise ValueError(f"unknown schedule {kind!r}")


def schedule_race(racer: str, lr: float, steps: int, kind: str = "cosine", seed: int = NET_SEED) -> pd.DataFrame:
    """The network trained twice from the same start: at a constant eta, and with eta following a schedule.

    Rows: series ("constant" or the schedule), step, loss, lr (the rate used for the step from there).
    """
    out = []
    for series in ("constant", kind):
        t = _trainer(racer, lr, seed, eval_every=1)
        sched = make_scheduler(kind, t.opt, steps) if series != "constant" else None
        rates = [lr]
        for _ in range(int(steps)):
            t.run(1)
            if t.stopped:
                break
            if sched:
                sched.step()
                t.lr = sched.get_last_lr()[0]
            rates.append(t.lr)
        h = t.history()
        out.append(pd.DataFrame({"series": series, "step": h.step, "loss": h.train_loss,
                                 "lr": rates[: len(h)] + [math.nan] * (len(h) - len(rates))}))
    return pd.concat(out, ignore_index=True)

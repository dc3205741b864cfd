"""Mini-batches: full-batch gradient descent, SGD (B = 1) and mini-batches of B examples on one model.

The gradient of J(W) = (1/N) sum_i J_i(W) is the mean of the per-example gradients; a batch of B
examples estimates it by the mean over the batch. Per-example gradients come from one batched pass
(torch.func: vmap of grad of functional_call), so every batch's estimate is a cheap gather-and-mean.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
import math
import time

import pandas as pd
import torch
from torch.func import functional_call, grad, vmap

import core  # noqa: F401  (sets the thread count)
from core import data, fast_engine
from core.models import MLPConfig, build_mlp
from core.trainer import TrainConfig, Trainer, loss_fn

BATCH_SIZES = (1, 8, 32, 128)   # SGD, a small mini-batch, and the lecture's "32 or 128"; full batch is N
SWEEP_LRS = (0.1, 0.3, 1.0, 3.0, 10.0)
# Batches are drawn from generators seeded far from the data's seed: a generator with the data's own seed
# would replay the very numbers that placed the points, and its batches would not be random draws.
DRAW_OFFSET = 100_000   # (torch seeds its Mersenne Twister with 32 bits: keep offsets small)


@dataclass(frozen=True)
class MiniSettings:
    lr: float = 0.1              # SGD's learning rate eta, the same for every batch size
    epochs: int = 3              # passes over the data (at most 5): every run sees the same examples
    seed: int = 0                # data, initial weights and the order of the batches
    n: int = 256                 # N, the training examples
    noise: float = 0.2           # of the two-moons data
    hidden: tuple = (16,)        # a 2-16-1 tanh MLP, BCE on logits
    activation: str = "tanh"
    draws: int = 200             # random batches drawn per batch size for the gradient cloud and variances
    sweep_steps: int = 40        # optimizer steps per run of the learning-rate sweep

    def for_gradients(self) -> "MiniSettings":
        """These settings with the training-only fields at their defaults: the key of gradient_noise."""
        return replace(self, lr=MiniSettings.lr, epochs=MiniSettings.epochs, sweep_steps=MiniSettings.sweep_steps)

    @property
    def batch_sizes(self) -> tuple[int, ...]:
        """The compared batch sizes: 1, 8, 32, 128 (those below N) and N itself (full batch)."""
        return tuple(b for b in BATCH_SIZES if b < self.n) + (self.n,)


def label(b: int, n: int) -> str:
    """How the page names a batch size."""
    return f"full batch (B = {n})" if b >= n else ("SGD (B = 1)" if b == 1 else f"B = {b}")


def dataset(s: MiniSettings) -> data.Dataset:
    return data.moons(s.n, s.noise, s.seed)


def model(s: MiniSettings) -> torch.nn.Module:
    """The seeded initial network: every run starts from these weights."""
    return build_mlp(MLPConfig(n_in=2, hidden=tuple(s.hidden), activation=s.activation), s.seed)


# Gradients ------------------------------------------------------------------------------
def per_example_gradients(net: torch.nn.Module, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """(N, P): row i is dJ_i/dW, the gradient of example i's BCE loss, flattened; one vmap pass, no loop."""
    params = {k: v.detach() for k, v in net.named_parameters()}

    def one_loss(p, x, t):
        return loss_fn("bce", functional_call(net, p, (x[None],)).reshape(()), t)

    g = vmap(grad(one_loss), in_dims=(None, 0, 0))(params, X, y)
    return torch.cat([g[k].reshape(len(X), -1) for k in params], 1)


def batch_gradient(net: torch.nn.Module, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """dJ/dW of one batch by autograd, flattened: (1/B) sum_k dJ_k/dW. No randomness in it."""
    net.zero_grad()
    loss_fn("bce", net(X).squeeze(-1), y).backward()
    return torch.cat([p.grad.reshape(-1) for p in net.parameters()]).clone()


def draw_batches(n: int, b: int, draws: int, gen: torch.Generator) -> torch.Tensor:
    """(draws, b) indices: each row b distinct examples, uniformly at random (as a shuffled epoch gives)."""
    return torch.rand(draws, n, generator=gen).argsort(1)[:, :b]


def exact_variance(sigma2: float, n: int, b: int) -> float:
    """E|g_B - g|^2 for a batch of b drawn without replacement from n: sigma^2 / b * (n - b) / (n - 1)."""
    return sigma2 / b * (n - b) / (n - 1) if n > 1 else 0.0


@dataclass
class GradientNoise:
    """The gradient estimates of random batches at the initial weights, and their spread."""
    true_norm: float            # |dJ/dW|, the full-batch gradient's length
    sigma2: float               # (1/N) sum_i |g_i - g|^2: the spread of single-example gradients
    cloud: pd.DataFrame         # batch, B, u, v: each drawn batch's gradient in the plane (u along g)
    variance: pd.DataFrame      # B, measured, exact (without replacement), with_replacement (sigma^2 / B)
    n_params: int


def variance_sizes(n: int) -> list[int]:
    """Batch sizes for the variance plot: powers of two below N, and N."""
    return [2 ** k for k in range(int(math.log2(n)) + 1) if 2 ** k < n] + [n]


def gradient_noise(s: MiniSettings) -> GradientNoise:
    """Per-example gradients at the initial weights, many random batches per B, and the variance law."""
    core.single_thread()
    ds, net = dataset(s), model(s)
    G = per_example_gradients(net, ds.X, ds.y).double()
    g = G.mean(0)
    dev = G - g
    sigma2 = dev.pow(2).sum(1).mean().item()
    # Two fixed directions: u along the true gradient; v the direction (perpendicular to u) in which
    # single-example gradients spread most (the top principal direction of their deviations).
    u = g / g.norm()
    rest = dev - (dev @ u)[:, None] * u
    v = torch.linalg.svd(rest, full_matrices=False).Vh[0]
    # s.draws shuffles of the data; the first b examples of each are a random batch of b (for every b).
    shuffles = draw_batches(s.n, s.n, s.draws, torch.Generator().manual_seed(DRAW_OFFSET + s.seed))
    clouds, rows = [], []
    for b in sorted(set(s.batch_sizes) | set(variance_sizes(s.n))):
        pick = torch.zeros(s.draws, s.n, dtype=G.dtype).scatter_(1, shuffles[:, :b], 1.0 / b)
        est = pick @ G    # (draws, P): every batch's mean gradient in one matrix product
        if b in s.batch_sizes:
            clouds.append(pd.DataFrame({"batch": label(b, s.n), "B": b, "u": (est @ u).numpy(),
                                        "v": (est @ v).numpy()}))
        measured = (est - g).pow(2).sum(1).mean().item()
        rows.append({"B": b, "measured": measured, "exact": exact_variance(sigma2, s.n, b),
                     "with_replacement": sigma2 / b})
    return GradientNoise(g.norm().item(), sigma2, pd.concat(clouds, ignore_index=True), pd.DataFrame(rows),
                         G.shape[1])


def fixed_batch(s: MiniSettings, b: int, batch_seed: int) -> dict:
    """One batch drawn with `batch_seed`: its indices, and its gradient computed twice by autograd."""
    core.single_thread()
    ds, net = dataset(s), model(s)
    idx = draw_batches(s.n, b, 1, torch.Generator().manual_seed(2 * DRAW_OFFSET + int(batch_seed)))[0]
    first = batch_gradient(net, ds.X[idx], ds.y[idx])
    second = batch_gradient(net, ds.X[idx], ds.y[idx])
    full = batch_gradient(net, ds.X, ds.y)
    return {"indices": idx.tolist(), "gradient": first, "repeat_difference": (first - second).abs().max().item(),
            "error": (first - full).norm().item(), "true_norm": full.norm().item()}


# Training -------------------------------------------------------------------------------
def trainer(s: MiniSettings, b: int, lr: float | None = None, eval_every: int = 1, engine: str = "fast") -> Trainer:
    """Plain SGD (torch.optim.SGD's rule; by default on the fast engine, core.fast_engine) with batch size b
    from the shared initial weights."""
    cfg = TrainConfig(loss="bce", optimizer="sgd", lr=s.lr if lr is None else lr, batch_size=b,
                      eval_every=eval_every, seed=DRAW_OFFSET + s.seed, engine=engine)
    return Trainer(model(s), dataset(s), None, cfg)


def compare_batch_sizes(s: MiniSettings, on_progress: Callable[[pd.DataFrame], None] | None = None,
                        every: float = 0.3) -> pd.DataFrame:
    """Train one run per batch size for s.epochs epochs (same data, initial weights and lr).

    One row per evaluation: batch, B, step, examples (seen so far), seconds (measured wall time, the
    only column that varies between identical calls), train_loss (on all N examples), diverged.
    `on_progress(frame so far)` is called at most every `every` seconds (and at the end), so a page can
    draw the race while it runs.
    """
    frames: list[pd.DataFrame] = []
    last_draw = [0.0]
    for b in s.batch_sizes:
        t = trainer(s, b, eval_every=max(1, s.epochs * s.n // b // 64))  # about 64 points per curve
        clock = _Clock()

        def tick(tr: Trainer, clock: _Clock = clock) -> None:
            clock.mark(tr.step)
            if on_progress and time.perf_counter() - last_draw[0] > every:
                last_draw[0] = time.perf_counter()
                on_progress(pd.concat(frames + [_frame(tr, tr.cfg.batch_size, s.n, clock)], ignore_index=True))

        t.run(s.epochs * t.steps_per_epoch, on_progress=tick)
        frames.append(_frame(t, b, s.n, clock))
    out = pd.concat(frames, ignore_index=True)
    if on_progress:
        on_progress(out)
    return out


class _Clock:
    """Wall time since the start of a run, noted at each evaluation's step."""

    def __init__(self):
        self.start, self.at = time.perf_counter(), {0: 0.0}

    def mark(self, step: int) -> None:
        self.at[step] = time.perf_counter() - self.start


def _frame(t: Trainer, b: int, n: int, clock: _Clock) -> pd.DataFrame:
    h = t.history()
    steps = h.step.to_numpy()
    return pd.DataFrame({"batch": label(b, n), "B": b, "step": steps, "examples": steps * t.batch_size,
                         "seconds": [clock.at.get(int(k), math.nan) for k in steps],
                         "train_loss": h.train_loss.to_numpy(), "diverged": t.diverged})


def lr_sweep(s: MiniSettings, lrs=SWEEP_LRS, on_progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Training loss after s.sweep_steps SGD steps for every batch size and learning rate.

    One row per run: batch, B, lr, start_loss, final_loss (nan if it diverged), diverged, stable (the
    final loss is finite and below the starting loss). `on_progress(done, total)` after each run.
    """
    rows, total = [], len(s.batch_sizes) * len(lrs)
    for b in s.batch_sizes:  # the learning rates of one batch size train together, on the same batches
        stack = fast_engine.stack_models([model(s) for _ in lrs], ["sgd"] * len(lrs), list(lrs))
        h = fast_engine.train_stack(stack, dataset(s), s.sweep_steps, b, seed=DRAW_OFFSET + s.seed,
                               eval_every=s.sweep_steps, names=list(lrs))
        for lr in lrs:
            run = h[h.run == lr]
            start, loss = run.train_loss.iloc[0], run.train_loss.iloc[-1]
            diverged = bool(run.stopped.iloc[-1])
            final = loss if math.isfinite(loss) and not diverged else math.nan
            rows.append({"batch": label(b, s.n), "B": b, "lr": lr, "start_loss": start, "final_loss": final,
                         "diverged": diverged, "stable": bool(final < start)})
            if on_progress:
                on_progress(len(rows), total)
    return pd.DataFrame(rows)


def best_learning_rates(sweep: pd.DataFrame) -> pd.DataFrame:
    """Per batch size: the learning rate with the lowest final loss (best_lr, best_loss) and the largest
    learning rate whose run ended below its starting loss (largest_stable_lr; nan if none did)."""
    out = []
    for b, runs in sweep.groupby("B", sort=True):
        ok = runs.dropna(subset=["final_loss"])
        best = ok.loc[ok.final_loss.idxmin()] if len(ok) else None
        stable = runs[runs.stable]
        out.append({"batch": runs.batch.iloc[0], "B": b, "best_lr": math.nan if best is None else best.lr,
                    "best_loss": math.nan if best is None else best.final_loss,
                    "largest_stable_lr": stable.lr.max() if len(stable) else math.nan})
    return pd.DataFrame(out)


# Summaries the page prints --------------------------------------------------------------
def race_table(race: pd.DataFrame) -> pd.DataFrame:
    """Per batch size: steps, measured wall time and final training loss (all saw the same examples)."""
    last = race.groupby("B", sort=True).tail(1)
    return pd.DataFrame({"batch": last.batch, "steps": last.step, "wall time (s)": last.seconds.round(3),
                         "final training loss": last.train_loss.round(4)})


def race_summary(race: pd.DataFrame) -> str:
    """One sentence: each batch size's final loss and step count."""
    t = race_table(race)
    return "Final loss: " + "; ".join(f"{b} {loss:.4f} after {n:,} steps"
                                      for b, n, loss in zip(t.batch, t.steps, t["final training loss"])) + "."


def sweep_summary(best: pd.DataFrame) -> str:
    """One sentence: the largest stable and the best learning rate of every batch size."""
    def lr(v):
        return "none" if math.isnan(v) else f"{v:g}"
    return ("Largest η whose run ended below its starting loss: " +
            ", ".join(f"{lr(r.largest_stable_lr)} for {r.batch}" for r in best.itertuples()) +
            ". Lowest loss at η = " + ", ".join(f"{lr(r.best_lr)} ({r.batch})" for r in best.itertuples()) + ".")

"""The training engine on the playground's default network (2-8-8-1 tanh, 500 points, batch 32, Adam).

Runs, in one process and one thread:
  - nnlab's Trainer on autograd + torch.optim (what the code panels show),
  - nnlab's Trainer on the fast engine (core.fast_engine: hand-derived gradients, torch.optim's formulas),
  - a hand-written NumPy forward / backward / Adam of the same network (the reference),
and then K networks trained together (a 6-optimizer race, a 20-rate sweep) against one network.

The contenders run in short interleaved blocks (100 steps each, round after round), and each figure is the
median over the rounds: this machine's speed drifts by up to 2x within a minute, and interleaving puts every
contender under the same drift, so the ratios hold even when the absolute figures move.

    python -m benchmarks.engine [--rounds 30]
"""

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
import torch

from core import data, fast_engine, models, trainer

HIDDEN = (8, 8)
BLOCK = 100
LR = 0.03


def setting():
    ds = data.make("spiral", 500, 0.0, 0)
    return ds.split(0.5, 0)


def _net():
    return models.build_mlp(models.MLPConfig(2, HIDDEN, "tanh"), 0)


def numpy_block(X, y, batch: int = 32, lr: float = LR, seed: int = 0) -> Callable[[int], float]:
    """2-8-8-1 tanh, BCE on logits, Adam (PyTorch's defaults), written by hand in NumPy: a function that
    trains n more steps and returns the seconds they took."""
    params = [p.detach().numpy().copy() for p in _net().parameters()]  # W1, b1, W2, b2, W3, b3
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1_, b2_, eps = 0.9, 0.999, 1e-8
    rng = np.random.default_rng(seed)
    state = {"order": np.empty(0, dtype=np.int64), "t": 0}

    def run(n: int) -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            state["t"] += 1
            t = state["t"]
            if len(state["order"]) == 0:
                state["order"] = rng.permutation(len(X))
            idx, state["order"] = state["order"][:batch], state["order"][batch:]
            xb, yb = X[idx], y[idx]
            W1, c1, W2, c2, W3, c3 = params
            h1 = np.tanh(xb @ W1.T + c1)
            h2 = np.tanh(h1 @ W2.T + c2)
            out = (h2 @ W3.T + c3)[:, 0]
            d3 = ((1 / (1 + np.exp(-out)) - yb) / len(idx))[:, None]
            g = [None] * 6
            g[4], g[5] = d3.T @ h2, d3.sum(0)
            d2 = (d3 @ W3) * (1 - h2 * h2)
            g[2], g[3] = d2.T @ h1, d2.sum(0)
            d1 = (d2 @ W2) * (1 - h1 * h1)
            g[0], g[1] = d1.T @ xb, d1.sum(0)
            bc1, bc2 = 1 - b1_ ** t, 1 - b2_ ** t
            for i, p in enumerate(params):
                m[i] = b1_ * m[i] + (1 - b1_) * g[i]
                v[i] = b2_ * v[i] + (1 - b2_) * g[i] * g[i]
                p -= lr / bc1 * m[i] / (np.sqrt(v[i] / bc2) + eps)
        return time.perf_counter() - t0
    return run


def new_trainer(tr, va, engine_name: str, lr: float = LR) -> trainer.Trainer:
    return trainer.Trainer(_net(), tr, va, trainer.TrainConfig(optimizer="adam", lr=lr, batch_size=32,
                                                           eval_every=10 ** 9, engine=engine_name))


def trainer_block(t: trainer.Trainer) -> Callable[[int], float]:
    def run(n: int) -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            t.train_step()
        return time.perf_counter() - t0
    return run


def stack_block(tr, optimizers, lrs) -> Callable[[int], float]:
    s = fast_engine.stack_models([_net() for _ in optimizers], optimizers, lrs)
    batches = fast_engine.Batches(s.prepare(tr.X), tr.y, 32, torch.Generator().manual_seed(0))

    def run(n: int) -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            s.step(*batches.next())
        return time.perf_counter() - t0
    return run


def interleaved(blocks: dict[str, Callable[[int], float]], rounds: int) -> dict[str, list[float]]:
    """µs per step of each contender in every round (after one warm-up block each)."""
    for run in blocks.values():
        run(BLOCK)
    out = {name: [] for name in blocks}
    for _ in range(rounds):
        for name, run in blocks.items():
            out[name].append(run(BLOCK) / BLOCK * 1e6)
    return out


def ratio(a: list[float], b: list[float]) -> float:
    """The median over rounds of a / b (both measured in the same round)."""
    return statistics.median(x / y for x, y in zip(a, b))


def agreement(tr, va, steps: int = 300) -> float:
    """Max |weight difference| of the fast Trainer against the autograd one after `steps` steps (the
    tolerance tests/unit/test_fast_engine.py asserts)."""
    a, f = new_trainer(tr, va, "autograd"), new_trainer(tr, va, "fast")
    for t in (a, f):
        for _ in range(steps):
            t.train_step()
    return (fast_engine.flatten(a.model) - fast_engine.flatten(f.model)).abs().max().item()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    a = ap.parse_args()
    torch.set_num_threads(1)
    tr, va = setting()
    X, y = tr.X.numpy().astype(np.float32), tr.y.numpy().astype(np.float32)
    us = interleaved({"autograd": trainer_block(new_trainer(tr, va, "autograd")),
                      "fast": trainer_block(new_trainer(tr, va, "fast")),
                      "numpy": numpy_block(X, y)}, a.rounds)
    med = {k: statistics.median(v) for k, v in us.items()}
    steps = a.rounds * BLOCK
    print(f"Training engine: 2-8-8-1 tanh on 250 training points, batch 32, Adam lr {LR}, one thread; "
          f"{a.rounds} interleaved rounds of {BLOCK} steps, medians")
    print(f"  Trainer, autograd + torch.optim : {med['autograd']:7.1f} us/step  {1e6 / med['autograd']:7,.0f} steps/s  "
          f"{ratio(us['autograd'], us['numpy']):4.2f}x NumPy")
    print(f"  Trainer, fast engine            : {med['fast']:7.1f} us/step  {1e6 / med['fast']:7,.0f} steps/s  "
          f"{ratio(us['fast'], us['numpy']):4.2f}x NumPy   (target >= 5,000 steps/s and <= 2x NumPy)")
    print(f"  NumPy by hand (reference)       : {med['numpy']:7.1f} us/step  {1e6 / med['numpy']:7,.0f} steps/s")
    fastest = min(us["fast"])
    print(f"  fast engine, fastest round      : {fastest:7.1f} us/step  {1e6 / fastest:7,.0f} steps/s "
          f"(the machine's speed varies; {steps:,} steps each)")
    print(f"  fast vs autograd after 300 steps: max |weight difference| {agreement(tr, va):.2e}")
    ks = interleaved({"one": stack_block(tr, ["adam"], [LR]),
                      "race": stack_block(tr, list(fast_engine.RULES), [LR] * 6),
                      "sweep": stack_block(tr, ["adam"] * 20, list(np.logspace(-4, 1, 20)))}, a.rounds)
    print(f"Batched: K networks trained together on the same batches ({a.rounds} interleaved rounds, medians)")
    one = statistics.median(ks["one"])
    print(f"  1 network              : {one:7.1f} us/step")
    print(f"  6-optimizer race (K=6) : {statistics.median(ks['race']):7.1f} us/step  "
          f"{ratio(ks['race'], ks['one']):4.2f}x one network  (target <= 2x)")
    print(f"  20-rate Adam sweep     : {statistics.median(ks['sweep']):7.1f} us/step  "
          f"{ratio(ks['sweep'], ks['one']):4.2f}x one network  (target <= 2x)")
    print(f"  the race, one autograd Trainer per racer, would take "
          f"{6 * med['autograd'] / statistics.median(ks['race']):4.1f}x longer")


if __name__ == "__main__":
    main()

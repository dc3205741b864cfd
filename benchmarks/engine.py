"""The training engine on the playground's default network (2-8-8-1 tanh, 500 points, batch 32, Adam).

Runs, in one process and one thread:
  - nnlab's Trainer on autograd + torch.optim (what the code panels show),
  - nnlab's Trainer on the fast engine (core.engine: hand-derived gradients, torch.optim's formulas),
  - a hand-written NumPy forward / backward / Adam of the same network (the reference),
and then K networks trained together (a 6-optimizer race, a 20-rate sweep) against one network.

    python -m benchmarks.engine [--steps 3000]
"""

import argparse
import time

import numpy as np
import torch

from core import data, engine, models, train

HIDDEN = (8, 8)


def setting():
    ds = data.make("spiral", 500, 0.0, 0)
    return ds.split(0.5, 0)


def numpy_run(X, y, init, steps: int, batch: int, lr: float, seed: int) -> float:
    """2-8-8-1 tanh, BCE on logits, Adam (PyTorch's defaults), written by hand in NumPy. Returns seconds."""
    params = [a.copy() for a in init]  # W1, b1, W2, b2, W3, b3
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1_, b2_, eps = 0.9, 0.999, 1e-8
    rng = np.random.default_rng(seed)
    order = np.empty(0, dtype=np.int64)
    t0 = time.perf_counter()
    for t in range(1, steps + 1):
        if len(order) == 0:
            order = rng.permutation(len(X))
        idx, order = order[:batch], order[batch:]
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


def trainer_run(tr, va, engine_name: str, steps: int, lr: float, optimizer: str = "adam"):
    model = models.build_mlp(models.MLPConfig(2, HIDDEN, "tanh"), 0)
    t = train.Trainer(model, tr, va, train.TrainConfig(optimizer=optimizer, lr=lr, batch_size=32,
                                                       eval_every=10 ** 9, engine=engine_name))
    t.run(50)
    t.reset()
    t0 = time.perf_counter()
    for _ in range(steps):
        t.train_step()
    return time.perf_counter() - t0, t


def stack_run(tr, optimizers, lrs, steps: int) -> float:
    nets = [models.build_mlp(models.MLPConfig(2, HIDDEN, "tanh"), 0) for _ in optimizers]
    s = engine.stack_models(nets, optimizers, lrs)
    batches = engine.Batches(s.prepare(tr.X), tr.y, 32, torch.Generator().manual_seed(0))
    for _ in range(50):
        s.step(*batches.next())
    t0 = time.perf_counter()
    for _ in range(steps):
        s.step(*batches.next())
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=3000)
    a = ap.parse_args()
    torch.set_num_threads(1)
    tr, va = setting()
    lr = 0.03
    auto_s, auto = trainer_run(tr, va, "autograd", a.steps, lr)
    fast_s, fast = trainer_run(tr, va, "fast", a.steps, lr)
    init = [p.detach().numpy().copy() for p in models.build_mlp(models.MLPConfig(2, HIDDEN, "tanh"), 0).parameters()]
    X, y = tr.X.numpy().astype(np.float32), tr.y.numpy().astype(np.float32)
    numpy_run(X, y, init, 50, 32, lr, 0)
    np_s = numpy_run(X, y, init, a.steps, 32, lr, 0)
    diff = (torch.nn.utils.parameters_to_vector(auto.model.parameters())
            - torch.nn.utils.parameters_to_vector(fast.model.parameters())).abs().max().item()
    print(f"Training engine: 2-8-8-1 tanh on 250 training points, batch 32, Adam lr {lr}, {a.steps} steps, one thread")
    us = lambda s: s / a.steps * 1e6  # noqa: E731
    print(f"  Trainer, autograd + torch.optim : {us(auto_s):7.1f} us/step  {a.steps / auto_s:7,.0f} steps/s  "
          f"{auto_s / np_s:4.2f}x NumPy")
    print(f"  Trainer, fast engine            : {us(fast_s):7.1f} us/step  {a.steps / fast_s:7,.0f} steps/s  "
          f"{fast_s / np_s:4.2f}x NumPy   (target >= 5,000 steps/s and <= 2x NumPy)")
    print(f"  NumPy by hand (reference)       : {us(np_s):7.1f} us/step  {a.steps / np_s:7,.0f} steps/s")
    print(f"  fast vs autograd after {a.steps} steps: max |weight difference| {diff:.2e}")
    one = stack_run(tr, ["adam"], [lr], a.steps)
    race = stack_run(tr, list(engine.RULES), [lr] * 6, a.steps)
    sweep = stack_run(tr, ["adam"] * 20, list(np.logspace(-4, 1, 20)), a.steps)
    print(f"Batched: K networks trained together on the same batches ({a.steps} steps)")
    print(f"  1 network              : {us(one):7.1f} us/step")
    print(f"  6-optimizer race (K=6) : {us(race):7.1f} us/step  {race / one:4.2f}x one network  (target <= 2x)")
    print(f"  20-rate Adam sweep     : {us(sweep):7.1f} us/step  {sweep / one:4.2f}x one network  (target <= 2x)")
    seq = 6 * auto_s
    print(f"  the race, one autograd Trainer per racer, would take {seq / race:4.1f}x longer")


if __name__ == "__main__":
    main()

"""Per-step training time of the default "Will I pass" network: nnlab's Trainer (nn.Module, autograd,
torch.optim.Adam) against the same training written by hand in NumPy, in one run.

    python -m benchmarks.train_step [--steps 3000]
"""

import argparse
import time

import numpy as np

from core import lecture


def numpy_adam_run(train, hidden: int, steps: int, batch: int, lr: float, seed: int, init) -> tuple[float, float]:
    """2-h-1 sigmoid MLP, BCE on logits, Adam (PyTorch's defaults), by hand. Returns (seconds, final loss)."""
    X = train.X.numpy().astype(np.float32)
    y = train.y.numpy().astype(np.float32)
    mean, std = X.mean(0), X.std(0, ddof=1)
    Xs = (X - mean) / std
    W1, b1, W2, b2 = (a.copy() for a in init)
    params = [W1, b1, W2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1_, b2_, eps = 0.9, 0.999, 1e-8
    rng = np.random.default_rng(seed)
    order = np.empty(0, dtype=np.int64)
    t0 = time.perf_counter()
    for t in range(1, steps + 1):
        if len(order) == 0:
            order = rng.permutation(len(Xs))
        idx, order = order[:batch], order[batch:]
        xb, yb = Xs[idx], y[idx]
        z1 = xb @ W1.T + b1
        h = 1 / (1 + np.exp(-z1))
        out = (h @ W2.T + b2)[:, 0]
        # BCE with logits, mean over the batch; d/d(out) = sigmoid(out) - y
        dout = (1 / (1 + np.exp(-out)) - yb) / len(idx)
        gW2 = dout[None, :] @ h
        gb2 = np.array([dout.sum()], dtype=np.float32)
        dh = dout[:, None] @ W2
        dz1 = dh * h * (1 - h)
        gW1 = dz1.T @ xb
        gb1 = dz1.sum(0)
        for i, (p, g) in enumerate(zip(params, (gW1, gb1, gW2, gb2))):
            m[i] = b1_ * m[i] + (1 - b1_) * g
            v[i] = b2_ * v[i] + (1 - b2_) * g * g
            mhat = m[i] / (1 - b1_ ** t)
            vhat = v[i] / (1 - b2_ ** t)
            p -= lr * mhat / (np.sqrt(vhat) + eps)
    seconds = time.perf_counter() - t0
    z = ((1 / (1 + np.exp(-(Xs @ W1.T + b1)))) @ W2.T + b2)[:, 0]
    loss = float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    return seconds, loss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=3000)
    a = ap.parse_args()
    s = lecture.PassSettings()
    t = lecture.pass_trainer(s)
    init = [p.detach().numpy().copy() for p in t.model.parameters()]
    t.run(50)
    t.reset()  # warm-up done; back to the lecture preset
    t0 = time.perf_counter()
    for _ in range(a.steps):
        t.train_step()
    torch_s = time.perf_counter() - t0
    torch_loss = t.evaluate(t.train_set)[0]
    numpy_adam_run(t.train_set, s.hidden, 50, s.batch_size, s.lr, s.seed, init)  # warm-up
    np_s, np_loss = numpy_adam_run(t.train_set, s.hidden, a.steps, s.batch_size, s.lr, s.seed, init)
    print(f"Training step, default Will-I-pass network (2-3-1 sigmoid, batch {s.batch_size}, Adam lr {s.lr}), "
          f"{a.steps} steps, one thread")
    print(f"  nnlab Trainer (nn.Module + autograd + torch.optim): {torch_s / a.steps * 1e6:8.1f} us/step "
          f"({a.steps / torch_s:,.0f} steps/s), final training loss {torch_loss:.4f}")
    print(f"  hand-written NumPy forward/backward/Adam:          {np_s / a.steps * 1e6:8.1f} us/step "
          f"({a.steps / np_s:,.0f} steps/s), final training loss {np_loss:.4f} (its own batch order)")
    print(f"  ratio nnlab / NumPy: {torch_s / np_s:.2f}x")


if __name__ == "__main__":
    main()

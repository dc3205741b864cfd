"""Time to a trained model: the playground's spiral with a 2-8-8-1 tanh network at nnlab's defaults,
trained epoch by epoch until the test loss falls below 0.1, as pressing Play does (without drawing).

Peer: TensorFlow Playground at its own settings (SGD, lr 0.03, batch 10) needs about 33 s, epoch 1,182,
in Chromium on this kind of machine (measured for the performance issue).

    python -m benchmarks.time_to_model [--seeds 5]
"""

import argparse
import statistics
import time

from core.playground.data import make_data, split
from core.playground.model import make_trainer
from core.playground.settings import PlaySettings

TARGET_LOSS = 0.1
MAX_SECONDS = 30.0


def one(seed: int) -> dict:
    s = PlaySettings(seed=seed)
    full = make_data(s)
    train, test = split(s, full)
    t0 = time.perf_counter()
    trainer = make_trainer(s, train, test)
    epoch = 0
    while time.perf_counter() - t0 < MAX_SECONDS:
        trainer.run(trainer.steps_per_epoch)
        epoch += 1
        if trainer.evaluate(trainer.test_set)[0] < TARGET_LOSS:
            return {"seed": seed, "seconds": time.perf_counter() - t0, "epoch": epoch,
                    "engine": "fast" if getattr(trainer, "fast", None) else "autograd"}
    return {"seed": seed, "seconds": float("nan"), "epoch": epoch, "engine": "?"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=5)
    a = ap.parse_args()
    s = PlaySettings()
    runs = [one(seed) for seed in range(a.seeds)]
    print(f"Time to test loss < {TARGET_LOSS}: playground defaults ({s.data}, {s.n} points, noise {s.noise} %, "
          f"{s.train_pct} % training, 2-{'-'.join(map(str, s.hidden))}-1 {s.activation}, {s.optimizer} lr {s.lr}, "
          f"batch {s.batch})")
    for r in runs:
        print(f"  weight seed {r['seed']}: {r['seconds']:5.2f} s, epoch {r['epoch']} ({r['engine']} engine)")
    done = [r["seconds"] for r in runs if r["seconds"] == r["seconds"]]
    if done:
        print(f"  median {statistics.median(done):.2f} s, worst {max(done):.2f} s over {len(runs)} seeds "
              f"({len(done)} reached it)   (target <= 3 s; TensorFlow Playground: about 33 s, epoch 1,182)")


if __name__ == "__main__":
    main()

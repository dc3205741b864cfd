"""Bounded work: every run a learner can start stays within a budget, counted in work, not seconds.

The trainers count what they do: optimizer steps (one per model per step) and work, the sum over
steps of examples x parameters x models (a forward and backward pass costs about that many multiply-
adds, times a small constant). tests/app/test_sweep.py pushes every page to its worst named settings and
checks each script run against the budget below, so a control limit raised too far fails a test
instead of freezing a shared server.

The budget matches nnlab's 5 s for a run the learner starts, on one core of the 2-core development
machine: about 0.5 ms per autograd step (0.2 ms on core.fast_engine) and about 2 ns per unit of work
(benchmarks/README.md: the worst runs measured against their counts).
"""

import threading

MAX_STEPS = 12_000        # optimizer steps in one script run, all models together
MAX_WORK = 1.5e9          # examples x parameters x models, summed over the steps of one script run

_lock = threading.Lock()
_steps = 0
_work = 0.0


def add(steps: int, examples: int, params: int, models: int = 1) -> None:
    """Count `steps` optimizer steps of `models` models with `params` parameters on `examples` examples."""
    global _steps, _work
    with _lock:
        _steps += steps * models
        _work += float(steps) * examples * params * models


def reset() -> None:
    global _steps, _work
    with _lock:
        _steps, _work = 0, 0.0


def counted() -> tuple[int, float]:
    """(steps, work) since the last reset (process-wide; the tests run one session at a time)."""
    with _lock:
        return _steps, _work


def within(steps: int, work: float) -> bool:
    return steps <= MAX_STEPS and work <= MAX_WORK

"""The work counter behind the bounded-work check: it counts what the trainers really do."""

import pytest

from core import budget, data, fast_engine, models, trainer


def test_trainers_count_steps_and_work():
    tr, va = data.make("moons", 100, 0.1, 0).split(0.3, 0)
    for eng in ("autograd", "fast"):
        net = models.build_mlp(models.MLPConfig(2, (8,), "tanh"), 0)  # 2*8+8+8+1 = 33 parameters
        t = trainer.Trainer(net, tr, va, trainer.TrainConfig(batch_size=10, engine=eng))
        budget.reset()
        t.run(7)
        assert budget.counted() == (7, pytest.approx(7 * 10 * 33))
    stack = fast_engine.stack_models([models.build_mlp(models.MLPConfig(2, (8,), "tanh"), s) for s in range(3)],
                                ["sgd"] * 3, [0.1] * 3)
    budget.reset()
    fast_engine.train_stack(stack, tr, 5, batch_size=tr.X.shape[0])
    assert budget.counted() == (15, pytest.approx(5 * 70 * 33 * 3))


def test_the_budget_check():
    assert budget.within(budget.MAX_STEPS, budget.MAX_WORK)
    assert not budget.within(budget.MAX_STEPS + 1, 0)
    assert not budget.within(0, budget.MAX_WORK * 1.01)

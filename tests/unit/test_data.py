"""Seeded datasets: shapes, labels, determinism and the documented students rule."""

import pytest
import torch

from core import data


@pytest.mark.parametrize("name", ["blobs", "xor", "circles", "moons", "spiral", "students", "regression_1d"])
def test_seeded_and_shaped(name):
    a, b, c = data.make(name, 100, 0.1, 3), data.make(name, 100, 0.1, 3), data.make(name, 100, 0.1, 4)
    assert torch.equal(a.X, b.X) and torch.equal(a.y, b.y)      # same seed, same data, bit for bit
    assert not torch.equal(a.X, c.X)                             # another seed, other data
    assert len(a) == 100 and a.X.shape[0] == 100 and a.X.dtype == torch.float32
    if a.task == "classification":
        assert set(a.y.unique().tolist()) <= {0.0, 1.0}


def test_classes_are_balanced_for_shapes():
    for name in ("blobs", "circles", "moons", "spiral"):
        assert data.make(name, 200).y.mean().item() == 0.5
    assert data.make("xor", 2000).y.mean().item() == pytest.approx(0.5, abs=0.05)


def test_students_follow_the_documented_rule():
    s = data.students(4000, seed=1)
    lectures, hours = s.X[:, 0], s.X[:, 1]
    assert lectures.min() >= 0 and lectures.max() <= 10 and torch.equal(lectures, lectures.round())
    assert hours.min() >= 0 and hours.max() <= 12
    # Labels are Bernoulli draws of the rule: the mean label matches the mean probability.
    assert s.y.mean().item() == pytest.approx(data.pass_probability(lectures, hours).mean().item(), abs=0.02)
    # You, at (4, 5), pass with probability sigmoid(2).
    assert data.pass_probability(torch.tensor(4.0), torch.tensor(5.0)).item() == pytest.approx(0.8807970779)


def test_split_is_seeded_disjoint_and_complete():
    ds = data.students(120)
    tr, va = ds.split(0.3, seed=5)
    assert len(tr) == 84 and len(va) == 36
    key = lambda X: sorted(map(tuple, X.tolist()))  # noqa: E731
    assert key(torch.cat([tr.X, va.X])) == key(ds.X)  # together they are exactly the dataset
    tr2, _ = ds.split(0.3, seed=5)
    assert torch.equal(tr.X, tr2.X)


def test_split_keeps_both_sides_non_empty():
    ds = data.make("xor", 2)
    for f in (0.0, 1.0):
        tr, va = ds.split(f)
        assert len(tr) == 1 and len(va) == 1


def test_bad_names_and_sizes_raise_clearly():
    with pytest.raises(ValueError, match="unknown dataset"):
        data.make("nope")
    with pytest.raises(ValueError):
        data.make("xor", 1)

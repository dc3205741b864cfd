"""Oracle tests for core.loss_landscape: Li et al.'s filter-normalised directions, the batched grid against a plain
loop of model evaluations, f(0, 0) against the trained loss, determinism, and the trajectory's PCA."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core import loss_landscape as L
from core.models import linear_layers


@pytest.fixture(scope="module")
def net():
    return L.trained(L.NetSettings(depth=2, width=8))


def _weights(model, v):
    """Per parameter: (is_weight, that parameter's slice of a flat vector, the parameter)."""
    return [(p.dim() == 2, part, p.detach()) for part, p in zip(L._split(model, v), model.parameters())]


def test_trained_network_learns_the_moons(net):
    assert net.stopped is None
    assert net.parameters == 2 * 8 + 8 + 8 * 8 + 8 + 8 + 1 == L.parameter_count(net.settings)
    assert net.accuracy > 0.9 and net.loss < 0.3
    assert net.loss == pytest.approx(net.history.train_loss.iloc[-1], rel=1e-6)
    assert len(net.trajectory) == L.STEPS // L.SNAPSHOT_EVERY + 1      # the start, then every 10 steps
    assert torch.equal(net.trajectory[-1], net.theta)


@pytest.mark.parametrize("norm", ["filter", "layer"])
def test_normalised_directions_match_the_weights_norms(net, norm):
    model = net.model()
    for d in L.random_directions(model, seed=3, norm=norm):
        for is_weight, part, p in _weights(model, d):
            if not is_weight:
                assert torch.count_nonzero(part) == 0                        # biases are ignored: zero
            elif norm == "filter":                                           # each row: one neuron's inputs
                assert torch.allclose(part.norm(dim=1), p.norm(dim=1), rtol=1e-6)
            else:
                assert part.norm().item() == pytest.approx(p.norm().item(), rel=1e-6)


def test_filter_rows_are_rows_of_linear_weights(net):
    """A filter of a Linear layer is one row of weight (out, in): the weights into one neuron."""
    model = net.model()
    d, _ = L.random_directions(model, 0)
    first = linear_layers(model)[0].weight.detach()
    row_norms = L._split(model, d)[0].norm(dim=1)
    assert row_norms.shape == (first.shape[0],)
    assert torch.allclose(row_norms, first.norm(dim=1), rtol=1e-6)


def test_unnormalised_directions_are_plain_gaussians_without_biases(net):
    model = net.model()
    d, e = L.random_directions(model, 0, "none")
    g = torch.Generator().manual_seed(0)
    for (is_w, part, p) in _weights(model, d):
        expect = torch.randn(p.shape, generator=g)
        assert torch.equal(part, expect) if is_w else torch.count_nonzero(part) == 0
    assert abs(L.cosine(d, e)) < 0.2            # random directions in ~180 dimensions: nearly orthogonal


def test_centre_of_the_surface_is_the_trained_loss(net):
    s = L.random_surface(net, seed=0, norm="filter", span=1.0, n=21)
    assert s.loss.shape == (21, 21) and s.alphas[10] == 0 == s.betas[10]
    assert s.centre == pytest.approx(net.loss, rel=1e-5)                   # float32, batched vs model(X)
    assert s.loss[10, 10] == pytest.approx(net.loss, rel=1e-5)
    assert abs(s.cos) < 0.2
    # The trained point is a minimum along both axes nearby: a step of 0.1 either way costs loss.
    assert s.loss[10, 10] <= min(s.loss[10, 9], s.loss[10, 11], s.loss[9, 10], s.loss[11, 10])


def test_batched_grid_equals_a_loop_of_model_evaluations(net):
    model = net.model()
    delta, eta = L.random_directions(model, 1, "filter")
    ax = np.array([-1.0, -0.3, 0.0, 0.55, 1.0])
    thetas = L.grid_thetas(net.theta, delta, eta, ax, ax)
    batched = L.batched_loss(model, thetas, L.dataset())
    oracle = L.loop_loss(model, thetas, L.dataset())
    assert torch.allclose(batched, oracle, rtol=1e-5, atol=1e-7)
    # ... and row i of the grid holds b = betas[i], column j holds a = alphas[j].
    s = L.surface(model, net.theta, delta, eta, L.dataset(), ax, ax)
    one = L.loop_loss(model, (net.theta + 0.55 * delta - 0.3 * eta)[None], L.dataset())[0]
    assert s.loss[1, 3] == pytest.approx(one.item(), rel=1e-5)


def test_batched_loss_in_float64_against_functional_bce(net):
    model = net.model().double()
    X, y = L.dataset().X.double(), L.dataset().y.double()
    expect = F.binary_cross_entropy_with_logits(model(X).squeeze(-1), y).item()
    got = L.batched_loss(model, net.theta.double()[None], L.dataset())[0].item()
    assert got == pytest.approx(expect, rel=1e-12)


def test_large_grids_are_chunked_but_equal(net, monkeypatch):
    model = net.model()
    d, e = L.random_directions(model, 2)
    thetas = L.grid_thetas(net.theta, d, e, np.linspace(-1, 1, 7), np.linspace(-1, 1, 7))
    whole = L.batched_loss(model, thetas, L.dataset())
    monkeypatch.setattr(L, "CHUNK", 200 * 8 * 5)          # five networks per pass
    assert torch.allclose(L.batched_loss(model, thetas, L.dataset()), whole, rtol=1e-6)


def test_same_seed_same_surface_other_seed_other_surface(net):
    a = L.random_surface(net, seed=5, n=11)
    b = L.random_surface(L.train(L.NetSettings(depth=2, width=8)), seed=5, n=11)   # retrained from scratch
    c = L.random_surface(net, seed=6, n=11)
    assert np.array_equal(a.loss, b.loss)
    assert not np.allclose(a.loss, c.loss)


def test_normalisation_changes_the_scale(net):
    """Without normalisation, unit-variance steps dwarf the weights (entries of size ~0.3): the loss explodes."""
    f = L.summary(L.random_surface(net, 0, "filter", 1.0, 11))
    n = L.summary(L.random_surface(net, 0, "none", 1.0, 11))
    assert n["max"] > f["max"]
    assert f["centre"] == pytest.approx(n["centre"])


def test_pca_of_the_trajectory(net):
    pca = L.trajectory_pca(net.trajectory)
    d1, d2 = pca.directions
    assert d1.norm().item() == pytest.approx(1, rel=1e-5) and abs(torch.dot(d1, d2).item()) < 1e-5
    assert np.allclose(pca.coords[-1], 0)                  # theta* at the origin
    assert pca.coords[0, 0] > 0 and pca.coords[0, 1] >= 0  # fixed signs: the path starts up and right
    assert 0.5 < pca.explained[0] <= 1 and sum(pca.explained) <= 1 + 1e-9
    # Oracle: torch.pca_lowrank (centred on the mean, so compare spans via the explained first axis).
    M = (net.trajectory - net.trajectory[-1]).double()
    U, S, V = torch.linalg.svd(M, full_matrices=False)
    assert abs(torch.dot(V[0], d1.double()).item()) == pytest.approx(1, rel=1e-6)
    s, _ = L.pca_surface(net, 11)
    assert s.alphas.min() < pca.coords[:, 0].min() and s.alphas.max() > pca.coords[:, 0].max()
    path = L.path_frame(net, pca)
    assert path.step.iloc[0] == 0 and path.step.iloc[-1] == L.STEPS
    assert path.loss.iloc[-1] == pytest.approx(net.loss, rel=1e-5)
    assert path.loss.iloc[0] > path.loss.iloc[-1]


def test_cache_is_bounded_and_returns_the_same_result(monkeypatch):
    monkeypatch.setattr(L, "CACHE_SIZE", 2)
    monkeypatch.setattr(L, "_cache", type(L._cache)())
    monkeypatch.setattr(L, "STEPS", 10)
    a = L.trained(L.NetSettings(1, 4, 0))
    assert L.trained(L.NetSettings(1, 4, 0)) is a and L.is_trained(L.NetSettings(1, 4, 0))
    L.trained(L.NetSettings(1, 4, 1))
    L.trained(L.NetSettings(1, 4, 2))
    assert len(L._cache) == 2 and not L.is_trained(L.NetSettings(1, 4, 0))


def test_unknown_normalisation_is_refused(net):
    with pytest.raises(ValueError):
        L.random_directions(net.model(), 0, "batch")


def test_weight_count_and_rms(net):
    assert L.weight_count(net.settings) == 2 * 8 + 8 * 8 + 8
    w = torch.cat([p.detach().reshape(-1) for p in net.model().parameters() if p.dim() == 2])
    assert L.weight_rms(net) == pytest.approx(w.pow(2).mean().sqrt().item(), rel=1e-6)


def test_surface_image_orientation_levels_and_bad_values():
    from ui.charts import loss_landscape as lc

    J = np.array([[1.0, 2.0], [3.0, np.inf]])              # row 0 = smallest b: drawn at the bottom
    lv = lc.surface_levels(J, log=False)
    assert lv and all(1.0 < v < 3.0 for v in lv) and lv == sorted(lv)
    img = lc.surface_rgba(J, log=False, banded=False, lv=lv)
    k = lc.upsampling(2)
    assert img.shape == (k + 1, k + 1, 4)
    assert tuple(img[-1, 0, :3]) == tuple(lc._RGB[0].astype(int))      # bottom left: the lowest J, darkest
    assert tuple(img[0, -1, :3]) == (200, 200, 200)                     # top right: inf, grey
    assert lc.levels(0.01, 10, log=True)[0] < 0.1 < lc.levels(0.01, 10, log=True)[-1]
    assert lc.levels(1.0, 1.0, log=False) == [] and lc.band_labels([]) == ["all"]


def test_path_share(net):
    v = net.trajectory[0] - net.theta
    other = torch.randn(v.shape, generator=torch.Generator().manual_seed(0))
    assert L.path_share(net, v, other) == pytest.approx(1.0, rel=1e-6)      # the line itself is in the plane
    share = L.random_path_share(net, 0, "filter")
    assert 0 <= share < 0.5                                                   # random planes miss most of it
    pca = L.trajectory_pca(net.trajectory)
    assert L.path_share(net, *pca.directions) > 0.9 > share


def test_the_pages_try_this_claims():
    """Narrow and deep climbs more steeply than wide and shallow; at 3 x 32 the PCA plane's lowest point is not
    theta*: training was still descending."""
    narrow, wide = L.trained(L.NetSettings(3, 4)), L.trained(L.NetSettings(1, 32))
    for seed in (0, 1, 2):
        assert (L.random_surface(narrow, seed, n=21).loss.max()
                > 1.5 * L.random_surface(wide, seed, n=21).loss.max())
    big = L.trained(L.NetSettings(3, 32))
    s, _ = L.pca_surface(big, 51)
    assert L.summary(s)["min"] < 0.9 * big.loss

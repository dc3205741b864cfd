"""The MLP, its parameter counts, the lecture preset and the hidden-unit views."""

import math

import pytest
import torch
from torch import nn

from core import will_i_pass
from core.models import (MLPConfig, build_mlp, count_parameters, hidden_outputs, lecture_preset, mlp_parameter_count,
                         predict, predict_grid)


def test_will_i_pass_network_has_13_parameters():
    model = build_mlp(MLPConfig(n_in=2, hidden=(3,)))
    assert count_parameters(model) == 13 == mlp_parameter_count([2, 3, 1])
    assert mlp_parameter_count([2, 3, 2]) == 17  # the slide's Dense(2) head
    shapes = [tuple(p.shape) for p in model.parameters()]
    assert shapes == [(3, 2), (3,), (1, 3), (1,)]


def test_standardisation_is_not_a_parameter():
    model = build_mlp(MLPConfig(hidden=(3,), mean=(5.0, 6.0), std=(3.0, 3.5)))
    assert count_parameters(model) == 13
    assert torch.equal(model[0](torch.tensor([[5.0, 6.0]])), torch.zeros(1, 2))


def test_init_is_seeded_and_matches_pytorch_default_bounds():
    a, b = build_mlp(MLPConfig(hidden=(8, 8)), seed=7), build_mlp(MLPConfig(hidden=(8, 8)), seed=7)
    for pa, pb in zip(a.parameters(), b.parameters()):
        assert torch.equal(pa, pb)
    c = build_mlp(MLPConfig(hidden=(8, 8)), seed=8)
    assert not torch.equal(a[0].weight, c[0].weight)
    for layer in (m for m in a if isinstance(m, nn.Linear)):
        assert layer.weight.abs().max() <= 1 / math.sqrt(layer.in_features)


def test_global_rng_neither_changes_nor_is_changed_by_the_init():
    torch.manual_seed(0)
    a = build_mlp(MLPConfig(), seed=1)
    torch.rand(1000)
    b = build_mlp(MLPConfig(), seed=1)
    assert torch.equal(a[0].weight, b[0].weight)
    state = torch.random.get_rng_state()
    build_mlp(MLPConfig(hidden=(8, 8)), seed=2)  # sessions are threads: building a model draws nothing global
    assert torch.equal(state, torch.random.get_rng_state())


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu", "linear"])
def test_layers_and_hidden_outputs(act):
    model = build_mlp(MLPConfig(hidden=(4, 3), activation=act, dropout=0.5), seed=0)
    X = torch.randn(5, 2, generator=torch.Generator().manual_seed(0))
    outs = hidden_outputs(model, X)
    assert [tuple(o.shape) for o in outs] == [(5, 4), (5, 3)]
    model.eval()
    h = model[2](model[1](model[0](X)))  # Linear, activation, Dropout (identity in eval mode)
    assert torch.allclose(outs[0], h)
    assert not model.training  # hidden_outputs restores the mode it found
    model.train()
    hidden_outputs(model, X)
    assert model.training


def test_lecture_preset_predicts_exactly_one_tenth_at_you():
    train, _ = will_i_pass.students_split(0)
    model = will_i_pass.pass_model(train, hidden=3, seed=0)
    p = predict(model, torch.tensor([will_i_pass.YOU])).item()
    assert p == pytest.approx(0.1, abs=1e-7)
    assert -math.log(p) == pytest.approx(2.302585093, abs=1e-6)
    assert math.log(0.1 / 0.9) == pytest.approx(-2.1972245773)
    # Only the output bias moved: the hidden layer is still the seeded init.
    plain = build_mlp(MLPConfig(hidden=(3,), mean=model[0].mean.tolist(), std=model[0].std.tolist()), seed=0)
    assert torch.equal(plain[1].weight, model[1].weight)
    # Other widths keep their random init.
    other = will_i_pass.pass_model(train, hidden=4, seed=0)
    assert predict(other, torch.tensor([will_i_pass.YOU])).item() != pytest.approx(0.1, abs=1e-4)


def test_preset_works_for_any_target():
    model = build_mlp(MLPConfig(hidden=(5,)), seed=3)
    lecture_preset(model, (1.0, -2.0), 0.9)
    assert predict(model, torch.tensor([[1.0, -2.0]])).item() == pytest.approx(0.9, abs=1e-6)


def test_predict_grid_orientation():
    # A model whose logit is x2: the top row (largest x2) is most confident.
    model = nn.Sequential(nn.Linear(2, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[0.0, 1.0]]))
        model[0].bias.zero_()
    g = predict_grid(model, (-1, 1), (-3, 3), 7)
    assert g.shape == (7, 7)
    assert g[0, 0].item() == pytest.approx(torch.sigmoid(torch.tensor(3.0)).item())
    assert g[-1, 0].item() == pytest.approx(torch.sigmoid(torch.tensor(-3.0)).item())

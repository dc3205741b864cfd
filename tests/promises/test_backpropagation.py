"""Promised outcomes on "Backpropagation": the reference example's gradients three ways, gradient steps that lower
and then overshoot J, the dead ReLU, shrinking gradients through sigmoids, and the deeper network's formulas in
nnlab's orientation (W(k) inputs x units) agreeing with autograd, the page's tables and the code panel."""

import re

import pytest
import torch
import torch.nn.functional as F

from core import backpropagation as B
from core.codegen import backpropagation as codegen
from tests.conftest import metrics, no_exception, open_page, run_script
from tests.promises import promise

PAGE = "pages/07_backpropagation.py"


def compare_table(at):
    return next(df.value for df in at.dataframe if "autograd" in df.value.columns).set_index("gradient")


@promise("backpropagation", "Press Reference example: ∂J/∂w₂ = −0.1028570374 and ∂J/∂w₁ = 0.0829875535, by hand and "
                            "by autograd alike; finite differences agree to 9 decimal places")
@promise("backpropagation", "Switch the loss to cross-entropy: −0.5480162992 and 0.4421528473")
def test_reference_example_three_ways():
    at = open_page(PAGE, code=False)
    at.button(key="preset_Reference example").click().run()
    no_exception(at)
    for loss, (w2, w1) in (("mse", (-0.1028570374, 0.0829875535)),
                           ("bce", (-0.5480162992, 0.4421528473))):
        at.selectbox(key="loss").set_value(loss).run()
        t = compare_table(at)
        for method in ("chain rule (by hand)", "autograd"):
            assert f"{t.loc['∂J/∂w₂', method]:.10f}" == f"{w2:.10f}", (loss, method)
            assert f"{t.loc['∂J/∂w₁', method]:.10f}" == f"{w1:.10f}", (loss, method)
        fd = t["finite differences"]
        assert (f"{fd['∂J/∂w₂']:.9f}", f"{fd['∂J/∂w₁']:.9f}") == (f"{w2:.9f}", f"{w1:.9f}"), loss
        assert t["agree"].all()


@promise("backpropagation", "Press Take one gradient step a few times: J falls each time")
def test_steps_at_the_defaults_lower_J():
    at = open_page(PAGE, code=False)
    for _ in range(4):
        at.button(key="step").click().run()
        no_exception(at)
        m = metrics(at)
        assert float(m["J after the step"]) < float(m["J before the step"])


@promise("backpropagation", "set g₁ = tanh, the loss to cross-entropy, x = 1, w₁ = 1, w₂ = −1.5 and η = 10, and step "
                            "once: J jumps from 1.419 to 4.283")
def test_a_long_step_overshoots():
    at = open_page(PAGE, {"act": "tanh", "loss": "binary cross-entropy", "x": "1", "w1": "1", "w2": "-1.5",
                          "lr": "10"}, code=False)
    at.button(key="step").click().run()
    no_exception(at)
    m = metrics(at)
    assert (f"{float(m['J before the step']):.3f}", f"{float(m['J after the step']):.3f}") == ("1.419", "4.283")
    assert "went **up**" in at.warning[0].value


@promise("backpropagation", "Set g₁ to ReLU and w₁ below 0 (with x > 0): z₁ < 0, so g₁′(z₁) = 0 and ∂J/∂w₁ = 0")
def test_a_dead_relu_passes_no_gradient():
    at = open_page(PAGE, {"act": "ReLU", "w1": "-0.5", "x": "2"}, code=False)
    no_exception(at)
    t = compare_table(at)
    assert t.loc["∂J/∂w₁", "chain rule (by hand)"] == 0 and t.loc["∂J/∂w₁", "autograd"] == 0
    for x, w1 in ((0.5, -0.01), (3.0, -5.0)):
        c = B.chain_rule(x, 1.0, w1, 1.0, "relu")
        assert c.z1 < 0 and c.da1_dz1 == 0 and c.dJ_dw1 == 0


@promise("backpropagation", "each layer's gradient is several times smaller than the next one's")
def test_sigmoid_gradients_shrink_several_times_per_layer():
    for seed in (0, 1, 2):   # the page's defaults (x = 1, y = 1, sigmoids, 3 units), 3 hidden layers
        d = B.deep_backprop(1.0, 1.0, 3, 3, "sigmoid", "sigmoid", "mse", seed)
        norms = d.layers.sort_values("layer")["grad_norm"].tolist()    # layer 1 (input side) first
        assert all(after > 2 * before for before, after in zip(norms, norms[1:])), (seed, norms)


def by_formula(x: float, y: float, depth: int, width: int, act: str, out: str, loss: str, seed: int) -> list:
    """The page's matrix formulas, written independently: W(k) = weight^T (inputs x units), gradients as columns."""
    model = B.deep_model(depth, width, act, seed)
    Ws = [m.weight.detach().T for m in model if isinstance(m, torch.nn.Linear)]
    bs = [m.bias.detach().reshape(1, -1) for m in model if isinstance(m, torch.nn.Linear)]
    g = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}
    a, zs, acts = torch.tensor([[x]], dtype=torch.float64), [], []
    for k, (W, b) in enumerate(zip(Ws, bs)):
        acts.append(a.T)                                   # a(k-1) as a column
        z = b + a @ W                                      # z(k) = w0(k) + a(k-1)^T W(k)
        zs.append(z.T)
        a = g[act](z) if k < len(Ws) - 1 else g[out](z)
    y_hat = a.item()

    def slope(name, z):
        z = z.clone().requires_grad_()
        g[name](z).sum().backward()
        return z.grad

    delta = B.loss_slope(loss, y_hat, y) * slope(out, zs[-1])          # dJ/dz(L)
    grads = [None] * len(Ws)
    for k in range(len(Ws) - 1, -1, -1):
        grads[k] = acts[k] @ delta.T                                   # dJ/dW(k) = a(k-1) (dJ/dz(k))^T
        if k:
            delta = (Ws[k] @ delta) * slope(act, zs[k - 1])            # dJ/da = W(k+1) dJ/dz(k+1)
    return grads


@promise("backpropagation", "PyTorch's nn.Linear stores W⁽ᵏ⁾ᵀ (units × inputs), so its weight.grad is (∂J/∂W⁽ᵏ⁾)ᵀ; "
                            "the tables below use W⁽ᵏ⁾'s own orientation")
def test_the_deep_formulas_tables_and_code_agree():
    settings = (1.0, 1.0, 2, 3, "sigmoid", "sigmoid", "mse", 0)      # the page's defaults
    x, y, depth, width, act, out, loss, seed = settings
    grads = by_formula(*settings)
    # autograd on nn.Linear: weight.grad is the transpose
    model = B.deep_model(depth, width, act, seed)
    J = 0.5 * F.mse_loss(torch.sigmoid(model(torch.tensor([[x]], dtype=torch.float64))),
                         torch.tensor([[y]], dtype=torch.float64))
    J.backward()
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    for k, lin in enumerate(linears):
        assert torch.allclose(grads[k], lin.weight.grad.T, rtol=1e-12, atol=1e-16)
    # the page: the backward-order table (W row by row) and every weight's gradient by name
    at = open_page(PAGE)
    no_exception(at)
    params = next(df.value for df in at.dataframe if "grad" in df.value.columns).set_index("name")["grad"]
    d = B.deep_backprop(*settings)
    for k, G in enumerate(grads, 1):
        shown = d.events.set_index("what").loc[f"∂J/∂W{B.sup(k)}", "values"]
        assert shown == pytest.approx(G.reshape(-1).tolist(), rel=1e-12, abs=1e-16)
        for j in range(G.shape[0]):
            for i in range(G.shape[1]):
                assert params[f"w{B.sup(k)} {j + 1},{i + 1}"] == pytest.approx(G[j, i].item(), rel=1e-9, abs=1e-15)
    events = next(df.value for df in at.dataframe if "computed" in df.value.columns).set_index("computed")
    second = events.loc["∂J/∂W⁽²⁾", "value"]
    first_four = ", ".join(f"{v + 0.0:.4g}".replace("-", "−") for v in grads[1].reshape(-1)[:4].tolist())
    assert second.startswith(f"[{first_four}")
    # the code panel prints the same, row by row
    text = run_script(codegen.backprop_code(x, y, 1.0, 1.0, act, out, loss, depth, width, seed))
    rows = re.findall(r"dJ/dW, row by row = \[(.*)\]", text)
    assert len(rows) == depth + 1
    for k, row in zip(range(depth + 1, 0, -1), rows):   # printed output layer first
        got = [float(v) for v in row.split(",")]
        assert got == pytest.approx(grads[k - 1].reshape(-1).tolist(), abs=1e-10)

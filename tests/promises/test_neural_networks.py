"""What the "From neurons to networks" page promises the learner will see, checked by doing it on the page."""

import numpy as np
import pytest
import torch
from torch import nn

from core import activation_functions, neural_networks
from tests.conftest import metrics, no_exception, open_page
from tests.promises import promise

PAGE = "pages/03_neural_networks.py"


def walk_table(at):
    """The layer walk as shown, read back as numbers (NaN where a layer has no such unit)."""
    df = next(df.value for df in at.dataframe if "PyTorch module" in df.value.columns).copy()
    for c in df.columns[3:]:
        df[c] = [float(v.replace("−", "-")) if v else np.nan for v in df[c]]
    return df


@promise("neural_networks", "PyTorch refuses, because `linear.weight` must be n × m")
@promise("neural_networks", "Now set m = n = 2 in section 1: no error, but the outputs differ, a bug that does not "
                            "crash")
def test_forgetting_the_transpose_fails_loudly_then_silently():
    at = open_page(PAGE, code=False)
    at.radio(key="copy").set_value("W (no transpose)").run()
    no_exception(at)
    assert at.error and "`linear.weight` must be 3 × 2" in at.error[0].value
    assert metrics(at)["Largest |difference|"] == "—"
    at.slider(key="dn").set_value(2).run()  # m = n = 2
    assert not at.error and at.warning
    assert float(metrics(at)["Largest |difference|"]) > 0.01


@promise("neural_networks", "No error, because W is square, but the outputs differ")
def test_the_copy_without_transpose_runs_only_when_w_is_square():
    for m in range(1, 9):
        for n in range(1, 9):
            d = neural_networks.compare_dense(m, n, 0, "plain")
            assert (d.error is None) == (m == n), (m, n)
            if m == n > 1:
                assert d.max_diff > 0  # square but not symmetric: wrong numbers, no crash


@promise("neural_networks", "the 2-3-1 network has 13 parameters, 2-3-2 has 17")
@promise("neural_networks", "The extra output unit brings 3 weights and 1 bias")
def test_a_second_output_adds_three_weights_and_a_bias():
    at = open_page(PAGE, code=False)
    assert metrics(at)["Parameters"] == "13"
    before = next(df.value for df in at.dataframe if "parameters" in df.value.columns)
    at.button(key="preset_Slide's two outputs (2-3-2)").click().run()
    assert metrics(at)["Parameters"] == "17"
    after = next(df.value for df in at.dataframe if "parameters" in df.value.columns)
    assert before["W shape (inputs × units)"].iloc[-1] == "3 × 1" and after["W shape (inputs × units)"].iloc[-1] == \
        "3 × 2"
    assert (after["bias w₀ shape"].iloc[-1], before["bias w₀ shape"].iloc[-1]) == ("2", "1")


@promise("neural_networks", "With ReLU, look at the table: wherever z is negative, g(z) is exactly 0 for this input")
@promise("neural_networks", "Switch g to linear: every g(z) row repeats its z row")
@promise("neural_networks", "the whole stack collapses to one linear map")
def test_relu_zeroes_the_negatives_and_linear_repeats_z():
    at = open_page(PAGE, code=False)
    at.button(key="preset_A deep network").click().run()
    walk = walk_table(at)
    units = walk.columns[3:]
    zs = [r for r in range(len(walk)) if walk["value"][r].startswith("z")]
    assert zs
    negative = 0
    for r in zs:  # the row after each hidden z is its g(z)
        z, gz = walk.loc[r, units].to_numpy(float), walk.loc[r + 1, units].to_numpy(float)
        on = ~np.isnan(z)
        assert np.array_equal(gz[on], np.where(z[on] > 0, z[on], 0.0))
        negative += int((z[on] < 0).sum())
    assert negative > 0  # the promise is seen, not vacuous
    at.selectbox(key="act").set_value("linear").run()
    walk = walk_table(at)
    for r in (r for r in range(len(walk)) if walk["value"][r].startswith("z")):
        assert walk.loc[r + 1, "value"].startswith("g(")
        assert walk.loc[r, units].equals(walk.loc[r + 1, units])
    # The stack is one affine map: the same network as x -> x.w + b on any input.
    model = neural_networks.network([2, 6, 6, 4, 2], "linear", 0)
    x = torch.randn(64, 2, generator=torch.Generator().manual_seed(1))
    for out in range(2):
        head = nn.Sequential(*list(model)[:-1], nn.Linear(4, 1))
        with torch.no_grad():
            head[-1].weight.copy_(model[-1].weight[out:out + 1])
            head[-1].bias.copy_(model[-1].bias[out:out + 1])
        w, b = activation_functions.collapse_model(head)
        with torch.no_grad():
            assert torch.allclose(model(x)[:, out].double(), x.double() @ w + b, atol=1e-5)


@promise("neural_networks", "the count grows with the product of neighbouring widths")
@pytest.mark.parametrize("layers, hidden", [(1, [5]), (2, [5, 4]), (4, [16, 16, 16, 16])])
def test_the_count_is_the_sum_of_neighbouring_products(layers, hidden):
    at = open_page(PAGE, code=False)
    at.slider(key="layers").set_value(layers).run()
    for k, n in enumerate(hidden, 1):
        at.slider(key=f"n{k}").set_value(n).run()
    widths = [2, *hidden, 1]
    count = sum(a * b + b for a, b in zip(widths, widths[1:]))
    assert metrics(at)["Parameters"] == str(count)


@promise("neural_networks", "nn.Linear stores weight as (out_features, in_features) = 5 × 4 and computes "
                            "x @ weight.T + bias; 4·5 weights plus 5 biases make 25")
@promise("neural_networks", "computes `x @ weight.T + bias`")
def test_nn_linear_stores_the_transpose():
    layer = nn.Linear(in_features=4, out_features=5)
    assert tuple(layer.weight.shape) == (5, 4) and tuple(layer.bias.shape) == (5,)
    assert sum(p.numel() for p in layer.parameters()) == 25
    x = torch.randn(3, 4)
    assert torch.allclose(layer(x), x @ layer.weight.T + layer.bias)

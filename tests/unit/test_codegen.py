"""The code panels: each script runs with torch alone and prints the numbers the page shows."""

import re

import pytest

from core import codegen, will_i_pass
from core.models import perceptron
from tests.conftest import run_script


def numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", text)]


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu", "linear"])
def test_perceptron_script_prints_the_page_numbers(act):
    p = will_i_pass.PERCEPTRON
    printed = numbers(run_script(codegen.perceptron_code(p["x1"], p["x2"], p["w0"], p["w1"], p["w2"], act)))
    out = perceptron([p["x1"], p["x2"]], [p["w1"], p["w2"]], p["w0"], act)
    assert printed == pytest.approx([out["dot"], out["z"], out["y_hat"]], rel=1e-5)


@pytest.mark.parametrize("hidden, act, opt, lr, seed",
                         [(3, "sigmoid", "adam", 0.1, 0), (5, "relu", "momentum", 0.03, 2)])
def test_will_i_pass_script_reproduces_the_trainer(hidden, act, opt, lr, seed):
    s = will_i_pass.PassSettings(hidden=hidden, activation=act, optimizer=opt, lr=lr, epochs=30, seed=seed)
    t = will_i_pass.pass_trainer(s)
    untrained = will_i_pass.you_prediction(t.model)
    t.run_epochs(s.epochs)
    last = t.history().iloc[-1]
    text = run_script(codegen.will_i_pass_code(s.hidden, s.activation, s.optimizer, s.lr, s.epochs, s.batch_size,
                                               s.seed))
    got = dict(re.findall(r"(untrained: P\(pass\) for you|training loss|validation loss|trained: P\(pass\) for you)"
                          r" = ([-\d.e]+)", text))
    assert float(got["untrained: P(pass) for you"]) == untrained  # no training yet: bit for bit
    # The page and the script both train with autograd + torch.optim: equal in every digit the page shows
    # (test_will_i_pass_script_is_the_page_bit_for_bit_even_when_chaotic: bit for bit).
    trained = will_i_pass.you_prediction(t.model)
    assert float(got["training loss"]) == pytest.approx(last.train_loss, rel=1e-5)
    assert float(got["validation loss"]) == pytest.approx(last.val_loss, rel=1e-5)
    assert float(got["trained: P(pass) for you"]) == pytest.approx(trained, rel=1e-5)
    assert f"{float(got['training loss']):.3f}" == f"{last.train_loss:.3f}"
    assert f"{float(got['trained: P(pass) for you']):.4f}" == f"{trained:.4f}"


@pytest.mark.parametrize("hidden, act, opt, lr", [(3, "sigmoid", "adam", 3.0), (16, "tanh", "rmsprop", 0.3),
                                                 (3, "tanh", "momentum", 10.0)])
def test_will_i_pass_script_is_the_page_bit_for_bit_even_when_chaotic(hidden, act, opt, lr):
    """At these settings a last-bit difference in a gradient grows into another final network (nnlab's fast engine,
    the same formulas summed in another order, ends elsewhere): the page trains as the script does, so it does not."""
    s = will_i_pass.PassSettings(hidden=hidden, activation=act, optimizer=opt, lr=lr)
    t = will_i_pass.pass_trainer(s).run_epochs(s.epochs)
    text = run_script(codegen.will_i_pass_code(s.hidden, s.activation, s.optimizer, s.lr, s.epochs, s.batch_size,
                                               s.seed))
    got = dict(re.findall(r"(training loss|trained: P\(pass\) for you) = ([-\d.e]+)", text))
    assert float(got["trained: P(pass) for you"]) == will_i_pass.you_prediction(t.model)
    assert float(got["training loss"]) == t.history().iloc[-1].train_loss

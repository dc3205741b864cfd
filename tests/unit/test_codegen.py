"""The code panels: every lecture page's "PyTorch code for these settings" runs standalone, in a fresh Python that has
torch and no nnlab, and prints the numbers the page shows.

One table, one row per page (perceptron to playground): how the page builds its script, the page's default settings,
further settings worth a run, and the check that reads the script's printed numbers and compares them with the numbers
the page shows (computed through core)."""

from collections.abc import Callable
from dataclasses import dataclass, replace
import functools
import math
import os
from pathlib import Path
import re
import subprocess
import sys
from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch

from core import (activation_functions as A, backpropagation as B, dropout as D, early_stopping as es,
                  gradient_descent as GD, learning_rate_and_optimizers as LR, loss_functions as LF,
                  loss_landscape as LL, mini_batches as M, neural_networks, overfitting as OF, playground as pg,
                  will_i_pass)
from core.codegen import (activation_functions, backpropagation, dropout, early_stopping, gradient_descent,
                          learning_rate_and_optimizers, loss_functions, loss_landscape, mini_batches,
                          neural_networks as networks, overfitting, perceptron, playground, will_i_pass as pass_script)
from core.models import perceptron as perceptron_numbers
from core.optimizers import OPTIMIZERS
from tests.conftest import run_script


# Running a script standalone ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ran:
    text: str   # what the script printed
    ns: dict    # the values of the expressions a row reads from the script's namespace after the run


def standalone(code: str, cwd: Path, read: tuple = ()) -> Ran:
    """Run `code` as `python -I -c` in `cwd` (isolated: no nnlab on the path, torch alone) and return what it printed
    and, for each expression in `read`, its value at the end of the run."""
    assert not re.search(r"^\s*(from|import) (core|ui)\b", code, re.M)   # torch alone
    dump = cwd / "read.pt"
    if read:
        code += f"\n\ntorch.save({{e: eval(e, globals()) for e in {list(read)!r}}}, {str(dump)!r})\n"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-I", "-c", code], cwd=cwd, capture_output=True, text=True, timeout=600,
                         env=env, check=False)
    assert out.returncode == 0, out.stderr
    return Ran(out.stdout, torch.load(dump, weights_only=False) if read else {})


def numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", text)]


def number(text: str, label: str) -> float:
    """The number printed after `label` (and an optional "=")."""
    return float(re.search(re.escape(label) + r"\s*=?\s*(-?[\d.]+(?:e[-+]?\d+)?)", text).group(1))


# The rows --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    script: Callable[[Any], str]        # a case -> the code panel's script, as the page builds it
    check: Callable[[Any, Ran], None]   # a case and what its script printed -> the comparison with the page
    default: Any                        # the case of the page's default settings
    more: tuple = ()                    # further cases
    read: tuple = ()                    # expressions the check reads from the script's namespace
    files: Callable[[Any], dict] = lambda case: {}   # files the script reads, next to it


def check_perceptron(case, ran):
    x1, x2, w0, w1, w2, act = case
    out = perceptron_numbers([x1, x2], [w1, w2], w0, act)
    assert numbers(ran.text) == pytest.approx([out["dot"], out["z"], out["y_hat"]], rel=1e-5)


def check_activation_functions(case, ran):
    x, w0, w1, names, s = case
    out = ran.text
    for name in names:
        p = A.at_point(name, x, w0, w1)
        assert f"{name}: z = {w1 * x + w0:g}, g(z) = {p['g']:.10g}, g'(z) = {p['dg']:.10g}" in out
    c = A.linear_collapse(s.depth, s.width, s.seed)
    assert f"layer by layer: {c['out_layers']!r}" in out and f"one matrix (x M): {c['out_product']!r}" in out
    tr = A.pair_trainers(s)
    A.train_pair(tr, s.steps)
    for label, key in (("linear (no g)", "linear"), (s.activation, s.activation)):
        acc, loss = map(float, re.search(rf"{re.escape(label)}: accuracy ([\d.]+), loss ([\d.]+)", out).groups())
        snap = A.snapshot(tr[key])
        assert acc == pytest.approx(snap["acc"], abs=5e-5) and loss == pytest.approx(snap["loss"], abs=1e-6)


def check_neural_networks(case, ran):
    m, n, dseed, widths, act, seed = case
    ns, printed = ran.ns, ran.text
    d = neural_networks.compare_dense(m, n, dseed)
    assert np.allclose(ns["y_scratch"].detach().numpy(), d.y_scratch)
    assert np.allclose(ns["y_linear"].detach().numpy(), d.y_linear)
    assert np.array_equal(ns["layer.W"].detach().numpy(), d.W)
    net = neural_networks.deep_network(widths, act, seed)
    units = [str(i) for i in range(1, max(widths) + 1)]
    for k, h in enumerate(ns["outputs"]):
        assert np.allclose(net.walk.loc[k, units].to_numpy(dtype=float)[:h.shape[1]], h[0].numpy(), atol=1e-6)
    assert f"parameters: {net.n_params}" in printed
    assert f"parameters of nn.Linear({m}, {n}): {m * n + n}" in printed
    assert "largest difference: 0.0" in printed


def check_will_i_pass(s, ran):
    t = will_i_pass.pass_trainer(s)
    untrained = will_i_pass.you_prediction(t.model)
    t.run_epochs(s.epochs)
    last = t.history().iloc[-1]
    got = dict(re.findall(r"(untrained: P\(pass\) for you|training loss|validation loss|trained: P\(pass\) for you)"
                          r" = ([-\d.e]+)", ran.text))
    assert float(got["untrained: P(pass) for you"]) == untrained  # no training yet: bit for bit
    # The page and the script both train with autograd + torch.optim: equal in every digit the page shows
    # (test_will_i_pass_script_is_the_page_bit_for_bit_even_when_chaotic: bit for bit).
    trained = will_i_pass.you_prediction(t.model)
    assert float(got["training loss"]) == pytest.approx(last.train_loss, rel=1e-5)
    assert float(got["validation loss"]) == pytest.approx(last.val_loss, rel=1e-5)
    assert float(got["trained: P(pass) for you"]) == pytest.approx(trained, rel=1e-5)
    assert f"{float(got['training loss']):.3f}" == f"{last.train_loss:.3f}"
    assert f"{float(got['trained: P(pass) for you']):.4f}" == f"{trained:.4f}"


def _loss_reports(case):
    bce_table, clamp = case
    return LF.check_table(bce_table, "bce", clamp), LF.check_table(LF.lecture_table("mse"), "mse"), clamp


def printed_losses(text: str) -> dict:
    """{"BCE J(W)": 1.47, "BCE per example": [...], "F.mse_loss": ...} from the loss script's output."""
    out = {}
    for line in text.splitlines():
        name, _, value = line.replace(" =", ":").partition(": ")
        out[name] = eval(value, {"inf": math.inf, "nan": math.nan})
    return out


def check_loss_functions(case, ran):
    b, m, _ = _loss_reports(case)
    got = printed_losses(ran.text)
    assert got["BCE per example"] == pytest.approx(list(b.losses), rel=1e-12)
    assert got["BCE J(W)"] == pytest.approx(b.J, rel=1e-12)
    for c in LF.pytorch_calls("bce", b.f, b.y, b.J):
        name = c["call"].split("(")[0]
        if c["value"] is None:
            assert name not in got
        else:
            assert got[name] == pytest.approx(c["value"], rel=1e-12)
    assert got["MSE per example"] == [3600.0, 3600.0, 100.0]
    assert got["MSE J(W)"] == pytest.approx(2433.3333, abs=1e-4) and got["F.mse_loss"] == got["MSE J(W)"]


def check_gradient_descent(case, ran):
    w0, w1, lr, steps, start, seed, eta, iters = case
    text = ran.text
    assert number(text, "d(x^2)/dx at 3") == 6.0
    last = GD.descend(w0, w1, lr, steps).frame.iloc[-1]
    assert number(text, "w0") == last.w0 and number(text, "w1") == last.w1 and number(text, " J") == last.J
    assert number(text, "lowest J on the grid") == pytest.approx(GD.landscape().min(), rel=1e-12)
    x0 = GD.random_start(seed) if start == "random" else 0.0
    lab = GD.descend_1d(x0, eta, iters)
    assert number(text, "x0") == x0
    assert number(text, "steps") == lab.frame.x.iloc[-1]
    assert number(text, "measured (x_t+1 - 4)/(x_t - 4)") == pytest.approx(GD.measured_ratio(lab.frame), rel=1e-12)
    assert ("diverged at step" in text) == (lab.stopped is not None)
    if lab.stopped:
        assert lab.stopped.split(":")[0] in text


def grab(text: str, label: str) -> float:
    return float(re.search(re.escape(label) + r" = (-?[\d.e-]+)", text).group(1))


def check_backpropagation(case, ran):
    x, y, w1, w2, act, out, loss, depth, width, seed, lr = case
    text = ran.text
    assert ran.ns["torch.get_default_dtype()"] == torch.float32   # the script leaves torch's global settings alone
    c = B.chain_rule(x, y, w1, w2, act, out, loss)
    fd = B.finite_differences(x, y, w1, w2, act, out, loss)
    assert grab(text, "y_hat") == pytest.approx(c.y_hat, abs=1e-10)
    assert grab(text, "J") == pytest.approx(c.J, abs=1e-10)
    lines = {ln.split(":")[0]: ln for ln in text.splitlines()}
    for method, want in (("chain rule", c), ("autograd", c)):
        assert grab(lines[method], "dJ/dw2") == pytest.approx(want.dJ_dw2, abs=1e-10)
        assert grab(lines[method], "dJ/dw1") == pytest.approx(want.dJ_dw1, abs=1e-10)
    assert grab(lines["finite differences"], "dJ/dw1") == pytest.approx(fd["dJ_dw1"], abs=1e-9)
    step = B.gradient_step(c, lr)
    assert float(re.search(r"-> (-?[\d.]+)", text).group(1)) == pytest.approx(step["J_after"], abs=1e-10)
    d = B.deep_backprop(x, y, depth, width, act, out, loss, seed)
    assert grab(text, "deep network: y_hat") == pytest.approx(d.y_hat, abs=1e-10)
    for row in d.layers.itertuples():
        assert grab(text, f"layer {row.layer}: |dJ/dW|") == pytest.approx(row.grad_norm, abs=1e-10)
    order = re.search(r"in order: (.*)", text).group(1).split(" -> ")
    assert [o[:6] for o in order if o.startswith("dJ/dW")] == [f"dJ/dW{k}" for k in range(depth + 1, 0, -1)]


@dataclass(frozen=True)
class Race:
    """The optimizers page's settings (optimizers_code's arguments), and how its network race compares with the
    page's: the page races every racer in one batch (core.fast_engine), the script runs each alone with torch.optim
    (LR.race_network_alone, the run the code panel's caption compares with the page's). The script prints the
    page's final losses within `page_rel`, except for the racers in `parted`, whose runs the caption says part."""
    args: tuple
    page_rel: float
    parted: tuple = ()


def race_numbers(out: str, prefix: str) -> dict[str, list[float]]:
    found = {}
    for line in out.splitlines():
        if line.startswith(prefix):
            name = line[len(prefix):].split(":")[0]
            found[name] = [float(v) for v in re.findall(r"= (-?[\d.]+(?:e[-+]?\d+)?)", line.split(":", 1)[1])]
            found[name] += [float(v) for v in re.findall(r"loss (-?[\d.]+(?:e[-+]?\d+)?)", line)]
    return found


def check_learning_rate_and_optimizers(case, ran):
    eta, surface, racers, lr, steps, sopt, slr, kind = case.args
    out = ran.text
    runs = LR.regime_summary(LR.regime_runs()).set_index("regime")
    for k in LR.REGIMES:
        w, J = race_numbers(out, "")[k][1:3]
        assert w == pytest.approx(runs.loc[k, "w_end"], rel=1e-9, abs=1e-15)
        assert J == pytest.approx(runs.loc[k, "J_end"], rel=1e-9, abs=1e-15)
    mine = LR.sweep([eta]).iloc[0]
    assert race_numbers(out, "")["yours"][1] == pytest.approx(mine.w_end, rel=1e-9)
    race = LR.race_surface(surface, racers, lr, steps).groupby("racer").tail(1).set_index("racer")
    surf = race_numbers(out, "surface, ")
    for r in racers:
        x, y, f = surf[OPTIMIZERS[r][0]]
        assert (x, y, f) == pytest.approx((race.loc[r, "x"], race.loc[r, "y"], race.loc[r, "f"]), rel=1e-9)
    page, script = LR.race_network(racers, lr, steps), LR.race_network_alone(racers, lr, steps)
    net, alone = page.groupby("racer").loss.last(), script.groupby("racer").loss.last()
    agree = LR.race_agreement(page, script).set_index("racer").agree
    shown = race_numbers(out, "network, ")
    for r in racers:
        if r in case.parted:
            assert not agree[r]   # the caption says this racer's run parts from the page's
        else:
            # the page races batched on core.fast_engine; the script runs torch.optim: equal to float32 rounding
            assert shown[OPTIMIZERS[r][0]][-1] == pytest.approx(net[r], rel=case.page_rel)
        # race_network_alone, which the code panel's caption compares with the page, is the script's run
        assert shown[OPTIMIZERS[r][0]][-1] == pytest.approx(alone[r], rel=1e-9)
    sched = LR.schedule_race(sopt, slr, LR.SCHEDULE_STEPS, kind).groupby("series").loss.last()
    s = race_numbers(out, "schedule, ")
    assert s["constant"][-1] == pytest.approx(sched["constant"], rel=1e-6)
    assert s[kind][-1] == pytest.approx(sched[kind], rel=1e-6)
    assert not math.isnan(net["adam"])


def check_loss_landscape(case, ran):
    depth, width, seed, norm, span, n, view = case
    t = LL.trained(LL.NetSettings(depth=depth, width=width))
    if view == "random":
        s = LL.random_surface(t, seed=seed, norm=norm, span=span, n=n)
    else:
        s, _ = LL.pca_surface(t, n)
    out = dict(line.split(":", 1) for line in ran.text.splitlines())
    assert float(out["trained loss J(theta*)"]) == pytest.approx(t.loss, rel=1e-5)
    assert float(out["f(0, 0)"]) == pytest.approx(s.centre, rel=1e-5)
    grid = out["grid"].split()
    assert grid[:2] == [f"({n},", f"{n})"]
    assert float(grid[3]) == pytest.approx(s.loss.min(), rel=1e-4)
    assert float(grid[5]) == pytest.approx(s.loss.max(), rel=1e-4)
    assert float(out["cosine(delta, nu)"]) == pytest.approx(s.cos, abs=1e-5)


def check_mini_batches(s, ran):
    out = ran.text
    noise, race = M.gradient_noise(s), M.compare_batch_sizes(s)
    assert float(re.search(r"\|dJ/dW\| \(full batch\) = (\S+)", out).group(1)) == pytest.approx(noise.true_norm,
                                                                                                 rel=1e-6)
    assert float(re.search(r"sigma\^2 = (\S+)", out).group(1)) == pytest.approx(noise.sigma2, rel=1e-6)
    exact = noise.variance.set_index("B").exact
    for b, v in re.findall(r"B = +(\d+): variance of the estimate = (\S+)", out):
        assert float(v) == pytest.approx(exact[int(b)], rel=1e-5, abs=1e-12)
    final = race.groupby("B").train_loss.last()
    found = re.findall(r"B = +(\d+): +(\d+) steps, training loss J\(W\) = (\S+)", out)
    assert len(found) == 5
    for b, steps, loss in found:
        assert int(steps) == s.n // int(b) * s.epochs
        assert float(loss) == pytest.approx(final[int(b)], abs=2e-6), b
    assert "vmap(grad(" in mini_batches.minibatch_code(s) and "torch.optim.SGD" in mini_batches.minibatch_code(s)
    assert math.isfinite(noise.sigma2)


def check_overfitting(case, ran):
    f = OF.fit(*case)
    printed = {k: float(v) for k, v in re.findall(r"^(parameters|training MSE|test MSE): (\S+)$", ran.text, re.M)}
    assert printed["parameters"] == f.params
    assert printed["training MSE"] == pytest.approx(f.train_mse, rel=1e-5)
    assert printed["test MSE"] == pytest.approx(f.test_mse, rel=1e-5)


def check_dropout(case, ran):
    p, seed, s = case
    text = ran.text
    st = D.dropout_stats(p, seed=seed)
    assert f"fraction zeroed {st['zero_fraction']:.4f}, survivors = {st['survivor']:g}, mean {st['mean']:.4f}" in text
    assert "eval mode is the identity: True" in text
    passes = D.forward_passes(p, True, seed)
    for k, one in enumerate(passes, 1):
        assert f"pass {k} (training mode): y_hat = {one['y_hat']:.4f}" in text
        for m in one["kept"]:
            assert f"pass {k}: kept {m.astype(int).tolist()}" in text
    ev = D.forward_passes(p, False, seed)[0]["y_hat"]
    assert f"eval mode, twice: {round(ev, 4)} {round(ev, 4)}" in text
    g = D.gradient_step(p, seed)
    for k in (1, 2):
        norms = [round(v, 4) for v in g[g.layer == k].incoming_grad_norm]
        assert f"layer {k}: gradient size of each unit's incoming weights {norms}" in text
    moves = D.step_on_dropped(p, seed)
    for name, key in (("SGD", "sgd"), ("Adam", "adam")):
        m = moves[key]
        assert (f"{name}: gradient of the dropped units' incoming weights {m['grad']:g}; the step changed them by "
                f"up to {m['change']:.2g} ({m['moved']} of {moves['dropped']} units moved)") in text
    r = D.compare(s)
    for name, run in r["runs"].items():
        line = next(ln for ln in text.splitlines() if ln.startswith(name + ":"))
        train_loss = float(line.split("training loss ")[1].split(",")[0])
        test_loss = float(line.split("test loss ")[1])
        assert train_loss == pytest.approx(run["train_loss"], abs=2e-4)
        assert test_loss == pytest.approx(run["test_loss"], abs=2e-4)


def printed_after(out: str, label: str) -> str:
    return re.search(rf"{label}:? (\S+)", out).group(1)


def check_early_stopping(s, ran):
    r, text = es.run(s), ran.text
    assert printed_after(text, "best validation loss over the run at step") == str(r.step(r.best_index))
    assert printed_after(text, "patience ran out at step") == str(r.stop_step)
    assert printed_after(text, "restored checkpoint from step") == str(r.restored_step)
    assert float(printed_after(text, "test loss, restored checkpoint")) == pytest.approx(r.test_restored, abs=1e-6)
    assert float(printed_after(text, "test loss, final model")) == pytest.approx(r.test_final, abs=1e-6)


@dataclass(frozen=True)
class Play:
    """A Playground run: settings, and the learner's CSV when the data are their own."""
    s: pg.PlaySettings
    csv: bytes | None = None


@functools.lru_cache(maxsize=8)
def played(case: Play) -> tuple:
    """The page's run and its script: a CSV's run is one epoch; any other run is 3 epochs, a third of the learning
    rate, 2 more epochs (a learning-rate change the script replays)."""
    if case.csv is not None:
        from core.playground.own_data import parse_csv
        sess = pg.Session(case.s, parse_csv(case.csv), "f1")
        sess.step_epoch()
        return sess, playground.playground_code(case.s, 1, {1: case.s.lr})
    sess = pg.Session(case.s)
    for _ in range(3):
        sess.step_epoch()
    sess.update(replace(case.s, lr=case.s.lr / 3))
    for _ in range(2):
        sess.step_epoch()
    return sess, playground.playground_code(sess.s, sess.epoch, pg.lr_changes(sess.trainer.history(), sess.s.lr))


def check_playground(case, ran):
    sess, _ = played(case)
    last = ran.text.strip().splitlines()[-1]
    train_loss, _ = sess.trainer.evaluate(sess.trainer.train_set)
    if case.csv is not None:
        assert last.startswith(f"training loss {train_loss:.6f}")
        return
    test_loss, _ = sess.trainer.evaluate(sess.trainer.test_set)
    assert last.startswith(f"training loss {train_loss:.6f}  test loss {test_loss:.6f}"), last


def _moons_csv() -> bytes:
    return pg.frame(pg.make_data(replace(pg.PlaySettings(), data="moons"))).to_csv(index=False).encode()


PLAY = pg.PlaySettings()
PAGES = {
    "perceptron": Page(
        lambda c: perceptron.perceptron_code(*c), check_perceptron,
        default=(0.0, 0.0, 1.0, 3.0, -2.0, "sigmoid"),
        more=tuple((p["x1"], p["x2"], p["w0"], p["w1"], p["w2"], act) for p in [will_i_pass.PERCEPTRON]
                   for act in ("sigmoid", "tanh", "relu", "linear"))),
    "activation_functions": Page(
        lambda c: activation_functions.activation_code(*c), check_activation_functions,
        default=(0.0, 0.0, 1.0, A.LECTURE, A.PairSettings()),
        more=((0.5, -1.0, 1.5, A.LECTURE + A.BEYOND,
               A.PairSettings(data="moons", depth=2, width=6, activation="tanh", seed=5, steps=120)),)),
    "neural_networks": Page(
        lambda c: networks.networks_code(*c[:3], "transpose", *c[3:]), check_neural_networks,
        default=(2, 3, 0, (2, 3, 1), "relu", 0),
        more=((4, 4, 7, (3, 5, 5, 2), "sigmoid", 12), (1, 8, 3, (8, 16, 1), "linear", 99)),
        read=("y_scratch", "y_linear", "layer.W", "outputs")),
    "will_i_pass": Page(
        lambda s: pass_script.will_i_pass_code(s.hidden, s.activation, s.optimizer, s.lr, s.epochs, s.batch_size,
                                               s.seed), check_will_i_pass,
        default=will_i_pass.PassSettings(),
        more=(will_i_pass.PassSettings(hidden=3, activation="sigmoid", optimizer="adam", lr=0.1, epochs=30, seed=0),
              will_i_pass.PassSettings(hidden=5, activation="relu", optimizer="momentum", lr=0.03, epochs=30, seed=2))),
    "loss_functions": Page(
        lambda c: loss_functions.loss_code(*_loss_reports(c)), check_loss_functions,
        default=(LF.lecture_table("bce"), False),
        more=((pd.DataFrame({"f": [0.0, 0.8, 1.0, 0.0], "y": [1.0, 0.0, 1.0, 0.0]}), False),
              (pd.DataFrame({"f": [0.0, 0.8, 1e-60, 2.0], "y": [1.0, 0.0, 1.0, 1.0]}), True))),
    "gradient_descent": Page(
        lambda c: gradient_descent.descent_code(*c), check_gradient_descent,
        default=(-3.0, -2.0, 1.0, 20, "random", 0, 0.01, 500),
        more=((7.5, -4.0, 100.0, 60, "zero", 0, 1.1, 20), (0.0, 0.0, 0.03, 0, "random", 42, 3.0, 500))),
    "backpropagation": Page(
        lambda c: backpropagation.backprop_code(*c), check_backpropagation,
        default=(1.0, 1.0, 1.0, 1.0, "sigmoid", "sigmoid", "mse", 2, 3, 0, 1.0),
        more=((*B.REFERENCE.values(), 2, 3, 0, 1.0), (1.0, 1.0, 1.0, -1.5, "tanh", "sigmoid", "bce", 3, 4, 7, 10.0),
              (-2.0, 0.0, 1.2, 2.5, "relu", "sigmoid", "mse", 1, 2, 99, 0.3)),
        read=("torch.get_default_dtype()",)),
    "learning_rate_and_optimizers": Page(
        lambda c: learning_rate_and_optimizers.optimizers_code(*c.args), check_learning_rate_and_optimizers,
        default=Race((0.1, "multiwell", list(LR.LECTURE), 0.1, 100, "adam", 1.0, "cosine"), LR.AGREE, ("rmsprop",)),
        more=(Race((0.5, "multiwell", ["sgd", "momentum", "adam", "adadelta"], 0.3, 20, "rmsprop", 1.0, "cosine"),
                   1e-5),)),
    "loss_landscape": Page(
        lambda c: loss_landscape.landscape_code(*c), check_loss_landscape,
        default=(2, 16, 0, "filter", 1.0, 51, "random"),
        more=((1, 8, 4, "layer", 0.5, 21, "random"), (1, 8, 4, "layer", 0.5, 21, "pca"))),
    "mini_batches": Page(
        mini_batches.minibatch_code, check_mini_batches,
        default=M.MiniSettings(),
        more=(M.MiniSettings(epochs=1, lr=0.3, seed=7),)),
    "overfitting": Page(
        lambda c: overfitting.overfitting_code(*c), check_overfitting,
        default=(OF.FitSettings().hidden, OF.FitSettings().n_train, OF.FitSettings().seed, OF.FitSettings().steps),
        more=(((), 10, 0, 200), ((2,), 10, 0, 300), ((16, 16), 6, 5, 200))),
    "dropout": Page(
        lambda c: dropout.dropout_code(*c), check_dropout,
        default=(D.LECTURE_P, 1, D.CompareSettings(p=D.LECTURE_P, seed=1)),
        more=((0.5, 3, D.CompareSettings(p=0.5, seed=3, steps=60)),
              *((p, seed, D.CompareSettings(p=p, seed=seed, steps=5)) for p, seed in [(0.5, 1), (0.9, 1), (0.2, 2)]))),
    "early_stopping": Page(
        early_stopping.early_code, check_early_stopping,
        default=es.EarlySettings(),
        more=(es.EarlySettings(seed=3, val_pct=40, eval_every=7, patience=2, steps=150),)),
    "playground": Page(
        lambda c: played(c)[1], check_playground,
        default=Play(PLAY),
        more=(Play(replace(PLAY, data="mgauss", dropout=0.2, l1=0.001, l2=0.01, optimizer="momentum", hidden=(4,),
                           features=("x1", "x2", "sin1"))),
              Play(replace(PLAY, data="students", loss="mse", activation="relu", batch=1024, patience=2, lr=1.0,
                           optimizer="sgd")),
              Play(replace(PLAY, data="xor", hidden=(), features=("x1x2",), optimizer="rmsprop")),
              Play(replace(PLAY, data="upload"), _moons_csv())),
        files=lambda c: {playground.DATA_FILE: c.csv} if c.csv is not None else {}),
}
CASES = [pytest.param(slug, case, id=f"{slug}-{'default' if k == 0 else k}")
         for slug, page in PAGES.items() for k, case in enumerate((page.default, *page.more))]
# A page's default and its first further case run as its notebook (tests/unit/test_notebooks.py executes the same
# script, cell by cell, and applies the same check); here the script runs as a file for every case after those.
IN_NOTEBOOKS = 2
SCRIPT_CASES = [pytest.param(slug, case, id=f"{slug}-{k}")
                for slug, page in PAGES.items() for k, case in enumerate((page.default, *page.more))
                if k >= IN_NOTEBOOKS]


def test_the_table_has_every_lecture_page():
    assert list(PAGES) == ["perceptron", "activation_functions", "neural_networks", "will_i_pass", "loss_functions",
                           "gradient_descent", "backpropagation", "learning_rate_and_optimizers", "loss_landscape",
                           "mini_batches", "overfitting", "dropout", "early_stopping", "playground"]
    assert sorted(Path(p).stem for p in Path(__file__).parents[2].glob("core/codegen/*.py")) == sorted(
        [*PAGES, "__init__", "snippets"])


@pytest.mark.parametrize("slug, case", SCRIPT_CASES)
def test_the_code_panel_script_prints_the_page_numbers(slug, case, tmp_path):
    page = PAGES[slug]
    for name, content in page.files(case).items():
        (tmp_path / name).write_bytes(content)
    page.check(case, standalone(page.script(case), tmp_path, page.read))


# Beyond the numbers ------------------------------------------------------------------------------------------------
def test_each_racer_gets_its_own_optimizer_line():
    racers, lr, steps = ["sgd", "momentum", "adam", "adadelta"], 0.3, 20
    assert "torch.optim.Adadelta(params, lr=0.3)" in learning_rate_and_optimizers.optimizers_code(
        0.5, "bowl", racers, lr, steps, "adam", 1.0, "step")


@pytest.mark.parametrize("hidden, act, opt, lr", [(3, "sigmoid", "adam", 3.0), (16, "tanh", "rmsprop", 0.3),
                                                 (3, "tanh", "momentum", 10.0)])
def test_will_i_pass_script_is_the_page_bit_for_bit_even_when_chaotic(hidden, act, opt, lr):
    """At these settings a last-bit difference in a gradient grows into another final network (nnlab's fast engine,
    the same formulas summed in another order, ends elsewhere): the page trains as the script does, so it does not."""
    s = will_i_pass.PassSettings(hidden=hidden, activation=act, optimizer=opt, lr=lr)
    t = will_i_pass.pass_trainer(s).run_epochs(s.epochs)
    text = run_script(pass_script.will_i_pass_code(s.hidden, s.activation, s.optimizer, s.lr, s.epochs, s.batch_size,
                                                   s.seed))
    got = dict(re.findall(r"(training loss|trained: P\(pass\) for you) = ([-\d.e]+)", text))
    assert float(got["trained: P(pass) for you"]) == will_i_pass.you_prediction(t.model)
    assert float(got["training loss"]) == t.history().iloc[-1].train_loss

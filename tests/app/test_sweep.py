"""Every widget of every page at its extremes, one at a time, then the worst combinations we can name.

Pages are found through the registry, so each new page is swept without changes here. The test
asserts that no run raises; the per-page tests assert what the learner sees.
"""

import pytest

from core import budget
from tests.conftest import no_exception, open_page
from ui import registry

PAGES = [p.file for p in registry.available()]
KINDS = ("slider", "select_slider", "selectbox", "radio", "number_input", "toggle", "checkbox", "multiselect",
         "text_input", "text_area")

# Named worst combinations: URL settings, then buttons to click (by key), per page.
WORST = {
    "pages/01_perceptron.py": [
        ({"x1": "5", "x2": "-5", "w0": "10", "w1": "-5", "w2": "5", "act": "ReLU"}, []),
        ({"w1": "0", "w2": "0", "w0": "-10"}, []),                       # no decision line at all
        ({"w2": "0", "act": "linear (no nonlinearity)"}, []),            # a vertical line
        ({"x1": "-5", "x2": "5", "w0": "-10", "w1": "5", "w2": "-5", "act": "tanh"}, ["preset_reset"]),
    ],
    "pages/04_will_i_pass.py": [
        ({"hidden": "16", "epochs": "500", "lr": "10", "opt": "SGD"}, ["train"]),       # diverges or thrashes
        ({"hidden": "16", "epochs": "500", "lr": "10", "opt": "Adam", "act": "ReLU"}, ["train"]),
        ({"hidden": "1", "epochs": "10", "lr": "0.0001", "opt": "Adadelta"}, ["train"]),  # barely moves
        ({"hidden": "16", "epochs": "500", "lr": "3", "opt": "Momentum", "seed": "9999"}, ["train", "train"]),
    ],
    "pages/06_gradient_descent.py": [
        ({"lr": "300", "steps": "200", "w0": "8", "w1": "-4"}, []),                      # flung furthest: widest map
        ({"lr": "300", "steps": "199", "w0": "-4", "w1": "8"}, ["step_more"]),           # to the last step by hand
        ({"lr": "0.01", "steps": "0"}, ["step_more", "step_more"]),                      # by hand from zero steps
        ({"eta": "3", "iters": "500", "start": "0"}, []),                                # J overflows at step 220
        ({"eta": "2", "iters": "500", "seed": "9999"}, []),                              # J overflows later
        ({"eta": "1", "iters": "1", "start": "0"}, []),                                  # a single iteration
        ({"eta": "0.5", "iters": "500"}, ["preset_Too large", "preset_reset"]),
        ({"lr": "30", "steps": "200", "eta": "1", "start": "0", "iters": "500"}, []),    # zig-zag and period 2
    ],
    "pages/07_backpropagation.py": [
        ({"x": "3", "w1": "5", "w2": "5", "act": "ReLU", "loss": "binary cross-entropy", "depth": "3", "width": "4"},
         ["preset_Reference example", "step"]),                       # sigma(75) == 1: BCE undefined, then recover
        ({"x": "-3", "w1": "-5", "w2": "-5", "act": "tanh", "loss": "binary cross-entropy", "lr": "10"}, ["step"]),
        ({"x": "-3", "y": "0", "w1": "-4.9", "w2": "4.9", "act": "tanh", "loss": "binary cross-entropy", "lr": "10"},
         ["step", "step", "step"]),                                   # clipped at the slider end, then no change
        ({"x": "2", "w1": "-1", "act": "ReLU", "depth": "3", "width": "1", "seed": "9999"}, ["step"]),  # dead ReLU
        ({"x": "-3", "y": "0", "w1": "-5", "w2": "5", "out": "ReLU", "loss": "binary cross-entropy", "depth": "3",
          "width": "4", "act": "ReLU"}, ["preset_reset"]),
        ({"y": "0", "lr": "0.0001"}, ["step", "step", "preset_Reference example", "step"]),
    ],
    "pages/08_learning_rate_and_optimizers.py": [
        ({"steps": "150", "surf": "Multi-well", "lr": "10"}, ["race"]),                       # longest race; all thrash
        ({"steps": "150", "surf": "Elongated valley", "lr": "0.0001"}, ["race", "race"]),    # barely moves; rerun
        ({"steps": "150", "surf": "Bowl", "lr": "10", "sopt": "SGD", "slr": "10",
          "sched": "step decay (halve every quarter of the run)"}, ["race", "schedule"]),    # SGD diverges on the bowl
        ({"r_sgd": "false", "r_momentum": "false", "r_adam": "false", "r_adagrad": "false", "r_rmsprop": "false",
          "r_adadelta": "false", "steps": "150"}, ["schedule"]),                             # no racers: race disabled
        ({"r_sgd": "false", "r_adam": "false", "steps": "10", "lr": "3", "eta": "30"},
         ["race", "preset_reset", "race"]),
        ({"sopt": "Adadelta", "slr": "0.0001", "eta": "0.001"}, ["schedule", "preset_η = 1 on every racer", "race"]),
    ],
    "pages/09_loss_landscape.py": [
        ({"depth": "3", "width": "32", "res": "51", "view": "The training path's PCA directions", "log": "false",
          "bands": "false"}, []),                                   # biggest net, PCA grid, continuous colours
        ({"depth": "3", "width": "32", "norm": "none", "span": "2", "seed": "9999"},
         ["preset_Training path", "preset_No normalisation"]),                  # largest unnormalised range
        ({"depth": "1", "width": "4", "norm": "layer", "span": "0.25", "res": "21"}, ["preset_reset"]),
        ({"depth": "1", "width": "4", "view": "The training path's PCA directions", "res": "21", "log": "false"},
         ["preset_The paper's settings"]),
    ],
    "pages/10_mini_batches.py": [
        ({"lr": "3", "epochs": "5", "seed": "9999"}, ["train", "sweep"]),                 # largest race, noisiest SGD
        ({"lr": "3", "epochs": "1", "fb": "1", "draw": "9999"}, ["train", "preset_reset"]),
        ({"epochs": "5"}, ["preset_Large step η = 1", "train", "train"]),
        ({"lr": "0.01", "epochs": "5", "fb": "128", "seed": "1"}, ["sweep", "train", "preset_reset"]),
    ],
    "pages/14_playground.py": [
        ({"layers": "6", "w1": "16", "w2": "16", "w3": "16", "w4": "16", "w5": "16", "w6": "16", "batch": "1",
          "train": "90", "fx1sq": "true", "fx2sq": "true", "fx1x2": "true", "fsin1": "true", "fsin2": "true",
          "drop": "0.5", "l1": "0.1", "l2": "0.1", "opt": "Adadelta"}, ["step", "reset"]),          # heaviest epoch
        ({"layers": "6", "w1": "16", "w2": "16", "w3": "16", "w4": "16", "w5": "16", "w6": "16", "batch": "1024",
          "train": "90", "fx1sq": "true", "fx2sq": "true", "fx1x2": "true", "fsin1": "true", "fsin2": "true"},
         ["step"]),                                                                               # most work per step
        ({"lr": "10", "opt": "SGD", "loss": "MSE", "act": "ReLU", "layers": "6", "w1": "16", "w2": "16", "w3": "16",
          "w4": "16", "w5": "16", "w6": "16"}, ["step", "step"]),  # diverges (Play: test_playground_play)
        ({"data": "Multi-Gaussian (regression)", "disc": "true", "test": "true", "layers": "0"},
         ["step", "regen", "step"]),
        ({"data": "Your own CSV", "hide": "upload,edit,net,lr"}, ["step", "reset"]),  # no file, classroom mode
        ({"pat": "1", "data": "Circle", "noise": "50", "train": "10", "layers": "6", "w1": "16", "w2": "16",
          "w3": "16", "w4": "16", "w5": "16", "w6": "16"}, ["step", "step", "step", "step"]),  # early stopping
        ({"act": "linear", "batch": "1024", "dseed": "9999", "data": "Will I pass? (students)"},
         ["regen", "step", "reset"]),
    ],
    "pages/15_summary.py": [
        ({"focus": "Neural Networks"}, []),
        ({"focus": "Training in Practice"}, []),
    ],
    "pages/12_dropout.py": [
        ({"p": "0.9", "seed": "9999"}, ["train"]),                                    # heaviest dropout; it loses
        ({"p": "0.9", "mode": "evaluation: model.eval()"}, ["train", "preset_reset"]),
        ({"p": "0", "seed": "0"}, ["train", "preset_Lecture example"]),              # no Dropout modules at all
    ],
    "pages/13_early_stopping.py": [
        ({"val": "10", "every": "5", "patience": "1", "seed": "9999"}, ["train"]),     # 2 val points: restores step 0
        ({"val": "50", "every": "50", "patience": "20"}, ["train"]),                   # patience never runs out
        ({"val": "10", "every": "5", "patience": "20", "seed": "1"}, ["train", "train"]),
        ({"val": "50", "every": "5", "patience": "1"}, ["train", "preset_reset"]),
        ({"every": "50", "patience": "1", "seed": "3"}, ["train", "preset_Lecture's 70/30 split"]),
    ],
    "pages/11_overfitting.py": [
        ({"n": "100", "depth": "3", "width": "64", "seed": "9999"}, ["train", "sweep"]),   # slowest fit and sweep
        ({"n": "4", "depth": "3", "width": "64"}, ["train", "sweep"]),                     # fewest points, biggest net
        ({"depth": "0", "width": "1"}, ["preset_Tiny data, huge network", "train", "preset_reset"]),
    ],
    # The tables' bad input (st.data_editor, which AppTest cannot type into) is swept in test_page_loss_functions.
    "pages/05_loss_functions.py": [
        ({"clip": "true"}, ["restore_bce", "restore_mse", "restore_bce", "preset_reset"]),
    ],
}


def _values(w, kind):
    if kind == "slider":
        lo, hi = (w.min, w.max)
        cast = int if isinstance(w.value, int) else float
        return [cast(lo), cast(hi)]
    if kind == "select_slider":
        opts = list(w.options)
        out = []
        for o in (opts[0], opts[-1]):
            try:
                out.append(float(o))
            except ValueError:
                out.append(o)
        return out
    if kind in ("selectbox", "radio"):
        return list(w.options)
    if kind == "number_input":
        return [w.min if w.min is not None else -10**9, w.max if w.max is not None else 10**9]
    if kind in ("toggle", "checkbox"):
        return [True, False]
    if kind == "multiselect":
        return [[], list(w.options)]
    return ["", "x" * 2000, "<b>not html</b>", "nan"]


def _widgets(at):
    """(kind, identity) for every widget: its key if it has one, else its index."""
    found = []
    for kind in KINDS:
        for i, w in enumerate(getattr(at, kind)):
            found.append((kind, w.key if w.key else i))
    return found


def _find(at, kind, ident):
    items = getattr(at, kind)
    if isinstance(ident, int):
        return items[ident] if ident < len(items) else None
    for w in items:
        if w.key == ident:
            return w
    return None


@pytest.mark.parametrize("file", PAGES)
def test_every_widget_at_its_extremes(file):
    at = open_page(file)
    no_exception(at)
    for kind, ident in _widgets(at):
        for value in _values(_find(at, kind, ident), kind):
            w = _find(at, kind, ident)
            if w is None:
                continue
            w.set_value(value).run()
            no_exception(at)
        at = open_page(file)  # back to defaults for the next widget


@pytest.mark.parametrize("file", PAGES)
def test_every_button(file):
    at = open_page(file)
    buttons = [(b.key, b.label) for b in at.button]
    for key, label in buttons:
        at = open_page(file)
        b = next(b for b in at.button if (b.key, b.label) == (key, label))
        b.click().run()
        no_exception(at)


@pytest.mark.parametrize("file, query, clicks",
                         [(f, q, c) for f, combos in WORST.items() for q, c in combos if f in PAGES])
def test_worst_combinations(file, query, clicks):
    """No exception, and every script run (a page load, a button's run) within the work budget."""
    budget.reset()
    at = open_page(file, query)
    no_exception(at)
    assert not at.warning, [w.value for w in at.warning]  # every URL value here is valid
    _within_budget(file, "page load")
    for key in clicks:
        budget.reset()
        at.button(key=key).click().run()
        no_exception(at)
        _within_budget(file, key)


def _within_budget(file: str, what: str) -> None:
    steps, work = budget.counted()
    print(f"{file} {what}: {steps:,} steps, work {work:.3g}")
    assert budget.within(steps, work), (f"{file} {what}: {steps:,} steps and work {work:.3g} exceed the budget "
                                        f"({budget.MAX_STEPS:,} steps, {budget.MAX_WORK:.3g})")


@pytest.mark.parametrize("file", [f for f in PAGES if f != "app.py"])  # the home page has no controls
@pytest.mark.parametrize("garbage", ["abc", "1e308", "-1e308", "nan", "", "9" * 40])
def test_garbage_in_the_url_falls_back_with_a_notice(file, garbage):
    keys = open_page(file).session_state["_controls"]
    assert keys, f"{file} has no URL-bound controls"
    at = open_page(file, {k: garbage for k in keys})
    no_exception(at)
    defaults = open_page(file)
    for k in keys:
        assert at.session_state[k] == defaults.session_state[k], k  # fell back to the default
    if garbage:  # an empty parameter is simply no value
        notices = " ".join(w.value for w in at.warning)
        for k in keys:
            assert f"`{k}=" in notices, k

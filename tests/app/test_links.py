"""Links: a select puts its option's short name in the URL (?opt=momentum), and links shared before that, which held
the option's label (?opt=SGD + momentum, ?opt=Momentum), still open the same settings, silently.

OLD holds, for every select on every page that had one, each label a link could hold (as shared, so literal strings:
rewording a label today must not break them), and the name it opens now."""

import re

import pytest

from core import vocabulary as V
from tests.conftest import ROOT, no_exception, open_page
from ui import controls

PAGES = {
    "perceptron": "pages/01_perceptron.py", "activation_functions": "pages/02_activation_functions.py",
    "neural_networks": "pages/03_neural_networks.py", "will_i_pass": "pages/04_will_i_pass.py",
    "gradient_descent": "pages/06_gradient_descent.py", "backpropagation": "pages/07_backpropagation.py",
    "learning_rate_and_optimizers": "pages/08_learning_rate_and_optimizers.py",
    "loss_landscape": "pages/09_loss_landscape.py", "mini_batches": "pages/10_mini_batches.py",
    "dropout": "pages/12_dropout.py", "playground": "pages/14_playground.py", "summary": "pages/15_summary.py",
}
ACTS = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu"}
OPTS = {"Adam": "adam", "SGD": "sgd", "RMSprop": "rmsprop", "Adagrad": "adagrad", "Adadelta": "adadelta"}
OLD = {  # page -> select key -> {label a link may hold: the name it opens}
    "perceptron": {"act": {**ACTS, "linear (no nonlinearity)": "linear"}},
    "activation_functions": {
        "data": {"circles: a disc inside a ring": "circles", "xor: four quadrants": "xor",
                 "moons: two interleaved arcs": "moons", "blobs: two clusters a line does separate": "blobs"},
        "act": ACTS},
    "neural_networks": {"copy": {"W.T (transposed)": "transpose", "W (no transpose)": "plain", "no copy": "none"},
                        "out": {"1": "1", "2": "2"}, "act": {**ACTS, "linear (no nonlinearity)": "linear"}},
    "will_i_pass": {"act": ACTS, "opt": {**OPTS, "Momentum": "momentum"}},
    "gradient_descent": {"start": {"random (Lab 1)": "random", "0": "zero"}},
    "backpropagation": {"act": ACTS, "out": ACTS,
                        "loss": {"½ squared error": "mse", "binary cross-entropy": "bce"}},
    "learning_rate_and_optimizers": {
        "surf": {"Bowl": "bowl", "Elongated valley": "valley", "Multi-well": "multiwell"},
        "sopt": OPTS,
        "sched": {"cosine annealing": "cosine", "step decay (halve every quarter of the run)": "step"}},
    "loss_landscape": {"view": {"Two random directions (Li et al.)": "random",
                                "The training path's PCA directions": "pca"},
                       "norm": {"filter (Li et al.)": "filter", "layer": "layer", "none": "none"}},
    "mini_batches": {"fb": {"1": "1", "8": "8", "32": "32", "128": "128"}},
    "dropout": {"mode": {"training: model.train()": "train", "evaluation: model.eval()": "eval"}},
    "summary": {"focus": {"All three ideas": "all", "The Perceptron": "perceptron", "Neural Networks": "networks",
                          "Training in Practice": "practice"}},
    "playground": {
        "data": {"Circle": "circles", "Exclusive or (XOR)": "xor", "Gaussian clusters": "blobs", "Spiral": "spiral",
                 "Moons": "moons", "Will I pass? (students)": "students", "Plane (regression)": "plane",
                 "Multi-Gaussian (regression)": "mgauss", "Your own CSV": "upload"},
        "act": {"tanh": "tanh", "ReLU": "relu", "sigmoid": "sigmoid", "linear": "linear"},
        "loss": {"BCE": "bce", "MSE": "mse"},
        "opt": {**OPTS, "SGD + momentum": "momentum"}},
}


def links(page: str) -> list[dict[str, str]]:
    """Few links that between them hold every old label of the page's selects, one label per select each."""
    old = OLD[page]
    return [{key: list(labels)[i % len(labels)] for key, labels in old.items()}
            for i in range(max(len(labels) for labels in old.values()))]


CASES = [(page, query) for page in OLD for query in links(page)]


@pytest.fixture
def selects(monkeypatch):
    """Every controls.select call of the runs: key -> (options, default)."""
    seen = {}
    real = controls.select

    def spy(label, key, options, default, **kw):
        seen[key] = (options, default)
        return real(label, key, options, default, **kw)

    monkeypatch.setattr(controls, "select", spy)
    return seen


def link_warnings(at) -> list[str]:
    return [w.value for w in at.warning if "The link asked for" in w.value]


def widget(at, key):
    found = [w for w in (*at.selectbox, *at.radio) if w.key == key]
    assert len(found) == 1, key
    return found[0]


@pytest.mark.parametrize("page, query", CASES, ids=[f"{p}-{'-'.join(q.values())}" for p, q in CASES])
def test_an_old_link_opens_the_same_settings_silently(page, query, selects):
    at = open_page(PAGES[page], query, code=False)
    no_exception(at)
    assert not link_warnings(at)
    for key, label in query.items():
        name = OLD[page][key][label]
        assert widget(at, key).value == name, (key, label)
        _, default = selects[key]
        assert at.query_params.get(key) == (None if name == default else name), key   # the address bar: the name
    assert set(selects) == set(OLD[page])   # OLD knows every select of the page


@pytest.mark.parametrize("page", OLD)
def test_a_new_link_holds_short_names_and_opens_them(page, selects):
    """Each select's last option, by name: the link reopens it, and the address bar keeps the name as it is."""
    open_page(PAGES[page], code=False)
    query = {key: list(options)[-1] for key, (options, default) in selects.items()}
    at = open_page(PAGES[page], query, code=False)
    no_exception(at)
    assert not link_warnings(at)
    for key, name in query.items():
        assert widget(at, key).value == name
        assert at.query_params.get(key) == (None if name == selects[key][1] else name)


@pytest.mark.parametrize("page", OLD)
def test_every_select_of_these_four_kinds_draws_its_options_from_the_vocabulary(page, selects):
    open_page(PAGES[page], code=False)
    for key, (options, _) in selects.items():
        assert all(re.fullmatch(r"[a-z0-9_]{1,12}", name) for name in options), (page, key)   # short URL values
        for what, kind in V.KINDS.items():
            if set(options) & set(kind.names):
                assert isinstance(options, V.Options) and set(options) <= set(kind.names), (page, key, what)
                assert dict(options) == {n: kind.label(n) for n in options}, (page, key)


def test_changing_a_select_writes_its_name_and_a_default_drops_it():
    at = open_page(PAGES["will_i_pass"], code=False)
    assert "opt" not in at.query_params
    at.selectbox(key="opt").set_value("momentum").run()
    assert at.query_params["opt"] == "momentum" and at.selectbox(key="opt").value == "momentum"
    at.selectbox(key="opt").set_value("adam").run()                  # the default: not in the link
    assert "opt" not in at.query_params
    at.button(key="preset_Lecture example").click().run()
    assert "opt" not in at.query_params and not link_warnings(at)


def test_a_preset_sets_a_select_and_its_link():
    at = open_page(PAGES["learning_rate_and_optimizers"], code=False)
    at.button(key="preset_Race in the valley").click().run()
    assert at.selectbox(key="surf").value == "valley" and at.query_params["surf"] == "valley"
    at.button(key="preset_reset").click().run()
    assert at.selectbox(key="surf").value == "multiwell" and "surf" not in at.query_params


@pytest.mark.parametrize("page, key, bad, shown", [
    ("will_i_pass", "opt", "Nesterov", "Adam"), ("playground", "data", "circle", "Spiral"),
    ("activation_functions", "act", "softmax", "ReLU"), ("dropout", "mode", "test", "training: model.train()")])
def test_a_bad_value_keeps_the_default_with_the_notice(page, key, bad, shown):
    at = open_page(PAGES[page], {key: bad}, code=False)
    no_exception(at)
    assert link_warnings(at) == [
        f"The link asked for `{key}={bad}`, which this control cannot take; using {shown!r} instead."]
    assert key not in at.query_params                                 # dropped from the address bar, as a default


def test_a_hidden_control_takes_an_old_label_too():
    at = open_page(PAGES["playground"], {"hide": "opt,act", "opt": "SGD + momentum", "act": "ReLU"}, code=False)
    no_exception(at)
    assert not link_warnings(at)
    s = at.session_state["pg_session"].s
    assert (s.optimizer, s.activation) == ("momentum", "relu")


def test_a_link_does_not_carry_to_the_next_page():
    """The browser's navigation drops the query string (tests/browser/test_links.py); the settings stay behind."""
    at = open_page(PAGES["will_i_pass"], {"opt": "Momentum"}, code=False)
    assert at.query_params["opt"] == "momentum"
    at.query_params.clear()
    at.switch_page(PAGES["playground"]).run()
    no_exception(at)
    assert at.selectbox(key="opt").value == "adam" and "opt" not in at.query_params
    at.switch_page(PAGES["will_i_pass"]).run()
    assert at.selectbox(key="opt").value == "adam"


NO_NUMBER_CONTROL = {"pages/05_loss_functions.py", "pages/15_summary.py"}   # their inputs are tables and choices
NUMBER_PAGES = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("[0-9]*.py")
                      if f"pages/{p.name}" not in NO_NUMBER_CONTROL)


@pytest.fixture
def grids(monkeypatch):
    """Every controls.slider and controls.integer call of the runs: key -> (lo, hi, default, step)."""
    seen = {}
    real_slider, real_integer = controls.slider, controls.integer

    def slider(label, key, lo, hi, default, step, **kw):
        seen[key] = (lo, hi, default, step)
        return real_slider(label, key, lo, hi, default, step, **kw)

    def integer(label, key, lo, hi, default, **kw):
        seen[key] = (lo, hi, default, 1)
        return real_integer(label, key, lo, hi, default, **kw)

    monkeypatch.setattr(controls, "slider", slider)
    monkeypatch.setattr(controls, "integer", integer)
    return seen


def link_notices(at) -> list[str]:
    return [n.value for n in (*at.warning, *at.info) if "The link asked for" in n.value]


def number_widget(at, key):
    found = [w for w in (*at.slider, *at.number_input) if w.key == key]
    assert len(found) == 1, key
    return found[0]


@pytest.mark.parametrize("file", NUMBER_PAGES)
def test_a_link_between_two_steps_is_rounded_with_a_notice_and_one_on_a_step_opens_silently(file, grids):
    """Every number control of the page at once: half a step past its second step (rounded up to the third, or down
    to the top when it has no third), and, in a second link, its default (which must lie on its own grid)."""
    open_page(file, code=False)
    assert grids, file
    controls_seen = dict(grids)
    on_step = {key: str(default) for key, (lo, hi, default, step) in controls_seen.items()}
    at = open_page(file, on_step, code=False)
    no_exception(at)
    assert not link_notices(at), file
    between, want = {}, {}
    for key, (lo, hi, _default, step) in controls_seen.items():
        x = lo + 1.5 * step
        if x > hi:
            continue
        between[key] = f"{x:g}"
        want[key] = min(lo + 2 * step, hi)
    at = open_page(file, between, code=False)
    no_exception(at)
    notices = link_notices(at)
    for key, value in want.items():
        assert number_widget(at, key).value == pytest.approx(value), key
        assert (f"The link asked for `{key}={between[key]}`, which lies between this control's steps; rounded to "
                f"{number_widget(at, key).value!r}.") in notices, key
        shown = at.query_params.get(key)
        assert shown is None or float(shown) == pytest.approx(value), key   # the address bar: the rounded value
    assert len(notices) == len(want), notices


@pytest.mark.parametrize("file", sorted(NO_NUMBER_CONTROL))
def test_the_pages_listed_without_a_number_control_have_none(file, grids):
    open_page(file, code=False)
    assert not grids

"""core.vocabulary: each activation, optimizer, loss and data set is listed once, with a short stable name (what a
link holds) and one label (what a menu shows); core's registries use those names and labels, and no page, ui or core
module types its own label map for them."""

import ast
import re
from pathlib import Path

import pytest

from core import vocabulary as V

ROOT = Path(__file__).resolve().parents[2]
KINDS = list(V.KINDS.items())


@pytest.mark.parametrize("what, kind", KINDS, ids=[k for k, _ in KINDS])
def test_every_name_is_a_short_lowercase_identifier(what, kind):
    assert kind.names
    for name in kind.names:
        assert re.fullmatch(r"[a-z][a-z0-9_]{0,11}", name), (what, name)


def test_no_name_or_label_repeats():
    names = [n for _, kind in KINDS for n in kind.names]
    labels = [label for _, kind in KINDS for label in kind.labels.values()]
    assert len(set(names)) == len(names)
    assert len(set(labels)) == len(labels)
    assert all(label.strip() == label and label for label in labels)


@pytest.mark.parametrize("what, kind", KINDS, ids=[k for k, _ in KINDS])
def test_every_former_label_maps_to_a_name_and_means_nothing_else(what, kind):
    for old, name in kind.former.items():
        assert name in kind.names, (what, old, name)
        assert old not in kind.names and old not in kind.labels.values(), (what, old)  # never ambiguous


def test_a_menu_reads_names_labels_and_former_labels():
    menu = V.OPTIMIZERS.options("adam", "sgd", "momentum")
    assert list(menu) == ["adam", "sgd", "momentum"] and menu["momentum"] == V.OPTIMIZERS.label("momentum")
    for asked in ("momentum", V.OPTIMIZERS.label("momentum"), "Momentum", "SGD + momentum", "SGD + momentum 0.9"):
        assert menu.name_for(asked) == "momentum", asked
    assert menu.name_for("adagrad") is None             # in the vocabulary, not in this menu
    assert V.OPTIMIZERS.options("adam").former == {}    # only the former labels of its own names
    assert list(V.LOSSES.options()) == list(V.LOSSES.names)
    with pytest.raises(KeyError, match="softmax"):
        V.ACTIVATIONS.options("relu", "softmax")


def test_core_registries_use_the_vocabulary():
    from core import activation_functions, backpropagation, data, loss_functions, models, optimizers, trainer
    from core import playground as pg

    assert set(models.ACTIVATIONS) <= set(V.ACTIVATIONS.names)
    assert set(backpropagation.ACTIVATIONS) <= set(V.ACTIVATIONS.names)
    assert {k: a.label for k, a in activation_functions.ACTIVATIONS.items()} == dict(V.ACTIVATIONS.labels)
    assert {k: o[0] for k, o in optimizers.OPTIMIZERS.items()} == dict(V.OPTIMIZERS.labels)
    assert dict(trainer.LOSSES) == dict(loss_functions.NAMES) == dict(V.LOSSES.labels)
    assert set(backpropagation.LOSSES) <= set(V.LOSSES.names)
    assert set(data.SHAPES) <= set(V.DATASETS.names)
    assert {k: d[0] for k, d in pg.DATASETS.items()} == dict(V.DATASETS.labels)
    s = pg.PlaySettings()
    assert (s.data in V.DATASETS.names and s.activation in V.ACTIVATIONS.names and s.loss in V.LOSSES.names
            and s.optimizer in V.OPTIMIZERS.names)


# Typed label maps -----------------------------------------------------------------------------------------------
def _words() -> dict[str, set[tuple[str, str]]]:
    """For each kind, the pairs (name, a label or former label of that name)."""
    pairs = {}
    for what, kind in KINDS:
        pairs[what] = {(n, label) for n, label in kind.labels.items()} | {(n, old) for old, n in kind.former.items()}
    return pairs


def label_maps(source: str) -> list[tuple[int, str]]:
    """(line, kind) of every dict written out with two or more entries that pair a vocabulary name with its own
    label or former label (either way round): a label map typed by hand."""
    found = []
    pairs = _words()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Dict):
            continue
        entries = [(k.value, v.value) for k, v in zip(node.keys, node.values)
                   if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)
                   and isinstance(k.value, str) and isinstance(v.value, str)]
        for what, known in pairs.items():
            if sum((k, v) in known or (v, k) in known for k, v in entries) >= 2:
                found.append((node.lineno, what))
    return found


def select_maps(source: str) -> list[tuple[int, str]]:
    """(line, name) for every select whose options are a dict written out (directly or through a module-level
    name) holding a vocabulary name: such a menu must come from core.vocabulary instead."""
    tree = ast.parse(source)
    assigned = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    names = {n for _, kind in KINDS for n in kind.names}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "select"):
            continue
        for arg in node.args:
            arg = assigned.get(arg.id, arg) if isinstance(arg, ast.Name) else arg
            if isinstance(arg, ast.Dict):
                found += [(node.lineno, k.value) for k in arg.keys
                          if isinstance(k, ast.Constant) and k.value in names]
    return found


def sources() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py")),
             *sorted((ROOT / "core").rglob("*.py"))]
    return [f for f in files if f != ROOT / "core" / "vocabulary.py"]


def test_no_module_types_its_own_label_map():
    typed = {str(f.relative_to(ROOT)): label_maps(f.read_text()) for f in sources()}
    assert not {f: found for f, found in typed.items() if found}


def test_every_select_draws_vocabulary_options_from_the_vocabulary():
    typed = {str(f.relative_to(ROOT)): select_maps(f.read_text())
             for f in sources() if not f.is_relative_to(ROOT / "core")}
    assert not {f: found for f, found in typed.items() if found}


def test_the_checks_see_a_typed_map():
    """The checks themselves can fail: the maps pages once typed are found."""
    old = ('OPTS = {"Adam": "adam", "SGD": "sgd", "Momentum": "momentum"}\n'
           'LOSSES = {"BCE": "bce", "MSE": "mse"}\n'
           'DATA = {"xor: four quadrants": "xor", "moons: two interleaved arcs": "moons"}\n'
           'ACTS = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu"}\n'
           'NAMES = {"bce": "binary cross-entropy", "mse": "mean squared error"}\n'
           'act = controls.select("g", "act", ACTS, "sigmoid")\n'
           'opt = controls.select("Optimizer", "opt", {"adam": "Adam!", "sgd": "plain"}, "adam")\n')
    assert [what for _, what in label_maps(old)] == ["optimizer", "loss", "data set", "activation", "loss"]
    assert [name for _, name in select_maps(old)] == ["sigmoid", "tanh", "adam", "sgd"]
    assert not label_maps('SYMBOL = {"sigmoid": "σ", "linear": "id"}\nWORDS = {"sgd": "plain SGD", "adam": "Adam"}')

"""nnlab's vocabulary: the activations, optimizers, losses and data sets a learner can choose, each listed once.

Every choice has a name and a label. The name is what the code passes around and what a link holds (`?act=relu`,
`?opt=momentum`, `?data=circles`): a short identifier that never changes, or links already shared would break. The
label is what a menu shows, and it is free to change: the old wording then moves to `former`, so that a link holding
it still opens the same choice (links once held labels, e.g. `?opt=SGD + momentum`).

Torch-free and streamlit-free: core, ui and the pages all read it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field


class Options(dict):
    """A menu of choices: {name: label} in the order it is shown, plus the former labels ({old label: name}) that a
    link may still hold. What ui.controls.select takes."""

    def __init__(self, labels: Mapping[str, str], former: Mapping[str, str] | None = None):
        super().__init__(labels)
        self.former = {old: name for old, name in (former or {}).items() if name in self}

    def name_for(self, text: str) -> str | None:
        """The choice a link's value asks for: a name, a label or a former label; None if none of them."""
        if text in self:
            return text
        by_label = {label: name for name, label in self.items()}
        return by_label.get(text, self.former.get(text))


@dataclass(frozen=True)
class Kind:
    """One kind of choice: each name with its label, in the usual order, and the former labels a link may hold."""
    labels: Mapping[str, str]                                  # name -> label
    former: Mapping[str, str] = field(default_factory=dict)   # former label -> name

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, name: str) -> str:
        return self.labels[name]

    def options(self, *names: str) -> Options:
        """A menu of these names in this order (all of them, in the usual order, if none are given)."""
        unknown = [n for n in names if n not in self.labels]
        if unknown:
            raise KeyError(f"not in the vocabulary: {unknown}; choose among {list(self.labels)}")
        return Options({n: self.labels[n] for n in names or self.labels}, self.former)


ACTIVATIONS = Kind(
    {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "linear": "linear", "leaky_relu": "leaky ReLU",
     "gelu": "GELU"},
    former={"linear (no nonlinearity)": "linear"})

OPTIMIZERS = Kind(
    {"sgd": "SGD", "momentum": "SGD + momentum", "adam": "Adam", "adagrad": "Adagrad", "rmsprop": "RMSprop",
     "adadelta": "Adadelta"},
    former={"Momentum": "momentum", "SGD + momentum 0.9": "momentum"})

LOSSES = Kind(
    {"bce": "binary cross-entropy", "mse": "mean squared error"},
    former={"BCE": "bce", "MSE": "mse", "½ squared error": "mse"})

DATASETS = Kind(
    {"circles": "Circle", "xor": "Exclusive or (XOR)", "blobs": "Gaussian clusters", "spiral": "Spiral",
     "moons": "Moons", "students": "Will I pass? (students)", "plane": "Plane (regression)",
     "mgauss": "Multi-Gaussian (regression)", "upload": "Your own CSV"},
    former={"circles: a disc inside a ring": "circles", "xor: four quadrants": "xor",
            "moons: two interleaved arcs": "moons", "blobs: two clusters a line does separate": "blobs"})

KINDS = {"activation": ACTIVATIONS, "optimizer": OPTIMIZERS, "loss": LOSSES, "data set": DATASETS}

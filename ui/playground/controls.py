"""The Playground's controls, URL-bound through ui.controls, with TensorFlow Playground's classroom mode:
?hide=lr,opt,... hides those controls (their values still come from the link, or the defaults), and the
Instructor panel builds such a link."""

from urllib.parse import urlencode

import streamlit as st

from ui import controls

BATCHES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)   # 1024 is more than any training set: full batch
PENALTIES = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1)
MAX_LAYERS, MAX_WIDTH = 6, 16

# What an instructor can hide: group -> (label, URL keys of its controls).
GROUPS = {
    "data": ("Data set", ("data",)), "upload": ("CSV upload", ()), "noise": ("Noise", ("noise",)),
    "train": ("Ratio of training data", ("train",)), "dseed": ("Regenerate data", ("dseed",)),
    "seed": ("Seed of the weights", ("seed",)),
    "feat": ("Input features", ("fx1", "fx2", "fx1sq", "fx2sq", "fx1x2", "fsin1", "fsin2")),
    "net": ("Hidden layers and widths", ("layers", *(f"w{i}" for i in range(1, MAX_LAYERS + 1)))),
    "act": ("Activation", ("act",)), "loss": ("Loss", ("loss",)), "opt": ("Optimizer", ("opt",)),
    "lr": ("Learning rate", ("lr",)), "batch": ("Batch size", ("batch",)), "drop": ("Dropout", ("drop",)),
    "l1": ("L1 regularisation", ("l1",)), "l2": ("L2 regularisation", ("l2",)), "pat": ("Early stopping", ("pat",)),
    "view": ("Display toggles", ("disc", "test")), "edit": ("Hand-editing weights", ()),
}


def hidden_groups() -> set[str]:
    """The groups the link hides: ?hide=lr,opt (unknown names are ignored)."""
    raw = st.query_params.get("hide", "") or ""
    return {g.strip() for g in raw.split(",") if g.strip() in GROUPS}


def _url_text(v) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


class Panel:
    """Draws the controls that are not hidden; a hidden control takes its value from the link (or its
    default) without a widget. Remembers every value that differs from its default, for the link."""

    def __init__(self):
        self.hidden = hidden_groups()
        self.link: dict[str, str] = {}

    def hides(self, group: str) -> bool:
        return group in self.hidden

    def _note(self, key: str, url_value, default_url) -> None:
        if _url_text(url_value) != _url_text(default_url):
            self.link[key] = _url_text(url_value)

    def _from_link(self, key: str, default, parse):
        raw = st.query_params.get(key)
        try:
            return default if raw is None else parse(raw)
        except (ValueError, TypeError, KeyError, OverflowError):
            st.warning(f"The link asked for `{key}={raw[:40]}`, which this control cannot take; using {default!r} "
                       "instead.", icon=":material/link_off:")
            return default

    def slider(self, group, label, key, lo, hi, default, step, **kw):
        if self.hides(group):
            cast = type(default)

            def parse(raw):
                v = cast(float(raw)) if cast is int else float(raw)
                if not lo <= v <= hi or (cast is int and float(raw) != v):
                    raise ValueError
                return v
            v = self._from_link(key, default, parse)
        else:
            v = controls.slider(label, key, lo, hi, default, step, **kw)
        self._note(key, v, default)
        return v

    def values(self, group, label, key, values, default, **kw):
        """A choice on a log scale (learning rate, batch size, penalties)."""
        if self.hides(group):
            def parse(raw):
                v = float(raw)
                match = [x for x in values if abs(x - v) <= 1e-12 + 1e-9 * abs(x)]
                if not match:
                    raise ValueError
                return match[0]
            v = self._from_link(key, default, parse)
        else:
            v = controls.learning_rate(label, key, default, values=values, **kw)
        self._note(key, v, default)
        return v

    def select(self, group, label, key, options: dict, default: str, **kw):
        """options: {name: label} (a core.vocabulary menu); returns the name, which is what the link holds."""
        if self.hides(group):
            def parse(raw):
                name = controls.name_for(options, raw)
                if name is None:
                    raise ValueError
                return name
            v = self._from_link(key, default, parse)
        else:
            v = controls.select(label, key, options, default, **kw)
        self._note(key, v, default)
        return v

    def toggle(self, group, label, key, default=False, **kw):
        if self.hides(group):
            v = self._from_link(key, default, lambda raw: {"true": True, "false": False}[raw.lower()])
        else:
            v = controls.toggle(label, key, default, **kw)
        self._note(key, v, default)
        return v

    def integer(self, group, label, key, lo, hi, default, **kw):
        if self.hides(group):
            def parse(raw):
                v = int(raw)
                if not lo <= v <= hi:
                    raise ValueError
                return v
            v = self._from_link(key, default, parse)
        else:
            v = controls.integer(label, key, lo, hi, default, **kw)
        self._note(key, v, default)
        return v


def regenerate() -> None:
    """A new draw of the data (the next data seed); the network keeps its weights."""
    st.session_state["dseed"] = (int(st.session_state.get("dseed", 0)) + 1) % 10_000


def instructor(panel: Panel, base_url: str) -> None:
    """TensorFlow Playground's classroom panel: pick controls to hide, get the link."""
    with st.expander("Instructor: a link with some controls hidden (classroom mode)", icon=":material/co_present:"):
        st.caption("Pick the controls your students should not change. The link below opens the playground with "
                   "the current settings and only the other controls visible; hidden controls keep the values "
                   "in the link. (Beyond the lecture: this is TensorFlow Playground's classroom panel.)")
        labels = {label: g for g, (label, _) in GROUPS.items()}
        current = [GROUPS[g][0] for g in GROUPS if g in panel.hidden]
        chosen = st.multiselect("Hide these controls", list(labels), default=current, key="pg_hide_pick")
        params = dict(panel.link)
        if chosen:
            params["hide"] = ",".join(labels[c] for c in chosen)
        st.code(base_url + ("?" + urlencode(params, safe=",") if params else ""), language=None)


def draw_controls(panel: Panel, menus: dict[str, dict[str, str]], features: dict[str, str], d, val_pct: int,
                  own_data=None) -> dict:
    """Every setting of the run, in TensorFlow Playground's order: data, features, network, training.
    menus: the choices of the data, act, loss and opt menus, {name: label} each (core.vocabulary menus, made by the
    page: ui does not import core); features: {key: label}; d: the defaults (core.playground.PlaySettings());
    val_pct: the % of the training points early stopping holds out for validation; own_data(data key) draws
    what belongs right under the Data set menu (the uploader) and returns the data set to use."""
    v = {}
    st.markdown("**Data**")
    _data_controls(panel, menus, d, val_pct, own_data, v)
    st.markdown("**Input features**")
    row = st.container(horizontal=True)
    v["features"] = tuple(k for k, label in features.items()
                          if panel.toggle("feat", label, f"f{k}", k in d.features, where=row))
    st.markdown("**Network**")
    _network_controls(panel, menus, d, v)
    st.markdown("**Training**")
    _training_controls(panel, menus, d, val_pct, v)
    return v


def _data_controls(panel: Panel, menus: dict, d, val_pct: int, own_data, v: dict) -> None:
    v["data"] = panel.select("data", "Data set", "data", menus["data"], d.data,
                             help="Classification shapes, the lecture's students, two regression surfaces, or your "
                                  "own CSV (x1, x2, label).")
    if own_data is not None:
        v["data"] = own_data(v["data"])
    c = st.columns(2)
    v["noise"] = panel.slider("noise", "Noise (%)", "noise", 0, 50, d.noise, 5, where=c[0])
    v["train_pct"] = panel.slider("train", "Training data (%)", "train", 10, 90, d.train_pct, 10, where=c[1],
                                  help="The rest is the test set: never trained on, only reported. With early "
                                       f"stopping on, {val_pct} % of these training points are held out as "
                                       "validation data.")
    c = st.columns([4, 5], vertical_alignment="bottom")  # room for the Regenerate button's label
    v["dseed"] = panel.integer("dseed", "Data seed", "dseed", 0, 9999, d.dseed, where=c[0],
                               help="Which random draw of the data (and of its split).")
    if not panel.hides("dseed"):
        c[1].button("Regenerate", key="regen", on_click=regenerate, icon=":material/autorenew:", width="stretch",
                    help="New data, same weights: see the same model on a fresh sample.")


def _network_controls(panel: Panel, menus: dict, d, v: dict) -> None:
    depth = panel.slider("net", "Hidden layers", "layers", 0, MAX_LAYERS, len(d.hidden), 1,
                         help="0 hidden layers is a single perceptron.")
    cols = st.columns(3)
    v["hidden"] = tuple(panel.slider("net", f"Units, layer {i}", f"w{i}", 1, MAX_WIDTH,
                                     d.hidden[i - 1] if i <= len(d.hidden) else 4, 1, where=cols[(i - 1) % 3])
                        for i in range(1, depth + 1))
    v["seed"] = panel.integer("seed", "Seed of the weights", "seed", 0, 9999, d.seed,
                              help="The initial weights (and dropout masks and batch order). Reset returns to them.")
    c = st.columns(2)
    v["activation"] = panel.select("act", "Activation g", "act", menus["act"], d.activation, where=c[0])
    v["loss"] = panel.select("loss", "Loss", "loss", menus["loss"], d.loss, where=c[1],
                             help="BCE: binary cross-entropy on a sigmoid output, what the lecture uses for "
                                  "classification. MSE: mean squared error; regression data always use it.")


def _training_controls(panel: Panel, menus: dict, d, val_pct: int, v: dict) -> None:
    c = st.columns(2)
    v["optimizer"] = panel.select("opt", "Optimizer", "opt", menus["opt"], d.optimizer, where=c[0])
    v["lr"] = panel.values("lr", "Learning rate η", "lr", controls.LEARNING_RATES, d.lr, where=c[1],
                           help="Changes the running optimizer without a reset.")
    v["batch"] = panel.values("batch", "Batch size", "batch", BATCHES, d.batch,
                              help="Examples per gradient step. 1 is stochastic gradient descent; 1024 is always "
                                   "the full training set (full-batch gradient descent).")
    c = st.columns(3)
    v["dropout"] = panel.slider("drop", "Dropout p", "drop", 0.0, 0.5, d.dropout, 0.1, where=c[0], fmt="%.1f",
                                help="While training, zero each hidden activation with probability p.")
    v["l1"] = panel.values("l1", "L1 λ", "l1", PENALTIES, d.l1, where=c[1], help="Adds λ·Σ|w| to the loss.")
    v["l2"] = panel.values("l2", "L2 λ", "l2", PENALTIES, d.l2, where=c[2],
                           help="Weight decay: adds λ·w to each weight's gradient.")
    v["patience"] = panel.slider("pat", "Early stopping: patience (epochs, 0 = off)", "pat", 0, 50, d.patience, 1,
                                 help=f"Holds out {val_pct} % of the training points as validation data (not "
                                      "trained on). Training stops when the validation loss has not improved for "
                                      "this many epochs, and the weights with the lowest validation loss are "
                                      "restored. The test set plays no part in it.")

"""URL-bound controls. Each control's key is its URL parameter (`?lr=0.1&hidden=3`), so a page's
state is a shareable link; a garbage or out-of-range URL value falls back with a visible notice, and a value between
a control's steps (`?epochs=15` on a slider in steps of 10, `?seed=1.5`) is rounded to the nearest step, with a
notice too."""

import logging
import math
from typing import Any
from collections.abc import Callable, Mapping

import streamlit as st

# Controls pass their default as `value=` (so a link may ask for any value, the minimum included), and
# presets set st.session_state; Streamlit logs a warning for each such pair, which here is intended.
logging.getLogger("streamlit.elements.lib.policies").setLevel(logging.ERROR)

# The learning rates a learner can pick: a log scale, as in TensorFlow Playground.
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def _register(key: str, default: Any) -> str | None:
    """Note the control for this page, give it its default, and return its raw URL value (if any).

    The raw value must be read before the widget exists: a bound widget drops values it rejects. It is read only on
    the control's first run on this page: once the control has a value (the learner moved it, or a preset set it),
    the address bar can still hold the previous value for a run, and that is no longer a request from the link.
    """
    controls = st.session_state.setdefault("_controls", [])
    if key not in controls:
        controls.append(key)
    _defaults()[key] = default
    return None if key in st.session_state else st.query_params.get(key)


def _defaults() -> dict:
    return st.session_state.setdefault("_defaults", {})


def _check_url(key: str, raw: str | None, accepted: Any, same: Callable[[str, Any], bool], where) -> None:
    """Warn when the URL asked for a value the control could not take (raw: read before the widget, on the
    control's first run; None afterwards, see _register). A rejected value leaves the control at its default."""
    if raw is None or accepted != _defaults().get(key):
        return
    try:
        ok = same(raw, accepted)
    except (ValueError, TypeError, OverflowError):
        ok = False
    if not ok:
        _warn(key, raw, accepted, where)


def _warn(key: str, raw: str, used: Any, where, why: str = "cannot") -> None:
    shown = raw[:40].replace("`", "'").replace("\n", " ")  # kept inside one code span: never markdown
    if why == "rounded":
        where.info(f"The link asked for `{key}={shown}`, which lies between this control's steps; rounded to "
                   f"{used!r}.", icon=":material/link:")
    else:
        where.warning(f"The link asked for `{key}={shown}`, which this control cannot take; using {used!r} instead.",
                      icon=":material/link_off:")


def _same_number(raw: str, v) -> bool:
    return math.isclose(float(raw), float(v), rel_tol=1e-9, abs_tol=1e-12)


def slider(label: str, key: str, lo, hi, default, step, *, fmt: str | None = None, help: str | None = None,
           where=st):
    """A number slider bound to ?key=value. The URL is read and written here rather than by Streamlit's binding,
    which takes a value between the steps as it is (a slider in steps of 10 would sit at 15)."""
    raw = _register(key, default)
    start, note = _on_grid(raw, lo, hi, default, step)
    v = where.slider(label, lo, hi, value=start, step=step, format=fmt, help=help, key=key)
    if note:
        _warn(key, raw, v, where, note)
    _write_url(key, None if v == default else _url_number(v))
    return v


def _on_grid(raw: str | None, lo, hi, default, step) -> tuple[Any, str]:
    """The value a link's raw text asks for, on the control's grid lo, lo + step, ..., hi: (value, "") when the
    text is one of them; (the nearest, "rounded") when it lies between two; (default, "cannot") when it is no number
    or outside [lo, hi]."""
    if raw is None:
        return default, ""
    try:
        x = float(raw)
    except ValueError:
        return default, "cannot"
    if not math.isfinite(x) or x < lo or x > hi:
        return default, "cannot"
    k = math.floor(round((x - lo) / step, 9) + 0.5)  # half-way rounds up (round(): 1.4999999 from float steps)
    value = min(lo + k * step, hi)
    value = int(round(value)) if isinstance(default, int) and isinstance(step, int) else float(f"{value:.12g}")
    return value, "" if math.isclose(value, x, rel_tol=1e-9, abs_tol=1e-12) else "rounded"


def _url_number(v) -> str:
    return str(v) if isinstance(v, int) else f"{v:.12g}"


def learning_rate(label: str = "Learning rate η", key: str = "lr", default: float = 0.1, *,
                  values=LEARNING_RATES, help: str | None = None, where=st) -> float:
    """A log-scale learning-rate slider over fixed values."""
    raw = _register(key, default)
    v = where.select_slider(label, options=list(values), value=default, format_func=lambda x: f"{x:g}", help=help,
                            key=key, bind="query-params")
    _check_url(key, raw, v, _same_number, where)
    return v


def select(label: str, key: str, options: Mapping[str, str], default: str, *, help: str | None = None,
           horizontal: bool = False, where=st) -> str:
    """A choice among named options ({name: label}, e.g. a core.vocabulary menu): the widget shows the labels, the
    URL holds the name (`?opt=momentum`), and the choice's name is returned.

    A link may also hold a label, or a former label the options list (`?opt=SGD + momentum`, from before links held
    names): it opens the same choice, silently, and the address bar then shows the name. The URL is written here, not
    by Streamlit's binding, which would write the label."""
    raw = _register(key, default)
    names = list(options)
    chosen = None if raw is None else name_for(options, raw)
    index = names.index(chosen if chosen is not None else default)
    show = options.__getitem__
    if horizontal:
        name = where.radio(label, names, index=index, format_func=show, horizontal=True, help=help, key=key)
    else:
        name = where.selectbox(label, names, index=index, format_func=show, help=help, key=key)
    if raw is not None and chosen is None:
        _warn(key, raw, options[name], where)
    _write_url(key, None if name == default else name)
    return name


def name_for(options: Mapping[str, str], raw: str) -> str | None:
    """The option a link's value asks for: its name, its label, or one of its former labels; None if none."""
    if raw in options:
        return raw
    former = getattr(options, "former", {})
    return next((name for name, shown in options.items() if shown == raw), former.get(raw))


def _write_url(key: str, value: str | None) -> None:
    """Put ?key=value in the address bar (None: drop the key, as for a default); only when it changes."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def integer(label: str, key: str, lo: int, hi: int, default: int, *, help: str | None = None, where=st) -> int:
    """A whole-number input (seeds, counts) bound to the URL; a link's `1.5` is rounded to 2, with a notice."""
    raw = _register(key, default)
    start, note = _on_grid(raw, lo, hi, default, 1)
    v = where.number_input(label, min_value=lo, max_value=hi, value=start, step=1, help=help, key=key)
    if note:
        _warn(key, raw, v, where, note)
    _write_url(key, None if v == default else str(int(v)))
    return int(v)


def toggle(label: str, key: str, default: bool = False, *, help: str | None = None, where=st) -> bool:
    raw = _register(key, default)
    v = where.toggle(label, value=default, help=help, key=key, bind="query-params")
    _check_url(key, raw, v, lambda raw, val: raw.lower() == str(val).lower(), where)
    return v


def presets(defaults: dict, named: dict[str, dict] | None = None, *, on_apply: Callable | None = None,
            where=st) -> None:
    """Buttons that set several controls at once: each named preset, then "Reset to defaults"."""
    def apply(values: dict):
        for k, v in values.items():
            st.session_state[k] = v
        if on_apply:
            on_apply()

    row = where.container(horizontal=True)
    for name, values in (named or {}).items():
        row.button(name, on_click=apply, args=({**defaults, **values},), key=f"preset_{name}",
                   icon=":material/school:")
    row.button("Reset to defaults", on_click=apply, args=(defaults,), key="preset_reset",
               icon=":material/restart_alt:")

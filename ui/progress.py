"""A learner's progress, kept in their own browser: the pages opened, each "Check yourself" answer and the summary's
self-check answers survive a reload and a closed tab, and nothing of it is stored on the server.

The session holds the record while the page runs (`visited`, `answered`, `choices` in st.session_state). A small
component, which every page draws last, keeps it in the browser's localStorage: on a session's first page it reads
what is stored and sends it here, where it is merged in; after that each run sends the record, and the component
writes it when it has changed. Until the stored record has been read nothing is written, so a fresh session cannot
overwrite it. `forget` clears both. A browser that refuses storage (some private windows) keeps it for the session.
"""

import json

import streamlit as st

from ui import registry

STORE = "nnlab.progress.v1"  # the localStorage key
MAX_BYTES = 20_000           # a record larger than this (edited by hand, say) is ignored

_JS = """
export default function (component) {
  const { data, setStateValue } = component;
  let stored = '';
  try { stored = window.localStorage.getItem(data.store) || ''; } catch (e) { stored = ''; }
  if (data.load) {
    setStateValue('stored', stored);
  } else if (data.save !== null && data.save !== stored) {
    try { window.localStorage.setItem(data.store, data.save); } catch (e) { /* storage refused: session only */ }
  }
}
"""


def _component():
    """Registered per run, like ui.player's: the registry belongs to the running server."""
    return st.components.v2.component("nnlab_progress", js=_JS)


def record() -> dict:
    """The session's progress as it is saved: pages opened, pages answered (right or not), and chosen options."""
    state = st.session_state
    return {"visited": list(state.get("visited", [])), "answered": dict(state.get("answered", {})),
            "choices": dict(state.get("choices", {}))}


def merge(state, stored: str) -> None:
    """Add a stored record (JSON text, possibly empty or malformed) to the progress in `state` (the session's)."""
    try:
        saved = json.loads(stored) if stored and len(stored) <= MAX_BYTES else {}
    except ValueError:
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    slugs = {p.slug for p in registry.PAGES}
    visited = state.setdefault("visited", [])
    for slug in saved.get("visited", []) if isinstance(saved.get("visited"), list) else []:
        if slug in slugs and slug not in visited:
            visited.append(slug)
    for name, valid in (("answered", lambda k, v: k in slugs and isinstance(v, bool)),
                        ("choices", lambda k, v: isinstance(k, str) and isinstance(v, str))):
        mine = state.setdefault(name, {})
        theirs = saved.get(name) if isinstance(saved.get(name), dict) else {}
        for k, v in theirs.items():
            if valid(k, v):
                mine.setdefault(k, v)  # what this session did since wins over what was stored


def sync() -> None:
    """Read the stored record once per session, then keep it up to date. Every page draws it last (frame.footer)."""
    state = st.session_state
    loaded = state.get("_progress_loaded", False)
    result = _component()(key="nnlab_progress", on_stored_change=lambda: None,
                          data={"store": STORE, "load": not loaded,
                                "save": json.dumps(record(), sort_keys=True) if loaded else None})
    if not loaded and result.stored is not None:
        merge(state, result.stored)
        state["_progress_loaded"] = True
        st.rerun()  # draw the page with the record, and let the component save from now on


def restore(key: str, options: list[str]) -> None:
    """Give a question's radio (widget `key`) its remembered choice, if it shows none (a learner cannot unpick one)."""
    choice = st.session_state.get("choices", {}).get(key)
    if st.session_state.get(key) is None and choice in options:
        st.session_state[key] = choice


def remember(key: str, choice: str | None) -> None:
    """Note a question's chosen option, so that it is shown again after a reload."""
    choices = st.session_state.setdefault("choices", {})
    if choice is None:
        choices.pop(key, None)
    else:
        choices[key] = choice


def forget() -> None:
    """Clear the record: in this session now, and in the browser with the next save."""
    for key in list(st.session_state.get("choices", {})):
        st.session_state.pop(key, None)
    st.session_state["visited"], st.session_state["answered"], st.session_state["choices"] = [], {}, {}

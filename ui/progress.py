"""A learner's progress, kept in their own browser: the pages opened, each "Check yourself" answer and the summary's
self-check answers survive a reload and a closed tab, and nothing of it is stored on the server.

The session holds the record while the page runs (`visited`, `answered`, `choices` in st.session_state). A small
component, which every page draws last, writes it to the browser's localStorage. When a learner comes back, the
component sends the stored record once; the next run merges it in before the page draws (`load`). A new learner's
page is never rerun for this (a rerun right after a page loads could swallow a click), and until the stored
record has been read the component adds to it rather than replacing it, so a fresh session cannot overwrite it.
`forget` clears both. A browser that refuses storage (some private windows) keeps the record for the session.
"""

import json
from pathlib import Path

import streamlit as st

from ui import registry

STORE = "nnlab.progress.v1"  # the localStorage key
MAX_BYTES = 20_000           # a record larger than this (edited by hand, say) is ignored

JS = Path(__file__).with_name("progress.js").read_text()  # the page script


def _component():
    """Registered per run, like ui.live_picture's: the registry belongs to the running server."""
    return st.components.v2.component("nnlab_progress", js=JS)


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


def load() -> None:
    """Merge the record the browser sent (a returning learner's, once per session) before the page draws anything,
    so that its answers show in this very run. Called by frame.page."""
    state = st.session_state
    if state.get("_progress_loaded"):
        return
    sent = state.get("nnlab_progress")
    stored = sent.get("stored") if sent is not None else None
    if stored:
        merge(state, stored)
        state["_progress_loaded"] = True


def sync() -> None:
    """Keep the browser's record up to date; every page draws it last (frame.footer), so that it saves what the
    run recorded. Until the session has read the stored record, the browser adds to it rather than replacing it,
    so a fresh session cannot overwrite it; once read (or after Forget), the session's record replaces it."""
    state = st.session_state
    replace = bool(state.get("_progress_loaded") or state.get("_progress_forgot"))
    _component()(key="nnlab_progress", on_stored_change=lambda: None,
                 data={"store": STORE, "load": not state.get("_progress_loaded"), "replace": replace,
                       "save": json.dumps(record(), sort_keys=True)})


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
    st.session_state["_progress_forgot"] = True  # the browser's record is replaced, not added to

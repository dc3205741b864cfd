"""A result remembered with the settings that made it. A page keeps what a run produced (a trained network, a race,
a sweep) in the session, shows it while its settings stay as they were, and forgets it when one changes, so a picture
never shows a run of other settings."""

from typing import Any

import streamlit as st


def recall(key: str, settings: Any) -> Any | None:
    """The result kept under `key` if it was made with these settings; else None, and the old result is dropped."""
    kept = st.session_state.get(key)
    if kept is None:
        return None
    made_with, result = kept
    if made_with != settings:
        del st.session_state[key]
        return None
    return result


def keep(key: str, settings: Any, result: Any) -> Any:
    """Keep `result` under `key` with the settings that made it; returns the result."""
    st.session_state[key] = (settings, result)
    return result


def forget(key: str) -> None:
    """Drop the result kept under `key` (a preset or a reset that starts over)."""
    st.session_state.pop(key, None)

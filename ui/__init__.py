"""nnlab's Streamlit layer: page frame, navigation, URL-bound controls, charts and code panels.

Nothing here imports torch, so a page that needs no model never waits for it.
"""

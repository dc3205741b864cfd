"""nnlab's home page: the course and the lecture's opening, why deep learning and why now; then a map of every
page. No torch here."""

import streamlit as st

from ui import frame, registry
from ui.content import home as words
from ui.content import home_pictures
from ui.playground import stream

# `streamlit run app.py` serves `app`: Streamlit with this file as its home page, plus the playground's live board
# socket (ui/playground/stream.py). The server reads this file once to find `app`; each visit then runs it as
# "__main__".
app = st.App("app.py", routes=stream.ROUTES)


def cards(rows) -> None:
    """One bordered card per (label, title, text) row, side by side."""
    for col, (label, title, text) in zip(st.columns(len(rows)), rows):
        with col.container(border=True):
            st.caption(label.upper())
            st.markdown(f"**{title}**")
            st.caption(text)


def home() -> None:
    frame.page("", f"{words.COURSE_INTRO} The whole course rests on one core idea: **{words.CORE_IDEA}** nnlab walks "
               "through Lecture 1 (2025) one topic per page, each with live numbers you can move.")

    st.header("How far deep learning has come")
    st.markdown("The lecture opens with generated faces:")
    cards(words.FACES)
    st.markdown(words.VIDEO_2020)
    st.markdown(words.LIVE_2025)
    for col, (year, word, how) in zip(st.columns(2), words.THEN_AND_NOW):
        with col.container(border=True):
            st.markdown(f"**{year}: {word}**")
            st.caption(how)
    st.markdown(words.PROGRESS_POINT)

    st.header("What deep learning is")
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.image(home_pictures.nested_sets_svg(), width="stretch", alt=home_pictures.nested_sets_alt())
        st.caption("Nested sets: intelligence contains artificial intelligence, which contains machine learning, "
                   "which contains deep learning.")
    with right:
        for name, meaning in words.DEFINITIONS:
            st.markdown(f"**{name}**: {meaning}")

    st.header("How the course works")
    for col, (what, how) in zip(st.columns(3), words.COURSE_PARTS):
        with col.container(border=True):
            st.markdown(f"**{what}**")
            st.markdown(how)
    st.caption(words.NNLAB_SCOPE)

    st.header("Hand-engineered or learned features")
    st.markdown(words.HAND_ENGINEERED + " Say you had to write rules that detect a face:")
    cards(words.FEATURES)
    st.markdown(words.LEARNED)

    st.header("Why now")
    st.markdown("Almost everything in this lecture was invented **decades ago**:")
    st.image(home_pictures.timeline_svg(), width="stretch", alt=home_pictures.timeline_alt())
    st.caption("Timeline: " + "; ".join(f"{r['year']} {r['event']}" + (f" ({r['note']})" if r["note"] else "")
                                        for r in home_pictures.timeline_rows()) + ".")
    st.markdown("What changed is three enablers:")
    for col, (name, icon, why) in zip(st.columns(3), words.ENABLERS):
        with col.container(border=True):
            st.markdown(f"{icon} **{name}**")
            st.caption(why)

    st.header("A map of nnlab")
    pages = registry.available()
    parts = [part for part in registry.PARTS if any(p.part == part for p in pages)]
    for i, part in enumerate(parts):
        if i % 2 == 0:  # two parts a row, so the map reads in lecture order
            cols = st.columns(2, gap="medium")
        with cols[i % 2].container(border=True):
            st.markdown(f"**{part}**")
            for p in (p for p in pages if p.part == part):
                if p.slug == "":  # this page: text, not a greyed link that is still a Tab stop
                    st.markdown(f"{p.icon}&nbsp; **{p.title}** (this page)")
                else:
                    st.page_link(p.file, label=p.title, icon=p.icon)
                st.caption(p.summary)
    if len(pages) < len(registry.PAGES):
        st.caption("More pages appear here as they are built.")

    st.header("How to use nnlab")
    st.markdown("\n".join(f"- {tip}" for tip in words.HOW_TO))

    with st.expander("Notation sheet: the lecture's symbols", icon=":material/menu_book:", expanded=True):
        half = (len(frame.NOTATION) + 1) // 2
        for col, rows in zip(st.columns(2), (frame.NOTATION[:half], frame.NOTATION[half:])):
            for sym, meaning in rows:
                col.markdown(f"${sym}$: {meaning}")

    frame.check_yourself("Which came first?", ["Backpropagation", "The perceptron"], 1,
                         "The perceptron (1958) came almost three decades before backpropagation (1986); "
                         "stochastic gradient descent (1952) is older still.")
    frame.footer("")


if __name__ == "__main__":
    home()

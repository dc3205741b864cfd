import streamlit as st

from ui import controls, frame, progress, registry
from ui.content import summary as words

frame.page("summary", "The lecture closes with a **Core Foundation Review**: three ideas, each built on the one "
           "before. Perceptrons are the building blocks; stacked, they form neural networks, which are optimised "
           "with backpropagation; and training them in practice takes adaptive learning, batching and "
           f"regularisation. Next comes {words.NEXT_LECTURE}.")

st.header("The lecture in three ideas")
visited = set(st.session_state.get("visited", ()))
for n, (col, box) in enumerate(zip(st.columns(3, gap="medium"), words.BOXES), 1):
    with col.container(border=True, height="stretch"):
        st.markdown(f"{box.icon} **{n} · {box.title}**")
        for point, slugs in box.points:
            st.markdown(f"**{point}**")
            for p, exists in words.links(slugs):
                if exists:
                    st.page_link(p.file, label=p.nav + (" ✓" if p.slug in visited else ""), icon=p.icon)
                else:
                    st.caption(f"{p.nav} (coming)")
st.caption("Read left to right: a perceptron computes z = w₀ + XᵀW and ŷ = g(z); networks stack perceptrons and "
           "learn W by gradient descent on the loss J(W), with gradients from backpropagation; training in practice "
           "is about the step size η, the batch, and generalising beyond the training data. ✓ marks the pages you "
           "opened.")
playground = registry.by_slug("playground")
if playground.exists:
    st.page_link(playground.file, label=f"All of it at once: {playground.title}", icon=playground.icon)

st.header("Self-check")
st.markdown(f"{len(words.QUESTIONS)} questions across the whole lecture, or only those on one idea. Pick an answer: "
            "the feedback appears at once, and links to the page that teaches it. Your answers are kept in this "
            "browser.")
FOCUS = dict(zip(("all", "perceptron", "networks", "practice"), words.FOCUS, strict=True))  # name -> label
focus = controls.select("Questions on", "focus", FOCUS, "all", horizontal=True)
qs = words.questions(words.FOCUS[FOCUS[focus]])
right = answered = 0
for i, q in enumerate(qs, 1):
    with st.container(border=True):
        progress.restore(f"summary_{q.key}", q.options)
        choice = st.radio(f"**{i}.** {q.question}", q.options, index=None, key=f"summary_{q.key}")
        progress.remember(f"summary_{q.key}", choice)
        if choice is not None:
            ok, why = words.feedback(q, choice)
            answered, right = answered + 1, right + ok
            (st.success if ok else st.error)(why, icon=":material/check_circle:" if ok else ":material/cancel:")
            (p, exists), = words.links([q.slug])
            if exists:
                st.page_link(p.file, label=f"Revisit: {p.title}", icon=":material/replay:")
            else:
                st.caption(f"Taught on: {p.title} (coming)")
st.metric("Self-check score", f"{right} of {len(qs)} right")
st.caption(f"{answered} of {len(qs)} questions answered, {right} right.")

st.header("Your progress")
rows = words.progress(st.session_state.get("visited"), st.session_state.get("answered"))
counts = words.tally(rows)
c1, c2, c3 = st.columns(3)
c1.metric("Pages opened", f"{counts['opened']} of {counts['pages']}")
c2.metric("“Check yourself” answered", f"{counts['answered']} of {counts['pages']}")
c3.metric("… answered right", f"{counts['right']} of {counts['answered']}")
st.dataframe(rows, hide_index=True, width="stretch", height="content")
st.caption(f"Progress table: {counts['opened']} of {counts['pages']} pages opened, {counts['answered']} “Check "
           f"yourself” questions answered, {counts['right']} of them right.")
st.info("This record is kept in this browser only (its local storage), not on the server: it is still here after "
        "a reload or when you come back another day, in this browser. Clearing the browser's site data clears it "
        "too.", icon=":material/lock:")
st.button("Forget my progress", icon=":material/delete:", key="forget_progress", on_click=progress.forget,
          help="Clears the pages opened and every answer, here and in this browser's storage.")

st.header("What comes next")
st.markdown(f"{words.NEXT_LECTURE} builds on these foundations to model sequences. It is beyond this lecture, "
            "and beyond nnlab, which covers Lecture 1.")
frame.footer("summary")

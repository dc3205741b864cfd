"""The page frame every page draws: config, grouped sidebar navigation, header, teaching blocks,
code panel and previous/next links: the anatomy every page shares."""

from collections.abc import Sequence
from typing import NamedTuple

import streamlit as st

from ui import contrast, notebook, progress, registry, streamlit_dom as dom, warmup

ATTRIBUTION = ("Content follows MIT 6.S191 (2025) Lecture 1, \"Introduction to Deep Learning\". "
               "Slide content and code: © MIT Introduction to Deep Learning, http://introtodeeplearning.com")

NOTATION = [
    (r"X = [x_1, \dots, x_m]", "the inputs (features) of one example"),
    (r"W = [w_1, \dots, w_m]", "the weights: how much each input counts"),
    (r"w_0", "the bias: shifts the activation left or right"),
    (r"z = w_0 + X^\top W", "the pre-activation: dot product plus bias"),
    (r"g(\cdot)", "the activation function (sigmoid, tanh, ReLU): the nonlinearity"),
    (r"\hat{y} = g(z)", "the prediction, the network's output"),
    (r"\mathcal{L}(\hat{y}, y)", "the loss of one example against its label y"),
    (r"J(W) = \tfrac{1}{n}\sum_i \mathcal{L}", "the empirical loss (objective, cost function, empirical risk): "
     "the mean loss over the data"),
    (r"W^{(k)}", "the weights of layer k, an nₖ₋₁ × nₖ matrix (inputs × units): entry wⱼ,ᵢ connects input j "
     "to unit i, so a layer computes z = w₀ + XᵀW. PyTorch's nn.Linear stores the transpose: its weight is "
     "W⁽ᵏ⁾ᵀ (units × inputs)"),
    (r"\eta", "the learning rate: the size of each gradient step (η means nothing else in nnlab)"),
    (r"\text{train / validation / test}", "the data a network learns from; held-out data watched during "
     "training to choose when to stop or which settings to keep; held-out data used only to report how well "
     "the final network generalises"),
    (r"\theta", "all the parameters of a network at once (every W and w₀); the lecture writes "
     "W = {W⁽⁰⁾, W⁽¹⁾, …}"),
]


WIDE_FORMULA = "nnlab_wide_formula"  # the key of a formula's box that a phone draws smaller (wide_latex)

# The app's own layout rules, sent once per page (frame.page). A formula wider than its box wraps after its
# relations and operators, as KaTeX wraps inline maths; a formula too wide even so is drawn smaller on a phone
# (wide_latex). A formula never scrolls inside its box, as Streamlit's own style would have it: KaTeX's output is
# often a pixel or two wider than its box, and a box that scrolls by two pixels is a scroll region a keyboard cannot
# reach, which axe reports (tests/browser/test_screens.py holds every formula to its box instead). Less empty space
# above the title, so that a projector's first screen holds a control and its result. On a phone (under 640 px,
# where Streamlit stacks columns) the title and the formulas are smaller too.
LAYOUT_CSS = f"""
{dom.by_testid(dom.MAIN_BLOCK)} {{ padding-top: 3.5rem; }}
{dom.by_testid(dom.MARKDOWN_CONTAINER)} .{dom.KATEX_DISPLAY}.{dom.KATEX_DISPLAY} {{
  max-width: 100%; overflow: visible; }}
{dom.by_testid(dom.MARKDOWN_CONTAINER)} table {{ display: block; max-width: 100%; overflow-x: auto; }}
.{dom.KATEX_DISPLAY} > .{dom.KATEX} {{ white-space: normal; }}
.{dom.KATEX_DISPLAY} > .{dom.KATEX} .base {{ margin-block: 0.15em; }}
@media (max-width: {dom.STACKED_BELOW}px) {{
  {dom.by_testid(dom.MAIN_BLOCK)} {{ padding-top: 3rem; }}
  {dom.by_testid(dom.MAIN_BLOCK)} h1 {{ font-size: 2rem; }}
  .{dom.KATEX_DISPLAY} {{ font-size: 0.85em; }}
  [class*="{dom.KEY}{WIDE_FORMULA}"] .{dom.KATEX_DISPLAY} {{ font-size: 0.72em; }}
}}
"""


def styles() -> None:
    """The app's layout rules (LAYOUT_CSS) and its colours for both themes (ui/contrast.py), in one style element
    that takes no room on the page. The one st.html of nnlab: constants only, never text (tests/unit/test_bad_input)."""
    st.html(f"<style>{LAYOUT_CSS}{contrast.CSS}</style>")


def wide_latex(body: str, name: str) -> None:
    """A formula whose lines are too long for a phone at the usual size (a row of factors with their numbers): on a
    phone it is drawn smaller, so it fits without scrolling; elsewhere it is an ordinary st.latex. `name` tells the
    page's wide formulas apart."""
    st.container(key=f"{WIDE_FORMULA}_{name}").latex(body)


def page(slug: str, recap: str) -> registry.Page:
    """Start a page: config, sidebar navigation, title and the "In the lecture" recap."""
    p = registry.by_slug(slug)
    st.set_page_config(page_title=f"{p.title} · nnlab", page_icon=":material/neurology:", layout="wide")
    _forget_other_pages(slug)
    progress.load()
    st.session_state.setdefault("visited", [])
    if slug not in st.session_state["visited"]:
        st.session_state["visited"].append(slug)
    sidebar(slug)
    styles()
    st.title(p.title, anchor=False)  # no link icon: on a title that fills its line it would wrap to a line of its own
    if recap:
        st.markdown(f"**In the lecture.** {recap}")
    return p


def sidebar(current: str) -> None:
    """Navigation grouped by lecture part, built from the registry, then the notation sheet."""
    with st.sidebar:
        st.markdown("### nnlab")
        st.caption("An interactive companion to MIT 6.S191 Lecture 1")
        pages = registry.available()
        for part in registry.PARTS:
            in_part = [p for p in pages if p.part == part]
            if not in_part:
                continue
            st.caption(part.upper())
            for p in in_part:
                if p.slug == current:  # where the learner is: bold text, not a greyed link that is still a Tab stop
                    st.markdown(f"{p.icon}&nbsp; **{p.nav}** (this page)")
                else:
                    st.page_link(p.file, label=p.nav, icon=p.icon)
        notation = st.expander("Notation", icon=":material/menu_book:", key="nnlab_notation", on_change="rerun")
        if notation.open:  # sent only when open: every page's every rerun would otherwise send (and typeset) it
            notation.markdown("\n\n".join(f"${sym}$: {meaning}" for sym, meaning in NOTATION))


def _forget_other_pages(slug: str) -> None:
    """Settings do not carry from one page to the next: drop the last page's control values."""
    if st.session_state.get("_page") != slug:
        for key in st.session_state.get("_controls", ()):
            st.session_state.pop(key, None)
        st.session_state["_controls"] = []
        st.session_state["_page"] = slug


def try_this(*experiments: str) -> None:
    """Guided experiments: what to change and what to look for."""
    st.header("Try this")
    st.markdown("\n".join(f"{i}. {e}" for i, e in enumerate(experiments, 1)))


def ahead(slug: str, what: str) -> None:
    """A link to the later page that teaches an idea this page uses before the lecture reaches it."""
    p = registry.by_slug(slug)
    st.page_link(p.file, label=f"{what}: explained later, on “{p.title}”", icon=":material/arrow_forward:")


def check_yourself(question: str, options: list[str], answer: int, why: str) -> None:
    """A multiple-choice question with immediate feedback. The answer counts for the page it is on (the registry's
    slug), and it is kept with the learner's progress (ui.progress), so it is still there after a reload."""
    st.header("Check yourself")
    slug = st.session_state["_page"]
    key = f"quiz_{slug or 'home'}"
    progress.restore(key, options)
    choice = st.radio(question, options, index=None, key=key)
    progress.remember(key, choice)
    if choice is None:
        return
    correct = options.index(choice) == answer
    st.session_state.setdefault("answered", {})[slug] = correct
    if correct:
        st.success(f"Right. {why}", icon=":material/check_circle:")
    else:
        st.error(f"Not quite. {why}", icon=":material/cancel:")


CODE_PANEL = "nnlab_code"  # the code panel's key: open on one page, it stays open on the next


def code_panel(code: str, caption: str = "", slug: str | None = None) -> None:
    """The standalone PyTorch script for the current settings (needs only torch), and a download of the same script
    as a Jupyter notebook: `nnlab-<slug>.ipynb`, titled with the page, linked to it with these settings."""
    panel = st.expander("PyTorch code for these settings", icon=":material/code:", key=CODE_PANEL,
                        on_change="rerun")
    if panel.open:  # sent only when open: a long highlighted script costs the browser time on every rerun
        if caption:
            panel.caption(caption)
        slug = st.session_state.get("_page") if slug is None else slug
        panel.download_button("Download as notebook (.ipynb)", _notebook(code, slug or ""),
                              file_name=f"nnlab-{slug or 'home'}.ipynb", mime=notebook.MIME,
                              icon=":material/download:", key="nnlab_notebook", on_click="ignore")
        panel.code(code, language="python")


def _notebook(code: str, slug: str) -> bytes:
    """The notebook of `code`: titled with the page, linked to the page with its settings (the current query string,
    which holds every setting that differs from the page's defaults), and listing those settings."""
    title = registry.by_slug(slug).title if slug else "nnlab"
    settings = st.query_params.to_dict()
    return notebook.notebook(code, title, settings, notebook.link(st.context.url or f"{LOCAL}/{slug}", settings))


LOCAL = "http://localhost:8501"  # the app's address on a learner's own machine (README, "Run it")


class Quiz(NamedTuple):
    """A "Check yourself" question: the options, the index of the right one, and why it is right."""
    question: str
    options: list[str]
    answer: int
    why: str


def lesson_end(slug: str, experiments: Sequence[str], quiz: Quiz, code: str, code_caption: str = "") -> None:
    """The end every lecture page shares, in its order: Try this, Check yourself, the PyTorch code, the footer."""
    try_this(*experiments)
    check_yourself(*quiz)
    code_panel(code, code_caption, slug)
    footer(slug)


def footer(slug: str) -> None:
    """Previous / next links in lecture order, and the course attribution."""
    prev, nxt = registry.neighbours(slug)
    st.divider()
    left, right = st.columns(2)
    if prev:
        left.page_link(prev.file, label=f"Previous: {prev.title}", icon=":material/arrow_back:")
    if nxt:
        right.page_link(nxt.file, label=f"Next: {nxt.title}", icon=":material/arrow_forward:")
    st.caption(ATTRIBUTION)
    with st.sidebar:
        progress.sync()  # last, so that it saves what this run recorded
    warmup.start()  # the page is out: import what the next pages need

import streamlit as st

from core import loss_functions as topic
from core.codegen import loss_functions as script
from ui import controls, frame
from ui.charts import loss_functions as topic_charts
from ui.content import loss_functions as words

frame.page("loss_functions", words.RECAP)
st.latex(words.FORMULA)

DEFAULTS = {"clip": False}
NUM = st.column_config.NumberColumn
X = {"x1": NUM("x₁ lectures", width="small", disabled=True, help="Context only: the loss uses f(x) and y"),
     "x2": NUM("x₂ hours", width="small", disabled=True, help="Context only: the loss uses f(x) and y")}
COLUMNS = {"bce": {**X, "f": NUM("f(x) = P(pass)", format="%g", help="The predicted probability of passing, 0 to 1"),
                   "y": NUM("y (1 = passed)", format="%g", help="1 = passed, 0 = failed")},
           "mse": {**X, "f": NUM("f(x): predicted %", format="%g", help="The predicted final grade, 0 to 100"),
                   "y": NUM("y: actual %", format="%g", help="The actual final grade, 0 to 100")}}


def editor_key(kind: str) -> str:
    """The table's widget key. Restoring moves it on (bce_table, bce_table_1, ...): a new widget is the only
    way to make the browser drop its edits too."""
    v = st.session_state.get("loss_tables", {}).get(kind, 0)
    return f"{kind}_table" + (f"_{v}" if v else "")


def restore(*kinds: str) -> None:
    """Back to the slide's rows."""
    versions = st.session_state.setdefault("loss_tables", {})
    for kind in kinds:
        st.session_state.pop(editor_key(kind), None)
        versions[kind] = versions.get(kind, 0) + 1


def section(kind: str, clamp: bool = False) -> topic.Report:
    """One loss: the editable table, each example's loss, J(W) with its numbers, the charts, PyTorch's view."""
    left, right = st.columns(2, gap="large")
    with left:
        edited = st.data_editor(topic.lecture_table(kind), key=editor_key(kind), num_rows="dynamic", hide_index=True,
                                column_config=COLUMNS[kind], width="stretch")
        st.button("Restore the slide's rows", key=f"restore_{kind}", on_click=restore, args=(kind,),
                  icon=":material/school:")
    r = topic.check_table(edited, kind, clamp)
    with right:
        st.dataframe(topic_charts.results_frame(r.rows, kind), hide_index=True, width="stretch",
                     column_config={"row": NUM(width="small")})
        c = st.columns(2)
        c[0].metric("Empirical loss J(W)",
                    "undefined" if r.J is None else topic_charts.loss_text(r.J, kind, short=True))
        c[1].metric("Examples counted, n", r.n)
    if r.problems:
        st.warning("\n".join(f"- {p}" for p in r.problems), icon=":material/report:")
    if r.n:
        st.latex(topic_charts.mean_latex(r.losses, r.J, kind))
    a, b = st.columns(2, gap="medium")
    curves = topic.bce_curves() if kind == "bce" else topic.mse_curve()
    a.vega_lite_chart(topic_charts.curve_spec(kind, curves, r.rows), width="stretch")
    b.vega_lite_chart(topic_charts.bars_spec(kind, r.rows, r.J), width="stretch")
    st.caption(topic_charts.summary(r.rows, r.J, kind))
    calls = topic.pytorch_calls(kind, r.f, r.y, r.J)
    if calls:
        st.markdown("**The same J(W) by PyTorch's own functions**, on the counted rows:")
        st.table(topic_charts.calls_frame(calls, r.J, clamp), hide_index=True)
    return r


st.header("Binary cross-entropy: will I pass?")
st.caption(words.BCE_LEAD)
clamp = controls.toggle("Clamp each log at −100, as PyTorch does", "clip", DEFAULTS["clip"], help=words.CLAMP_HELP)
bce = section("bce", clamp)
st.latex(words.BCE_FORMULA)  # below the table and its numbers, which come first on a projector
st.markdown(words.BCE)
st.caption(words.CONFIDENT_AND_WRONG)
controls.presets(DEFAULTS, on_apply=lambda: restore("bce", "mse"))
st.caption(words.TABLES)

with st.expander(words.WHICH_CALL_TITLE, icon=":material/help:", expanded=True):
    st.markdown(words.WHICH_CALL)
    st.code(words.WHICH_CALL_CODE, language="python")

st.header("Mean squared error: what grade will I get?")
st.markdown(words.MSE)
st.latex(words.MSE_FORMULA)
mse = section("mse")
st.info(words.TWO_KINDS, icon=":material/lightbulb:")

frame.lesson_end("loss_functions", words.TRY_THIS, frame.Quiz(**words.QUIZ), script.loss_code(bce, mse, clamp),
                 words.CODE_CAPTION)

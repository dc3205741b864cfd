import streamlit as st

from core import loss_functions as L
from core.codegen import loss_functions
from ui import controls, frame
from ui.charts import loss_functions as lc

frame.page("loss_functions", "Before a network can learn, we must say how wrong it is. The **loss** "
           "L(f(x⁽ⁱ⁾; W), y⁽ⁱ⁾) is the cost of one prediction f(x⁽ⁱ⁾; W) against the truth y⁽ⁱ⁾: small when they are "
           "close, large when they are not. Averaged over the whole dataset it is the **empirical loss** J(W), which "
           "the lecture also calls the **objective function**, the **cost function** and the **empirical risk**: four "
           "names, one number. The lecture shows two losses: **binary cross-entropy** when the output is a "
           "probability (will I pass?), **mean squared error** when it is a real number (what grade will I get?).")
st.latex(r"\underbrace{\mathcal{L}\big(f(x^{(i)}; W),\ y^{(i)}\big)}_{\text{the loss of example } i} \qquad\qquad "
         r"J(W) = \frac{1}{n}\sum_{i=1}^{n} \mathcal{L}\big(f(x^{(i)}; W),\ y^{(i)}\big)")

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


controls.presets(DEFAULTS, on_apply=lambda: restore("bce", "mse"))
st.caption("Both tables start with the slide's examples. Click a cell to edit it, add a row at the bottom, or tick "
           "rows and delete them. Edits to the tables are not part of the page's link.")


def section(kind: str, clamp: bool = False) -> L.Report:
    """One loss: the editable table, each example's loss, J(W) with its numbers, the charts, PyTorch's view."""
    left, right = st.columns(2, gap="large")
    with left:
        edited = st.data_editor(L.lecture_table(kind), key=editor_key(kind), num_rows="dynamic", hide_index=True,
                                column_config=COLUMNS[kind], width="stretch")
        st.button("Restore the slide's rows", key=f"restore_{kind}", on_click=restore, args=(kind,),
                  icon=":material/school:")
    r = L.check_table(edited, kind, clamp)
    with right:
        st.dataframe(lc.results_frame(r.rows, kind), hide_index=True, width="stretch",
                     column_config={"row": NUM(width="small")})
        c = st.columns(2)
        c[0].metric("Empirical loss J(W)", "undefined" if r.J is None else lc.loss_text(r.J, kind, short=True))
        c[1].metric("Examples counted, n", r.n)
    if r.problems:
        st.warning("\n".join(f"- {p}" for p in r.problems), icon=":material/report:")
    if r.n:
        st.latex(lc.mean_latex(r.losses, r.J, kind))
    a, b = st.columns(2, gap="medium")
    a.vega_lite_chart(lc.curve_spec(kind, L.bce_curves() if kind == "bce" else L.mse_curve(), r.rows), width="stretch")
    b.vega_lite_chart(lc.bars_spec(kind, r.rows, r.J), width="stretch")
    st.caption(lc.summary(r.rows, r.J, kind))
    calls = L.pytorch_calls(kind, r.f, r.y, r.J)
    if calls:
        st.markdown("**The same J(W) by PyTorch's own functions**, on the counted rows:")
        st.table(lc.calls_frame(calls, r.J, clamp), hide_index=True)
    return r


st.header("Binary cross-entropy: will I pass?")
st.markdown("The network's one sigmoid output f(x) is a probability of passing; the label y is 1 (passed) or 0 "
            "(failed). Cross-entropy measures the distance between the two distributions (f, 1 − f) and (y, 1 − y). "
            "Only one term is alive for each example: **−ln f** if the student passed, **−ln(1 − f)** if not "
            "(ln is the natural logarithm, as in PyTorch's `torch.log`).")
st.latex(r"J(W) = -\frac{1}{n}\sum_{i=1}^{n}\Big[\,y^{(i)} \ln f\big(x^{(i)}; W\big) + "
         r"\big(1 - y^{(i)}\big)\ln\Big(1 - f\big(x^{(i)}; W\big)\Big)\Big]")
clamp = controls.toggle("Clamp each log at −100, as PyTorch does", "clip", DEFAULTS["clip"],
                        help="F.binary_cross_entropy never returns ∞: it floors ln f and ln(1 − f) at −100, so a "
                             "certain wrong answer costs 100. Off: the exact maths, where it costs ∞.")
bce = section("bce", clamp)
st.caption("A confident wrong answer blows up: −ln 0.5 = 0.69, −ln 0.1 = 2.30, −ln 0.01 = 4.61, −ln 0.001 = 6.91, "
           "and −ln 0 = ∞. A confident right answer costs almost nothing.")

with st.expander("“Softmax cross entropy”, “binary cross-entropy”, and the right PyTorch call",
                 icon=":material/help:", expanded=True):
    st.markdown(
        "In the lecture this loss is called **softmax cross entropy**; the slide is titled **Binary Cross Entropy "
        "Loss**, and its TensorFlow line is `tf.nn.softmax_cross_entropy_with_logits(y, predicted)`. It is one idea "
        "in two shapes. A network with **one output per class** turns its scores (logits) into probabilities with a "
        "**softmax**, and its loss is softmax cross-entropy. With two classes, the softmax of the two logits "
        "[a, b] is [1 − σ(b − a), σ(b − a)]: a sigmoid. So softmax cross-entropy on two outputs **is** binary "
        "cross-entropy on one.\n\n"
        "The lecture's network has **one sigmoid output**. In PyTorch the faithful call is "
        "`F.binary_cross_entropy(torch.sigmoid(logit), y)`, or better `F.binary_cross_entropy_with_logits(logit, y)`, "
        "which applies the sigmoid itself and stays accurate for large logits. The slide's "
        "`F.cross_entropy(predicted, y)` expects **two logits per example and integer labels** (one logit per "
        "class): fed the logits [ln(1 − f), ln f] (whose softmax is exactly [1 − f, f]) and `y.long()`, it gives "
        "the same number, as the table above shows.\n\n"
        "**Careful with a single output column.** Given the one-output network's `predicted`, of shape (n, 1), "
        "`F.cross_entropy` sees a single class. With integer labels 0 and 1 it stops with `IndexError: Target 1 is "
        "out of bounds` (only class 0 exists). With float labels of shape (n, 1) it reads them as class "
        "probabilities and returns 0 whatever the network says: the softmax of a single logit is always 1. "
        "Squeezed to shape (n,), with float labels, it treats the whole batch as one example with n classes: it "
        "returns a number, but not the binary cross-entropy.")
    st.code("logit = model(x).squeeze(-1)                               # one output per student\n"
            "loss = F.binary_cross_entropy_with_logits(logit, y)       # y: floats 0. or 1.\n"
            "loss = F.binary_cross_entropy(torch.sigmoid(logit), y)    # the same number\n"
            "two_logits = torch.stack([torch.zeros_like(logit), logit], dim=1)  # softmax = [1 − σ, σ]\n"
            "loss = F.cross_entropy(two_logits, y.long())              # the same number again", language="python")

st.header("Mean squared error: what grade will I get?")
st.markdown("Now the network predicts a **final grade** in %, a real number, not a probability. The loss is the "
            "squared difference between the actual and the predicted grade: 10 points off costs 100, 60 points off "
            "costs 3600. Squaring makes every error count as positive and punishes big misses much more than small "
            "ones.")
st.latex(r"J(W) = \frac{1}{n}\sum_{i=1}^{n}\Big(y^{(i)} - f\big(x^{(i)}; W\big)\Big)^2")
mse = section("mse")
st.info("**Two kinds of loss.** Binary (or softmax) cross-entropy when the output is a class, a discrete answer such "
        "as pass or fail; mean squared error when the output is a continuous number such as a grade. Either way, "
        "J(W) depends on the weights W, and training means finding the W that make it smallest.",
        icon=":material/lightbulb:")

frame.try_this(
    "In the pass/fail table, change row 1's f(x) from 0.1 to 0.9: a confident wrong answer (loss 2.30) becomes a "
    "confident right one (0.105), and J(W) falls from 1.4743 to 0.7419.",
    "Type f(x) = 0 in row 1 (a student who passed): the loss is ∞, and so is J(W). Then turn on **Clamp each log**: "
    "PyTorch's answer, 100 for that row.",
    "In the grade table, set a prediction equal to its actual grade: that row's loss drops to 0. Delete rows, or add "
    "one: J(W) is always the sum of the bars divided by n.",
)
frame.check_yourself(
    "The network says P(pass) = 0.99 for a student who failed. What is this example's loss?",
    ["0.01", "About 4.6", "0.99", "Exactly ∞"], 1,
    "The student failed (y = 0), so the loss is −ln(1 − 0.99) = −ln 0.01 ≈ 4.61: confident and wrong is expensive, "
    "though only f = 1 exactly would cost ∞.")
frame.code_panel(loss_functions.loss_code(bce, mse, clamp),
                 "Paste into a notebook: it prints both tables' losses and J(W), by the formulas and by PyTorch.")
frame.footer("loss_functions")

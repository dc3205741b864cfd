import streamlit as st

from core import dropout as D
from core.codegen.dropout import dropout_code
from ui import charts, controls, frame
from ui.charts import dropout as dropout_charts
from ui.content import dropout as dropout_words
from ui.live_run import run_button

frame.page("dropout", "Dropout fights overfitting: **during training, randomly set some activations to 0**, "
           "typically 50 % of the activations in a layer. This forces the network not to rely on any one node, "
           "and lowers its capacity. Every forward pass takes **a new random pathway**, so the same sample fed "
           "twice gives different outputs. Dropped nodes get no gradient on that step. In PyTorch: "
           "`torch.nn.Dropout(p=0.5)`, with p the probability of dropping a unit.")
st.latex(r"r_j \sim \mathrm{Bernoulli}(1-p), \qquad \tilde{h}_j = \begin{cases} \dfrac{r_j\, h_j}{1-p} & "
         r"\text{training: } h_j \text{ dropped with probability } p \\[4pt] h_j & \text{evaluation (no dropout)}"
         r"\end{cases}")
st.caption("The 1/(1 − p) scaling of the survivors (\"inverted dropout\", what nn.Dropout does; beyond the lecture) "
           "keeps each unit's expected output equal to h, so the network needs no change between training and "
           "evaluation.")

stats_of = st.cache_data(D.dropout_stats, max_entries=64, show_spinner=False)
MODES = {"training: model.train()": True, "evaluation: model.eval()": False}
DEFAULTS = {"p": D.LECTURE_P, "mode": "training: model.train()", "seed": 1}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture example": {}})
    p = controls.slider("Drop probability p", "p", 0.0, D.MAX_P, DEFAULTS["p"], 0.05,
                        help="The lecture's 0.5. At p = 1 every unit would be dropped and 1/(1 − p) would be "
                             "infinite, so the slider stops at 0.9.")
    train_mode = controls.select("Mode", "mode", MODES, DEFAULTS["mode"], horizontal=True)
    seed = controls.integer("Seed", "seed", 0, 9999, DEFAULTS["seed"],
                            help="Fixes which units are dropped, and the data, initial weights and masks of the "
                                 "training run.")
s = stats_of(p, seed=seed)
with right:
    c = st.columns(3)
    c[0].metric("Fraction of 10⁶ ones set to 0", f"{s['zero_fraction']:.4f}", help="About p.")
    c[1].metric("Value of every survivor", f"{s['survivor']:g}", help="1/(1 − p).")
    c[2].metric("Mean after dropout", f"{s['mean']:.4f}", help="About 1: the expected value is kept.")
    st.caption(f"nn.Dropout({p:g}) in training mode on a million ones: {s['zero_fraction']:.2%} became 0 and the "
               f"rest became 1/(1 − {p:g}) = {s['scale']:.4g}. In evaluation mode the output equals the input: "
               f"{'yes' if s['eval_identity'] else 'no'}.")

st.subheader("The same input, two forward passes")
passes = D.forward_passes(p, train_mode, seed)
net = D.diagram_net(p)
cols = st.columns(2)
for k, (col, one) in enumerate(zip(cols, passes), 1):
    dropped = sum(int((~m).sum()) for m in one["kept"])
    col.metric(f"Pass {k}: output ŷ", f"{one['y_hat']:.4f}")
    col.vega_lite_chart(dropout_charts.diagram_spec(D.widths(), D.weights(net), D.node_values(D.NET_X, one),
                                                    one["kept"]), width="stretch", key=f"net{k}")
    col.caption(f"Pass {k} of x = [−1, 2]: {dropped} of 12 hidden units dropped (grey, ✕; their weights carry "
                f"nothing), the others pass on h/(1 − p); ŷ = {one['y_hat']:.4f}. Each unit is dropped on its own "
                f"with probability p, so the count varies around p × 12 = {p * 12:g}." if train_mode else
                f"Pass {k} of x = [−1, 2] in evaluation mode: no unit dropped, each passes on its h unchanged; "
                f"ŷ = {one['y_hat']:.4f}.")
kind, text = dropout_words.passes_message(train_mode, p, passes)
(st.success if kind == "success" else st.info)(text, icon=":material/shuffle:" if train_mode else
                                               ":material/visibility:")

st.subheader("Dropped units get no gradient on that step")
grads = D.gradient_step(p, seed)
st.dataframe(grads.rename(columns={"dyhat_dh": "∂ŷ/∂h", "incoming_grad_norm": "‖gradient of its incoming weights‖"}),
             hide_index=True, width="stretch", height=250)
n_drop = int((~grads.kept).sum())
st.caption(f"Pass 1 in training mode (whatever the Mode above), then ŷ.backward(): the {n_drop} dropped units have "
           "∂ŷ/∂h = 0, and the gradient of their incoming weights is exactly 0. (With a batch of inputs, each "
           "input draws its own mask, and a unit's weights get gradient from the inputs that kept it.)")
if n_drop:
    st.markdown(dropout_words.optimizer_note(D.step_on_dropped(p, seed)))

st.subheader("Overfitting, with and without dropout")
st.markdown(f"{D.CompareSettings.n_train} noisy points, one wide network (two hidden layers of "
            f"{D.CompareSettings.hidden} ReLU units), trained {D.CompareSettings.steps:,} full-batch Adam steps "
            f"twice from the same initial weights: once as is, once with nn.Dropout({p:g}) after each hidden "
            "layer. A held-out test set of 200 points shows which fit generalises. Both losses are measured in "
            "evaluation mode (dropout off), as the trained network would be used.")
if run_button("Train both", type="primary", icon=":material/play_arrow:", key="train"):
    bar, live = st.progress(0.0, text="Training both networks…"), st.columns(2)
    spots = dict(zip(("without dropout", "with dropout"), (c.empty() for c in live)))
    steps = D.CompareSettings.steps

    def draw(name: str, t) -> None:  # the curves so far, while the network trains
        done = t.step + (steps if name == "with dropout" else 0)
        bar.progress(done / (2 * steps), text=f"Training {name}: step {t.step:,} of {steps:,}")
        charts.show_loss(spots[name], t.history(), y_title="loss J(W) (MSE)",
                         series={"train_loss": "training", "val_loss": "test"})

    st.session_state["dropout_run"] = ((p, seed), D.compare(D.CompareSettings(p=p, seed=seed), draw))
    bar.empty()
    for spot in spots.values():
        spot.empty()
run_key, r = st.session_state.get("dropout_run", (None, None))
if run_key == (p, seed):
    st.vega_lite_chart(dropout_charts.fit_spec(r, D.true_curve()), width="stretch", key="fits")
    runs = r["runs"]
    st.caption("Fits: " + "; ".join(f"{n}: training loss {v['train_loss']:.3f}, test loss {v['test_loss']:.3f}"
                                    for n, v in runs.items()) + ". Dashed grey: the true curve.")
    a, b = runs["without dropout"], runs["with dropout"]
    gap_a, gap_b = a["test_loss"] - a["train_loss"], b["test_loss"] - b["train_loss"]
    verdict = (f"Here dropout lowered the test loss from {a['test_loss']:.3f} to {b['test_loss']:.3f}"
               if b["test_loss"] < a["test_loss"] else
               f"Here dropout did not help: test loss {b['test_loss']:.3f} against {a['test_loss']:.3f} without it "
               "(with so few points a large p can also underfit; try a smaller p or another seed)")
    (st.success if b["test_loss"] < a["test_loss"] else st.warning)(
        f"{verdict}. Training loss: {a['train_loss']:.3f} without, {b['train_loss']:.3f} with dropout; the gap "
        f"between test and training loss: {gap_a:.3f} without, {gap_b:.3f} with.", icon=":material/balance:")
    for col, (name, run) in zip(st.columns(2), runs.items()):
        col.markdown(f"**{name.capitalize()}**" + (f" (p = {run['p']:g})" if run["p"] else ""))
        col.metric("Test loss (MSE)", f"{run['test_loss']:.3f}",
                   delta=f"{run['test_loss'] - run['train_loss']:.3f} above training", delta_color="off")
        charts.show_loss(col, run["history"], y_title="loss J(W) (MSE)",
                         series={"train_loss": "training", "val_loss": "test"}, key=f"loss_{run['p']:g}")
        col.caption(f"{name}: training loss ends at {run['train_loss']:.3f}, test loss at {run['test_loss']:.3f}.")
        if run["stopped"]:
            col.error(f"Training stopped: {run['stopped']}.")
else:
    st.info("Press **Train both** to train the two networks (a few seconds).", icon=":material/info:")

frame.try_this(*dropout_words.TRY_THIS)
q = dropout_words.QUIZ
frame.check_yourself(q["question"], q["options"], q["answer"], q["why"])
frame.code_panel(dropout_code(p, seed, D.CompareSettings(p=p, seed=seed)),
                 "Paste into a notebook: it prints the statistics, the two passes, the gradients, what SGD and Adam "
                 "then do to the dropped units' weights, and both trainings' final losses shown here.")
frame.footer("dropout")

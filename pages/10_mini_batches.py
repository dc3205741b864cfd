import streamlit as st

from core import mini_batches as M
from core.codegen import mini_batches
from ui import controls, frame
from ui.charts import mini_batches as mc
from ui.live_run import run_button

frame.page("mini_batches", "Full-batch gradient descent computes the gradient as an average over **all** n data "
           "points, at every one of possibly millions of steps: expensive. **Stochastic gradient descent (SGD)** "
           "picks a single data point i and steps against its gradient ∂Jᵢ(W)/∂W: \"easy to compute but very noisy\". "
           "**Mini-batch gradient descent** averages over a batch of B points, \"something like 32 or 128\": a "
           "more accurate estimate, smoother convergence, and it **allows larger learning rates**; the B points can "
           "be computed in parallel (e.g. on a GPU). The randomness comes from **which** points are drawn, not "
           "from the gradient computation.")
st.latex(r"\nabla = \frac{\partial J(W)}{\partial W} = \frac{1}{n}\sum_{i=1}^{n} \frac{\partial J_i(W)}{\partial W}"
         r"\;\approx\; \nabla_B = \frac{1}{B}\sum_{k=1}^{B} \frac{\partial J_k(W)}{\partial W}, \qquad "
         r"W \leftarrow W - \eta\, \nabla_B")

D = M.MiniSettings()
DEFAULTS = {"lr": D.lr, "epochs": D.epochs, "seed": D.seed}
noise_of = st.cache_data(M.gradient_noise, max_entries=32, show_spinner=False)

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Large step η = 1": {"lr": 1.0}})
    s = M.MiniSettings(
        lr=controls.learning_rate(default=D.lr, values=(0.01, 0.03, 0.1, 0.3, 1.0, 3.0),
                                  help="torch.optim.SGD, the same η for every batch size."),
        epochs=controls.slider("Epochs (passes over the data)", "epochs", 1, 5, D.epochs, 1,
                               help="Every run sees the same number of examples: epochs × n."),
        seed=controls.integer("Seed", "seed", 0, 9999, D.seed, help="Fixes the data, the initial weights (shared "
                              "by all runs) and the order of the batches."),
    )
    st.caption(f"n = {s.n} two-moons points; a 2-{s.hidden[0]}-1 {s.activation} network, binary cross-entropy. "
               f"Compared: B = {', '.join(map(str, s.batch_sizes[:-1]))} and the full batch B = n = {s.n}. "
               "Every run steps with `torch.optim.SGD`: despite its name it only takes the step W ← W − η ∇\\_B, "
               "with ∇\\_B the gradient averaged over the batch; the batch size decides whether ∇\\_B comes from "
               "one example (the lecture's SGD), a mini-batch or all n.")
noise = noise_of(s.for_gradients())   # the gradients do not depend on η or the epochs
var = noise.variance.set_index("B")

with right:
    st.subheader("How noisy is one batch's gradient?")
    c = st.columns(4)
    c[0].metric("|∂J/∂W|, full batch", f"{noise.true_norm:.4f}", help=f"Over all {noise.n_params} parameters.")
    c[1].metric("σ² (one example)", f"{noise.sigma2:.4f}", help="(1/n) Σᵢ |∂Jᵢ/∂W − ∂J/∂W|²")
    c[2].metric("Measured, B = 32", f"{var.measured[32]:.5f}",
                help=f"Variance E|∇\\_B − ∂J/∂W|² of a batch's gradient ∇\\_B, over {s.draws} random batches.")
    c[3].metric("Formula, B = 32", f"{var.exact[32]:.5f}", help="The variance by the formula σ²/B · (n−B)/(n−1).")
    st.vega_lite_chart(mc.cloud_spec(noise.cloud, noise.true_norm), width="stretch")
    spread = noise.cloud.groupby("B").v.std()
    st.caption(f"{s.draws} random batches per size at the initial weights, each batch's gradient drawn as a point "
               f"(along the true gradient, and across it where single examples spread most: a projection beyond the "
               f"lecture). The cloud shrinks as B grows: spread "
               f"across {spread.iloc[0]:.3f} for B = 1, {spread[32]:.3f} for B = 32, {spread[128]:.3f} for B = 128; "
               f"the full batch always lands exactly on the true gradient (black cross).")

st.vega_lite_chart(mc.variance_spec(noise.variance), width="stretch")
st.caption(f"Variance of the batch gradient against B, log-log: it falls like 1/B (slope −1). Drawing without "
           f"replacement from n = {s.n} makes it fall faster near n, by the factor (n−B)/(n−1), and reach 0 at B = n "
           f"(not drawn on a log axis). Measured at B = 128: {var.measured[128]:.5f}; formula {var.exact[128]:.5f}. "
           "(The exact factor is beyond the lecture.)")

st.subheader("Where the randomness comes from")
a, b = st.columns([1, 2], gap="large")
with a:
    fb = controls.select("Batch size B", "fb", {str(k): k for k in s.batch_sizes[:-1]}, "32", horizontal=True)
    draw = controls.integer("Which batch (draw number)", "draw", 0, 9999, 0,
                            help="A seed for choosing the B examples. Same number, same batch.")
one = M.fixed_batch(s, fb, draw)
with b:
    c = st.columns(2)
    c[0].metric("Gradient computed twice: largest difference", f"{one['repeat_difference']:.1f}")
    c[1].metric("Distance from the true gradient", f"{one['error']:.4f}",
                help=f"|∇\\_B − ∂J/∂W|, with ∇\\_B this batch's gradient; the true gradient has length "
                     f"{one['true_norm']:.4f}.")
    shown = ", ".join(map(str, one["indices"][:16])) + (", …" if fb > 16 else "")
    again = ("gives exactly the same numbers: nothing in computing a gradient is random" if one["repeat_difference"]
             == 0 else f"differs by at most {one['repeat_difference']:.2g}, from rounding only")
    st.caption(f"Batch {draw} holds examples {shown}. Computing its gradient again {again}. Change the draw number "
               "and a different batch, hence a different estimate, comes out: the noise of SGD is the random choice "
               "of examples.")

st.subheader("Train them side by side")
st.markdown(f"Every run starts from the **same initial weights** and uses the same data and η = {s.lr:g}; only B "
            f"differs. Each sees {s.epochs} × {s.n} examples, so B = 1 takes {s.epochs * s.n:,} steps and the full "
            f"batch {s.epochs}.")
train_clicked = run_button("Train all five", type="primary", icon=":material/play_arrow:", key="train")
labels = tuple(M.label(k, s.n) for k in s.batch_sizes)
top, bottom = st.columns(2), st.columns(2)
views = [top[0].empty(), top[1].empty(), bottom[0].empty()]
state = st.session_state.get("mb_race")
if train_clicked:
    bar, total = st.progress(0.0, text="Starting…"), s.epochs * s.n * len(s.batch_sizes)

    def draw_race(df) -> None:
        for view, x in zip(views, mc.X_TITLES):
            view.vega_lite_chart(mc.race_spec(df, x, labels), width="stretch")
        bar.progress(min(1.0, df.groupby("B").examples.max().sum() / total), text=f"Training {df.batch.iloc[-1]}…")

    state = st.session_state["mb_race"] = {"settings": s, "race": M.compare_batch_sizes(s, draw_race)}
    bar.empty()
if state and state["settings"] == s:
    race = state["race"]
    for view, x in zip(views, mc.X_TITLES):
        view.vega_lite_chart(mc.race_spec(race, x, labels), width="stretch")
    st.caption("Training loss of each batch size against optimizer steps, against examples seen and against "
               "measured wall time. " + M.race_summary(race) + " The wall-time curve is a measurement on this "
               "(shared) machine: it changes a little each time you train; all the losses do not.")
    if race.diverged.any():
        st.error("Some runs diverged (loss became inf or nan): " + ", ".join(race[race.diverged].batch.unique())
                 + ". Their curves stop where it happened. Try a smaller η.", icon=":material/warning:")
    bottom[1].dataframe(M.race_table(race), hide_index=True)
else:
    st.info("Press **Train all five** to train full batch, SGD and the mini-batches live.", icon=":material/info:")

st.subheader("Larger batches allow larger learning rates")
st.markdown(f"For each B and each η in {', '.join(f'{v:g}' for v in M.SWEEP_LRS)}: {s.sweep_steps} steps of "
            "`torch.optim.SGD` on batches of B from the same initial weights, then the training loss on all n "
            "examples.")
sweep_clicked = run_button("Run the learning-rate sweep", icon=":material/tune:", key="sweep")
sweep = st.session_state.get("mb_sweep")
if sweep_clicked:
    bar = st.progress(0.0, text="Sweeping…")
    sweep = st.session_state["mb_sweep"] = {"seed": s.seed, "runs": M.lr_sweep(
        s, on_progress=lambda done, total: bar.progress(done / total, text=f"Run {done} of {total}"))}
    bar.empty()
if sweep and sweep["seed"] == s.seed:
    best = M.best_learning_rates(sweep["runs"])
    st.vega_lite_chart(mc.sweep_spec(sweep["runs"]), width="stretch")
    st.caption("Loss after the steps against η, one line per batch size (log-log; runs that diverged are left out). "
               + M.sweep_summary(best))
    st.dataframe(best.rename(columns={"best_lr": "η with the lowest loss", "best_loss": "that loss",
                                      "largest_stable_lr": "largest η ending below its start"}), hide_index=True)
else:
    st.info("Press **Run the learning-rate sweep** (25 short runs, a few seconds).", icon=":material/info:")

frame.try_this(
    "In the first chart, compare the red cloud (SGD, B = 1) with the blue one (B = 128). The variance chart gives "
    "the factor: by the formula the variance is 255 times smaller at B = 128, 128 times for averaging 128 "
    "examples and about 2 times more, (n−B)/(n−1) = 128/255, because a batch of 128 is half of all the data. The "
    "typical distance from the true gradient shrinks by the square root: about 16 times.",
    "Press **Train all five**. Per **step**, the curves from B = 8 to the full batch nearly overlap and SGD's stays "
    "close to them: a step on 256 examples does little more than a step on 8. Per **example seen**, SGD is far "
    "ahead. Which batch size gets lowest soonest in **wall time** on this CPU? (On a GPU the B examples of a batch "
    "are computed in parallel.)",
    "Press **Large step η = 1** and train again: SGD's curve jumps about while B = 128 descends smoothly. "
    "Then run the sweep: where does each line turn up?",
)
frame.check_yourself(
    "You compute the gradient of the same mini-batch twice. What happens?",
    ["You get two different gradients: SGD is stochastic", "You get exactly the same gradient",
     "You get the full-batch gradient"], 1,
    "The gradient of a fixed batch is deterministic. SGD is noisy only because each step draws a different "
    "random batch.")
frame.code_panel(mini_batches.minibatch_code(s), "Per-example gradients in one pass with torch.func, the "
                 "variance law, and the five training runs: it prints the numbers shown here.")
frame.footer("mini_batches")

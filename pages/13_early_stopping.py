import streamlit as st

from core import early_stopping as es
from core.codegen import early_stopping as early_code
from ui import charts, controls, frame, live_run
from ui.charts import early_stopping as early_charts
from ui.live_run import run_button

frame.page("early_stopping", "Watch two curves during training: the loss on the training data and the loss on "
           "**held-out** validation data the network never trains on. At first both fall. Later the training "
           "loss keeps falling while the validation loss starts to rise: the network is memorising its training "
           "points. Save checkpoints as you go and **take the model at the minimum of the validation curve: "
           "\"Stop training here!\"** Left of that point the model is under-fitting, right of it over-fitting.")
st.latex(r"J_{\text{val}}(W) = \tfrac{1}{n_{\text{val}}}\sum_{i \in \text{val}} "
         r"\big(y^{(i)} - \hat{y}^{(i)}\big)^2, \qquad "
         r"k^\star = \arg\min_{k \,\le\, k_{\text{stop}}} J_{\text{val}}(W_k), \qquad \text{keep } W_{k^\star}")
st.markdown("Wₖ: the weights at the k-th evaluation, saved as a checkpoint; k_stop: the evaluation at which "
            "patience runs out (see below), or the last one.")

D = es.EarlySettings()
DEFAULTS = {"patience": D.patience, "every": D.eval_every, "val": D.val_pct, "seed": D.seed}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture's 70/30 split": {}})
    s = es.EarlySettings(
        val_pct=controls.slider("Validation split (% held out)", "val", 10, 50, D.val_pct, 5,
                                help="The lecture's Q&A suggests 70 % training, 30 % validation."),
        eval_every=controls.slider("Evaluation interval (steps)", "every", 5, 50, D.eval_every, 5,
                                   help="How often the validation loss is measured and a checkpoint may be saved. "
                                        "The lecture's Q&A: e.g. every 1,000 iterations on a big problem."),
        patience=controls.slider("Patience (evaluations)", "patience", 1, 20, D.patience, 1,
                                 help="Stop after this many evaluations in a row without a lower validation loss."),
        seed=controls.integer("Seed", "seed", 0, 9999, D.seed, help="Fixes the points, the split and the init."),
    )
    train, val, test = es.datasets(s)
    st.caption(f"{len(train) + len(val)} noisy points: {len(train)} for training, {len(val)} for validation; "
               f"a separate test set of {len(test)} points, used only to report how the chosen model does, never "
               f"to choose it. The network 1-{'-'.join(map(str, s.hidden))}-1 ({s.activation}) has "
               f"{es.parameter_count(s):,} parameters for {len(train)} training points: over-parameterised. Adam, "
               f"learning rate η = {s.lr}, {s.steps} full-batch steps.")
    train_clicked = run_button("Train", type="primary", icon=":material/play_arrow:", width="stretch", key="train")

state = st.session_state.get("early_run")
if train_clicked or (state and state["settings"] != s):
    state = None  # a new run, or new settings: the old result no longer matches

with right:
    metrics, curve, curve_text = st.empty(), st.empty(), st.empty()
    if train_clicked:
        def draw(t) -> None:
            charts.show_loss(curve, t.history(), x="step", x_max=s.steps, y_title="loss J(W) (mean squared error)")
            curve_text.caption(f"Training… step {t.step:,}: training loss {t.history().train_loss.iloc[-1]:.4f}, "
                               f"validation loss {t.history().val_loss.iloc[-1]:.4f}.")
        run = live_run.LiveRun(draw, s.steps)
        result = es.run(s, on_progress=run)
        run.finish()
        state = st.session_state["early_run"] = {"settings": s, "result": result}
    if state is None:
        st.info("Press **Train** to train the network for the whole run and watch both curves. Early stopping "
                "then picks the checkpoint with the lowest validation loss seen before patience ran out.",
                icon=":material/info:")
        st.vega_lite_chart(early_charts.fit_spec(es.truth_fit(), es.points(train, val)), width="stretch")
        st.caption(f"The {len(train)} training points (blue circles) and {len(val)} validation points (orange "
                   "squares): y = sin(1.5x) + x/3 (grey, dashed) plus noise.")
    else:
        r = state["result"]
        h, k = r.history, r.restored_index
        with metrics.container():
            c = st.columns(4)
            c[0].metric("Stop here: step", f"{r.restored_step:,}", help="The restored checkpoint's step.")
            c[1].metric("Validation loss", f"{h.val_loss.iloc[k]:.4f}", help="At the restored checkpoint.")
            c[2].metric("Test loss, restored", f"{r.test_restored:.4f}", delta=f"{r.test_restored - r.test_final:+.4f}",
                        delta_color="inverse", help="On the separate test set; the change is against the final model.")
            c[3].metric("Test loss, final", f"{r.test_final:.4f}", help="The model after all the steps.")
        curve.vega_lite_chart(early_charts.loss_spec(h, r.restored_step, r.stop_step, s.steps), width="stretch")
        stop = (f"With patience {s.patience}, training would stop at step {r.stop_step:,}, after {s.patience} "
                f"evaluation{'s' if s.patience > 1 else ''} without improvement, and restore the checkpoint of "
                f"step {r.restored_step:,}."
                if r.stop_step is not None else
                f"Patience {s.patience} never ran out within {s.steps} steps; the best checkpoint of the run "
                f"(step {r.restored_step:,}) is restored.")
        b, end = h.train_loss.iloc[r.best_index], h.train_loss.iloc[-1]
        curve_text.caption(f"Loss over training, log scale. Validation loss is lowest at step "
                           f"{r.step(r.best_index):,}; training loss {'goes on falling' if end < b else 'goes'} from "
                           f"{b:.4f} there to {end:.4f} at the end. {stop}")
        st.vega_lite_chart(early_charts.fit_spec(r.fit, r.points), width="stretch")
        d_r, d_f, t_r = r.distance_to_truth("restored"), r.distance_to_truth("final"), h.train_loss.iloc[k]
        st.caption(f"Restored checkpoint (green) against final model (vermillion): test loss {r.test_restored:.4f} "
                   f"against {r.test_final:.4f}; training loss {t_r:.4f} against {end:.4f}; mean squared distance "
                   f"from the true rule (grey, dashed) over x in [−3, 3] {d_r:.4f} against {d_f:.4f}."
                   + (" The final model fits its training points more tightly but strays further from the rule: "
                      "it has fitted their noise." if end < t_r and d_f > d_r else ""))
        if not r.clearly_better:
            st.warning(f"Here the restored checkpoint is not clearly better on the test set than the final model "
                       f"({r.test_restored:.4f} against {r.test_final:.4f}, less than 5 % lower). With "
                       f"{len(val)} validation points the validation loss is a rough estimate, or the network has "
                       "not over-fitted much yet: try another seed or a larger split.", icon=":material/info:")

frame.try_this(
    "Press **Train** at the defaults. The orange validation curve is lowest at step 80, where the \"Stop training "
    "here!\" line stands; by the end it is about four times higher, while the blue training curve keeps falling. "
    "The restored checkpoint's test loss is about a third of the final model's.",
    "Set patience to 1, then to 20. With patience 1, training stops at step 50 on a small bump of the validation "
    "curve and restores step 40, not 80; with 20 it trains on to step 280 and restores step 80, since the curve "
    "never comes back down.",
    "Hold out only 10 % (2 points). Two points are a poor guide: at its minimum the validation loss reads about "
    "0.006, while the same checkpoint's test loss is about 0.12, and the restored checkpoint does no better on the "
    "test set than the final model.",
)
frame.check_yourself(
    "The training loss is still falling but the validation loss has risen for many evaluations. "
    "Which model should you keep?",
    ["The final one: its training loss is lowest", "The checkpoint at the validation minimum",
     "The untrained one: it cannot have over-fitted"], 1,
    "After the validation minimum the network fits noise in its training points (over-fitting). The validation "
    "loss estimates the loss on new data, so the checkpoint where it was lowest is the one expected to generalise "
    "best; the test set then reports how well it really does.")
frame.code_panel(early_code.early_code(s), "The same run in plain PyTorch: it prints both losses at every "
                 "evaluation, the stop step, and the two test losses shown here.")
st.caption("Beyond the lecture: patience (how many evaluations to wait) is the usual way to decide, while "
           "training, that the validation minimum has passed.")
frame.footer("early_stopping")

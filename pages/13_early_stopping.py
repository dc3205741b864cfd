import streamlit as st

from core import early_stopping as topic
from core.codegen import early_stopping as script
from ui import charts, controls, frame, live_run, results
from ui.charts import early_stopping as topic_charts
from ui.content import early_stopping as words

frame.page("early_stopping", words.RECAP)
st.latex(words.FORMULA)
st.markdown(words.CHECKPOINTS)

defaults = topic.EarlySettings()
DEFAULTS = {"patience": defaults.patience, "every": defaults.eval_every, "val": defaults.val_pct,
            "seed": defaults.seed}

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Lecture's 70/30 split": {}})
    settings = topic.EarlySettings(
        val_pct=controls.slider("Validation split (% held out)", "val", 10, 50, defaults.val_pct, 5,
                                help="The lecture's Q&A suggests 70 % training, 30 % validation."),
        eval_every=controls.slider("Evaluation interval (steps)", "every", 5, 50, defaults.eval_every, 5,
                                   help="How often the validation loss is measured and a checkpoint may be saved. "
                                        "The lecture's Q&A: e.g. every 1,000 iterations on a big problem."),
        patience=controls.slider("Patience (evaluations)", "patience", 1, 20, defaults.patience, 1,
                                 help="Stop after this many evaluations in a row without a lower validation loss."),
        seed=controls.integer("Seed", "seed", 0, 9999, defaults.seed, help="Fixes the points, the split and the init."),
    )
    train, val, test = topic.datasets(settings)
    st.caption(words.setup(len(train), len(val), len(test), settings, topic.parameter_count(settings)))
    train_clicked = live_run.run_button("Train", type="primary", icon=":material/play_arrow:", width="stretch",
                                        key="train")

result = results.recall("early_run", settings)  # the finished run of these settings, or None

with right:
    metrics, curve, curve_text = st.empty(), st.empty(), st.empty()
    if train_clicked:
        def draw(t) -> None:
            charts.show_loss(curve, t.history(), x="step", x_max=settings.steps,
                             y_title="loss J(W) (mean squared error)")
            curve_text.caption(words.live(t.step, t.history().train_loss.iloc[-1], t.history().val_loss.iloc[-1]))
        run = live_run.LiveRun(draw, settings.steps)
        new = topic.run(settings, on_progress=run)
        run.finish()
        result = results.keep("early_run", settings, new)
    if result is None:
        st.info(words.PRESS_TRAIN, icon=":material/info:")
        st.vega_lite_chart(topic_charts.fit_spec(topic.truth_fit(), topic.points(train, val)), width="stretch")
        st.caption(words.points(len(train), len(val)))
    else:
        h, k = result.history, result.restored_index
        with metrics.container():
            c = st.columns(4)
            c[0].metric("Stop here: step", f"{result.restored_step:,}", help="The restored checkpoint's step.")
            c[1].metric("Validation loss", f"{h.val_loss.iloc[k]:.4f}", help="At the restored checkpoint.")
            c[2].metric("Test loss, restored", f"{result.test_restored:.4f}",
                        delta=f"{result.test_restored - result.test_final:+.4f}", delta_color="inverse",
                        help="On the separate test set; the change is against the final model.")
            c[3].metric("Test loss, final", f"{result.test_final:.4f}", help="The model after all the steps.")
        curve.vega_lite_chart(topic_charts.loss_spec(h, result.restored_step, result.stop_step, settings.steps),
                              width="stretch")
        curve_text.caption(words.curves_caption(result, settings))
        st.vega_lite_chart(topic_charts.fit_spec(result.fit, result.points), width="stretch")
        st.caption(words.fits_caption(result))
        if not result.clearly_better:
            st.warning(words.not_clearly_better(result, len(val)), icon=":material/info:")

st.caption(words.PATIENCE)
frame.lesson_end("early_stopping", words.TRY_THIS, frame.Quiz(**words.QUIZ), script.early_code(settings),
                 words.CODE_CAPTION)

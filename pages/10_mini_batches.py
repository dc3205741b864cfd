import streamlit as st

from core import mini_batches as topic
from core.codegen import mini_batches as script
from ui import controls, frame, live_run, results
from ui.charts import mini_batches as topic_charts
from ui.content import mini_batches as words

frame.page("mini_batches", words.RECAP)
st.latex(words.FORMULA)

defaults = topic.MiniSettings()
DEFAULTS = {"lr": defaults.lr, "epochs": defaults.epochs, "seed": defaults.seed}
noise_of = st.cache_data(topic.gradient_noise, max_entries=32, show_spinner=False)

left, right = st.columns([1, 2], gap="large")
with left:
    controls.presets(DEFAULTS, {"Large step η = 1": {"lr": 1.0}})
    settings = topic.MiniSettings(
        lr=controls.learning_rate(default=defaults.lr, values=(0.01, 0.03, 0.1, 0.3, 1.0, 3.0),
                                  help="torch.optim.SGD, the same η for every batch size."),
        epochs=controls.slider("Epochs (passes over the data)", "epochs", 1, 5, defaults.epochs, 1,
                               help="Every run sees the same number of examples: epochs × n."),
        seed=controls.integer("Seed", "seed", 0, 9999, defaults.seed, help="Fixes the data, the initial weights "
                              "(shared by all runs) and the order of the batches."),
    )
    st.caption(words.setup(settings))
noise = noise_of(settings.for_gradients())   # the gradients do not depend on η or the epochs
var = noise.variance.set_index("B")

with right:
    st.header("How noisy is one batch's gradient?")
    c = st.columns(4)
    c[0].metric("|∂J/∂W|, full batch", f"{noise.true_norm:.4f}", help=f"Over all {noise.n_params} parameters.")
    c[1].metric("σ² (one example)", f"{noise.sigma2:.4f}", help="(1/n) Σᵢ |∂Jᵢ/∂W − ∂J/∂W|²")
    c[2].metric("Measured, B = 32", f"{var.measured[32]:.5f}",
                help=f"Variance E|∇\\_B − ∂J/∂W|² of a batch's gradient ∇\\_B, over {settings.draws} random batches.")
    c[3].metric("Formula, B = 32", f"{var.exact[32]:.5f}", help="The variance by the formula σ²/B · (n−B)/(n−1).")
    st.vega_lite_chart(topic_charts.cloud_spec(noise.cloud, noise.true_norm), width="stretch")
    st.caption(words.cloud_caption(settings.draws, noise.cloud.groupby("B").v.std()))

st.vega_lite_chart(topic_charts.variance_spec(noise.variance), width="stretch")
st.caption(words.variance_caption(settings.n, var))

st.header("Where the randomness comes from")
a, b = st.columns([1, 2], gap="large")
with a:
    fb = int(controls.select("Batch size B", "fb", {str(k): str(k) for k in settings.batch_sizes[:-1]}, "32",
                             horizontal=True))
    draw = controls.integer("Which batch (draw number)", "draw", 0, 9999, 0,
                            help="A seed for choosing the B examples. Same number, same batch.")
one = topic.fixed_batch(settings, fb, draw)
with b:
    c = st.columns(2)
    c[0].metric("Gradient computed twice: largest difference", f"{one['repeat_difference']:.1f}")
    c[1].metric("Distance from the true gradient", f"{one['error']:.4f}",
                help=f"|∇\\_B − ∂J/∂W|, with ∇\\_B this batch's gradient; the true gradient has length "
                     f"{one['true_norm']:.4f}.")
    st.caption(words.batch_caption(draw, one, fb))

st.header("Train them side by side")
st.markdown(words.race_intro(settings))
train_clicked = live_run.run_button("Train all five", type="primary", icon=":material/play_arrow:", key="train")
labels = tuple(topic.label(k, settings.n) for k in settings.batch_sizes)
top, bottom = st.columns(2), st.columns(2)
views = [top[0].empty(), top[1].empty(), bottom[0].empty()]
race = results.recall("mb_race", settings)
if train_clicked:
    bar, total = st.progress(0.0, text="Starting…"), settings.epochs * settings.n * len(settings.batch_sizes)

    def draw_race(df) -> None:
        for view, x in zip(views, topic_charts.X_TITLES):
            view.vega_lite_chart(topic_charts.race_spec(df, x, labels), width="stretch")
        bar.progress(min(1.0, df.groupby("B").examples.max().sum() / total), text=f"Training {df.batch.iloc[-1]}…")

    race = results.keep("mb_race", settings, topic.compare_batch_sizes(settings, draw_race))
    bar.empty()
if race is not None:
    for view, x in zip(views, topic_charts.X_TITLES):
        view.vega_lite_chart(topic_charts.race_spec(race, x, labels), width="stretch")
    st.caption(words.race_caption(topic.race_summary(race)))
    if race.diverged.any():
        st.error(words.diverged(race[race.diverged].batch.unique()), icon=":material/warning:")
    bottom[1].dataframe(topic.race_table(race), hide_index=True)
else:
    st.info(words.PRESS_TRAIN, icon=":material/info:")

st.header("Larger batches allow larger learning rates")
st.markdown(words.sweep_intro(topic.SWEEP_LRS, settings.sweep_steps))
sweep_clicked = live_run.run_button("Run the learning-rate sweep", icon=":material/tune:", key="sweep")
sweep = results.recall("mb_sweep", settings.seed)  # the sweep tries its own η and steps: only the seed changes it
if sweep_clicked:
    bar = st.progress(0.0, text="Sweeping…")
    sweep = results.keep("mb_sweep", settings.seed, topic.lr_sweep(
        settings, on_progress=lambda done, total: bar.progress(done / total, text=f"Run {done} of {total}")))
    bar.empty()
if sweep is not None:
    best = topic.best_learning_rates(sweep)
    st.vega_lite_chart(topic_charts.sweep_spec(sweep), width="stretch")
    st.caption(words.sweep_caption(topic.sweep_summary(best)))
    st.dataframe(best.rename(columns=words.SWEEP_COLUMNS), hide_index=True)
else:
    st.info(words.PRESS_SWEEP, icon=":material/info:")

frame.lesson_end("mini_batches", words.TRY_THIS, frame.Quiz(**words.QUIZ), script.minibatch_code(settings),
                 words.CODE_CAPTION)

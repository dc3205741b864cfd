import streamlit as st

from core import learning_rate_and_optimizers as topic, vocabulary
from core.codegen import learning_rate_and_optimizers as script
from core.optimizers import OPTIMIZERS, optimizer_code
from ui import controls, frame, live_run, results, text
from ui.charts import learning_rate_and_optimizers as topic_charts
from ui.content import learning_rate_and_optimizers as words

frame.page("learning_rate_and_optimizers", words.RECAP)
st.latex(r"W \leftarrow W - \eta\, \frac{\partial J(W)}{\partial W}")
_, (f_w, f_J) = minima = topic.minima()


@st.cache_data(max_entries=4, show_spinner=False)
def regimes():
    return topic.regime_runs(), topic.curve(), topic.sweep()


@st.cache_data(max_entries=32, show_spinner=False)
def your_run(eta: float):
    return topic.sweep([eta])


@st.cache_data(max_entries=8, show_spinner=False)
def surface_map(name: str):
    f = topic.surface_grid(name, 201)
    return topic_charts.surface_image(f, topic.levels(f)), topic.surface_minima(name)


surface_race = st.cache_data(topic.race_surface, max_entries=64, show_spinner=False)
script_race = st.cache_data(topic.race_network_alone, max_entries=16, show_spinner=False)
steady = st.cache_data(topic.steady_steps, max_entries=1, show_spinner=False)

# Idea 1 first (the learner's η beside the sweep it marks); the three regimes, which no control drives, follow.
runs, curve, sweep = regimes()
st.header("1 · Idea 1: try lots of learning rates")
st.caption(words.idea1_lead(topic.START_W, topic.REGIME_STEPS))
left, right = st.columns([1, 3], gap="large")
eta = controls.learning_rate("Your learning rate η", "eta", 0.1, values=topic.SWEEP_PICKS, where=left)
mine = your_run(eta).iloc[0]
left.metric("w after the run", text.num(mine.w_end))
left.metric("J after the run", text.num(mine.J_end))
topic_charts.outcome_box(left, mine.outcome)
right.vega_lite_chart(topic_charts.sweep_spec(sweep, eta, minima), width="stretch")
right.caption(words.sweep_caption(sweep, topic.REGIME_STEPS))
st.markdown(words.regimes_intro(f_w, f_J, topic.START_W, topic.REGIME_STEPS))
st.latex(words.REGIME_LOSS)
frame.ahead("loss_landscape", "What the loss landscape of a real network looks like")

st.header("2 · The learning rate: three regimes")
summary = topic.regime_summary(runs).set_index("regime")
for col, key in zip(st.columns(3, gap="medium"), ("small", "large", "stable")):
    eta_k, caption = topic.REGIMES[key]
    col.markdown(f"**η = {eta_k:g}**: *\"{caption}\"*")
    col.vega_lite_chart(topic_charts.regime_spec(curve, runs[runs.regime == key], minima, topic.W_VIEW),
                        width="stretch")
    col.caption(words.regime_caption(eta_k, topic.REGIME_STEPS, summary.loc[key]))
st.caption(words.curvature_note(*topic.curvatures()))

st.header("3 · Idea 2: adaptive learning rates, a race")
st.markdown(words.RACE_INTRO)
rules = st.expander("The update rules", icon=":material/functions:", key="lro_rules", on_change="rerun")
words.update_rules(rules, topic.RULES, steady() if rules.open else None, topic.STEADY_LR)
st.caption(words.SGD_NOTE)
frame.ahead("mini_batches", "Stochastic and mini-batch gradient descent")
DEFAULTS = {"eta": 0.1, "lr": 0.1, "steps": 100, "surf": "multiwell", "sopt": "adam", "slr": 1.0,
            "sched": "cosine", **{f"r_{k}": True for k in topic.LECTURE}}
controls.presets(DEFAULTS, {"Race in the valley": {"surf": "valley"}, "η = 1 on every racer": {"lr": 1.0}})
c1, c2, c3 = st.columns([3, 2, 2], gap="medium")
with c1:
    st.markdown("**Racers**")
    row = st.container(horizontal=True)
    racers = tuple(k for k in topic.LECTURE if controls.toggle(OPTIMIZERS[k][0], f"r_{k}", True, where=row))
lr = controls.learning_rate("Learning rate η (every racer)", "lr", 0.1, where=c2)
steps = controls.slider("Steps", "steps", 10, 150, 100, 10, where=c2)
name = controls.select("Surface", "surf", {k: v[0] for k, v in topic.SURFACES.items()}, "multiwell", where=c3)
go = c3.button("Start the race", type="primary", icon=":material/sports_score:", key="race", width="stretch",
               disabled=not racers)
if not racers:
    st.info("Pick at least one racer.", icon=":material/group_off:")
race_settings = (name, racers, lr, steps)
race = results.recall("lro_race", race_settings)  # (the surface's race, the network's race), or None
image, mins = surface_map(name)
label, _, start, box, formula = topic.SURFACES[name]
s_col, n_col = st.columns(2, gap="large")
s_col.markdown(f"**On a test surface:** {label}")
s_col.latex(formula)
n_col.markdown(words.network_course(topic.NET_DATA, topic.NET_HIDDEN, topic.NET_ACTIVATION))
s_slot, s_cap, n_slot, n_cap = s_col.empty(), s_col.empty(), n_col.empty(), n_col.empty()
labels = [OPTIMIZERS[r][0] for r in racers]


def draw_net(net):
    n_slot.vega_lite_chart(topic_charts.net_loss_spec(net, racers, labels, steps), width="stretch")


if go and racers:
    bar = st.progress(0.0, text="Racing on the surface…")
    surf = surface_race(name, racers, lr, steps)
    s_slot.vega_lite_chart(topic_charts.surface_spec(image, box, surf, start, mins, racers, labels), width="stretch")
    net = topic.race_network(racers, lr, steps, on_progress=lambda df, f: (
        bar.progress(f, text=f"Training the network: step {round(f * steps)} of {steps}"), draw_net(df)))
    bar.empty()
    race = results.keep("lro_race", race_settings, (surf, net))
if race is not None:
    surf, net = race
    ends = topic.race_summary(surf, name).set_index("racer")
    final = net.groupby("racer", sort=False).tail(1).set_index("racer")
    s_slot.vega_lite_chart(topic_charts.surface_spec(image, box, surf, start, mins, racers, labels), width="stretch")
    draw_net(net)
    s_cap.caption(topic_charts.surface_caption(label, steps, lr, ends))
    n_cap.caption(topic_charts.net_caption(final))
    st.dataframe(topic_charts.race_table(ends, final), hide_index=True, column_config=topic_charts.race_table_config())
else:
    s_slot.vega_lite_chart(topic_charts.surface_spec(image, box, None, start, mins, racers, labels), width="stretch")
    s_cap.caption(words.no_race(label))
    n_cap.info(words.PRESS_RACE, icon=":material/sports_score:")
st.markdown("**The one line that changes.** Everything else in the training loop (section 4, below) stays the same:")
st.code("\n".join(f"optimizer = {optimizer_code(r, lr)}" for r in racers) or "# pick a racer", language="python")

st.header("4 · Putting it all together")
st.markdown(words.TOGETHER)
st.code(words.TOGETHER_CODE, language="python")

st.header("5 · Beyond the lecture: a learning-rate schedule")
st.markdown(words.SCHEDULE)
a, b, c = st.columns(3, gap="medium")
sopt = controls.select("Optimizer", "sopt", vocabulary.OPTIMIZERS.options(*topic.LECTURE), "adam", where=a)
slr = controls.learning_rate("Starting η", "slr", 1.0, where=b)
kind = controls.select("Schedule", "sched", topic.SCHEDULES, "cosine", where=c)
schedule_settings = (sopt, slr, kind)
schedule = results.recall("lro_sched", schedule_settings)
if live_run.run_button("Compare constant and scheduled η", icon=":material/compare_arrows:", key="schedule"):
    with live_run.working("Training twice…"):
        schedule = results.keep("lro_sched", schedule_settings,
                                topic.schedule_race(sopt, slr, topic.SCHEDULE_STEPS, kind))
if schedule is not None:
    st.vega_lite_chart(topic_charts.schedule_spec(schedule, topic.SCHEDULES[kind], topic.SCHEDULE_STEPS),
                       width="stretch")
    st.caption(words.schedule_caption(OPTIMIZERS[sopt][0], slr, topic.SCHEDULE_STEPS, schedule, kind,
                                      topic.SCHEDULES[kind]))

# The script's network race (torch.optim, one racer at a time) against the page's: computed only while the panel
# is open, and only once a race is on the page.
agreement = (topic.race_agreement(race[1], script_race(racers, lr, steps))
             if race is not None and st.session_state.get(frame.CODE_PANEL) else None)
frame.lesson_end("learning_rate_and_optimizers", words.TRY_THIS, frame.Quiz(**words.QUIZ),
                 script.optimizers_code(eta, name, racers, lr, steps, sopt, slr, kind), words.code_caption(agreement))

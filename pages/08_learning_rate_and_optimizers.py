import streamlit as st

from core import learning_rate_and_optimizers as O
from core.codegen import learning_rate_and_optimizers as cg
from core.optimizers import OPTIMIZERS, optimizer_code
from ui import controls, frame, live_run, text
from ui.charts import learning_rate_and_optimizers as oc
from ui.content import learning_rate_and_optimizers as words
from ui.live_run import run_button

frame.page("learning_rate_and_optimizers", words.RECAP)
frame.ahead("loss_landscape", "What the loss landscape of a real network looks like")
st.latex(r"W \leftarrow W - \eta\, \frac{\partial J(W)}{\partial W}")
_, (f_w, f_J) = minima = O.minima()


@st.cache_data(max_entries=4, show_spinner=False)
def regimes():
    return O.regime_runs(), O.curve(), O.sweep()


@st.cache_data(max_entries=32, show_spinner=False)
def your_run(eta: float):
    return O.sweep([eta])


@st.cache_data(max_entries=64, show_spinner=False)
def surface_race(name: str, racers: tuple, lr: float, steps: int):
    return O.race_surface(name, racers, lr, steps)


@st.cache_data(max_entries=16, show_spinner=False)
def script_race(racers: tuple, lr: float, steps: int):
    return O.race_network_alone(racers, lr, steps)


@st.cache_data(max_entries=8, show_spinner=False)
def surface_map(name: str):
    f = O.surface_grid(name, 201)
    return oc.surface_image(f, O.levels(f)), O.surface_minima(name)


@st.cache_data(max_entries=1, show_spinner=False)
def steady():
    return O.steady_steps()


st.header("1 · The learning rate: three regimes")
st.markdown(f"A loss with one weight w, so the whole landscape fits on a line: a wide bowl whose **global minimum** "
            f"is J = 0 at w = 0, and on its wall a narrow dip, a **false local minimum** at w = {text.num(f_w)} "
            f"(J = {f_J:.3f}). Gradient descent (`torch.optim.SGD`) starts at w = {text.num(O.START_W)} and takes "
            f"{O.REGIME_STEPS} steps.")
st.latex(r"J(w) = \frac{w^2}{8} - 0.8\, e^{-(w + 3)^2 / (2 \cdot 0.3^2)}")
runs, curve, sweep = regimes()
summary = O.regime_summary(runs).set_index("regime")
for col, key in zip(st.columns(3, gap="medium"), ("small", "large", "stable")):
    eta, caption = O.REGIMES[key]
    r = summary.loc[key]
    col.markdown(f"**η = {eta:g}**: *\"{caption}\"*")
    col.vega_lite_chart(oc.regime_spec(curve, runs[runs.regime == key], minima, O.W_VIEW), width="stretch")
    where = (f"ended at w = {text.num(r.w_end)}, J = {text.num(r.J_end)}" if r.outcome != "diverged" else
             f"left the chart at step {r.left_view}; |w| reached {r.max_abs_w:,.0f}")
    col.caption(f"η = {eta:g}, {O.REGIME_STEPS} steps: {r.outcome}; {where}.")
sharp, wide = O.curvatures()
st.caption(f"Beyond the lecture, why: near a minimum each step multiplies the distance to it by 1 − η J'' (J'' is "
           f"the curvature, the second derivative), so the minimum holds gradient descent only if η < 2 / J'', and "
           f"without overshooting only if η ≤ 1 / J''. The dip is sharp (J'' = {sharp:.2f}): it holds only "
           f"η < {2 / sharp:.3f}. The bowl is wide (J'' = {wide:g}): it holds every η < {2 / wide:g}; at η = "
           f"{2 / wide:g} the factor is −1 and the steps swing from side to side; beyond, each step overshoots "
           "further. On the gradient-descent page's (x − 4)², J'' = 2 everywhere: it converges for 0 < η < 1, "
           "without overshooting for η ≤ 0.5, swings for ever between two points at η = 1 and diverges for η > 1.")

st.header("2 · Idea 1: try lots of learning rates")
eta = controls.learning_rate("Your learning rate η", "eta", 0.1, values=O.SWEEP_PICKS)
mine = your_run(eta).iloc[0]
left, right = st.columns([1, 3], gap="large")
left.metric("w after the run", text.num(mine.w_end))
left.metric("J after the run", text.num(mine.J_end))
oc.outcome_box(left, mine.outcome)
right.vega_lite_chart(oc.sweep_spec(sweep, eta, minima), width="stretch")
counts = sweep.outcome.value_counts()
right.caption(f"{len(sweep)} learning rates from {sweep.eta.min():g} to {sweep.eta.max():.3g}, {O.REGIME_STEPS} "
              "steps each, computed now in one batched descent: "
              + ", ".join(f"{n} {o}" for o, n in counts.items()) + ".")

st.header("3 · Idea 2: adaptive learning rates, a race")
st.markdown("The lecture's five optimizers race: all start from the same point with the same η.")
rules = st.expander("The update rules", icon=":material/functions:", key="lro_rules", on_change="rerun")
words.update_rules(rules, O.RULES, steady() if rules.open else None, O.STEADY_LR)
st.caption(words.SGD_NOTE)
frame.ahead("mini_batches", "Stochastic and mini-batch gradient descent")
DEFAULTS = {"eta": 0.1, "lr": 0.1, "steps": 100, "surf": "Multi-well", "sopt": "Adam", "slr": 1.0,
            "sched": O.SCHEDULES["cosine"], **{f"r_{k}": True for k in O.LECTURE}}
controls.presets(DEFAULTS, {"Race in the valley": {"surf": "Elongated valley"}, "η = 1 on every racer": {"lr": 1.0}})
c1, c2, c3 = st.columns([3, 2, 2], gap="medium")
with c1:
    st.markdown("**Racers**")
    row = st.container(horizontal=True)
    racers = tuple(k for k in O.LECTURE if controls.toggle(OPTIMIZERS[k][0], f"r_{k}", True, where=row))
lr = controls.learning_rate("Learning rate η (every racer)", "lr", 0.1, where=c2)
steps = controls.slider("Steps", "steps", 10, 150, 100, 10, where=c2)
name = controls.select("Surface", "surf", {v[0]: k for k, v in O.SURFACES.items()}, "Multi-well", where=c3)
go = c3.button("Start the race", type="primary", icon=":material/sports_score:", key="race", width="stretch",
               disabled=not racers)
if not racers:
    st.info("Pick at least one racer.", icon=":material/group_off:")
settings = (name, racers, lr, steps)
state = st.session_state.get("lro_race")
if state and state["settings"] != settings:
    state = None
image, mins = surface_map(name)
label, _, start, box, formula = O.SURFACES[name]
s_col, n_col = st.columns(2, gap="large")
s_col.markdown(f"**On a test surface:** {label}")
s_col.latex(formula)
n_col.markdown(f"**On a real network:** {O.NET_DATA[1]} points of the *{O.NET_DATA[0]}* data, a 2-"
               f"{'-'.join(map(str, O.NET_HIDDEN))}-1 {O.NET_ACTIVATION} network, full-batch, same initial weights")
s_slot, s_cap, n_slot, n_cap = s_col.empty(), s_col.empty(), n_col.empty(), n_col.empty()
labels = [OPTIMIZERS[r][0] for r in racers]


def draw_net(net):
    n_slot.vega_lite_chart(oc.net_loss_spec(net, racers, labels, steps), width="stretch")


if go and racers:
    bar = st.progress(0.0, text="Racing on the surface…")
    surf = surface_race(name, racers, lr, steps)
    s_slot.vega_lite_chart(oc.surface_spec(image, box, surf, start, mins, racers, labels), width="stretch")
    net = O.race_network(racers, lr, steps, on_progress=lambda df, f: (
        bar.progress(f, text=f"Training the network: step {round(f * steps)} of {steps}"), draw_net(df)))
    bar.empty()
    state = st.session_state["lro_race"] = {"settings": settings, "surface": surf, "net": net}
if state:
    surf, net = state["surface"], state["net"]
    ends = O.race_summary(surf, name).set_index("racer")
    final = net.groupby("racer", sort=False).tail(1).set_index("racer")
    s_slot.vega_lite_chart(oc.surface_spec(image, box, surf, start, mins, racers, labels), width="stretch")
    draw_net(net)
    s_cap.caption(oc.surface_caption(label, steps, lr, ends))
    n_cap.caption(oc.net_caption(final))
    st.dataframe(oc.race_table(ends, final), hide_index=True, column_config=oc.race_table_config())
else:
    s_slot.vega_lite_chart(oc.surface_spec(image, box, None, start, mins, racers, labels), width="stretch")
    s_cap.caption(f"{label}: the start and the minima (crosses); darker grey is higher f. No race for these "
                  "settings yet.")
    n_cap.info("Press **Start the race** to run the racers on both courses.", icon=":material/sports_score:")
st.markdown("**The one line that changes.** Everything else in the training loop (section 4) stays the same:")
st.code("\n".join(f"optimizer = {optimizer_code(r, lr)}" for r in racers) or "# pick a racer", language="python")

st.header("4 · Putting it all together")
st.markdown(words.TOGETHER)
st.code(words.TOGETHER_CODE, language="python")

st.header("5 · Beyond the lecture: a learning-rate schedule")
st.markdown("Not in the lecture: η need not stay constant. A **schedule** (`torch.optim.lr_scheduler`) starts "
            "large and shrinks η as training goes on: big steps early, small careful steps at the end.")
a, b, c = st.columns(3, gap="medium")
sopt = controls.select("Optimizer", "sopt", {OPTIMIZERS[k][0]: k for k in O.LECTURE}, "Adam", where=a)
slr = controls.learning_rate("Starting η", "slr", 1.0, where=b)
kind = controls.select("Schedule", "sched", {v: k for k, v in O.SCHEDULES.items()}, O.SCHEDULES["cosine"], where=c)
sched_key = (sopt, slr, kind)
if run_button("Compare constant and scheduled η", icon=":material/compare_arrows:", key="schedule"):
    with live_run.working("Training twice…"):
        run = O.schedule_race(sopt, slr, O.SCHEDULE_STEPS, kind)
        st.session_state["lro_sched"] = {"settings": sched_key, "run": run}
sched = st.session_state.get("lro_sched")
if sched and sched["settings"] == sched_key:
    run = sched["run"]
    st.vega_lite_chart(oc.schedule_spec(run, O.SCHEDULES[kind], O.SCHEDULE_STEPS), width="stretch")
    last = run.groupby("series").loss.last()
    st.caption(f"{OPTIMIZERS[sopt][0]} from η = {slr:g}, {O.SCHEDULE_STEPS} steps: final training loss "
               f"{text.num(last['constant'])} at a constant η, {text.num(last[kind])} with {O.SCHEDULES[kind]}.")

frame.try_this(*words.TRY_THIS)
frame.check_yourself(*words.QUIZ)
# The script's network race (torch.optim, one racer at a time) against the page's: computed only while the panel
# is open, and only once a race is on the page.
agreement = (O.race_agreement(state["net"], script_race(racers, lr, steps))
             if state and st.session_state.get(frame.CODE_PANEL) else None)
frame.code_panel(cg.optimizers_code(eta, name, racers, lr, steps, sopt, slr, kind), words.code_caption(agreement))
frame.footer("learning_rate_and_optimizers")

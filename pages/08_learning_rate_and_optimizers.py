import streamlit as st

from core import codegen_optimizers as cg, optimizers as O
from core.optim import OPTIMIZERS, optimizer_code
from ui import controls, frame, live, optimizer_charts as oc, text
from ui.live import run_button

frame.page("learning_rate_and_optimizers", "\"Training neural networks is difficult\": the loss landscape of a real "
           "network is full of hills and false valleys. The **learning rate** η sets the size of each step "
           "W ← W − η ∂J/∂W. Too small and training crawls and gets stuck; too large and it overshoots and diverges. "
           "How to set it? *Idea 1*: try lots of learning rates and see what works. *Idea 2*: do something smarter: "
           "**adaptive** learning rates that grow or shrink with the gradients. Optimizers such as Adam, Adadelta, "
           "Adagrad and RMSprop do this, and switching between them is a single line change.")
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


@st.cache_data(max_entries=8, show_spinner=False)
def surface_map(name: str):
    f = O.surface_grid(name, 201)
    return oc.surface_image(f, O.levels(f)), O.surface_minima(name)


st.header("1 · The learning rate: three regimes")
st.markdown(f"A loss with one weight w, so the whole landscape fits on a line: a wide bowl whose **global minimum** "
            f"is J = 0 at w = 0, and on its wall a narrow dip, a **false local minimum** at w = {f_w:.3f} "
            f"(J = {f_J:.3f}). Gradient descent (`torch.optim.SGD`) starts at w = {O.START_W:g} and takes "
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
st.caption(f"Beyond the lecture, why: near a minimum each step multiplies the distance to it by 1 − η J'', so "
           f"the minimum holds gradient descent only if η < 2 / J''. The dip is sharp (J'' = {sharp:.2f}): it holds "
           f"only η < {2 / sharp:.3f}. The bowl is wide (J'' = {wide:g}): it holds every η < {2 / wide:g}. Beyond "
           "that each step overshoots further.")

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
st.markdown("Each racer is a `torch.optim` optimizer; all start from the same point with the same η. g is ∂J/∂W at "
            "this step; squares, roots and divisions are per weight, so each weight gets its own step size.")
with st.expander("The update rules", icon=":material/functions:"):
    for key, (why, rule) in O.RULES.items():
        st.markdown(f"**{OPTIMIZERS[key][0]}**: {why}")
        st.latex(rule)
DEFAULTS = {"eta": 0.1, "lr": 0.1, "steps": 100, "surf": "Multi-well", "sopt": "Adam", "slr": 1.0,
            "sched": O.SCHEDULES["cosine"], **{f"r_{k}": True for k in OPTIMIZERS}}
controls.presets(DEFAULTS, {"Race in the valley": {"surf": "Elongated valley"}, "η = 1 on every racer": {"lr": 1.0}})
c1, c2, c3 = st.columns([3, 2, 2], gap="medium")
with c1:
    st.markdown("**Racers**")
    row = st.container(horizontal=True)
    racers = tuple(k for k in OPTIMIZERS if controls.toggle(OPTIMIZERS[k][0], f"r_{k}", True, where=row))
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
st.markdown("**The one line that changes.** Everything else in the training loop stays the same:")
st.code("\n".join(f"optimizer = {optimizer_code(r, lr)}" for r in racers) or "# pick a racer", language="python")

st.header("4 · Beyond the lecture: a learning-rate schedule")
st.markdown("Not in the lecture: η need not stay constant. A **schedule** (`torch.optim.lr_scheduler`) starts "
            "large and shrinks η as training goes on: big steps early, small careful steps at the end.")
a, b, c = st.columns(3, gap="medium")
sopt = controls.select("Optimizer", "sopt", {v[0]: k for k, v in OPTIMIZERS.items()}, "Adam", where=a)
slr = controls.learning_rate("Starting η", "slr", 1.0, where=b)
kind = controls.select("Schedule", "sched", {v: k for k, v in O.SCHEDULES.items()}, O.SCHEDULES["cosine"], where=c)
sched_key = (sopt, slr, kind)
if run_button("Compare constant and scheduled η", icon=":material/compare_arrows:", key="schedule"):
    with live.working("Training twice…"):
        run = O.schedule_race(sopt, slr, O.SCHEDULE_STEPS, kind)
        st.session_state["lro_sched"] = {"settings": sched_key, "run": run}
sched = st.session_state.get("lro_sched")
if sched and sched["settings"] == sched_key:
    run = sched["run"]
    st.vega_lite_chart(oc.schedule_spec(run, O.SCHEDULES[kind], O.SCHEDULE_STEPS), width="stretch")
    last = run.groupby("series").loss.last()
    st.caption(f"{OPTIMIZERS[sopt][0]} from η = {slr:g}, {O.SCHEDULE_STEPS} steps: final training loss "
               f"{text.num(last['constant'])} at a constant η, {text.num(last[kind])} with {O.SCHEDULES[kind]}.")

frame.try_this(
    "In section 2, walk your η up from 0.001: crawling (still far off after 60 steps), then stuck in the false "
    "minimum, then, from 0.5, over the dip to the global minimum. At η = 8 it bounces between two points for ever; "
    "at 10 it diverges.",
    "Race on the **Elongated valley** at η = 0.1: SGD crawls along the flat direction; momentum, Adam and RMSprop "
    "do not. Adagrad and Adadelta take small steps at this η: Adadelta is built for η = 1.",
    "Set η = 1 and race: SGD and momentum do well on the network, Adam and RMSprop thrash. Then in section 4 start "
    "Adam at η = 1 with a cosine schedule: it ends about 40 times lower than at a constant η = 1.",
)
frame.check_yourself(
    "learning_rate", "Why can a larger learning rate skip a false local minimum that traps a small one?",
    ["A larger η makes the gradient bigger", "A sharp dip cannot hold steps longer than about 2 / J''",
     "Adaptive optimizers are used automatically"], 1,
    "Near a minimum each step multiplies the distance by 1 − η J''. In a sharp dip (large J'') a moderate η makes "
    "that factor less than −1, so the iterate is thrown out, while the wide bowl still holds it.")
frame.code_panel(cg.optimizers_code(eta, name, racers, lr, steps, sopt, slr, kind),
                 "Paste into a notebook: it prints the regimes, your η, the race on both courses and the schedule.")
frame.footer("learning_rate_and_optimizers")

"""Words of the learning-rate and optimizers page: the recap, what each optimizer of the lecture's list does with
its step, "Putting it all together" (prose and a script that runs with torch alone), the captions built from the
page's numbers, the experiments and the quiz.
No torch here: the page passes the numbers it computed with core.learning_rate_and_optimizers."""

import math

import pandas as pd
import streamlit as st

from ui.text import num

RECAP = (
    "\"Training neural networks is difficult\": the loss landscape of a real network is messy, with many local "
    "minima. The **learning rate** η sets the size of each step W ← W − η ∂J/∂W, and it is hard to set: too small "
    "and training crawls and gets stuck, too large and it overshoots and diverges. How to set it? *Idea 1*: try "
    "lots of learning rates and see what works. *Idea 2*: do something smarter: **adaptive** learning rates, made "
    "larger or smaller depending on how large the gradient is, how fast learning is happening, and more. The "
    "lecture's list of optimizers: SGD, Adam, Adadelta, Adagrad and RMSProp (in PyTorch `torch.optim.SGD`, "
    "`Adam`, `Adadelta`, `Adagrad`, `RMSprop`); all but SGD adapt their steps, and switching between them is a "
    "single line change. Then, putting it all together: a model, an optimizer and the training loop.")

REGIME_LOSS = r"J(w) = \frac{w^2}{8} - 0.8\, e^{-(w + 3)^2 / (2 \cdot 0.3^2)}"


def idea1_lead(start_w: float, steps: int) -> str:
    """Section 1's first line: what the run under the learner's η is, before its numbers (the loss itself follows the
    chart)."""
    return (f"From w = {num(start_w)}, {steps} steps of gradient descent on a one-weight loss with a global and a "
            "false minimum (see under the chart).")


def regimes_intro(f_w: float, f_J: float, start_w: float, steps: int) -> str:
    """The loss with one weight of sections 1 and 2: its two minima (the false one at w = f_w, J = f_J) and the run."""
    return (f"A loss with one weight w, so the whole landscape fits on a line: a wide bowl whose **global minimum** "
            f"is J = 0 at w = 0, and on its wall a narrow dip, a **false local minimum** at w = {num(f_w)} "
            f"(J = {f_J:.3f}). Gradient descent (`torch.optim.SGD`) starts at w = {num(start_w)} and takes "
            f"{steps} steps.")


def regime_caption(eta: float, steps: int, r) -> str:
    """How one regime's run ended (r: its row of core.learning_rate_and_optimizers.regime_summary)."""
    where = (f"ended at w = {num(r.w_end)}, J = {num(r.J_end)}" if r.outcome != "diverged" else
             f"left the chart at step {r.left_view}; |w| reached {r.max_abs_w:,.0f}")
    return f"η = {eta:g}, {steps} steps: {r.outcome}; {where}."


def curvature_note(sharp: float, wide: float) -> str:
    """Why the regimes differ: the curvature J'' of the dip (sharp) and of the bowl (wide)."""
    return (f"Beyond the lecture, why: near a minimum each step multiplies the distance to it by 1 − η J'' (J'' is "
            f"the curvature, the second derivative), so the minimum holds gradient descent only if η < 2 / J'', and "
            f"without overshooting only if η ≤ 1 / J''. The dip is sharp (J'' = {sharp:.2f}): it holds only "
            f"η < {2 / sharp:.3f}. The bowl is wide (J'' = {wide:g}): it holds every η < {2 / wide:g}; at η = "
            f"{2 / wide:g} the factor is −1 and the steps swing from side to side; beyond, each step overshoots "
            "further. On the gradient-descent page's (x − 4)², J'' = 2 everywhere: it converges for 0 < η < 1, "
            "without overshooting for η ≤ 0.5, swings for ever between two points at η = 1 and diverges for η > 1.")


def sweep_caption(sweep: pd.DataFrame, steps: int) -> str:
    """Section 1's sweep: its learning rates and how many runs ended each way."""
    counts = sweep.outcome.value_counts()
    return (f"{len(sweep)} learning rates from {sweep.eta.min():g} to {sweep.eta.max():.3g}, {steps} "
            "steps each, computed now in one batched descent: "
            + ", ".join(f"{n} {o}" for o, n in counts.items()) + ".")


# The lecture's list, in its order: key -> (the lecture's name, torch.optim's class, what it does with its step).
# Every "steady gradient" statement is checked against torch.optim (core.learning_rate_and_optimizers.steady_steps).
LECTURE = {
    "sgd": ("SGD", "SGD", "the lecture's rule. Every weight steps by η times its own gradient: a steep gradient "
            "means a big step, a flat one a small step."),
    "adam": ("Adam", "Adam", "a running average m of the gradients, divided by the root of a running average s of "
             "their squares (as RMSProp does). Under a steady gradient every weight steps by η, whatever the size "
             "of its gradient. Dividing by 1 − 0.9ᵗ and 1 − 0.999ᵗ makes up for both averages starting at 0."),
    "adadelta": ("Adadelta", "Adadelta", "like RMSProp, but the step is also scaled by the root of a running "
                 "average u of its own past steps Δ². u starts at 0, so the first steps are tiny (about 0.003 η) "
                 "and grow slowly. PyTorch's default η for Adadelta is 1."),
    "adagrad": ("Adagrad", "Adagrad", "divides by the root of G, the sum of all past squared gradients. G only "
                "grows, so under a steady gradient the step shrinks like η / √t."),
    "rmsprop": ("RMSProp", "RMSprop", "divides by the root of a running average s of the squared gradients. Under "
                "a steady gradient the step settles at η, whatever the size of the gradient; the first step is "
                "10 η, because s starts at 0."),
}

RULES_INTRO = ("∇ is the gradient ∂J/∂W at this step and t counts the steps; squares such as (∇)², roots and "
               "divisions are per weight, so in the adaptive optimizers each weight gets its own step size. Every "
               "running average starts at 0.")


def update_rules(where, latex: dict[str, str], steady: pd.DataFrame | None, lr: float) -> None:
    """Each optimizer of the lecture's list: what it does with its step, its rule, and the step sizes it took
    under a steady gradient (steady: core.learning_rate_and_optimizers.steady_steps; None while the panel is closed)."""
    where.markdown(RULES_INTRO)
    for key, (name, cls, words) in LECTURE.items():
        where.markdown(f"**{name}** (`torch.optim.{cls}`): {words}")
        where.latex(latex[key])
    if steady is None:
        return
    names = {k: v[0] for k, v in LECTURE.items()}
    table = steady.assign(optimizer=steady.racer.map(names),
                          column=[f"∇ = {g:g}, step {t}" for g, t in zip(steady.g, steady.t)])
    wide = table.pivot(index="optimizer", columns="column", values="per_eta")
    wide = wide.loc[list(names.values()), list(dict.fromkeys(table.sort_values(["t", "g"], ascending=[True, False])
                                                             .column))]
    where.markdown(f"**Under a steady gradient.** One weight whose gradient ∇ is the same at every step, run with "
                   f"each `torch.optim` optimizer at η = {lr:g}. The table gives the size of step t in multiples "
                   "of η:")
    where.dataframe(wide.reset_index(), hide_index=True,
                    column_config={c: st.column_config.NumberColumn(format="%.4g") for c in wide.columns})


CODE_CAPTION = "Paste into a notebook: it prints the regimes, your η, the race on both courses and the schedule."


def code_caption(agreement: pd.DataFrame | None) -> str:
    """The code panel's caption: what the script prints and, once the race has run, whether its network race prints
    the page's numbers (agreement: core.learning_rate_and_optimizers.race_agreement; None before a race)."""
    how = (" On the network the script trains each racer alone with `torch.optim`; the page trains the racers "
           "together in one batch on nnlab's fast engine (the same update rules from the same initial weights, with "
           "hand-derived gradients)")
    if agreement is None or agreement.empty:
        return CODE_CAPTION + how + ": start the race, and this caption says whether the two print the same losses."
    same, apart = agreement[agreement.agree], agreement[~agreement.agree]
    if apart.empty:
        who = _names(same.label) if len(same) == 1 else ("both racers" if len(same) == 2 else "every racer")
        return CODE_CAPTION + how + f": for {who} the script prints the page's final training loss to within 0.1 %."
    out = CODE_CAPTION + how + ". "
    if len(same):
        out += f"For {_names(same.label)} it prints the page's final training loss to within 0.1 %. "
    for r in apart.itertuples():
        out += (f"For {r.label} it prints {_loss(r.script, r.script_diverged)} where the page shows "
                f"{_loss(r.page, r.page_diverged)}: ")
        out += (f"the two runs differ from step {r.parted:.0f}. " if math.isnan(r.together_until) else
                f"the two runs agree to within 0.1 % up to step {r.together_until:.0f}, then drift apart. ")
    return out + ("The engine and `torch.optim` order their floating-point operations differently, so they round "
                  f"differently, and {'these runs magnify' if len(apart) > 1 else 'this run magnifies'} such "
                  "differences step by step.")


def _names(labels) -> str:
    labels = list(labels)
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _loss(v: float, diverged: bool) -> str:
    return num(v) + (" (diverged)" if diverged else "")


SGD_NOTE = ("On both courses every step uses the exact gradient (on the network, of all its training points), so "
            "`torch.optim.SGD` takes the lecture's plain gradient-descent step. It becomes *stochastic* gradient "
            "descent when each step uses a randomly drawn example or mini-batch.")

RACE_INTRO = "The lecture's five optimizers race: all start from the same point with the same η."


def network_course(data: tuple, hidden: tuple, activation: str) -> str:
    """The race's second course: the network (data: (name, number of points)) and how it trains."""
    return (f"**On a real network:** {data[1]} points of the *{data[0]}* data, a 2-"
            f"{'-'.join(map(str, hidden))}-1 {activation} network, full-batch, same initial weights")


def no_race(label: str) -> str:
    """The test surface's caption before a race of these settings."""
    return f"{label}: the start and the minima (crosses); darker grey is higher f. No race for these settings yet."


PRESS_RACE = "Press **Start the race** to run the racers on both courses."

TOGETHER = (
    "Every training run is the same loop. Build a **model**, pick an **optimizer**, then repeat: the **forward "
    "pass** (the model's prediction), the **loss**, the **gradients** by backpropagation (`loss.backward()`), and "
    "the **optimizer step** (`optimizer.step()`), which changes the weights by the optimizer's rule. "
    "`optimizer.zero_grad()` clears the old gradients before `loss.backward()`, because PyTorch adds new "
    "gradients to the ones already stored. Trying another optimizer of the list changes only the `optimizer =` "
    "line. This script runs as it is, with torch alone: it prints the loss every 100 steps, and the loss falls "
    "each time.")

TOGETHER_CODE = '''import torch
from torch import nn

torch.manual_seed(0)
# The data: 200 examples with 2 inputs each; the label is 1 where both inputs have the same sign.
x = torch.randn(200, 2)
y = (x[:, 0] * x[:, 1] > 0).float().unsqueeze(1)

# The model: 2 inputs -> 16 ReLU units -> 1 output, a probability (sigmoid).
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
loss_fn = nn.BCELoss()                                     # binary cross-entropy
# Pick your favourite optimizer: torch.optim.SGD, Adam, Adadelta, Adagrad or RMSprop.
# Switching optimizers changes only this line.
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for step in range(501):
    prediction = model(x)                 # forward pass through the network
    loss = loss_fn(prediction, y)         # compute the loss
    optimizer.zero_grad()                 # clear the gradients of the previous step
    loss.backward()                       # the gradients, by backpropagation
    optimizer.step()                      # update the weights using the gradients
    if step % 100 == 0:
        print(f"step {step}: loss {loss.item():.4f}")
'''

SCHEDULE = ("Not in the lecture: η need not stay constant. A **schedule** (`torch.optim.lr_scheduler`) starts "
            "large and shrinks η as training goes on: big steps early, small careful steps at the end.")


def schedule_caption(optimizer: str, lr: float, steps: int, run: pd.DataFrame, kind: str, kind_label: str) -> str:
    """Section 5's two runs (run: core.learning_rate_and_optimizers.schedule_race): their final training losses."""
    last = run.groupby("series").loss.last()
    return (f"{optimizer} from η = {lr:g}, {steps} steps: final training loss "
            f"{num(last['constant'])} at a constant η, {num(last[kind])} with {kind_label}.")


TRY_THIS = (
    "In section 1, walk your η up from 0.001: from 0.001 to 0.01 it crawls (still far off after 60 steps); from "
    "0.02 to 0.2 it is stuck in the false minimum; at 0.3 it bounces inside the dip; from 0.5 to 5 it jumps over "
    "the dip and reaches the global minimum. At η = 8 it jumps from side to side and gets no closer; at 10 it "
    "diverges.",
    "Race on the **Elongated valley** at η = 0.1: SGD crawls along the flat direction; Adam and RMSProp do not. "
    "Adagrad and Adadelta take small steps at this η, Adadelta the smallest (see the update rules for why).",
    "Set η = 1 and race: on the network SGD's loss never rises above where it started, while on the very first "
    "step Adam and Adagrad jump to more than 5 times it and RMSProp to more than 30 times: their first step moves "
    "every weight by η (RMSProp's by 10 η), whatever its gradient. Then in section 5 start Adam at η = 1 with a "
    "cosine schedule: it ends about 40 times lower than at a constant η = 1.",
)

QUIZ = dict(
    question="Why can a larger learning rate skip a false local minimum that traps a small one?",
    options=["A larger η makes the gradient bigger", "A sharp dip holds gradient descent only while η < 2 / J''",
             "Adaptive optimizers are used automatically"],
    answer=1,
    why="Near a minimum each step multiplies the distance to it by 1 − η J''. In a sharp dip (large J'') a moderate "
        "η makes that factor less than −1: the iterate cannot settle at the bottom, and a larger η throws it out "
        "of the dip, while the wide bowl (small J'') still holds it.",
)

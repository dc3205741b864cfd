"""Words of the Dropout page: the recap, the sentences built from the page's own numbers (the statistics, what the
two passes show, what an optimizer step does to the weights of dropped units, how the two trainings compare), the
"Try this" items and the "Check yourself" question. No torch and no streamlit here: the page passes plain numbers
and numpy masks from core.dropout."""

import numpy as np

RECAP = ("Dropout fights overfitting: **during training, randomly set some activations to 0**, typically 50 % of the "
         "activations in a layer. This forces the network not to rely on any one node, and lowers its capacity. "
         "Every forward pass takes **a new random pathway**, so the same sample fed twice gives different outputs. "
         "Dropped nodes get no gradient on that step. In PyTorch: `torch.nn.Dropout(p=0.5)`, with p the probability "
         "of dropping a unit.")

FORMULA = (r"r_j \sim \mathrm{Bernoulli}(1-p), \qquad \tilde{h}_j = \begin{cases} \dfrac{r_j\, h_j}{1-p} & "
           r"\text{training: } h_j \text{ dropped with probability } p \\[4pt] h_j & \text{evaluation (no dropout)}"
           r"\end{cases}")

SCALING = ("The 1/(1 − p) scaling of the survivors (\"inverted dropout\", what nn.Dropout does; beyond the lecture) "
           "keeps each unit's expected output equal to h, so the network needs no change between training and "
           "evaluation.")


def stats_caption(p: float, stats: dict) -> str:
    """nn.Dropout(p) on a million ones (stats: core.dropout.dropout_stats)."""
    return (f"nn.Dropout({p:g}) in training mode on a million ones: {stats['zero_fraction']:.2%} became 0 and the "
            f"rest became 1/(1 − {p:g}) = {stats['scale']:.4g}. In evaluation mode the output equals the input: "
            f"{'yes' if stats['eval_identity'] else 'no'}.")


def pass_caption(k: int, one: dict, p: float, train_mode: bool) -> str:
    """Under the diagram of pass k (one: that pass from core.dropout.forward_passes)."""
    if not train_mode:
        return (f"Pass {k} of x = [−1, 2] in evaluation mode: no unit dropped, each passes on its h unchanged; "
                f"ŷ = {one['y_hat']:.4f}.")
    dropped = sum(int((~m).sum()) for m in one["kept"])
    return (f"Pass {k} of x = [−1, 2]: {dropped} of 12 hidden units dropped (grey, ✕; their weights carry "
            f"nothing), the others pass on h/(1 − p); ŷ = {one['y_hat']:.4f}. Each unit is dropped on its own "
            f"with probability p, so the count varies around p × 12 = {p * 12:g}.")


def passes_message(train_mode: bool, p: float, passes: list[dict]) -> tuple[str, str]:
    """(kind, text) of the box under the two passes: kind is "success" or "info"."""
    if not train_mode:
        return "info", "Evaluation mode: dropout is switched off, every unit is kept, and both passes give the same ŷ."
    if p == 0:
        return "info", "p = 0 drops nothing: both passes are the same."
    same_units = all(np.array_equal(a, b) for a, b in zip(passes[0]["kept"], passes[1]["kept"]))
    if same_units:
        none = all(k.all() for one in passes for k in one["kept"])
        return "info", ("Training mode, but this time " + ("neither pass happened to drop a unit" if none else
                                                           "both passes happened to drop the same units")
                        + ", so they gave the same output. Change the seed for new random pathways.")
    if passes[0]["y_hat"] != passes[1]["y_hat"]:
        return "success", ("Training mode: the two passes dropped different units, so the same input gave two "
                           "different outputs.")
    last_layer_gone = not any(one["kept"][-1].any() for one in passes)
    return "info", ("Training mode: the two passes dropped different units, yet gave the same output"
                    + (": every unit of the last hidden layer was dropped in both, so ŷ is the output bias alone."
                       if last_layer_gone else "."))


def optimizer_note(moves: dict) -> str:
    """What plain SGD and Adam do to the dropped units' incoming weights (core.dropout.step_on_dropped)."""
    sgd, adam, n = moves["sgd"], moves["adam"], moves["dropped"]
    stays = ": they stay as they are" if sgd["change"] == 0 else ""
    if adam["moved"] == n:
        moved = (f"moved the incoming weights of all {n} dropped units, by up to {adam['change']:.2g}, although "
                 "their gradient on this step is 0")
    elif adam["moved"]:
        moved = (f"moved the incoming weights of {adam['moved']} of the {n} dropped units, by up to "
                 f"{adam['change']:.2g}; the others had no gradient on any earlier step either, so Adam had "
                 "nothing to carry over")
    else:
        moved = ("moved none of them here: these units had no gradient on any earlier step either, so Adam had "
                 "nothing to carry over")
    return ("**Does a zero gradient mean the weights stay put?** With plain gradient descent, yes; with Adam, not "
            f"necessarily. Take {moves['earlier']} training steps on J = ŷ, each with new masks, then one more with "
            f"pass 1's masks, η = {moves['lr']}. Plain SGD, W ← W − η ∂J/∂W, changes the dropped units' incoming "
            f"weights by {sgd['change']:.2g}{stays}. Adam, which trains the networks below, keeps running averages "
            f"of earlier gradients (momentum): its step {moved}.")


GRADIENT_COLUMNS = {"dyhat_dh": "∂ŷ/∂h", "incoming_grad_norm": "‖gradient of its incoming weights‖"}


def gradient_caption(dropped: int) -> str:
    """Under the gradient table: the dropped units get none."""
    return (f"Pass 1 in training mode (whatever the Mode above), then ŷ.backward(): the {dropped} dropped units have "
            "∂ŷ/∂h = 0, and the gradient of their incoming weights is exactly 0. (With a batch of inputs, each "
            "input draws its own mask, and a unit's weights get gradient from the inputs that kept it.)")


def compare_intro(settings) -> str:
    """The two trainings compared (settings: core.dropout.CompareSettings)."""
    return (f"{settings.n_train} noisy points, one wide network (two hidden layers of "
            f"{settings.hidden} ReLU units), trained {settings.steps:,} full-batch Adam steps "
            f"twice from the same initial weights: once as is, once with nn.Dropout({settings.p:g}) after each hidden "
            "layer. A held-out test set of 200 points shows which fit generalises. Both losses are measured in "
            "evaluation mode (dropout off), as the trained network would be used.")


def fits_caption(runs: dict) -> str:
    """Under the two fits: each run's final losses."""
    return ("Fits: " + "; ".join(f"{n}: training loss {v['train_loss']:.3f}, test loss {v['test_loss']:.3f}"
                                for n, v in runs.items()) + ". Dashed grey: the true curve.")


def verdict(runs: dict) -> tuple[bool, str]:
    """(helped, text): whether dropout lowered the test loss, and the sentence that says how the two compare."""
    a, b = runs["without dropout"], runs["with dropout"]
    gap_a, gap_b = a["test_loss"] - a["train_loss"], b["test_loss"] - b["train_loss"]
    helped = b["test_loss"] < a["test_loss"]
    said = (f"Here dropout lowered the test loss from {a['test_loss']:.3f} to {b['test_loss']:.3f}" if helped else
            f"Here dropout did not help: test loss {b['test_loss']:.3f} against {a['test_loss']:.3f} without it "
            "(with so few points a large p can also underfit; try a smaller p or another seed)")
    return helped, (f"{said}. Training loss: {a['train_loss']:.3f} without, {b['train_loss']:.3f} with dropout; the "
                    f"gap between test and training loss: {gap_a:.3f} without, {gap_b:.3f} with.")


PRESS_TRAIN = "Press **Train both** to train the two networks (a few seconds)."

TRY_THIS = (
    "At p = 0.5 compare pass 1 and pass 2: different units are crossed out and ŷ differs. Switch to evaluation "
    "mode: nothing is dropped and both passes agree.",
    "Change the seed: a new random pathway. Move p to 0.9: most units are dropped, and the survivors are "
    "multiplied by 10.",
    "At the defaults (p = 0.5, seed 1) press **Train both**: without dropout the training loss falls near 0 while "
    "the test loss stays well above it: overfitting. With dropout the training loss stays higher (lower "
    "capacity), the fit is smoother and the test loss is lower. Then try other seeds and p: dropout is a "
    "regulariser, not a guarantee.",
)

QUIZ = dict(
    question="One input, training mode, p = 0.5: a hidden unit is dropped on this step. The network is trained "
             "with Adam, as on this page, and has taken steps before. What happens to the unit's incoming weights?",
    options=["They are set to 0 for good",
             "Their gradient on this step is exactly 0, so they stay exactly as they are",
             "Their gradient on this step is exactly 0, yet Adam can still move them",
             "They get twice the gradient, to make up for the dropped unit"],
    answer=2,
    why="Dropping sets the unit's output to 0 for this pass only, so no path leads from its incoming weights to the "
        "loss: their gradient on this step is exactly 0. Plain gradient descent would leave them as they are, but "
        "Adam's step uses running averages of earlier gradients, so they still move (unless every earlier gradient "
        "was 0 too). On the next pass the unit may well be kept. (It is the kept units whose outputs are doubled, "
        "by 1/(1 − p).)",
)

CODE_CAPTION = ("Paste into a notebook: it prints the statistics, the two passes, the gradients, what SGD and Adam "
                "then do to the dropped units' weights, and both trainings' final losses shown here.")

"""The Dropout page's longer sentences, built from the page's own numbers: what the two passes show, what an
optimizer step does to the weights of dropped units, the "Try this" items and the "Check yourself" question.
No torch and no streamlit here: the page passes plain numbers and numpy masks from core.dropout."""

import numpy as np


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

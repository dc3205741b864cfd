"""Words of the early-stopping page: the recap, the sentences built from the run's own numbers, the experiments and
the quiz. No torch here: the page passes the settings (core.early_stopping.EarlySettings) and the run's result."""

RECAP = ("Watch two curves during training: the loss on the training data and the loss on **held-out** validation "
         "data the network never trains on. At first both fall. Later the training loss keeps falling while the "
         "validation loss starts to rise: the network is memorising its training points. Save checkpoints as you go "
         "and **take the model at the minimum of the validation curve: \"Stop training here!\"** Left of that point "
         "the model is under-fitting, right of it over-fitting.")

FORMULA = (r"J_{\text{val}}(W) = \tfrac{1}{n_{\text{val}}}\sum_{i \in \text{val}} "
           r"\big(y^{(i)} - \hat{y}^{(i)}\big)^2, \qquad "
           r"k^\star = \arg\min_{k \,\le\, k_{\text{stop}}} J_{\text{val}}(W_k), \qquad \text{keep } W_{k^\star}")

CHECKPOINTS = ("Wₖ: the weights at the k-th evaluation, saved as a checkpoint; k_stop: the evaluation at which "
               "patience runs out (see below), or the last one.")


def setup(n_train: int, n_val: int, n_test: int, settings, parameters: int) -> str:
    """The split, the test set and the network (settings: core.early_stopping.EarlySettings)."""
    return (f"{n_train + n_val} noisy points: {n_train} for training, {n_val} for validation; "
            f"a separate test set of {n_test} points, used only to report how the chosen model does, never "
            f"to choose it. The network 1-{'-'.join(map(str, settings.hidden))}-1 ({settings.activation}) has "
            f"{parameters:,} parameters for {n_train} training points: over-parameterised. Adam, "
            f"learning rate η = {settings.lr}, {settings.steps} full-batch steps.")


def live(step: int, train_loss: float, val_loss: float) -> str:
    """Under the curves while the network trains."""
    return f"Training… step {step:,}: training loss {train_loss:.4f}, validation loss {val_loss:.4f}."


PRESS_TRAIN = ("Press **Train** to train the network for the whole run and watch both curves. Early stopping "
               "then picks the checkpoint with the lowest validation loss seen before patience ran out.")


def points(n_train: int, n_val: int) -> str:
    """Under the data before a run."""
    return (f"The {n_train} training points (blue circles) and {n_val} validation points (orange "
            "squares): y = sin(1.5x) + x/3 (grey, dashed) plus noise.")


def curves_caption(result, settings) -> str:
    """Under the loss curves of a finished run (result: core.early_stopping.run)."""
    h = result.history
    stop = (f"With patience {settings.patience}, training would stop at step {result.stop_step:,}, after "
            f"{settings.patience} evaluation{'s' if settings.patience > 1 else ''} without improvement, and restore "
            f"the checkpoint of step {result.restored_step:,}."
            if result.stop_step is not None else
            f"Patience {settings.patience} never ran out within {settings.steps} steps; the best checkpoint of the "
            f"run (step {result.restored_step:,}) is restored.")
    b, end = h.train_loss.iloc[result.best_index], h.train_loss.iloc[-1]
    return (f"Loss over training, log scale. Validation loss is lowest at step "
            f"{result.step(result.best_index):,}; training loss {'goes on falling' if end < b else 'goes'} from "
            f"{b:.4f} there to {end:.4f} at the end. {stop}")


def fits_caption(result) -> str:
    """Under the two fits: the restored checkpoint against the final model."""
    h = result.history
    end, t_r = h.train_loss.iloc[-1], h.train_loss.iloc[result.restored_index]
    d_r, d_f = result.distance_to_truth("restored"), result.distance_to_truth("final")
    return (f"Restored checkpoint (green) against final model (vermillion): test loss {result.test_restored:.4f} "
            f"against {result.test_final:.4f}; training loss {t_r:.4f} against {end:.4f}; mean squared distance "
            f"from the true rule (grey, dashed) over x in [−3, 3] {d_r:.4f} against {d_f:.4f}."
            + (" The final model fits its training points more tightly but strays further from the rule: "
               "it has fitted their noise." if end < t_r and d_f > d_r else ""))


def not_clearly_better(result, n_val: int) -> str:
    """When the restored checkpoint is not clearly better on the test set than the final model."""
    return (f"Here the restored checkpoint is not clearly better on the test set than the final model "
            f"({result.test_restored:.4f} against {result.test_final:.4f}, less than 5 % lower). With "
            f"{n_val} validation points the validation loss is a rough estimate, or the network has "
            "not over-fitted much yet: try another seed or a larger split.")


PATIENCE = ("Beyond the lecture: patience (how many evaluations to wait) is the usual way to decide, while "
            "training, that the validation minimum has passed.")

TRY_THIS = (
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

QUIZ = dict(
    question="The training loss is still falling but the validation loss has risen for many evaluations. "
             "Which model should you keep?",
    options=["The final one: its training loss is lowest", "The checkpoint at the validation minimum",
             "The untrained one: it cannot have over-fitted"],
    answer=1,
    why="After the validation minimum the network fits noise in its training points (over-fitting). The validation "
        "loss estimates the loss on new data, so the checkpoint where it was lowest is the one expected to generalise "
        "best; the test set then reports how well it really does.",
)

CODE_CAPTION = ("The same run in plain PyTorch: it prints both losses at every evaluation, the stop step, and the two "
                "test losses shown here.")

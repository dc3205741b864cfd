"""Words of the mini-batches page: the recap, the captions built from the page's numbers, the experiments and the
quiz. No torch here: the page passes the settings (core.mini_batches.MiniSettings) and the numbers it computed."""

import pandas as pd

RECAP = ("Full-batch gradient descent computes the gradient as an average over **all** n data points, at every one of "
         "possibly millions of steps: expensive. **Stochastic gradient descent (SGD)** picks a single data point i "
         "and steps against its gradient ∂Jᵢ(W)/∂W: \"easy to compute but very noisy\". **Mini-batch gradient "
         "descent** averages over a batch of B points, \"something like 32 or 128\": a more accurate estimate, "
         "smoother convergence, and it **allows larger learning rates**; the B points can be computed in parallel "
         "(e.g. on a GPU). The randomness comes from **which** points are drawn, not from the gradient computation.")

FORMULA = (r"\nabla = \frac{\partial J(W)}{\partial W} = \frac{1}{n}\sum_{i=1}^{n} \frac{\partial J_i(W)}{\partial W}"
           r"\;\approx\; \nabla_B = \frac{1}{B}\sum_{k=1}^{B} \frac{\partial J_k(W)}{\partial W}, \qquad "
           r"W \leftarrow W - \eta\, \nabla_B")


def setup(settings) -> str:
    """The data, the network and the batch sizes compared (settings: core.mini_batches.MiniSettings)."""
    return (f"n = {settings.n} two-moons points; a 2-{settings.hidden[0]}-1 {settings.activation} network, binary "
            f"cross-entropy. Compared: B = {', '.join(map(str, settings.batch_sizes[:-1]))} and the full batch "
            f"B = n = {settings.n}. Every run steps with `torch.optim.SGD`: despite its name it only takes the step "
            "W ← W − η ∇\\_B, with ∇\\_B the gradient averaged over the batch; the batch size decides whether ∇\\_B "
            "comes from one example (the lecture's SGD), a mini-batch or all n.")


def cloud_caption(draws: int, spread: pd.Series) -> str:
    """The cloud of batch gradients (spread: the spread across, by batch size B)."""
    return (f"{draws} random batches per size at the initial weights, each batch's gradient drawn as a point "
            f"(along the true gradient, and across it where single examples spread most: a projection beyond the "
            f"lecture). The cloud shrinks as B grows: spread "
            f"across {spread.iloc[0]:.3f} for B = 1, {spread[32]:.3f} for B = 32, {spread[128]:.3f} for B = 128; "
            f"the full batch always lands exactly on the true gradient (black cross).")


def variance_caption(n: int, variance: pd.DataFrame) -> str:
    """The variance law (variance: measured and exact variance, indexed by B)."""
    return (f"Variance of the batch gradient against B, log-log: it falls like 1/B (slope −1). Drawing without "
            f"replacement from n = {n} makes it fall faster near n, by the factor (n−B)/(n−1), and reach 0 at B = n "
            f"(not drawn on a log axis). Measured at B = 128: {variance.measured[128]:.5f}; formula "
            f"{variance.exact[128]:.5f}. (The exact factor is beyond the lecture.)")


def batch_caption(draw: int, batch: dict, size: int) -> str:
    """One fixed batch (batch: core.mini_batches.fixed_batch) and its gradient computed twice."""
    shown = ", ".join(map(str, batch["indices"][:16])) + (", …" if size > 16 else "")
    again = ("gives exactly the same numbers: nothing in computing a gradient is random"
             if batch["repeat_difference"] == 0 else
             f"differs by at most {batch['repeat_difference']:.2g}, from rounding only")
    return (f"Batch {draw} holds examples {shown}. Computing its gradient again {again}. Change the draw number "
            "and a different batch, hence a different estimate, comes out: the noise of SGD is the random choice "
            "of examples.")


def race_intro(settings) -> str:
    """What the race compares (settings: core.mini_batches.MiniSettings)."""
    return (f"Every run starts from the **same initial weights** and uses the same data and η = {settings.lr:g}; "
            f"only B differs. Each sees {settings.epochs} × {settings.n} examples, so B = 1 takes "
            f"{settings.epochs * settings.n:,} steps and the full batch {settings.epochs}.")


def race_caption(summary: str) -> str:
    """Under the race's charts (summary: core.mini_batches.race_summary)."""
    return ("Training loss of each batch size against optimizer steps, against examples seen and against "
            "measured wall time. " + summary + " The wall-time curve is a measurement on this "
            "(shared) machine: it changes a little each time you train; all the losses do not.")


def diverged(batches) -> str:
    """The runs that diverged, by name."""
    return ("Some runs diverged (loss became inf or nan): " + ", ".join(batches)
            + ". Their curves stop where it happened. Try a smaller η.")


PRESS_TRAIN = "Press **Train all five** to train full batch, SGD and the mini-batches live."


def sweep_intro(lrs, steps: int) -> str:
    """The learning-rate sweep: the learning rates tried and the steps of each run."""
    return (f"For each B and each η in {', '.join(f'{v:g}' for v in lrs)}: {steps} steps of "
            "`torch.optim.SGD` on batches of B from the same initial weights, then the training loss on all n "
            "examples.")


def sweep_caption(summary: str) -> str:
    """Under the sweep's chart (summary: core.mini_batches.sweep_summary)."""
    return ("Loss after the steps against η, one line per batch size (log-log; runs that diverged are left out). "
            + summary)


SWEEP_COLUMNS = {"best_lr": "η with the lowest loss", "best_loss": "that loss",
                 "largest_stable_lr": "largest η ending below its start"}

PRESS_SWEEP = "Press **Run the learning-rate sweep** (25 short runs, a few seconds)."

TRY_THIS = (
    "In the first chart, compare the red cloud (SGD, B = 1) with the blue one (B = 128). The variance chart gives "
    "the factor: by the formula the variance is 255 times smaller at B = 128, 128 times for averaging 128 "
    "examples and about 2 times more, (n−B)/(n−1) = 128/255, because a batch of 128 is half of all the data. The "
    "typical distance from the true gradient shrinks by the square root: about 16 times.",
    "Press **Train all five**. Per **step**, the curves from B = 8 to the full batch nearly overlap and SGD's stays "
    "close to them: a step on 256 examples does little more than a step on 8. Per **example seen**, SGD is far "
    "ahead. Which batch size gets lowest soonest in **wall time** on this CPU? (On a GPU the B examples of a batch "
    "are computed in parallel.)",
    "Press **Large step η = 1** and train again: SGD's curve jumps about while B = 128 descends smoothly. "
    "Then run the sweep: where does each line turn up?",
)

QUIZ = dict(
    question="You compute the gradient of the same mini-batch twice. What happens?",
    options=["You get two different gradients: SGD is stochastic", "You get exactly the same gradient",
             "You get the full-batch gradient"],
    answer=1,
    why="The gradient of a fixed batch is deterministic. SGD is noisy only because each step draws a different "
        "random batch.",
)

CODE_CAPTION = ("Per-example gradients in one pass with torch.func, the variance law, and the five training runs: "
                "it prints the numbers shown here.")

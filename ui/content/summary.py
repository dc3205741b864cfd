"""The summary page's content as data: the lecture's closing slide, a self-check, and the learner's progress.

Plain Python: no torch and no streamlit, so the summary page never waits for
`import torch` and a unit test can check every fact and every link target.
"""

from dataclasses import dataclass

from ui import registry


@dataclass(frozen=True)
class Box:
    title: str
    icon: str
    points: tuple  # (the slide's words, the slugs of the pages that teach them)


# The slide "Core Foundation Review", box by box, in the slide's words; each point names its pages.
BOXES = (
    Box("The Perceptron", ":material/radio_button_checked:", (
        ("Structural building blocks", ("perceptron",)),
        ("Nonlinear activation functions", ("activation_functions",)),
    )),
    Box("Neural Networks", ":material/hub:", (
        ("Stacking perceptrons to form neural networks", ("neural_networks", "will_i_pass")),
        ("Optimisation through backpropagation", ("loss_functions", "gradient_descent", "backpropagation")),
    )),
    Box("Training in Practice", ":material/model_training:", (
        ("Adaptive learning", ("learning_rate_and_optimizers", "loss_landscape")),
        ("Batching", ("mini_batches",)),
        ("Regularisation", ("overfitting", "dropout", "early_stopping")),
    )),
)
NEXT_LECTURE = "Lecture 2, *Deep Sequence Modeling* (Ava Amini)"


def box_slugs(box: Box) -> list[str]:
    """Every page a box links to, in order."""
    return [slug for _, slugs in box.points for slug in slugs]


def links(slugs) -> list[tuple[registry.Page, bool]]:
    """(page, exists) for each slug: a link only where the page exists, "(coming)" otherwise."""
    return [(p, p.exists) for p in map(registry.by_slug, slugs)]


@dataclass(frozen=True)
class Question:
    key: str       # the widget key is "summary_" + key
    box: int       # which of the three boxes it checks
    question: str
    options: tuple
    answer: int    # index of the right option
    why: str
    slug: str      # the page that teaches it


QUESTIONS = (
    Question("z", 0, "A perceptron has w₀ = 1 and W = [3, −2]. What is z = w₀ + XᵀW at X = [−1, 2]?",
             ("0.002", "−6", "6", "−2"), 1,
             "z = 1 + 3·(−1) − 2·2 = −6: dot product, then add the bias. 0.002 is ŷ = σ(−6), the output after the "
             "nonlinearity, not z.", "perceptron"),
    Question("nonlinear", 0, "Why does a network need nonlinear activation functions g?",
             ("They make training faster", "They keep the weights small",
              "Without them, any number of layers still gives a linear decision, a straight line",
              "They turn every output into a probability"), 2,
             "Linear activation functions produce linear decisions no matter the network size; nonlinearities "
             "let a network approximate arbitrarily complex functions.", "activation_functions"),
    Question("bce", 1, "What does the binary cross-entropy loss measure?",
             ("How far predicted probabilities are from the 0/1 labels: a distance between two probability "
              "distributions", "The squared gap between a predicted grade and the real grade",
              "How many examples the network gets right", "How large the gradient is"), 0,
             "Binary cross-entropy is for outputs that are probabilities in (0, 1), such as P(pass); the squared "
             "gap is the mean squared error, for real-valued outputs such as a final grade.", "loss_functions"),
    Question("backprop", 1, "What does backpropagation compute?",
             ("The prediction ŷ, from the inputs forward to the output", "The best learning rate η",
              "∂J(W)/∂w for every weight, by the chain rule, from the output back towards the input",
              "Which examples go into the next mini-batch"), 2,
             "Backpropagation applies the chain rule, reusing the gradients of later layers, to tell for each weight "
             "whether increasing it makes the loss go up or down; gradient descent then steps against it. "
             "Frameworks do it automatically (autograd).", "backpropagation"),
    Question("lr", 2, "In the update W ← W − η ∂J(W)/∂W, what does a too-large learning rate η do?",
             ("Converges slowly and gets stuck in a false local minimum",
              "Overshoots, becomes unstable and can diverge", "Makes the gradient more accurate",
              "Nothing: η only changes how long each step takes to compute"), 1,
             "η is the step size. Large learning rates overshoot, become unstable and diverge; small ones converge "
             "slowly and get stuck. Adaptive optimizers such as Adam adjust the step as training goes.",
             "learning_rate_and_optimizers"),
    Question("batch", 2, "Why compute each gradient on a mini-batch of, say, 32 or 128 examples?",
             ("It makes the loss landscape convex", "Each mini-batch trains its own network",
              "So that no example is ever seen twice",
              "It is far cheaper than all the data and far less noisy than one example; it allows larger "
              "learning rates and parallel computation"), 3,
             "The full-batch gradient is expensive, a single example's is very noisy. A mini-batch's average "
             "gradient is a good estimate: smoother convergence, larger learning rates, and it parallelises on GPUs.",
             "mini_batches"),
    Question("dropout", 2, "What does dropout do during training?",
             ("Stops training when the validation loss starts to rise",
              "Randomly sets some activations to 0 (typically 50 %), so the network cannot rely on any one node",
              "Removes the training examples with the largest loss", "Halves the learning rate every epoch"), 1,
             "Dropout is regularisation: each forward pass takes a new random pathway, which lowers the capacity and "
             "helps the network generalise. Stopping at the lowest validation loss is early stopping.", "dropout"),
)

FOCUS = {"All three ideas": None, **{box.title: i for i, box in enumerate(BOXES)}}  # the self-check's scope


def questions(box: int | None = None) -> list[Question]:
    """The self-check's questions, all or those of one box."""
    return [q for q in QUESTIONS if box is None or q.box == box]


def feedback(q: Question, choice: str) -> tuple[bool, str]:
    """(right?, the explanation to show) for the chosen option."""
    right = q.options.index(choice) == q.answer
    return right, ("Right. " if right else f"Not quite: the answer is “{q.options[q.answer]}”. ") + q.why


# Progress: what frame.page and frame.check_yourself record (ui.progress keeps it in the browser) -----------
def progress(visited, answered: dict) -> list[dict]:
    """One row per existing page but this one: opened? its "Check yourself" answered (under the page's slug), and
    right?"""
    visited = set(visited or ())
    by_slug = dict(answered or {})
    rows = []
    for p in registry.available():
        if p.slug == "summary":
            continue
        ok = by_slug.get(p.slug)
        rows.append({"Page": p.title, "Part": p.part, "Opened": "yes" if p.slug in visited else "not yet",
                     "Check yourself": "not answered" if ok is None else "right" if ok else "not quite"})
    return rows


def tally(rows: list[dict]) -> dict:
    """Counts for the progress metrics."""
    return {"pages": len(rows), "opened": sum(r["Opened"] == "yes" for r in rows),
            "answered": sum(r["Check yourself"] != "not answered" for r in rows),
            "right": sum(r["Check yourself"] == "right" for r in rows)}

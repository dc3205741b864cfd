"""Words of the activation-functions page: the recap, the captions built from its numbers, and the lesson's end.
Plain strings: no torch, no streamlit."""

from ui import text

RECAP = (
    "After the dot product and the bias, a neuron passes its sum z through a "
    "**nonlinear activation function** g. The lecture shows three: the **sigmoid** (outputs between 0 and 1, "
    "good for probabilities), **tanh**, and the **ReLU**, the rectified linear unit (linear on each side of 0, "
    "with a single nonlinearity at 0). The bias w₀ lets a neuron \"shift left and right along the activation "
    "function\". Why have g at all? Without it a network is a linear model, and real data are not linear: red "
    "and green points that no straight line separates need a nonlinear network."
)

WHY_NONLINEARITY = (
    "The lecture asks: can you separate the red points from the green ones with a **straight line**? "
    "nnlab draws the two classes **orange and blue** (colours everyone can tell apart, including colour-blind "
    "readers). Below, two networks have the same layers, the same starting weights and the same training. "
    "The left one has **no activation function** (g(z) = z); the right one puts g after every hidden layer. "
    "Each colours the plane by the probability it gives blue; where the colours meet (50 %) is its "
    "**decision boundary**."
)

THE_POINT = (
    "**The point.** Without activation functions, every layer is a matrix, and a product of matrices is one "
    "matrix: however deep, the network is a single linear model and its decision boundary a straight line. "
    "A nonlinear g between the layers stops the collapse, so each layer can bend what the last one built, and "
    "the boundary can wrap around the data."
)


def collapse_intro(depth: int, width: int) -> str:
    """Why stacked linear layers are one matrix, in nnlab's notation (each W⁽ᵏ⁾ inputs × units)."""
    return ("Without g, a layer only multiplies by its weight matrix: XᵀW⁽¹⁾ (biases aside). Multiplying by W⁽¹⁾ "
            "and then by W⁽²⁾ is the same as multiplying once by the product W⁽¹⁾W⁽²⁾, so any stack of linear layers "
            "is a **single matrix M**: one perceptron. (Biases change nothing: (w₀⁽¹⁾ + XᵀW⁽¹⁾)W⁽²⁾ + w₀⁽²⁾ = "
            "Xᵀ(W⁽¹⁾W⁽²⁾) + (w₀⁽¹⁾W⁽²⁾ + w₀⁽²⁾).) Here with random weights, each W⁽ᵏ⁾ inputs × units, for the "
            f"{depth} hidden layer(s) of {width} units above, at the lecture's X = [−1, 2]:")


COUNT_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def table_caption(lecture: list[str], beyond: list[str]) -> str:
    """Where the table's rows come from (`beyond`: the rows added beyond the lecture, if any), and why the slope
    matters."""
    if beyond:
        n_slide, n_more = (COUNT_WORDS.get(len(group), len(group)) for group in (lecture, beyond))
        plain = ", one of them the linear non-activation for comparison" if "linear" in beyond else ""
        source = (f"The slide's table (its first {n_slide} rows; \"all activation functions are non-linear\"), plus "
                  f"{n_more} beyond the lecture{plain}.")
    else:
        source = "The slide's table (\"all activation functions are non-linear\")."
    return (f"{source} A network learns through the slope g′: where it is 0, no training signal passes back "
            "through the neuron.")


def curves_key(x: float, z: float) -> str:
    """The key the curves share, written once above them, with the marked input."""
    return (f"**Blue**: g(z). **Vermillion, dashed**: the slope g′(z). **Grey, dotted**: g without bias and "
            f"weight. The dots mark the input x = {text.num(x)}, where z = w₀ + w₁x = {text.num(z)}.")


def shift_caption(w0: float, w1: float, centre: float | None) -> str:
    """Where the bias moved the curves' centre (z = 0) to."""
    shift = ("the weight is 0, so z = w₀ everywhere and every curve is flat" if centre is None else
             f"the centre of every curve (z = 0, dotted rule) sits at x = −w₀/w₁ = {text.num(centre)}" +
             ("" if w0 == 0 else f", {text.num(abs(centre))} to the {'left' if centre < 0 else 'right'} of the "
                                 "grey curve's: that is the bias's shift"))
    return f"With w₀ = {text.num(w0)} and w₁ = {text.num(w1)}, {shift}."


def training_setup(steps: int, lr: float, n_points: int) -> str:
    return f"{steps} steps of Adam (learning rate {lr:g}) on all {n_points} points, for each network."


def boundary_note(snap: dict, depth: int) -> str:
    """One network's boundary in words: the one perceptron a linear stack computes, or a boundary that bends."""
    if snap["map"]:
        (m1, m2), b = snap["map"]
        return (f"A straight boundary (dashed), whatever the depth: these {depth} hidden layers compute "
                f"exactly one perceptron, ŷ = σ({text.linear_form(b, [(m1, 'x₁'), (m2, 'x₂')])}). "
                f"{snap['acc']:.0%} of the points on the right side (guessing gets about 50 %).")
    return f"A boundary that can bend: {snap['acc']:.0%} of the points on the right side."


def trained(steps: int) -> str:
    return f"**Trained** both networks for {steps} steps. Change a setting to start again."


UNTRAINED = "**Untrained**: both networks start from the same seeded random weights. Press **Train both**."

BACKGROUND = ("Background: each network's P(blue) over the plane, blue above 50 %, orange below, white at 50 %. "
              "The lecture draws the classes red and green; here they are orange triangles and blue circles.")

TRY_THIS = (
    "Move the bias w₀ from 0 to 3: every curve slides 3 to the left, and the point x = 0 climbs the curve. "
    "That is the lecture's \"shift left and right\".",
    "Press **Lecture example**: at z = −6 (the lecture perceptron's z), σ(−6) ≈ 0.0025, tanh(−6) ≈ −0.99999, "
    "ReLU(−6) = 0, and every slope is nearly or exactly 0: little or no training signal passes back through "
    "the neuron.",
    "Press **Train both**: a straight line through a ring gets about half right; the ReLU network gets all. "
    "Then set 5 hidden layers of 16 and train again: without g the boundary is still a straight line.",
    "Switch the data to Gaussian clusters: one straight line is enough, and both networks reach 100 %.",
)

QUIZ = dict(
    question="A network has 10 hidden layers of 100 units each, but no activation functions. "
             "What can its decision boundary look like?",
    options=["Any shape: it has enough layers", "Only a straight line, like a single perceptron",
             "A circle at most"],
    answer=1,
    why="Without g each layer is a matrix multiplication, and the product of the matrices is one matrix: the whole "
        "network computes the same as one perceptron, so its boundary is a straight line.",
)

CODE_CAPTION = "Paste into a notebook: it prints the slopes, the collapse and both accuracies shown here."

"""Words of the Overfitting page: the recap, the sentences built from the page's numbers, the guided experiments
and the self-check (plain text: no torch, no streamlit). tests/promises/test_overfitting.py holds each outcome the
experiments promise."""

RECAP = ("What we really care about is how a model does on **new data** it never saw; the training data are only a "
         "proxy for it. The lecture's figure fits three curves to the same x-y points. **Underfitting**: the model "
         "\"does not have capacity to fully learn the data\". The **ideal fit** in the middle. **Overfitting**: the "
         "model is \"too complex\", has \"extra parameters\", and \"does not generalize well\": it memorises the "
         "training points. Asked in the Q&A: a small dataset and a very large network? It memorises.")

FORMULA = (r"J_{\text{train}}(W) = \frac{1}{n}\sum_{i=1}^{n}\big(y^{(i)} - f(x^{(i)}; W)\big)^2, \qquad "
           r"J_{\text{test}}(W) = \frac{1}{n_{\text{test}}}\sum_{j=1}^{n_{\text{test}}}\big(y_{\text{test}}^{(j)} - "
           r"f(x_{\text{test}}^{(j)}; W)\big)^2")


def data_note(noise: float, n_test: int, steps: int, lr: float) -> str:
    """The data's rule and noise, the held-out test points and how every network trains."""
    return (f"The data follow a rule nnlab chose, y = sin(1.5x) + x/3, plus noise of standard deviation {noise}, "
            f"which no model can predict: even the true rule itself has a test MSE of about {noise}² = "
            f"{noise ** 2:.2f}. Networks are trained on the few "
            f"**training points** only; the {n_test} **test points** are held out and measure generalisation. "
            f"Every network: tanh hidden units, mean squared error, {steps:,} full-batch Adam steps (η = {lr}).")


def panels_caption(n_train: int, n_test: int, big) -> str:
    """Under the lecture's three fits (big: the overfitting network's fit)."""
    return (f"Blue dots: the {n_train} training points. Grey rings: the {n_test} held-out test points. Vermillion "
            "line: the network's fit ŷ(x). Dashed: the true rule. The straight line cannot follow the curve's bends; "
            f"the large network passes almost through every training point (training error {big.train_mse:.3f}) "
            f"and swings up and down between them, so its test error is high ({big.test_mse:.3f}).")


def trained_note(steps: int, verdict: str, underfit: float, memorised: float, gap: float) -> str:
    """After Train: the verdict and nnlab's rule of thumb behind it."""
    return (f"**Trained** for {steps:,} steps. {verdict} (nnlab's rule of thumb, beyond the lecture: "
            f"training MSE above {underfit} is underfitting; below {memorised}, or a gap above "
            f"{gap}, overfitting.)")


UNTRAINED = "**Untrained**: the network's seeded initial weights. Press **Train**."


def sweep_intro(n_train: int, seed: int, networks: int) -> str:
    """What the capacity sweep fits, and what to expect."""
    return (f"The same {n_train} training points (seed {seed}), fitted by {networks} networks from a "
            "linear model to two hidden layers of 64 units. Expect the training error to fall as capacity grows "
            "and, with few points, the test error to fall, then rise again. The capacity where the test error is "
            "lowest is the **sweet spot**: of these networks, the one that generalises best to the held-out points. "
            "(Here the same held-out points both choose and report, to keep the picture simple. In practice you "
            "choose the capacity on validation data, as on the Early stopping page, and keep the test set to "
            "report the final model.)")


def sweep_caption(df, best: int) -> str:
    """Under the sweep's chart (df: one row per network; best: the row of the sweet spot)."""
    row = df.iloc[best]
    every = bool((df.train_mse.diff().iloc[1:] < 0).all())
    return (f"Sweet spot: {row.network}, {row.params:,} parameters, the lowest test MSE, {row.test_mse:.3f}, "
            "chosen on the same held-out points that report it. Test error "
            f"at the smallest capacity {df.test_mse.iloc[0]:.3f}, at the largest {df.test_mse.iloc[-1]:.3f}; "
            f"training error goes from {df.train_mse.iloc[0]:.3f} to {df.train_mse.iloc[-1]:.3f}"
            f"{', falling at every step' if every else ', not falling at every step'}.")


SWEEP_COLUMNS = {"train_mse": "training MSE", "test_mse": "test MSE"}

SWEEP_ENGINE = ("The sweep trains its networks together, those of one depth as one batch (nnlab's fast engine, the "
                "same Adam updates). Its numbers equal training each network alone up to float32 rounding; a network "
                "that memorises its points amplifies that most, so its errors can differ from the panel above in the "
                "third decimal.")


def press_sweep(networks: int, n_train: int) -> str:
    return (f"Press **Run the capacity sweep** to train all {networks} networks on these "
            f"{n_train} points (about a second).")


REGULARISATION = ("**Regularisation** is the lecture's answer to overfitting: \"a technique that constrains our "
                  "optimization problem to discourage complex models\", used to \"improve generalization of our "
                  "model on unseen data\". The next pages show two: **dropout** and **early stopping**.")

TRY_THIS = (
    "Press **Underfit**, then **Train**: a straight line cannot follow the curve, so training and test error are "
    "both high. That is too little capacity.",
    "Press **Tiny data, huge network**, then **Train**: 10 points, 4,353 parameters. The training error drops to "
    "almost 0 while the test error is more than a hundred times larger: the network has memorised the points.",
    "Keep the huge network and raise the training points to 100, then **Train** again: with enough data the same "
    "network generalises, its test error close to the noise's 0.09. Run the capacity sweep at 10 and at 100 "
    "points: with 100 the sweet spot moves to a larger network, and the test error hardly rises beyond it.",
)

QUIZ = dict(
    question="A network reaches training error 0.001 but test error 0.5. What is happening?",
    options=["Underfitting: it needs more capacity", "Overfitting: it memorised the training points",
             "It is the ideal fit: the training error is tiny"],
    answer=1,
    why="A tiny training error with a large test error means the model learned the training points, noise "
        "included, and does not generalise. Fewer parameters, more data or regularisation help.",
)

CODE_CAPTION = "Your model in plain PyTorch: it prints the training and test MSE shown above after Train."

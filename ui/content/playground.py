"""The Playground's words: the recap, the formula's caption, how to use it, the guided experiments and the
question. Plain text (no torch, no streamlit); the numbers the sentences name come from core.playground."""

INTRO = ("Everything at once: inputs x, weights W and biases w₀, an activation g in every hidden unit, a loss J(W) "
         "that compares ŷ with the labels y, and an optimizer that steps against the gradient, one mini-batch at a "
         "time, while held-out test data show whether the network generalises or over-fits. Press **Play** and "
         "watch the network learn; change anything and see what happens.")
FORMULA = (r"\hat{y} = \sigma\big(w_0 + \textstyle\sum_i g(z_i)\,w_i\big), \qquad "
           r"W \leftarrow W - \eta\,\frac{\partial}{\partial W}\Big(J(W) + \lambda_1 \textstyle\sum|w| "
           r"+ \tfrac{\lambda_2}{2}\sum w^2\Big)")
FORMULA_CAPTION = (
    "ŷ as written is for one hidden layer of units zᵢ; deeper networks repeat z = w₀ + XᵀW and g layer by layer. "
    "The sigmoid σ comes with the BCE loss; with MSE, ŷ is the sum itself. The update is plain gradient descent "
    "(SGD); Adam and the other optimizers feed the same gradient into their own update rules. The L1 term sums "
    "over the weights only; the L2 term (the optimizer's weight_decay) over every parameter, biases included.")


def how_to(limit: float | None, max_epochs: int, val_pct: int) -> str:
    return (
        "- **Play** trains until you press **Pause**: the boundary, the epoch, the losses and the loss curve move "
        "on the board as the network trains, and the rest of the page catches up when you pause. **Step** trains "
        "exactly one epoch (one pass over the training set); **Reset** returns to the same initial weights (change "
        "*Seed of the weights* for others).\n"
        "- While it plays, change the learning rate, the L1 and L2 penalties, dropout, the batch size or the noise: "
        "the network carries on with the new setting. *Regenerate* draws new data and keeps the weights. Any other "
        "change (data set, features, layers, activation, loss, optimizer, seed, ratio of training data, early "
        "stopping) starts a new network, and the page says so.\n"
        "- Three sets of points, as in the lecture: the network trains on the **training** points; early stopping "
        f"(off until you set a patience) holds out {val_pct} % of them as **validation** points and watches their "
        "loss; the **test** points are never used to train or to stop, only to report how well the network "
        "generalises.\n"
        "- **Every control is in the page's URL**, so a link reproduces a setting exactly. **Uploaded data "
        "and hand-edited weights are not in the URL**: download them (below) to keep them.\n"
        "- Beyond the lecture: the extra input features (x₁², x₂², x₁·x₂, sin x), L1 and L2 penalties (two "
        "regularisers besides the lecture's dropout and early stopping), SGD with momentum, the regression data, "
        "the confusion matrix, and standardising the inputs with the training set's mean and standard deviation.\n"
        f"- A run keeps at most {max_epochs:,} epochs; Reset starts it again."
        + (f" This server stops each press of Play after {limit:g} s (press Play again to go on), so that one "
           "session cannot keep it busy." if limit else ""))


TRY_THIS = (
    "Spiral, the defaults: press **Play**. Within 100 epochs the test accuracy passes 95 %; the unit maps show "
    "layer 1 drawing straight edges and layer 2 bending them. Now Circle with 0 hidden layers: one perceptron draws "
    "a line, and no line separates a ring from its centre: the loss stays near 0.69 (ln 2, no better than ŷ = 0.5 "
    "everywhere) and the test accuracy about 50 % or less: no better than a coin toss. Switch the inputs to x₁² and "
    "x₂² only: the same perceptron reaches 100 %.",
    "Spiral, the defaults: press **Play**, and **Pause** at about epoch 50 (training loss near 0.25). Set the "
    "learning rate to 3 and press **Step**: in that one epoch the training loss jumps above 2, the test accuracy "
    "drops to about 50 % and the boundary scrambles. Set it back to 0.03 and press **Play**: no reset, the epochs "
    "count on and the loss falls again, but the test accuracy stays far below where it was for 200 epochs and "
    "more: a few oversized steps undid what the network had learned.",
    "Circle, noise 30, training data 20 %, 3 hidden layers of 16, learning rate 0.01: press **Play**. The training "
    "loss keeps falling, below 0.1 by epoch 300, while the test loss is lowest after a few dozen epochs and then "
    "climbs (over-fitting). Now set early stopping's patience to 20 and Play again: it stops within 100 epochs, "
    "restores the weights of the lowest validation loss, and ends with a lower test loss than the run without it "
    "at epoch 300. Or try dropout 0.3 instead: by epoch 300 its test loss, too, is lower than without it.",
)

QUESTION = "With 0 hidden layers and only x₁, x₂ as inputs, which data can the network classify well?"
OPTIONS = ["Circle", "Gaussian clusters", "Spiral"]
ANSWER = 1
WHY = ("Without hidden layers the network is one perceptron: its boundary w₀ + XᵀW = 0 is a straight line, which "
       "separates the two clusters but not a ring or a spiral.")
CODE_CAPTION = ("The same run in plain PyTorch, for the epochs trained so far (learning-rate changes and early "
                "stopping included): it prints the training and test loss shown here. Hand edits, regenerated data "
                "and the other settings changed while it trained are not replayed; for your own CSV, save the Data "
                "download next to the script.")
PLAYING = ("Playing: the board moves as the network trains. The metrics, curves and network below show it as it was "
           "when you pressed Play, and catch up when you press Pause.")
NOT_REPLAYED = ("This run changed more than the learning rate while it trained (regenerated data, noise, L1, L2, "
                "dropout or batch size, or a hand edit): the script trains with today's settings from the start, so "
                "its numbers differ from the page's.")

"""Words of the loss-functions page: the recap, what each loss means, which PyTorch call computes binary
cross-entropy, and the lesson's end. Plain strings: no torch, no streamlit."""

RECAP = ("Before a network can learn, we must say how wrong it is. The **loss** "
         "L(f(x⁽ⁱ⁾; W), y⁽ⁱ⁾) is the cost of one prediction f(x⁽ⁱ⁾; W) against the truth y⁽ⁱ⁾: small when they are "
         "close, large when they are not. Averaged over the whole dataset it is the **empirical loss** J(W), which "
         "the lecture also calls the **objective function**, the **cost function** and the **empirical risk**: four "
         "names, one number. The lecture shows two losses: **binary cross-entropy** when the output is a "
         "probability (will I pass?), **mean squared error** when it is a real number (what grade will I get?).")

FORMULA = (r"\underbrace{\mathcal{L}\big(f(x^{(i)}; W),\ y^{(i)}\big)}_{\text{the loss of example } i} \qquad\qquad "
           r"J(W) = \frac{1}{n}\sum_{i=1}^{n} \mathcal{L}\big(f(x^{(i)}; W),\ y^{(i)}\big)")

TABLES = ("Both tables start with the slide's examples. Click a cell to edit it, add a row at the bottom, or tick "
          "rows and delete them. Edits to the tables are not part of the page's link.")

BCE = ("The network's one sigmoid output f(x) is a probability of passing; the label y is 1 (passed) or 0 "
       "(failed). Cross-entropy measures the distance between the two distributions (f, 1 − f) and (y, 1 − y). "
       "Only one term is alive for each example: **−ln f** if the student passed, **−ln(1 − f)** if not "
       "(ln is the natural logarithm, as in PyTorch's `torch.log`).")

BCE_LEAD = "Each row's loss is −ln f if the student passed (y = 1), else −ln(1 − f); the formula follows the charts."
BCE_FORMULA = (r"J(W) = -\frac{1}{n}\sum_{i=1}^{n}\Big[\,y^{(i)} \ln f\big(x^{(i)}; W\big) + "
               r"\big(1 - y^{(i)}\big)\ln\Big(1 - f\big(x^{(i)}; W\big)\Big)\Big]")

CLAMP_HELP = ("F.binary_cross_entropy never returns ∞: it floors ln f and ln(1 − f) at −100, so a "
              "certain wrong answer costs 100. Off: the exact maths, where it costs ∞.")

CONFIDENT_AND_WRONG = ("A confident wrong answer blows up: −ln 0.5 = 0.69, −ln 0.1 = 2.30, −ln 0.01 = 4.61, "
                       "−ln 0.001 = 6.91, and −ln 0 = ∞. A confident right answer costs almost nothing.")

WHICH_CALL_TITLE = "“Softmax cross entropy”, “binary cross-entropy”, and the right PyTorch call"

WHICH_CALL = (
    "In the lecture this loss is called **softmax cross entropy**; the slide is titled **Binary Cross Entropy "
    "Loss**, and its TensorFlow line is `tf.nn.softmax_cross_entropy_with_logits(y, predicted)`. It is one idea "
    "in two shapes. A network with **one output per class** turns its scores (logits) into probabilities with a "
    "**softmax**, and its loss is softmax cross-entropy. With two classes, the softmax of the two logits "
    "[a, b] is [1 − σ(b − a), σ(b − a)]: a sigmoid. So softmax cross-entropy on two outputs **is** binary "
    "cross-entropy on one.\n\n"
    "The lecture's network has **one sigmoid output**. In PyTorch the faithful call is "
    "`F.binary_cross_entropy(torch.sigmoid(logit), y)`, or better `F.binary_cross_entropy_with_logits(logit, y)`, "
    "which applies the sigmoid itself and stays accurate for large logits. The slide's "
    "`F.cross_entropy(predicted, y)` expects **two logits per example and integer labels** (one logit per "
    "class): fed the logits [ln(1 − f), ln f] (whose softmax is exactly [1 − f, f]) and `y.long()`, it gives "
    "the same number, as the table above shows.\n\n"
    "**Careful with a single output column.** Given the one-output network's `predicted`, of shape (n, 1), "
    "`F.cross_entropy` sees a single class. With integer labels 0 and 1 it stops with `IndexError: Target 1 is "
    "out of bounds` (only class 0 exists). With float labels of shape (n, 1) it reads them as class "
    "probabilities and returns 0 whatever the network says: the softmax of a single logit is always 1. "
    "Squeezed to shape (n,), with float labels, it treats the whole batch as one example with n classes: it "
    "returns a number, but not the binary cross-entropy.")

WHICH_CALL_CODE = ("logit = model(x).squeeze(-1)                               # one output per student\n"
                   "loss = F.binary_cross_entropy_with_logits(logit, y)       # y: floats 0. or 1.\n"
                   "loss = F.binary_cross_entropy(torch.sigmoid(logit), y)    # the same number\n"
                   "two_logits = torch.stack([torch.zeros_like(logit), logit], dim=1)  # softmax = [1 − σ, σ]\n"
                   "loss = F.cross_entropy(two_logits, y.long())              # the same number again")

MSE = ("Now the network predicts a **final grade** in %, a real number, not a probability. The loss is the "
       "squared difference between the actual and the predicted grade: 10 points off costs 100, 60 points off "
       "costs 3600. Squaring makes every error count as positive and punishes big misses much more than small "
       "ones.")

MSE_FORMULA = r"J(W) = \frac{1}{n}\sum_{i=1}^{n}\Big(y^{(i)} - f\big(x^{(i)}; W\big)\Big)^2"

TWO_KINDS = ("**Two kinds of loss.** Binary (or softmax) cross-entropy when the output is a class, a discrete answer "
             "such as pass or fail; mean squared error when the output is a continuous number such as a grade. "
             "Either way, J(W) depends on the weights W, and training means finding the W that make it smallest.")

TRY_THIS = (
    "In the pass/fail table, change row 1's f(x) from 0.1 to 0.9: a confident wrong answer (loss 2.30) becomes a "
    "confident right one (0.105), and J(W) falls from 1.4743 to 0.7419.",
    "Type f(x) = 0 in row 1 (a student who passed): the loss is ∞, and so is J(W). Then turn on **Clamp each log**: "
    "PyTorch's answer, 100 for that row.",
    "In the grade table, set a prediction equal to its actual grade: that row's loss drops to 0. Delete rows, or add "
    "one: J(W) is always the sum of the bars divided by n.",
)

QUIZ = dict(
    question="The network says P(pass) = 0.99 for a student who failed. What is this example's loss?",
    options=["0.01", "About 4.6", "0.99", "Exactly ∞"],
    answer=1,
    why="The student failed (y = 0), so the loss is −ln(1 − 0.99) = −ln 0.01 ≈ 4.61: confident and wrong is "
        "expensive, though only f = 1 exactly would cost ∞.",
)

CODE_CAPTION = "Paste into a notebook: it prints both tables' losses and J(W), by the formulas and by PyTorch."

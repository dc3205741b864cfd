"""Words of the gradient-descent page: the recap, the landscape and Lab 1 in words and formulas, and the lesson's
end. Plain strings: no torch, no streamlit."""

from ui import text

RECAP = ("Training means finding the weights with the lowest loss, W* = argmin J(W): "
         "\"remember, our loss is a function of the network weights\". With two weights, J(w₀, w₁) is a "
         "landscape over the plane. **Gradient descent**: start at a random point, compute the gradient "
         "∂J/∂W (the direction in which J climbs fastest: \"which way is up\"), take a small step the opposite "
         "way, and repeat until convergence at a minimum. The size of the step is η, the **learning rate**.")

FORMULA = (r"W^* = \underset{W}{\operatorname{argmin}}\ J(W), \qquad "
           r"W \leftarrow W - \eta\, \frac{\partial J(W)}{\partial W}")


def landscape_intro(n: int, mean: float, sd: float) -> str:
    """The perceptron whose loss is the landscape: n students, x standardised with their mean and sd."""
    return (f"A perceptron with one input predicts whether one of nnlab's synthetic students (those of *Will I "
            f"pass this class?*) passed, from x = lectures attended (standardised like that page's inputs, but over "
            f"all {n} students: x = (lectures − {text.num(mean, 3)}) / {text.num(sd, 3)}). "
            f"It has two weights, the bias w₀ and the weight w₁, so its loss, the binary cross-entropy over all "
            f"{n} students, is a surface over the (w₀, w₁) plane: every point of the map above is one "
            "model, coloured by its loss.")


def landscape_latex(n: int) -> str:
    return (r"\hat{y}_i = \sigma(w_0 + w_1 x_i), \qquad J(w_0, w_1) = -\frac{1}{" + str(n) +
            r"}\sum_{i} \big[y_i \ln \hat{y}_i + (1 - y_i) \ln(1 - \hat{y}_i)\big]")


START_AND_RATES = ("The lecture starts from random weights; here you pick the start. The lecture's slide: \"Small "
                   "learning rate converges slowly\"; \"Large learning rates overshoot, become unstable and "
                   "diverge\"; \"Stable learning rates converge smoothly\".")

NEVER_INFINITE = ("Beyond the lecture: this loss's gradient is never longer than √2 (∂J/∂w₀ is a mean of ŷ − y, "
                  "between −1 and 1), so a huge η flings the weights far out, not to infinity. On (x − 4)² below, "
                  "a learning rate that is too large sends x to infinity.")


def steps_caption(hidden: int) -> str:
    """Under the table of steps (`hidden`: how many rows it leaves out)."""
    return ("Each row: the weights W at that step, the gradient ∂J/∂W there (autograd), and the loss J(W). "
            + (f"The {hidden} rows between the first and the last few are left out; all are below." if hidden
               else ""))


def lab_intro(slope_at_3: float) -> str:
    """Lab 1 in words (`slope_at_3`: autograd's dy/dx of y = x² at x = 3)."""
    return (f"The course's first lab does gradient descent on one number. It first checks autograd on y = x²: "
            f"at x = 3, dy/dx = **{slope_at_3:g}**. Then it minimises J(x) = (x − 4)² from "
            "x = `torch.randn(1)`, with learning rate 10⁻² for 500 steps, and plots x against the target 4. Here "
            "the whole run follows from one line of algebra:")


LAB_FORMULA = (r"\frac{dJ}{dx} = 2(x - 4), \qquad x_{t+1} = x_t - 2\eta\,(x_t - 4) \;\Longrightarrow\; "
               r"x_{t+1} - 4 = (1 - 2\eta)\,(x_t - 4)")


def lab_x_caption(regime: str, cut: int | None) -> str:
    """Under Lab 1's plot of x (`cut`: the last step drawn when x leaves the chart, else None)."""
    return (f"x against the iteration (blue) and the target 4 (dashed), as Lab 1 plots it: {regime}."
            + (f" Only the first {cut} steps: after that x is off the chart. The log chart shows them all."
               if cut is not None else ""))


REGIMES = ("**The regimes as numbers**, from x₀ = 0 for 20 steps (η < 0.5 monotone; 0.5 < η < 1 oscillating but "
           "converging; η = 1 period 2; η > 1 diverging). Each regime is read off the iterates, not looked up:")

TRY_THIS = (
    "Drag **Steps** to 0, then press **Take one step** a few times: each press runs lines 3 and 4 of the pseudocode "
    "once more. Watch the gradient in the table shrink as the path heads down into the valley.",
    "Press **Too small**, then **Stable**, then **Too large**: slow, smooth, and overshooting, the lecture's three "
    "learning-rate pictures. Then try η = 10: fast, but zig-zagging across the valley.",
    "In Lab 1, set η to 0.3, 0.7, 1 and 1.1: monotone, oscillating, stuck in a period 2, and diverging, exactly as "
    "1 − 2η says. Then η = 3: J overflows to infinity, and the run stops with a message.",
)

QUIZ = dict(
    question="On (x − 4)², which learning rate makes x jump back and forth across 4 but still converge?",
    options=["η = 0.3", "η = 0.9", "η = 1.0", "η = 1.1"],
    answer=1,
    why="Each step multiplies x − 4 by 1 − 2η. At η = 0.9 that factor is −0.8: the sign flips (a jump across 4) and "
        "the size shrinks. At 1.0 it is −1 (period 2), at 1.1 it is −1.2 (diverging), at 0.3 it is 0.4 (monotone).",
)

CODE_CAPTION = "Paste into a notebook: it prints the landscape run's weights and loss and Lab 1's numbers above."

"""Words of the perceptron page: the recap, the formulas with the learner's numbers, the caption that says on which
side of the decision line the point lies, and the lesson's end. Plain strings: no torch, no streamlit."""

from ui import text

RECAP = ("A perceptron takes inputs x₁ … x_m, multiplies each by a weight, adds them up "
         "with a bias w₀, and passes the sum through a nonlinear activation g. Three steps, repeated "
         "everywhere in deep learning: **dot product, add bias, apply a nonlinearity**. The slide's "
         "trained perceptron has w₀ = 1 and W = [3, −2]; at x = [−1, 2] it outputs g(−6) ≈ 0.002.")

FORMULA = r"\hat{y} = g\Big(w_0 + \sum_{i=1}^{m} x_i w_i\Big) = g\big(w_0 + X^\top W\big)"

G_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}", "linear": r"\mathrm{id}"}
G_AT_ZERO = {"sigmoid": 0.5, "tanh": 0.0, "relu": 0.0, "linear": 0.0}  # g(0): the value on the line


def with_numbers(x1: float, x2: float, w0: float, w1: float, w2: float, act: str, z: float, y_hat: float) -> str:
    """The perceptron's formula with the learner's numbers, for st.latex."""
    g = G_TEX[act]
    return (rf"\hat{{y}} = {g}\big({w0:g} + ({x1:g})({w1:g}) + ({x2:g})({w2:g})\big) = {g}({z:.4g})"
            rf" = {y_hat:.4g}")


def slide_value(y_hat: float) -> str:
    """At the lecture's z = −6: the exact ŷ next to the slide's rounded one."""
    return f"ŷ = σ(−6) = {y_hat:.10f} ≈ {y_hat:.3f}: the slide's \"0.002\"."


def side(z: float, x1: float, x2: float, w0: float, w1: float, w2: float, act: str, name: str) -> str:
    """On which side of the decision line the point x lies, and what that makes ŷ (`name`: g as the caption
    writes it)."""
    g0 = G_AT_ZERO[act]
    if z == 0:
        return f"on the line itself: z = 0 and ŷ = {name}(0) = {g0:g}"
    rel = ">" if z > 0 else "<"
    where = "" if w2 == 0 else ("above the line, " if (x2 > -(w0 + w1 * x1) / w2) else "below the line, ")
    value = "ŷ = ReLU(z) = 0" if act == "relu" and z < 0 else f"ŷ = {name}(z) {rel} {name}(0) = {g0:g}"
    return f"{where}on the side z {rel} 0, so {value}"


def boundary_caption(x1: float, x2: float, w0: float, w1: float, w2: float, has_line: bool, where: str) -> str:
    """What the picture's colours mean, and where the point x lies (`where`, from side())."""
    form = text.linear_form(w0, [(w1, "x₁"), (w2, "x₂")])
    line_txt = f"the decision line {form} = 0" if has_line else "no decision line in view"
    return (f"Colour: σ(z) for every g, blue where z > 0, orange where z < 0, white on {line_txt}. "
            f"The point x = ({text.num(x1, 6)}, {text.num(x2, 6)}) lies {where}. (The lecture calls the side "
            "below 0.5 blue and the side above 0.5 green; here blue is the side above, σ(z) > 0.5, and orange "
            "the side below, σ(z) < 0.5.)")


TRY_THIS = (
    "Press **Lecture example**: z = −6 and ŷ = σ(−6) ≈ 0.0025, the slide's 0.002. The point sits on the "
    "orange side, above the line x₂ = 1.5x₁ + 0.5 (at x₁ = −1 the line is at x₂ = −1).",
    "From the lecture example, drag x₂ down to −1, onto the dashed line: z changes sign and ŷ passes 0.5 exactly "
    "there (z = 0, ŷ = 0.5). Below the line z > 0: the blue side.",
    "Move only the bias w₀: the line slides without turning (the bias \"shifts left and right\"). "
    "Move w₁ or w₂: the line turns.",
    "Switch g to ReLU: on the whole orange side ŷ is exactly 0; to linear: ŷ = z, with no squashing at all.",
)

QUIZ = dict(
    question="With w₀ = 1 and W = [3, −2], what is z at x = [0, 0]?",
    options=["−6", "0", "1", "0.73"],
    answer=2,
    why="z = w₀ + x·W = 1 + 0 + 0 = 1; only after the nonlinearity does it become ŷ = σ(1) ≈ 0.73.",
)

CODE_CAPTION = "Paste into a notebook: it prints the three numbers above."

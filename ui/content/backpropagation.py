"""Words of the backpropagation page: its longer texts and formulas, the captions built from its numbers (in the
format of its charts, ui.charts.backpropagation.num) and the lesson's end. No torch."""

from ui.charts.backpropagation import num

RECAP = ("Gradient descent needs ∂J/∂W: for every weight, does increasing it make the loss go up or down? "
         "**Backpropagation** answers with the **chain rule**. The lecture's smallest network has one input x, one "
         "hidden neuron z₁ and one output ŷ, joined by two weights w₁ and w₂, and a loss J(W). Because ŷ depends on "
         "w₂ directly, ∂J/∂w₂ takes one product; w₁ sits one layer further back, so the product is expanded once "
         "more. \"Repeat this for every weight in the network using gradients from later layers.\" Frameworks such "
         "as PyTorch do it automatically: **autograd**.")

CHAIN_RULE = (r"\frac{\partial J(W)}{\partial w_2} = \frac{\partial J(W)}{\partial \hat y}\cdot"
              r"\frac{\partial \hat y}{\partial w_2}, \qquad \frac{\partial J(W)}{\partial w_1} = "
              r"\frac{\partial J(W)}{\partial \hat y}\cdot\frac{\partial \hat y}{\partial z_1}\cdot"
              r"\frac{\partial z_1}{\partial w_1}")

INSIDE_THE_NEURON = ("The slide draws the hidden neuron as one circle, z₁. nnlab is precise about what happens inside "
                     "it, as on the perceptron page: the neuron first computes its **pre-activation z₁ = w₁x**, then "
                     "outputs **a₁ = g₁(z₁)**. The output neuron does the same: z₂ = w₂a₁, ŷ = g₂(z₂). No biases, as "
                     "on the slide.")

DEEP = ("With more layers the recipe is the same, and PyTorch's autograd runs it: starting at the loss, it computes "
        "the gradient with respect to each layer's pre-activation z⁽ᵏ⁾ (the **upstream gradient**), uses it for that "
        "layer's weights, and passes it back to the layer before: **output layer first**. Here one input x (and "
        "label y) from above goes through an MLP with the activations and loss chosen above. As on the notation "
        "sheet, W⁽ᵏ⁾ is inputs × units and a⁽⁰⁾ = x: z⁽ᵏ⁾ = w₀⁽ᵏ⁾ + a⁽ᵏ⁻¹⁾ᵀW⁽ᵏ⁾, a⁽ᵏ⁾ = g₁(z⁽ᵏ⁾), ŷ = g₂(z⁽ᴸ⁾). "
        "Hooks record the order in which autograd actually computed each gradient. In matrix form (beyond the "
        "lecture, which stays with one weight), each gradient a column with one entry per unit:")

DEEP_LATEX = (r"\frac{\partial J}{\partial z^{(L)}} = \frac{\partial J}{\partial \hat y}\, g_2'(z^{(L)}), \quad "
              r"\frac{\partial J}{\partial a^{(k)}} = W^{(k+1)} \frac{\partial J}{\partial z^{(k+1)}}, \quad "
              r"\frac{\partial J}{\partial z^{(k)}} = \frac{\partial J}{\partial a^{(k)}} \odot g_1'(z^{(k)}), \quad "
              r"\frac{\partial J}{\partial W^{(k)}} = a^{(k-1)} \Big(\frac{\partial J}{\partial z^{(k)}}\Big)^{\!\top},"
              r" \quad \frac{\partial J}{\partial w_0^{(k)}} = \frac{\partial J}{\partial z^{(k)}}")

ORIENTATION = ("Entry by entry, ∂J/∂w⁽ᵏ⁾ⱼ,ᵢ = a⁽ᵏ⁻¹⁾ⱼ · ∂J/∂z⁽ᵏ⁾ᵢ: what flows in from input j times the upstream "
               "gradient of unit i. PyTorch's nn.Linear stores W⁽ᵏ⁾ᵀ (units × inputs), so its weight.grad is "
               "(∂J/∂W⁽ᵏ⁾)ᵀ; the tables below use W⁽ᵏ⁾'s own orientation.")

REFERENCE_NOTE = ("The reference example (x = 2, y = 1, w₁ = 0.5, w₂ = −1.5, sigmoids, ½ squared error) is nnlab's "
                  "choice: the lecture gives no numbers for this network.")


def passes_caption(x: float, c) -> str:
    """Under the graph: the forward and the backward pass, with their numbers (`c`: core.backpropagation's Chain)."""
    return (f"Forward pass (blue, left to right): x = {num(x)} gives ŷ = {num(c.y_hat)} and loss "
            f"J = {num(c.J)}. Backward pass (vermillion, right to left): each edge's local derivative, and the "
            f"gradients they multiply into, ∂J/∂w₂ = {num(c.dJ_dw2)} and ∂J/∂w₁ = {num(c.dJ_dw1)}.")


def no_gradient(problem: str, out: str) -> str:
    """Why J has no gradient at these settings, and what to change (`out`: the output activation g₂)."""
    fix = ("the sigmoid saturated: σ(z₂) rounds to exactly 0 or 1 in float64. Move the weights towards 0"
           if out == "sigmoid" else "the lecture uses cross-entropy with a sigmoid output, whose ŷ is a "
           "probability. Choose sigmoid for g₂") + ", or use the squared error."
    return f"No gradient here: {problem}. Here {fix}"


THREE_WAYS = ("**Check: the same gradients two more ways.** PyTorch's **autograd** (the same network as tensors, "
              "then `J.backward()`), and **central finite differences** (J(w + h) − J(w − h)) / 2h with h = 10⁻⁶, "
              "which use no derivative rule at all.")

AGREE = ("All three agree to within 10⁻⁶ (relative): the chain rule by hand is exactly what autograd "
         "computes.")

STEP = ("The gradient says which way is up; gradient descent steps the other way: **w ← w − η ∂J/∂w**, for w₁ and "
        "w₂ at once. The step moves the weight sliders above, so you can keep stepping.")


def ready_to_step(J: float) -> str:
    return f"Now J = {num(J, 6)}. Press the button to move w₁ and w₂ against their gradients."


NO_STEP = "No step is possible: J has no gradient at these settings (see above)."


def sizes_caption(widths: list[int], J: float, layers) -> str:
    """Under the gradient sizes of the deeper network (`layers`: one row per layer, label and grad_norm)."""
    return (f"The {'-'.join(map(str, widths))} network, J = {num(J)}: size of each layer's weight "
            "gradients and upstream gradient, left to right in the order autograd reached them (output layer "
            "first). " + ", ".join(f"{r.label}: {num(r.grad_norm, 3)}" for r in layers.itertuples()) + ".")


def events_caption(hand_max_diff: float) -> str:
    return (f"Each ∂J/∂a⁽ᵏ⁾ is made from the upstream ∂J/∂z⁽ᵏ⁺¹⁾ and W⁽ᵏ⁺¹⁾, then ∂J/∂z⁽ᵏ⁾ from it: each layer "
            f"reuses the gradient of the layer after it. ∂J/∂W⁽ᵏ⁾ is listed row by row (row j: input j). Computed "
            f"by hand with the formulas above, every gradient matches autograd to {hand_max_diff:.1g}.")


TRY_THIS = (
    "Press **Reference example**: ∂J/∂w₂ = −0.1028570374 and ∂J/∂w₁ = 0.0829875535, by hand and by autograd "
    "alike; finite differences agree to 9 decimal places. Switch the loss to cross-entropy: −0.5480162992 and "
    "0.4421528473.",
    "Press **Take one gradient step** a few times: J falls each time. Now set g₁ = tanh, the loss to cross-entropy, "
    "x = 1, w₁ = 1, w₂ = −1.5 and η = 10, and step once: J jumps from 1.419 to 4.283. The step overshot.",
    "Set g₁ to ReLU and w₁ below 0 (with x > 0): z₁ < 0, so g₁′(z₁) = 0 and ∂J/∂w₁ = 0. A \"dead\" neuron passes "
    "no gradient back.",
    "In section 3 use sigmoids and 3 hidden layers: each layer's gradient is several times smaller than the next "
    "one's: on the way back every layer multiplies it by sigmoid slopes of at most 0.25 and by weights smaller "
    "than 1 (the vanishing gradient, beyond the lecture).",
)

QUIZ = dict(
    question="In the lecture's network, which factor of ∂J/∂w₁ does ∂J/∂w₂ not need?",
    options=["∂J/∂ŷ", "∂ŷ/∂z₁ · ∂z₁/∂w₁", "None: they use the same factors"],
    answer=1,
    why="∂J/∂w₂ = ∂J/∂ŷ · ∂ŷ/∂w₂ stops at the output neuron; w₁ is one layer further back, so its product continues "
        "through ∂ŷ/∂z₁ and ∂z₁/∂w₁. Both start from the same ∂J/∂ŷ: that is the reuse backpropagation relies on.",
)

CODE_CAPTION = ("Paste into a notebook: it prints the chain rule, autograd, finite differences and every weight's "
                "gradient shown here.")

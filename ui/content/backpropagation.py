"""The backpropagation page's longer texts and formulas (plain strings: no Streamlit, no torch)."""

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

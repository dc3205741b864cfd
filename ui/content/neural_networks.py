"""Words of the "From neurons to networks" page: the recap, the longer texts, the captions built from its numbers
and the lesson's end. Plain strings: no torch, no streamlit."""

RECAP = ("Give several perceptrons the **same inputs** but **their own weights** and you get "
         "a **multi-output perceptron**. Every input is connected to every output, so this is called a "
         "**dense** layer (without g, a *linear* layer). Put a **hidden layer** between the inputs and the "
         "output and the network has two weight matrices, W⁽¹⁾ and W⁽²⁾; keep stacking linear layers and "
         "nonlinearities and it is a **deep neural network**. PyTorch builds a layer with `nn.Linear` and "
         "the stack with `nn.Sequential`.")

DENSE_LAYER = (
    "Each output unit i is a perceptron of its own: a dot product of the **same** inputs with **its "
    "own** column of weights, plus its own bias, then the nonlinearity. The weight $w_{j,i}$ joins input j "
    "to unit i, so the weights form an m × n matrix W (inputs × units), and the layer computes all n sums at "
    "once as $z = w_0 + X^\\top W$: the row of inputs times the matrix."
)
FROM_SCRATCH = (
    "The lecture writes the layer by hand: `MyDenseLayer` stores **W as (inputs × outputs)** and computes "
    "`x @ W + b`. PyTorch's built-in `nn.Linear` stores its `weight` the other way round, **(outputs × "
    "inputs)**, and computes `x @ weight.T + bias`. So to give `nn.Linear` the same weights, copy "
    "**`weight = W.T`** (the transpose) and `bias = b.squeeze(0)` (the one row of b). *(Copying weights "
    "between the two is beyond the lecture: it shows both compute the same thing.)*"
)
HIDDEN_LAYERS = (
    "A **single hidden layer** sits between the inputs and the output layer; *hidden* because its values "
    "are never observed or supervised directly. It brings two weight matrices: **W⁽¹⁾** from the inputs "
    "to the hidden units and **W⁽²⁾** from the hidden units to the outputs. Each hidden unit, say z₂, is "
    "just a perceptron: dot product, add bias, nonlinearity. A **deep** network stacks more such layers; "
    "layer k takes the outputs g(z) of layer k − 1 as its inputs. Below, d₁ is the number of hidden units "
    "and nₖ₋₁ the width of layer k − 1."
)
DEPTH_AND_WIDTH = (
    "**Depth, or more outputs?** A question in the lecture asked what each direction of the diagram is for. "
    "**Depth**, more layers from left to right, adds hierarchical nonlinearity: a single dense layer followed by a "
    "single nonlinearity can express only so much, so more complex tasks need deeper, more expressive networks. "
    "The **width of the output**, the number of output units, is a different matter: the problem sets it. To "
    "predict tomorrow's temperature you need one output, a single number; to generate an image you need an "
    "output for every pixel."
)
DEPTH_AND_WIDTH_HERE = (
    "On this page, **Hidden layers** sets the depth; **Output units** is 1 or 2, the widths the lecture uses: one "
    "output for a single prediction, two on the slide's `nn.Linear(n, 2)`."
)


def dense_caption(m: int, n: int, x: str) -> str:
    """The dense layer's picture in words (`x`: the input vector as text)."""
    return (f"A dense layer {m} → {n}: every one of the {m} inputs joins every one of the {n} outputs, "
            f"{m * n} weights (blue positive, orange negative, thicker = larger) plus {n} biases. "
            f"Input x = {x}.")


def copy_refused(error: str, m: int, n: int) -> str:
    return (f"PyTorch refuses the copy: {error}. `layer.W` is {m} × {n} but `linear.weight` must be "
            f"{n} × {m}: copy its transpose `W.T`.")


def same_numbers(y) -> str:
    return f"Same numbers: from scratch and built in, ŷ = [{', '.join(f'{v:.4f}' for v in y)}]."


def outputs_differ(mode: str, max_diff: float) -> str:
    return (("No error, because W is square, but the outputs differ: a bug that does not crash. "
             if mode == "plain" else "nn.Linear still has its own random weights, so the outputs differ. ")
            + f"Largest difference {max_diff:.3g}.")


def one_input(x: str) -> str:
    """Above the table of one input through every layer (`x`: the input vector as text)."""
    return (f"**One input through every layer.** x = {x} goes through each module of the "
            "`nn.Sequential` in turn; each row is what that module outputs, one column per unit. As in the "
            "slide's code, the last layer is linear: for a probability, put ŷ through a sigmoid.")



def network_caption(widths: list[int], shapes: str, n_params: int, cap: int) -> str:
    """The deep network's picture in words (`shapes`: its weight matrices with their shapes)."""
    return (f"The {'-'.join(map(str, widths))} network: {shapes}; {n_params} parameters. Blue lines are "
            f"positive weights, orange negative. Layers wider than {cap} units show their first and last few.")


def weights_caption(k: str) -> str:
    """Under the table of W⁽ᵏ⁾ (`k`: the layer as a superscript, ⁽²⁾)."""
    return f"Row j, column i is w{k} j,i: the weight from unit j of the previous layer to unit i."


TRY_THIS = (
    "In section 2 choose **W (no transpose)**: PyTorch refuses, because `linear.weight` must be n × m. Now set "
    "m = n = 2 in section 1: no error, but the outputs differ, a bug that does not crash.",
    "Press **Slide's two outputs (2-3-2)**: the 2-3-1 network has 13 parameters, 2-3-2 has 17. The extra output "
    "unit brings 3 weights and 1 bias.",
    "With ReLU, look at the table: wherever z is negative, g(z) is exactly 0 for this input. Switch g to linear: "
    "every g(z) row repeats its z row, and the whole stack collapses to one linear map.",
    "Add hidden layers and widen them: the count grows with the product of neighbouring widths.",
)

QUIZ = dict(
    question="`nn.Linear(in_features=4, out_features=5)`: what is the shape of its `weight`, and how "
             "many parameters does the layer have?",
    options=["4 × 5 and 20", "5 × 4 and 25", "5 × 4 and 20", "4 × 5 and 25"],
    answer=1,
    why="nn.Linear stores weight as (out_features, in_features) = 5 × 4 and computes x @ weight.T + bias; "
        "4·5 weights plus 5 biases make 25.",
)


def code_caption(copy_failed: bool) -> str:
    return ("Paste into a notebook: it prints the dense layer both ways, the parameter count and the table."
            + (" With this copy mode it stops at the copy, with PyTorch's error shown above." if copy_failed else ""))

"""Longer text of the "From neurons to networks" page. Plain strings: no torch, no streamlit."""

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

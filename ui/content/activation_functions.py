"""Longer text of the activation-functions page. Plain strings: no torch, no streamlit."""

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

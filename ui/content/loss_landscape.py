"""Words of the loss-landscape page: the recap, how the picture is made, what it is and is not, the experiments
and the quiz. No torch here: the page passes the numbers it computed with core.loss_landscape."""

from ui.text import num

RECAP = ("The bowl of the gradient-descent page was a picture with two weights. \"In practice optimizing neural "
         "networks is extremely difficult\": neural networks are \"extremely high-dimensional search spaces, so we "
         "don't actually know what this picture looks like\". The lecture shows \"a projection of the loss landscape "
         "of a deep neural network\" from a 2017 paper (Li et al., *Visualizing the Loss Landscape of Neural Nets*): "
         "you can see \"how messy some of these loss landscapes look\". Here you make such a projection yourself, "
         "of a network you train on this page.")

FORMULA = (r"f(a, b) = J(\theta^* + a\,\delta + b\,\nu), \qquad "
           r"\delta^{(k)}_{i} \leftarrow \frac{\delta^{(k)}_{i}}{\lVert \delta^{(k)}_{i} \rVert}\,"
           r"\lVert \theta^{*(k)}_{i} \rVert")


def how_made(points: int, steps: int, lr: float) -> str:
    """How the picture is made, step by step (the network: points two-moons points, steps Adam steps at lr)."""
    return (f"**Beyond the lecture: how the picture is made** (Li et al., sections 3 and 4). (1) Train a network "
            f"to its weights θ*: here a ReLU network on {points} two-moons points, {steps} full-batch Adam "
            f"steps (η = {lr}), binary cross-entropy. (2) Draw two random directions δ and ν, each shaped like θ "
            "(the paper calls them δ and η; in nnlab η is only the learning rate). (3) **Filter normalisation**: for "
            "every unit i of every layer k, rescale δ⁽ᵏ⁾ᵢ, the part of the direction on the unit's incoming weights "
            "(column i of W⁽ᵏ⁾, row i of `nn.Linear`'s weight), to the length of those trained weights θ*⁽ᵏ⁾ᵢ; the "
            "same for ν; and set the biases' entries to 0. (4) Evaluate the training loss at θ* + aδ + bν for every "
            "(a, b) on a grid, and colour the map.")


def what_it_is(points: int, parameters: int) -> str:
    """What the map is (the loss of `points` networks) and is not (the landscape over `parameters` dimensions)."""
    return (f"- **It is** the training loss of {points:,} real networks, each one θ* moved by a δ + b ν: "
            f"a flat, two-dimensional slice through θ*.\n"
            f"- **It is not** the landscape. This network has {parameters:,} parameters, so its loss lives "
            f"over a {parameters:,}-dimensional space, and the slice shows 2 of those dimensions. Another "
            "seed cuts another slice. A valley in the slice may be a ridge in a direction not drawn, and the lowest "
            "point of a slice need not be a minimum of the full loss.\n"
            "- **Why normalise.** ReLU networks can scale a neuron's incoming weights (and bias) up and its "
            "outgoing weights down without changing what they compute, so a raw step of size 1 means different "
            "things for different neurons. Filter normalisation measures each step in units of the neuron's own "
            "weights, so that pictures of different networks can be compared (Li et al.).")


def try_this(weight_rms: float, path: dict) -> tuple[str, ...]:
    """The experiments, with the trained network's weight size and how the example path ends
    (path: core.loss_landscape.path_ending of the depth-3, width-32 network)."""
    return (
        "Note the **highest J on the map**, then press **No normalisation**: δ and ν now get N(0, 1) entries "
        "whatever the size of the network's weights (the root mean square of this network's weights is "
        f"{weight_rms:.2f}). At "
        "the defaults the map then climbs higher; set depth 1 and width 4 and compare again: there it climbs less "
        "than the normalised map. How steep an unnormalised picture looks depends on the size of the weights; that "
        "is why Li et al. normalise.",
        "Change the **seed** a few times: each is another random slice through the same θ*, and the basin's shape "
        "changes. Then compare depth 3 × width 4 with depth 1 × width 32 and read **Highest J on the map**: at most "
        "seeds the narrow, deep network's slice climbs far more steeply (at seed 0, over 20 times higher). Li et al. "
        "found that width smooths a landscape, and that depth without skip connections makes it chaotic.",
        "Press **Training path**: Adam's route from the initial weights (diamond) to θ*, in the plane that holds "
        "most of it. Is θ* the lowest point of that plane? At depth 3 and width 32 the white cross, the lowest grid "
        "point, lies beyond θ*. Adam had not settled: along its path the training loss was "
        f"{num(path['low'], 2)} at step {path['low_step']}, jumped to {num(path['high'], 2)} at step "
        f"{path['high_step']} and was {num(path['end'], 2)} at step {path['end_step']}, at θ*. θ* is where training "
        "stopped, not the bottom of its own valley.",
    )


def quiz(parameters: int) -> dict:
    """The "Check yourself" question about a network with `parameters` parameters."""
    return dict(
        question="The map shows one clear basin around θ*. What can you conclude about the network's loss?",
        options=["It is convex: a single bowl", "Only that this 2-D slice through θ* looks like a basin",
                 "Gradient descent from any start would end at θ*"],
        answer=1,
        why=f"A slice shows 2 of this network's {parameters:,} dimensions. It says nothing certain about the "
            "directions not drawn, and the full loss of a network with hidden layers is in general not convex.",
    )


CODE_CAPTION = ("Train, slice and evaluate the grid in plain PyTorch: it prints the trained loss, f(0, 0) and the "
                "lowest and highest J of the map above.")

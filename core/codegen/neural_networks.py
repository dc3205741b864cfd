"""Code for the "From neurons to networks" page: the nn.Sequential (and Keras) expression of the current
architecture, and a standalone script, needing only torch, that prints every number the page shows."""

from core.codegen import snippets
from core.codegen.snippets import INIT, header, step

_KERAS = {"sigmoid": ', activation="sigmoid"', "tanh": ', activation="tanh"', "relu": ', activation="relu"',
          "linear": ""}


def sequential_expr(widths, activation: str = "relu") -> str:
    """nn.Sequential(nn.Linear(m, n1), nn.ReLU(), ..., nn.Linear(nk, out)), one module a line."""
    return snippets.sequential(widths, activation)


def keras_expr(widths, activation: str = "relu") -> str:
    """The same architecture as the slide's tf.keras.Sequential([Dense(n1), ..., Dense(2)])."""
    lines = [f"    tf.keras.Input(shape=({widths[0]},)),"]
    lines += [f"    tf.keras.layers.Dense({n}{_KERAS[activation]})," for n in widths[1:-1]]
    lines.append(f"    tf.keras.layers.Dense({widths[-1]}),")
    return "tf.keras.Sequential([\n" + "\n".join(lines) + "\n])"


# The lecture's PyTorch slide, verbatim (© MIT Introduction to Deep Learning, introtodeeplearning.com).
MY_DENSE_LAYER = '''class MyDenseLayer(nn.Module):
    def __init__(self, input_dim, output_dim):
        super(MyDenseLayer, self).__init__()
        # Initialize weights and bias
        self.W = nn.Parameter(torch.randn(input_dim, output_dim, requires_grad=True))
        self.b = nn.Parameter(torch.randn(1, output_dim, requires_grad=True))

    def forward(self, inputs):
        # Forward propagate the inputs
        z = torch.matmul(inputs, self.W) + self.b
        # Feed through a non-linear activation
        output = torch.sigmoid(z)
        return output
'''


def linear_snippet(m: int, n: int, copy_mode: str) -> str:
    """The built-in side: nn.Linear, the weight copy for this mode, and the same sigmoid."""
    return (f"layer = MyDenseLayer({m}, {n})\n"
            f"linear = nn.Linear(in_features={m}, out_features={n})\n"
            f"{_copy(copy_mode, m, n)}"
            f"x = torch.tensor([[{', '.join(f'{j}.' for j in range(1, m + 1))}]])\n"
            f"layer(x)                  # from scratch\n"
            f"torch.sigmoid(linear(x))  # built in\n")


def _copy(mode: str, m: int, n: int) -> str:
    """The lines that fill nn.Linear from MyDenseLayer (or not)."""
    if mode == "none":
        return "# (no copy: nn.Linear keeps its own initial weights)\n"
    if mode == "transpose":
        w = f"    # weight is ({n}, {m}): W ({m}, {n}) transposed\n    linear.weight.copy_(layer.W.T)\n"
    else:
        w = f"    # BUG: no transpose, W ({m}, {n}) into ({n}, {m})\n    linear.weight.copy_(layer.W)\n"
    return f"with torch.no_grad():\n{w}    linear.bias.copy_(layer.b.squeeze(0))\n"


def _seeded(layer_class: str) -> str:
    """The slide's MyDenseLayer, its torch.randn drawing from a generator passed in (a seed fixes W and b)."""
    return (layer_class.replace("(self, input_dim, output_dim):", "(self, input_dim, output_dim, generator=None):")
            .replace(", requires_grad=True))", ", generator=generator))"))


def networks_code(m: int, n: int, dense_seed: int, copy_mode: str, widths, activation: str, seed: int) -> str:
    """Both halves of the page: the dense layer two ways, then one input through the deep network."""
    x_dense = ", ".join(f"{j}.0" for j in range(1, m + 1))
    x_net = ", ".join(f"{j}.0" for j in range(1, widths[0] + 1))
    body = sequential_expr(widths, activation)
    return f'''{header("math", "nn")}

{step("Seeded weights: PyTorch's default init, from a generator")}
{INIT}

{step("1. A dense layer from scratch")}
# 1. The lecture's dense layer, from scratch: W is stored (input_dim, output_dim).
{_seeded(MY_DENSE_LAYER)}

layer = MyDenseLayer({m}, {n}, generator=torch.Generator().manual_seed({dense_seed}))
x = torch.tensor([[{x_dense}]])
y_scratch = layer(x)
print("W =", layer.W.data, "\\nb =", layer.b.data)
print("MyDenseLayer:", y_scratch.data, "shape", tuple(y_scratch.shape))

{step("2. The same layer built in: nn.Linear")}
# 2. The same layer built in. nn.Linear stores weight as (out_features, in_features).
linear = nn.Linear(in_features={m}, out_features={n})
init_weights(linear, {dense_seed})
{_copy(copy_mode, m, n)}y_linear = torch.sigmoid(linear(x))
print("nn.Linear + sigmoid:", y_linear.data)
print("largest difference:", (y_scratch - y_linear).abs().max().item())
print("parameters of nn.Linear({m}, {n}):", sum(p.numel() for p in linear.parameters()))

{step("3. A deep network")}
# 3. A deep network: linear layers and nonlinearities, stacked.
model = {body}
init_weights(model, {seed})
print("parameters:", sum(p.numel() for p in model.parameters()))

{step("One input through every layer")}
h = torch.tensor([[{x_net}]])
outputs = [h]
with torch.no_grad():
    for module in model:   # one input through every layer
        h = module(h)
        outputs.append(h)
        print(f"{{str(module):50s}} -> {{h}}")
'''

"""The standalone script of the activation-functions page: g and g' by autograd, the linear collapse (each
W⁽ᵏ⁾ inputs x units, as nnlab writes it), and the two networks trained side by side. Needs only torch."""

from core import activation_functions, data
from core.codegen.snippets import INIT, MODULE, full_batch_step, generators, header, optimizer_line, step


def activation_code(x: float, w0: float, w1: float, names: list[str], s: "activation_functions.PairSettings") -> str:
    """The activations page for these settings: g and g' by autograd, the linear collapse, and the two
    networks trained side by side (same data, same init, same batch order as the page)."""
    shape, depth, width, nonlinearity, seed, steps, lr = s.data, s.depth, s.width, s.activation, s.seed, s.steps, s.lr
    n, noise = activation_functions.N_POINTS, activation_functions.NOISE
    calls = ",\n    ".join(f'"{k}": lambda z: {activation_functions.ACTIVATIONS[k].torch_call}' for k in names)
    return f'''{header("math", "nn", "F")}

{step("1. One neuron: g(z) and its slope")}
# 1. One neuron with one input: z = w1 * x + w0, then g(z) and its slope g'(z) by autograd.
x, w0, w1 = {x:g}, {w0:g}, {w1:g}
z = torch.tensor(w1 * x + w0, dtype=torch.float64, requires_grad=True)
activations = {{
    {calls},
}}
for name, g in activations.items():
    y = g(z)
    (slope,) = torch.autograd.grad(y, z)
    print(f"{{name}}: z = {{z.item():g}}, g(z) = {{y.item():.10g}}, g'(z) = {{slope.item():.10g}}")

{step("2. Linear layers collapse into one")}
# 2. Linear layers stacked without g collapse into one matrix: (x W1) W2 = x (W1 W2).
#    Each W(k) is (inputs, units), as nnlab writes it; nn.Linear would store its transpose.
g = torch.Generator().manual_seed({seed})
widths = [2] + [{width}] * {depth} + [1]
Ws = [torch.randn(a, b, generator=g, dtype=torch.float64) / math.sqrt(a) for a, b in zip(widths, widths[1:])]
x = torch.tensor([-1.0, 2.0], dtype=torch.float64)
h, M = x, torch.eye(2, dtype=torch.float64)
for W in Ws:
    h, M = h @ W, M @ W
print("layer by layer:", h.item(), " one matrix (x M):", (x @ M).item(), " M =", M.flatten().tolist())


{step("3. Data: two classes of points")}
# 3. Two classes of points (nnlab's "{shape}" data, {n} points), two networks: without g and with g.
{generators(data.SHAPES[shape])}

X, y = {shape}({n}, {noise:g}, {seed})


{step("Model: the same network without g and with g")}
{INIT}

def network(g):
    """{depth} hidden layer(s) of {width} units with activation g, PyTorch's default init from a seeded generator."""
    widths = [2] + [{width}] * {depth}
    layers = []
    for a, b in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(a, b), g]
    model = nn.Sequential(*layers, nn.Linear(widths[-1], 1))
    init_weights(model, {seed})
    return model


{step("Training and results")}
for name, g in [("linear (no g)", nn.Identity()), ("{nonlinearity}", {MODULE[nonlinearity]})]:
    model = network(g)
    optimizer = {optimizer_line("adam", lr)}
    order = torch.Generator().manual_seed({seed})
    for step in range({steps}):                        # full batch: every step sees all {n} points
{full_batch_step("bce", indent=8)}    with torch.no_grad():
        out = model(X).squeeze(-1)
        accuracy = ((out > 0).float() == y).float().mean().item()
        loss = F.binary_cross_entropy_with_logits(out, y).item()
    print(f"{{name}}: accuracy {{accuracy:.4f}}, loss {{loss:.6f}}")
'''

"""Code for the backpropagation page: a standalone script, needing only torch, that prints every number the page
shows: the forward pass, the chain rule by hand, autograd, central finite differences, one gradient step, and
every weight's gradient of the deeper network in the order autograd computes it."""

from core.backpropagation import FD_STEP, WEIGHT_RANGE
from core.codegen.snippets import CALL, INIT, header, sequential, step

_SLOPE = {"sigmoid": "torch.sigmoid(z) * (1 - torch.sigmoid(z))", "tanh": "1 - torch.tanh(z) ** 2",
          "relu": "(z > 0).double()"}
_LOSS = {"mse": "0.5 * F.mse_loss(y_hat, y)", "bce": "F.binary_cross_entropy(y_hat, y)"}
_LOSS_SLOPE = {"mse": "y_hat - y", "bce": "-y / y_hat + (1 - y) / (1 - y_hat)"}


def backprop_code(x: float, y: float, w1: float, w2: float, act: str, out: str, loss: str, depth: int, width: int,
                  seed: int, lr: float = 1.0) -> str:
    """The whole page as one script for these settings."""
    guard = ('if not (0 < y_hat.item() < 1):\n'
             '    raise SystemExit("binary cross-entropy needs 0 < y_hat < 1: no loss, no gradient")\n'
             if loss == "bce" else "")   # only cross-entropy needs a y_hat strictly between 0 and 1
    first = header("math", "nn", "F", title="Imports, activations and loss")
    return f'''{first}f64 = torch.float64   # float64 everywhere, as on the page


def g1(z):          # hidden activation
    return {CALL[act]}


def g1_slope(z):    # g1'(z), from the slide's table
    return {_SLOPE[act]}


def g2(z):          # output activation
    return {CALL[out]}


def g2_slope(z):
    return {_SLOPE[out]}


def loss_fn(y_hat, y):
    return {_LOSS[loss]}


{step("1. The forward pass")}
# 1. The lecture's network: x -(w1)-> z1 -(w2)-> y_hat -> J, no biases.
x, y = torch.tensor({float(x)!r}, dtype=f64), torch.tensor({float(y)!r}, dtype=f64)
w1 = torch.tensor({float(w1)!r}, dtype=f64, requires_grad=True)
w2 = torch.tensor({float(w2)!r}, dtype=f64, requires_grad=True)


def forward(w1, w2):
    z1 = w1 * x          # the hidden neuron's pre-activation
    a1 = g1(z1)          # its output
    z2 = w2 * a1         # the output neuron's pre-activation
    return z1, a1, z2, g2(z2)


z1, a1, z2, y_hat = forward(w1, w2)
print(f"z1 = {{z1.item():.10f}}  a1 = {{a1.item():.10f}}  z2 = {{z2.item():.10f}}  y_hat = {{y_hat.item():.10f}}")
{guard}J = loss_fn(y_hat, y)
print(f"J = {{J.item():.10f}}")

{step("2. The chain rule by hand")}
# 2. The chain rule by hand: local derivatives, then the lecture's two products.
with torch.no_grad():
    dJ_dyhat = {_LOSS_SLOPE[loss]}
    dyhat_dw2 = g2_slope(z2) * a1
    dyhat_dz1 = g2_slope(z2) * w2 * g1_slope(z1)
    dz1_dw1 = x
    print(f"chain rule: dJ/dw2 = {{(dJ_dyhat * dyhat_dw2).item():.10f}}  "
          f"dJ/dw1 = {{(dJ_dyhat * dyhat_dz1 * dz1_dw1).item():.10f}}")

{step("3. Autograd")}
# 3. Autograd: the same numbers, automatically.
J.backward()
print(f"autograd:   dJ/dw2 = {{w2.grad.item():.10f}}  dJ/dw1 = {{w1.grad.item():.10f}}")

{step("4. Finite differences")}
# 4. Central finite differences: no derivative rules at all.
h = {FD_STEP!r}
with torch.no_grad():
    def J_at(a, b):
        return loss_fn(forward(torch.tensor(a, dtype=f64), torch.tensor(b, dtype=f64))[3], y).item()
    fd_w2 = (J_at(w1.item(), w2.item() + h) - J_at(w1.item(), w2.item() - h)) / (2 * h)
    fd_w1 = (J_at(w1.item() + h, w2.item()) - J_at(w1.item() - h, w2.item())) / (2 * h)
print(f"finite differences: dJ/dw2 = {{fd_w2:.10f}}  dJ/dw1 = {{fd_w1:.10f}}")

{step("5. One step of gradient descent")}
# 5. One step of gradient descent, w <- w - lr dJ/dw, kept within the page's slider range.
lr = {float(lr)!r}
with torch.no_grad():
    new_w1 = (w1 - lr * w1.grad).clamp({WEIGHT_RANGE[0]!r}, {WEIGHT_RANGE[1]!r})
    new_w2 = (w2 - lr * w2.grad).clamp({WEIGHT_RANGE[0]!r}, {WEIGHT_RANGE[1]!r})
    J_new = loss_fn(forward(new_w1, new_w2)[3], y)
    print(f"one step with lr = {{lr:g}}: J = {{J.item():.10f}} -> {{J_new.item():.10f}}")


{step("6. A deeper network: every weight's gradient")}
{INIT}

# 6. A deeper network: every weight's gradient by autograd, output layer first.
#    nnlab writes W(k) as inputs x units, z(k) = w0(k) + a(k-1)^T W(k); nn.Linear stores W(k)^T.
model = {sequential([1, *[width] * depth, 1], act)}
init_weights(model, {int(seed)})
model = model.double()

order = []   # hooks record what autograd computes, in the order it does
h, k = torch.tensor([[{float(x)!r}]], dtype=f64), 0
for module in model:
    h = module(h)
    if isinstance(module, nn.Linear):
        k += 1
        h.register_hook(lambda grad, k=k: order.append(f"dJ/dz{{k}}"))
        module.weight.register_hook(lambda grad, k=k: order.append(f"dJ/dW{{k}}"))
y_hat = g2(h)
{guard}J = loss_fn(y_hat, y.reshape(1, 1))
J.backward()
print(f"deep network: y_hat = {{y_hat.item():.10f}}  J = {{J.item():.10f}}")
print("autograd computed, in order:", " -> ".join(order))
linears = [m for m in model if isinstance(m, nn.Linear)]
for k in range(len(linears), 0, -1):   # output layer first
    layer = linears[k - 1]
    print(f"layer {{k}}: |dJ/dW| = {{layer.weight.grad.norm().item():.10f}}")
    # nn.Linear's weight is W(k) transposed (units x inputs): .T gives dJ/dW(k), inputs x units, as on the page.
    print("  dJ/dW, row by row =", [round(v, 10) for v in layer.weight.grad.T.reshape(-1).tolist()])
    print("  dJ/dw0 =", [round(v, 10) for v in layer.bias.grad.tolist()])
'''

"""Code for the gradient-descent page: the lecture's pseudocode, the loop that ran (with the current numbers),
and a standalone script, needing only torch, that prints every number the page shows."""

from core import data
from core.codegen.snippets import generators, header, step
from core.gradient_descent import BOX, STUDENTS_N, TARGET

# The lecture's slide "Gradient Descent" (© MIT Introduction to Deep Learning, introtodeeplearning.com).
PSEUDOCODE = """Algorithm (gradient descent)
1. Initialize weights randomly ~ N(0, σ²)
2. Loop until convergence:
3.     Compute gradient, ∂J(W)/∂W
4.     Update weights, W ← W − η ∂J(W)/∂W
5. Return weights"""


def loop_code(w0: float, w1: float, lr: float, steps: int) -> str:
    """The loop that ran, line for line beside the pseudocode, with this run's numbers."""
    lines = [(f"W = torch.tensor([{w0:g}, {w1:g}], dtype=torch.float64)", ""),
             ("W.requires_grad_()", "1. start (you chose it)"),
             (f"for step in range({steps}):", "2. loop"),
             ("    loss = J(W)", "   the loss at W"),
             ("    loss.backward()", "3. dJ/dW by autograd"),
             ("    with torch.no_grad():", ""),
             (f"        W -= {lr:g} * W.grad", "4. W <- W - eta dJ/dW"),
             ("    W.grad.zero_()", "   reset it to 0"),
             ("print(W)", "5. return weights")]
    width = max(len(code) for code, note in lines if note) + 2
    return "\n".join(f"{code:<{width}}# {note}" if note else code for code, note in lines)


def descent_code(w0: float, w1: float, lr: float, steps: int, start: str, seed: int, eta: float,
                 iters: int) -> str:
    """Both halves of the page: the lecture's loop on J(w0, w1) for the students, then Lab 1's (x - 4)^2."""
    x0 = (f"torch.randn(1, generator=torch.Generator().manual_seed({seed}), dtype=torch.float64).item()"
           if start == "random" else "0.0")
    (a, b), (c, d) = BOX
    loop = "\n".join(line for line in loop_code(w0, w1, lr, steps).splitlines() if not line.startswith("print"))
    return f'''{header("statistics", "F")}

{step("Autograd: the derivative of x^2")}
# Lab 1 starts with autograd: y = x^2, and dy/dx at x = 3.
x = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
(x * x).backward()
print("d(x^2)/dx at 3 =", x.grad.item())


{step("Data: the students, and the loss J(w0, w1)")}
{generators(data.students)}

# nnlab's {STUDENTS_N} synthetic students of "Will I pass this class?": P(pass) follows pass_probability, and each
# student's pass or fail is drawn at random from it.
X, y = students({STUDENTS_N}, 0)
lectures, y = X[:, 0].double(), y.double()
x = (lectures - lectures.mean()) / lectures.std()   # lectures attended, standardised: mean 0, sd 1


def J(W):
    """The loss of the one-input perceptron P(pass) = sigmoid(w0 + w1 x): mean binary cross-entropy."""
    return F.binary_cross_entropy_with_logits(W[0] + W[1] * x, y)


{step("Gradient descent on J(w0, w1)")}
# The lecture's gradient descent on J(w0, w1).
{loop}
with torch.no_grad():
    print("after {steps} steps: w0 =", W[0].item(), " w1 =", W[1].item(), " J =", J(W).item())

{step("The whole loss landscape")}
# The whole landscape: J on a 161 x 161 grid in one batched operation (rows: w1 from top, columns: w0).
w1s = torch.linspace({d:g}, {c:g}, 161, dtype=torch.float64)
w0s = torch.linspace({a:g}, {b:g}, 161, dtype=torch.float64)
B, A = torch.meshgrid(w1s, w0s, indexing="ij")
Z = A[..., None] + B[..., None] * x                   # (161, 161, {STUDENTS_N}) logits
landscape = F.binary_cross_entropy_with_logits(Z, y.expand_as(Z), reduction="none").mean(-1)
print("lowest J on the grid =", landscape.min().item())

{step("Lab 1: minimise (x - 4)^2")}
# Lab 1: minimise (x - 4)^2 by gradient descent, the gradient from autograd.
x_f = {TARGET:g}
learning_rate = {eta:g}
x = {x0}
history = []
for i in range({iters} + 1):
    xt = torch.tensor([x], dtype=torch.float64, requires_grad=True)
    loss = (xt - x_f) ** 2
    loss.backward()
    if not torch.isfinite(loss):
        print(f"diverged at step {{i}}: J became {{loss.item()}}")
        break
    history.append(x)
    if i < {iters}:
        x = x - learning_rate * xt.grad.item()
print("x0 =", history[0], " x after", len(history) - 1, "steps =", history[-1])
e = [h - x_f for h in history]
ratios = [b / a for a, b in zip(e, e[1:]) if abs(a) > 1e-6 * abs(e[0])]
if ratios:
    print("measured (x_t+1 - 4)/(x_t - 4) =", statistics.median(ratios))
    print("closed form 1 - 2 lr =", 1 - 2 * learning_rate)
'''

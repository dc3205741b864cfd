"""Code for the perceptron page: a standalone script, needing only torch, that computes the perceptron's three
steps (dot product, bias, nonlinearity) for the page's inputs and weights and prints them."""

from core.codegen.snippets import CALL, header, step


def perceptron_code(x1: float, x2: float, w0: float, w1: float, w2: float, activation: str) -> str:
    return f'''{header(threads=False)}
{step("Inputs, weights and bias")}
x = torch.tensor([{x1:g}, {x2:g}], dtype=torch.float64)   # inputs x1, x2
W = torch.tensor([{w1:g}, {w2:g}], dtype=torch.float64)   # weights w1, w2
w0 = {w0:g}                                               # bias

{step("The perceptron: dot product, bias, nonlinearity")}
dot = torch.dot(x, W)         # 1. dot product
z = w0 + dot                  # 2. add bias
y_hat = {CALL[activation]:<14}  # 3. apply the nonlinearity g
print(f"dot = {{dot.item():.6g}}, z = {{z.item():.6g}}, y_hat = {{y_hat.item():.6g}}")
'''

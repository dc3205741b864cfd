"""Code for the "Overfitting" page: a standalone script, needing only torch, that draws the same noisy
points and held-out test set, trains the same network the same way, and prints its training and test MSE."""

from core import data, overfitting as O
from core.codegen.snippets import INIT, generators, header, layers, optimizer_line, step


def overfitting_code(hidden: tuple, n_train: int, seed: int, steps: int = O.STEPS) -> str:
    """One fit of the page: data, held-out test set, seeded network, full-batch Adam, both errors."""
    shape = O.describe(tuple(hidden))
    return f'''{header("math", "nn", "F")}

{step("Data: a few noisy points, and a held-out test set")}
{generators(data.regression_1d)}

X, y = regression_1d({n_train}, {O.NOISE}, {seed})                    # the few training points
X_test, y_test = regression_1d({O.N_TEST}, {O.NOISE}, {seed + O.TEST_SEED})   # held out: never trained on


{step(f"Model: {shape}")}
{INIT}

# The network: {shape}, with PyTorch's default init drawn from a seeded generator.
model = nn.Sequential({layers([1, *hidden, 1], O.ACTIVATION)})
init_weights(model, {seed})
print("parameters:", sum(p.numel() for p in model.parameters()))

{step("Training")}
optimizer = {optimizer_line("adam", O.LR)}
for step in range({steps}):                                  # full batch: every training point, every step
    loss = F.mse_loss(model(X).squeeze(-1), y)               # forward pass and loss
    optimizer.zero_grad()
    loss.backward()                                          # backpropagation
    optimizer.step()                                         # Adam's update

{step("Results: training and test error")}
with torch.no_grad():
    print("training MSE:", F.mse_loss(model(X).squeeze(-1), y).item())
    print("test MSE:", F.mse_loss(model(X_test).squeeze(-1), y_test).item())
'''

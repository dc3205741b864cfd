"""Standalone PyTorch scripts for the current settings of a page. Each needs only torch and prints
the numbers the page shows; tests run them and compare."""

import inspect
import re

from core import data
from core.optimizers import OPTIMIZERS

_ACT_CALL = {"sigmoid": "torch.sigmoid(z)", "tanh": "torch.tanh(z)", "relu": "torch.relu(z)", "linear": "z"}
_ACT_MODULE = {"sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "relu": "nn.ReLU()", "linear": "nn.Identity()"}


def init_snippet(seed: int, model: str = "model") -> str:
    """The lines that give every nn.Linear of `model` PyTorch's default init from a seeded generator,
    as core.models.init_weights does (so a script's weights equal the page's)."""
    return f'''g = torch.Generator().manual_seed({seed})
with torch.no_grad():
    for layer in {model}:
        if isinstance(layer, nn.Linear):
            bound = 1 / math.sqrt(layer.in_features)
            layer.weight.uniform_(-bound, bound, generator=g)
            layer.bias.uniform_(-bound, bound, generator=g)
'''


def perceptron_code(x1: float, x2: float, w0: float, w1: float, w2: float, activation: str) -> str:
    return f'''import torch

x = torch.tensor([{x1:g}, {x2:g}], dtype=torch.float64)   # inputs x1, x2
W = torch.tensor([{w1:g}, {w2:g}], dtype=torch.float64)   # weights w1, w2
w0 = {w0:g}                                               # bias

dot = torch.dot(x, W)         # 1. dot product
z = w0 + dot                  # 2. add bias
y_hat = {_ACT_CALL[activation]:<14}  # 3. apply the nonlinearity g
print(f"dot = {{dot.item():.6g}}, z = {{z.item():.6g}}, y_hat = {{y_hat.item():.6g}}")
'''


def optimizer_line(name: str, lr: float, params: str = "model.parameters()") -> str:
    _, cls, extra = OPTIMIZERS[name]
    args = [params, f"lr={lr:g}"] + [f"{k}={v:g}" for k, v in extra.items()]
    return f"torch.optim.{cls.__name__}({', '.join(args)})"


def will_i_pass_code(hidden: int, activation: str, optimizer: str, lr: float, epochs: int, batch_size: int,
                     seed: int) -> str:
    """The whole "Will I pass" run: data, split, network, lecture preset, training loop."""
    preset = '''
# The lecture's untrained network predicts 0.1 for you: set the output bias to make it so.
with torch.no_grad():
    h = model[:-1](scale(you))
    model[-1].bias.copy_(math.log(0.1 / 0.9) - (h @ model[-1].weight.T).reshape(-1))
''' if hidden == 3 else "\n# (Other widths than the lecture's 3 keep their seeded random init.)\n"
    return f'''import math
import torch
from torch import nn
import torch.nn.functional as F

torch.set_num_threads(1)

# nnlab's synthetic students (not real data): x1 = lectures attended (0-10), x2 = hours on the final project (0-12).
g = torch.Generator().manual_seed(0)
lectures = torch.randint(0, 11, (120,), generator=g).float()
hours = torch.rand(120, generator=g) * 12.0
d = hours - 5
p_pass = torch.sigmoid(1.2 * (lectures - 4) + 0.8 * d - 0.06 * d * d + 2.0)  # nnlab's rule
y_all = (torch.rand(120, generator=g) < p_pass).float()
X_all = torch.stack([lectures, hours], 1)

# 70 / 30 split into training and validation.
perm = torch.randperm(120, generator=torch.Generator().manual_seed({seed}))
X, y = X_all[perm[36:]], y_all[perm[36:]]
X_val, y_val = X_all[perm[:36]], y_all[perm[:36]]
mean, std = X.mean(0), X.std(0)
def scale(x):  # standardise the inputs: mean 0, standard deviation 1 on the training set
    return (x - mean) / std
you = torch.tensor([[4.0, 5.0]])

# The 2-{hidden}-1 network, with PyTorch's default init drawn from a seeded generator.
model = nn.Sequential(nn.Linear(2, {hidden}), {_ACT_MODULE[activation]}, nn.Linear({hidden}, 1))
g = torch.Generator().manual_seed({seed})
with torch.no_grad():
    for layer in (model[0], model[2]):
        bound = 1 / math.sqrt(layer.in_features)
        layer.weight.uniform_(-bound, bound, generator=g)
        layer.bias.uniform_(-bound, bound, generator=g)
{preset}
print("untrained: P(pass) for you =", torch.sigmoid(model(scale(you))).item())

optimizer = {optimizer_line(optimizer, lr)}
order = torch.Generator().manual_seed({seed})
for epoch in range({epochs}):
    for idx in torch.randperm(len(X), generator=order).split({batch_size}):
        prediction = model(scale(X[idx])).squeeze(-1)                   # forward pass
        loss = F.binary_cross_entropy_with_logits(prediction, y[idx])   # sigmoid + BCE
        optimizer.zero_grad()
        loss.backward()                                                 # backpropagation
        optimizer.step()                                                # gradient step

with torch.no_grad():
    train_loss = F.binary_cross_entropy_with_logits(model(scale(X)).squeeze(-1), y).item()
    val_loss = F.binary_cross_entropy_with_logits(model(scale(X_val)).squeeze(-1), y_val).item()
    print("training loss =", train_loss, " validation loss =", val_loss)
    print("trained: P(pass) for you =", torch.sigmoid(model(scale(you))).item())
'''


def _shape_source(name: str) -> str:
    """The source of core.data's shape function, standing alone: it returns (X, y)."""
    src = inspect.getsource(data.SHAPES[name])
    return re.sub(r"return Dataset\(X, y, \"\w+\"\)", "return X, y", src.replace(" -> Dataset:", ":"))

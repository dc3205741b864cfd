"""Code for the "Early stopping" page: a standalone script, needing only torch, that trains the page's
over-parameterised MLP, keeps the checkpoint early stopping restores, and prints the page's numbers."""

from core.early_stopping import TEST_N, TEST_SEED_OFFSET, EarlySettings
from core.optimizers import optimizer_code
from core.codegen import init_snippet

_ACT = {"tanh": "nn.Tanh()", "relu": "nn.ReLU()", "sigmoid": "nn.Sigmoid()"}


def early_code(s: EarlySettings) -> str:
    """The page's whole run for these settings: data, split, network, training loop with patience."""
    widths = [1, *s.hidden]
    layers = ", ".join(f"nn.Linear({a}, {b}), {_ACT[s.activation]}" for a, b in zip(widths[:-1], widths[1:]))
    n_val = min(s.n - 1, max(1, round(s.n * s.val_pct / 100)))
    return f'''import copy
import math
import torch
from torch import nn
import torch.nn.functional as F

torch.set_num_threads(1)


def noisy_points(n, seed):  # y = sin(1.5 x) + x / 3 + noise, for x in [-3, 3]
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, generator=g) * 6 - 3
    y = torch.sin(1.5 * x) + x / 3 + torch.randn(n, generator=g) * {s.noise!r}
    return x[:, None], y


# A small set: {s.n} points, split {100 - s.val_pct}/{s.val_pct} into training and validation.
X_all, y_all = noisy_points({s.n}, {s.seed})
perm = torch.randperm({s.n}, generator=torch.Generator().manual_seed({s.seed}))
X, y = X_all[perm[{n_val}:]], y_all[perm[{n_val}:]]
X_val, y_val = X_all[perm[:{n_val}]], y_all[perm[:{n_val}]]
X_test, y_test = noisy_points({TEST_N}, {s.seed + TEST_SEED_OFFSET})  # never used for training or choosing

# An over-parameterised MLP, PyTorch's default init drawn from a seeded generator.
model = nn.Sequential({layers}, nn.Linear({widths[-1]}, 1))
{init_snippet(s.seed)}

@torch.no_grad()
def loss_on(X, y):
    return F.mse_loss(model(X).squeeze(-1), y).item()


optimizer = {optimizer_code("adam", s.lr)}
order = torch.Generator().manual_seed({s.seed})
patience, eval_every, steps = {s.patience}, {s.eval_every}, {s.steps}
best = (loss_on(X_val, y_val), 0, copy.deepcopy(model.state_dict()))  # (val loss, step, checkpoint)
since_best, stopped_at, restored = 0, None, None
for step in range(1, steps + 1):
    idx = torch.randperm(len(y), generator=order)   # the whole training set, shuffled
    loss = F.mse_loss(model(X[idx]).squeeze(-1), y[idx])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % eval_every == 0 or step == steps:      # evaluate on the held-out validation set
        val_loss = loss_on(X_val, y_val)
        if val_loss < best[0]:
            best, since_best = (val_loss, step, copy.deepcopy(model.state_dict())), 0  # save a checkpoint
        else:
            since_best += 1
        if since_best >= patience and stopped_at is None:
            stopped_at, restored = step, best  # early stopping would end here; we go on to see the curves
        print(f"step {{step:4d}}  training loss {{loss_on(X, y):.4f}}  validation loss {{val_loss:.4f}}")

final_test = loss_on(X_test, y_test)
restored = restored or best                            # patience never ran out: take the best seen
model.load_state_dict(restored[2])                     # restore the best checkpoint
print("best validation loss over the run at step", best[1])
print("patience ran out at step", stopped_at)
print("restored checkpoint from step", restored[1])
print("test loss, restored checkpoint:", loss_on(X_test, y_test))
print("test loss, final model:", final_test)
'''

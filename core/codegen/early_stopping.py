"""Code for the "Early stopping" page: a standalone script, needing only torch, that trains the page's
over-parameterised MLP, keeps the checkpoint early stopping restores, and prints the page's numbers."""

from core import data
from core.codegen.snippets import INIT, full_batch_step, generators, header, layers, optimizer_line, step
from core.early_stopping import TEST_N, TEST_SEED_OFFSET, EarlySettings


def early_code(s: EarlySettings) -> str:
    """The page's whole run for these settings: data, split, network, training loop with patience."""
    n_val = min(s.n - 1, max(1, round(s.n * s.val_pct / 100)))
    return f'''{header("copy", "math", "nn", "F")}

{step("Data: training, validation and test sets")}
{generators(data.regression_1d)}

# A small set: {s.n} points, split {100 - s.val_pct}/{s.val_pct} into training and validation.
X_all, y_all = regression_1d({s.n}, {s.noise!r}, {s.seed})
perm = torch.randperm({s.n}, generator=torch.Generator().manual_seed({s.seed}))
X, y = X_all[perm[{n_val}:]], y_all[perm[{n_val}:]]
X_val, y_val = X_all[perm[:{n_val}]], y_all[perm[:{n_val}]]
# A test set, never used for training or for choosing the checkpoint.
X_test, y_test = regression_1d({TEST_N}, {s.noise!r}, {s.seed + TEST_SEED_OFFSET})


{step("Model: an over-parameterised MLP")}
{INIT}

# An over-parameterised MLP, PyTorch's default init drawn from a seeded generator.
model = nn.Sequential({layers([1, *s.hidden, 1], s.activation)})
init_weights(model, {s.seed})


{step("Training, with a checkpoint at the lowest validation loss")}
@torch.no_grad()
def loss_on(X, y):
    return F.mse_loss(model(X).squeeze(-1), y).item()


optimizer = {optimizer_line("adam", s.lr)}
order = torch.Generator().manual_seed({s.seed})
patience, eval_every, steps = {s.patience}, {s.eval_every}, {s.steps}
best = (loss_on(X_val, y_val), 0, copy.deepcopy(model.state_dict()))  # (val loss, step, checkpoint)
since_best, stopped_at, restored = 0, None, None
for step in range(1, steps + 1):
{full_batch_step("mse")}    if step % eval_every == 0 or step == steps:      # evaluate on the held-out validation set
        val_loss = loss_on(X_val, y_val)
        if val_loss < best[0]:
            best, since_best = (val_loss, step, copy.deepcopy(model.state_dict())), 0  # save a checkpoint
        else:
            since_best += 1
        if since_best >= patience and stopped_at is None:
            stopped_at, restored = step, best  # early stopping would end here; we go on to see the curves
        print(f"step {{step:4d}}  training loss {{loss_on(X, y):.4f}}  validation loss {{val_loss:.4f}}")

{step("Results: restore the best checkpoint")}
final_test = loss_on(X_test, y_test)
restored = restored or best                            # patience never ran out: take the best seen
model.load_state_dict(restored[2])                     # restore the best checkpoint
print("best validation loss over the run at step", best[1])
print("patience ran out at step", stopped_at)
print("restored checkpoint from step", restored[1])
print("test loss, restored checkpoint:", loss_on(X_test, y_test))
print("test loss, final model:", final_test)
'''

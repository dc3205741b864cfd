"""Code for the "Quantifying loss" page: a standalone script, needing only torch, that computes both tables'
per-example losses and J(W) by the lecture's formulas and by PyTorch's own calls, as the page shows them."""

from core.codegen.snippets import header, step
from core.loss_functions import Report


def _tensor(values) -> str:
    return "torch.tensor([" + ", ".join(f"{float(v)!r}" for v in values) + "], dtype=torch.float64)"


def _left_out(r: Report) -> str:
    skipped = [int(row) for row, note in zip(r.rows["row"], r.rows["note"]) if note == "left out"]
    if not skipped:
        return ""
    rows = f"Row {skipped[0]} of the page's table is" if len(skipped) == 1 else \
        f"Rows {', '.join(map(str, skipped))} of the page's table are"
    return f"# ({rows} left out: see the page's messages.)\n"


def _bce_block(r: Report, clamp: bool) -> str:
    if not r.n:
        return "# Binary cross-entropy: the pass/fail table has no usable rows, and J(W) needs n >= 1.\n"
    certain = any(v in (0.0, 1.0) for v in r.f)
    if clamp:
        formula = ("losses = -(torch.where(y == 0, 0.0, y * torch.log(f).clamp(min=-100))\n"
                   "           + torch.where(y == 1, 0.0, (1 - y) * torch.log(1 - f).clamp(min=-100)))\n"
                   "# (each log clamped at -100, as F.binary_cross_entropy does)")
    elif certain:
        formula = ("# torch.where: 0 * ln 0 counts as 0 (y * ln f alone gives nan where y = 0 and f = 0)\n"
                   "losses = -(torch.where(y == 0, 0.0, y * torch.log(f))\n"
                   "           + torch.where(y == 1, 0.0, (1 - y) * torch.log(1 - f)))")
    else:
        formula = "losses = -(y * torch.log(f) + (1 - y) * torch.log(1 - f))"
    logits = ("# f = 0 or 1 needs an infinite logit, so F.binary_cross_entropy_with_logits cannot reproduce it.\n"
              if certain else
              "logit = torch.logit(f)  # the sigmoid's input: torch.sigmoid(logit) = f\n"
              'print("F.binary_cross_entropy_with_logits:", F.binary_cross_entropy_with_logits(logit, y).item())\n')
    return f'''{step("Binary cross-entropy")}
# Binary cross-entropy: will I pass? f = the predicted probability of passing, y = 1 passed, 0 failed.
{_left_out(r)}f = {_tensor(r.f)}
y = {_tensor(r.y)}
{formula}
print("BCE per example:", losses.tolist())
print("BCE J(W) =", losses.mean().item())              # the empirical loss: the mean over the examples

# The network has one sigmoid output, f = torch.sigmoid(logit): the faithful calls.
print("F.binary_cross_entropy:", F.binary_cross_entropy(f, y).item())
{logits}# The slide's F.cross_entropy wants one logit per class and integer labels; softmax([ln(1-f), ln f]) = [1-f, f].
two_logits = torch.stack([torch.log(1 - f), torch.log(f)], dim=1)
print("F.cross_entropy:", F.cross_entropy(two_logits, y.long()).item())
'''


def _mse_block(r: Report) -> str:
    if not r.n:
        return "# Mean squared error: the grade table has no usable rows, and J(W) needs n >= 1.\n"
    return f'''{step("Mean squared error")}
# Mean squared error: the predicted final grade f against the actual grade y, in %.
{_left_out(r)}f = {_tensor(r.f)}
y = {_tensor(r.y)}
losses = (y - f) ** 2
print("MSE per example:", losses.tolist())
print("MSE J(W) =", losses.mean().item())
print("F.mse_loss:", F.mse_loss(f, y).item())
'''


def loss_code(bce: Report, mse: Report, clamp: bool = False) -> str:
    """Both tables of the page, as they are now: the lecture's formulas against PyTorch's calls."""
    return f'''{header("F", threads=False)}
{_bce_block(bce, clamp)}
{_mse_block(mse)}'''

"""Code for the Playground: a standalone script, needing only torch, that reproduces the run on the page
(same data, split, features, initial weights, dropout masks, batch order, learning-rate changes and
early stopping on the validation set) and prints the losses the page shows."""

from core import data, models, playground as pg
from core.codegen.snippets import INIT, MODULE, generators, header, optimizer_line, source, step
from core.playground import model as play_model

DATA_FILE = "playground_data.csv"


def _data_code(s: pg.PlaySettings) -> str:
    if s.data == "upload":
        return f'''
{step("Data: your own points")}
import csv

# Your own points: the page's "Data (.csv)" download, saved next to this script.
with open("{DATA_FILE}", newline="") as f:
    rows = list(csv.DictReader(f))
X_all = torch.tensor([[float(r["x1"]), float(r["x2"])] for r in rows])
y_all = torch.tensor([float(r["label"]) for r in rows])
'''
    if s.data == "students":
        body = generators(data.students)
        call = f"X_all, y_all = students({s.n}, {s.dseed})"
    else:
        fn = pg.DATASETS[s.data][2]
        body = (f"GAUSSIANS = {pg.GAUSSIANS!r}\n\n\n" if s.data == "mgauss" else "") + generators(fn)
        call = f"X_all, y_all = {fn.__name__}({s.n}, {s.noise / 100!r}, {s.dseed})"
    return f'''

{step(f"Data: {pg.DATASETS[s.data][0]}")}
{body}

# {pg.DATASETS[s.data][0]}: {s.n} points, noise {s.noise} %, data seed {s.dseed}.
{call}
'''


def playground_code(s: pg.PlaySettings, epochs: int, lr_changes: dict[int, float] | None = None) -> str:
    """The script for settings `s`, trained for `epochs` epochs; lr_changes {epoch: lr} replays the
    learning rates set during the run (epoch 1 = the first)."""
    loss = s.loss_used
    lr_changes = dict(lr_changes or {1: s.lr})
    first_lr = lr_changes.get(1, s.lr)
    feats = ", ".join(pg.FEATURES[f][1] for f in s.features)
    names = ", ".join(pg.FEATURES[f][0] for f in s.features)
    widths = pg.widths(s)
    layers, i = ["Standardize(mean.tolist(), std.tolist())"], 1
    for a, b in zip(widths[:-2], widths[1:-1]):
        layers += [f"nn.Linear({a}, {b})", MODULE[s.activation]]
        i += 2
        if s.dropout > 0:
            layers.append(f"SeededDropout({s.dropout!r}, {s.seed * 1000 + i})")
            i += 1
    layers.append(f"nn.Linear({widths[-2]}, 1)")
    dropout_cls = "\n\n" + source(play_model.SeededDropout) if s.dropout > 0 else ""
    loss_line = ("F.binary_cross_entropy_with_logits(out, y)  # sigmoid + binary cross-entropy" if loss == "bce"
                 else "F.mse_loss(out, y)  # mean squared error")
    acc = ("(((out > 0) if LOSS_IS_BCE else (out > 0.5)).float() == y).float().mean().item()"
           if s.task == "classification" else "float('nan')")
    weights_l1 = "sum(m.weight.abs().sum() for m in model if isinstance(m, nn.Linear))"
    penalty = f"\n        loss = loss + {s.l1!r} * {weights_l1}  # L1: lambda * sum |w|" if s.l1 else ""
    validation = f'''
# Early stopping watches a validation set: {pg.VAL_PCT} % of the training points, held out (never trained on).
# The test set above is only reported at the end.
n_train = len(y_train)
if n_train >= 2:
    n_val = min(n_train - 1, max(1, round(n_train * {pg.VAL_PCT / 100!r})))
    perm = torch.randperm(n_train, generator=torch.Generator().manual_seed({s.dseed}))
    X_val, y_val = X_train[perm[:n_val]], y_train[perm[:n_val]]
    X_train, y_train = X_train[perm[n_val:]], y_train[perm[n_val:]]
else:  # too few points to hold any out: nothing to watch, so no early stopping
    X_val, y_val, patience = None, None, 0
''' if s.patience else "\n"
    line = 'f"training loss {train_loss:.6f}  test loss {test_loss:.6f}  test accuracy {test_acc:.4f}"'
    report = (f"report = {line}\nif X_val is not None:\n"
              '    report += f"  validation loss {evaluate(X_val, y_val)[0]:.6f}"\nprint(report)'
              if s.patience else f"print({line})")
    return f'''{header("copy", "math", "nn", "F")}{_data_code(s)}
{step("Training and test sets, and the input features")}
# Training and test sets: a seeded shuffle, {s.train_pct} % for training.
n = len(y_all)
n_test = min(n - 1, max(1, round(n * {1 - s.train_pct / 100!r})))
perm = torch.randperm(n, generator=torch.Generator().manual_seed({s.dseed}))


def features(X):  # {names}
    return torch.stack([{feats}], 1)


X_train, y_train = features(X_all[perm[n_test:]]), y_all[perm[n_test:]]
X_test, y_test = features(X_all[perm[:n_test]]), y_all[perm[:n_test]]
batch, patience = {s.batch}, {s.patience}
{validation}mean, std = X_train.mean(0), X_train.std(0)
std = torch.where(std > 1e-6, std, torch.ones_like(std))


{step("Model")}
{source(models.Standardize)}{dropout_cls}

{INIT}

model = nn.Sequential({", ".join(layers)})
init_weights(model, {s.seed})
LOSS_IS_BCE = {loss == "bce"}


def loss_fn(out, y):
    return {loss_line}


@torch.no_grad()
def evaluate(X, y):
    model.eval()
    out = model(X).squeeze(-1)
    return loss_fn(out, y).item(), {acc}


{step("Training")}
optimizer = {optimizer_line(s.optimizer, first_lr, weight_decay=s.l2)}
lr_at_epoch = {lr_changes!r}  # the learning rates set during the run
order = torch.Generator().manual_seed({s.seed})
start = evaluate(X_train, y_train)[0]
if patience:  # early stopping watches the validation loss, never the test loss
    best = (evaluate(X_val, y_val)[0], 0, copy.deepcopy(model.state_dict()))
    since_best = 0
for epoch in range(1, {epochs} + 1):
    if epoch in lr_at_epoch:
        for group in optimizer.param_groups:
            group["lr"] = lr_at_epoch[epoch]
    stop = None
    for idx in torch.randperm(len(y_train), generator=order).split(batch):
        model.train()
        optimizer.zero_grad()
        out = model(X_train[idx]).squeeze(-1)
        loss = loss_fn(out, y_train[idx]){penalty}
        loss.backward()
        optimizer.step()
        data_loss = loss_fn(out, y_train[idx]).item()
        if not math.isfinite(data_loss) or data_loss > 1000 * max(start, 1.0):
            stop = "diverged"
            break
    if stop:
        print(f"diverged in epoch {{epoch}}")
        break
    if not patience:
        continue
    val_loss = evaluate(X_val, y_val)[0]
    if math.isfinite(val_loss) and val_loss < best[0]:
        best, since_best = (val_loss, epoch, copy.deepcopy(model.state_dict())), 0
    else:
        since_best += 1
    if since_best >= patience:
        model.load_state_dict(best[2])  # early stopping: restore the weights of the lowest validation loss
        print(f"early stopping in epoch {{epoch}}; lowest validation loss in epoch {{best[1]}}")
        break

{step("Results")}
train_loss, train_acc = evaluate(X_train, y_train)
test_loss, test_acc = evaluate(X_test, y_test)
{report}
'''

"""Code for the "Will I pass?" page: a standalone script, needing only torch, that draws the same students, splits
them, builds and trains the same network with the same optimizer and batch order, and prints the page's numbers."""

from core import data, will_i_pass
from core.codegen.snippets import INIT, LOSS, MODULE, generators, header, optimizer_line, step


def will_i_pass_code(hidden: int, activation: str, optimizer: str, lr: float, epochs: int, batch_size: int,
                     seed: int) -> str:
    """The whole "Will I pass" run: data, split, network, lecture preset, training loop."""
    n, n_val = will_i_pass.STUDENTS_N, round(will_i_pass.STUDENTS_N * will_i_pass.VAL_FRACTION)
    x1, x2 = will_i_pass.YOU
    bce = LOSS["bce"]
    p = will_i_pass.UNTRAINED_PREDICTION
    preset = (f'''
# The lecture's untrained network predicts {p:g} for you: set the output bias to make it so.
with torch.no_grad():
    h = model[:-1](scale(you))
    model[-1].bias.copy_(math.log({p:g} / {1 - p:g}) - (h @ model[-1].weight.T).reshape(-1))
''' if hidden == will_i_pass.LECTURE_HIDDEN
              else "\n# (Other widths than the lecture's 3 keep their seeded random init.)\n")
    return f'''{header("math", "nn", "F")}
{step("Data: nnlab's synthetic students")}
{generators(data.students)}

# nnlab's synthetic students (not real data): x1 = lectures attended, x2 = hours on the final project.
X_all, y_all = students({n}, 0)

# 70 / 30 split into training and validation.
perm = torch.randperm({n}, generator=torch.Generator().manual_seed({seed}))
X, y = X_all[perm[{n_val}:]], y_all[perm[{n_val}:]]
X_val, y_val = X_all[perm[:{n_val}]], y_all[perm[:{n_val}]]
mean, std = X.mean(0), X.std(0)


def scale(x):  # standardise the inputs: mean 0, standard deviation 1 on the training set
    return (x - mean) / std


you = torch.tensor([[{x1:.1f}, {x2:.1f}]])


{step(f"Model: the 2-{hidden}-1 network")}
{INIT}

# The 2-{hidden}-1 network, with PyTorch's default init drawn from a seeded generator.
model = nn.Sequential(nn.Linear(2, {hidden}), {MODULE[activation]}, nn.Linear({hidden}, 1))
init_weights(model, {seed})
{preset}
print("untrained: P(pass) for you =", torch.sigmoid(model(scale(you))).item())

{step("Training")}
optimizer = {optimizer_line(optimizer, lr)}
order = torch.Generator().manual_seed({seed})
for epoch in range({epochs}):
    for idx in torch.randperm(len(X), generator=order).split({batch_size}):
        prediction = model(scale(X[idx])).squeeze(-1)                   # forward pass
        loss = {bce}(prediction, y[idx])   # sigmoid + BCE
        optimizer.zero_grad()
        loss.backward()                                                 # backpropagation
        optimizer.step()                                                # gradient step

{step("Results")}
with torch.no_grad():
    train_loss = {bce}(model(scale(X)).squeeze(-1), y).item()
    val_loss = {bce}(model(scale(X_val)).squeeze(-1), y_val).item()
    print("training loss =", train_loss, " validation loss =", val_loss)
    print("trained: P(pass) for you =", torch.sigmoid(model(scale(you))).item())
'''

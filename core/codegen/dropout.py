"""Code for the Dropout page: a standalone script, needing only torch, that prints the page's numbers:
nn.Dropout's statistics, two forward passes of one input (train mode) and two in eval mode, the zero
gradients of dropped units, and the final losses of the models trained with and without dropout."""

from core import data
from core.codegen.snippets import INIT, full_batch_step, generators, header, optimizer_line, step
from core.dropout import EARLIER_STEPS, N_TEST, NET_HIDDEN, NET_X, STEP_LR, CompareSettings


def dropout_code(p: float, seed: int, s: CompareSettings) -> str:
    """The whole page as one script for dropout probability p and seed."""
    h1, h2 = NET_HIDDEN
    return f'''{header("math", "nn", "F", title="Imports and settings")}
p = {p:g}       # drop probability: nn.Dropout(p=0.5) is the lecture's (TF: Dropout(rate=0.5))
seed = {seed}


{step("The small network")}
{INIT}

def small_network():
    """The page's small network: two tanh layers, each followed by nn.Dropout(p), seeded init."""
    model = nn.Sequential(nn.Linear(2, {h1}), nn.Tanh(), nn.Dropout(p),
                          nn.Linear({h1}, {h2}), nn.Tanh(), nn.Dropout(p), nn.Linear({h2}, 1))
    init_weights(model, 0)
    return model


{step("1. nn.Dropout on a million ones")}
# 1. nn.Dropout on a million ones (training mode): about p of them become 0, the rest 1/(1 - p).
torch.manual_seed(seed)            # dropout masks come from the global random generator
drop = nn.Dropout(p)
y = drop(torch.ones(1_000_000))
print(f"fraction zeroed {{(y == 0).float().mean().item():.4f}}, survivors = {{y[y != 0].max().item():g}}, "
      f"mean {{y.mean().item():.4f}}")
drop.eval()
print("eval mode is the identity:", torch.equal(drop(torch.ones(10)), torch.ones(10)))

{step("2. A new random pathway every forward pass")}
# 2. One input through a small network twice: a new random pathway every forward pass.
net = small_network()
x = torch.tensor([[{NET_X[0]:.1f}, {NET_X[1]:.1f}]])
torch.manual_seed(seed)
net.train()
with torch.no_grad():
    for k in (1, 2):
        h = x
        for module in net:
            h = module(h)
            if isinstance(module, nn.Dropout):
                print(f"pass {{k}}: kept", (h[0] != 0).int().tolist(), "values", [round(v, 4) for v in h[0].tolist()])
        print(f"pass {{k}} (training mode): y_hat = {{h.item():.4f}}")
    net.eval()
    print("eval mode, twice:", round(net(x).item(), 4), round(net(x).item(), 4))

{step("3. Dropped units get no gradient")}
# 3. Dropped units get no gradient on this step.
net.train()
torch.manual_seed(seed)
net(x).sum().backward()
for k, layer in enumerate([m for m in net if isinstance(m, nn.Linear)][:2], 1):
    norms = torch.cat([layer.weight.grad, layer.bias.grad[:, None]], 1).norm(dim=1)
    print(f"layer {{k}}: gradient size of each unit's incoming weights", [round(v, 4) for v in norms.tolist()])

{step("4. One optimizer step: SGD against Adam")}
# 4. A zero gradient, then one optimizer step: plain SGD leaves the dropped units' incoming weights as they
#    are; Adam keeps running averages of earlier gradients, so it still moves them.
for name, make_opt in (("SGD", torch.optim.SGD), ("Adam", torch.optim.Adam)):
    model = small_network()
    opt = make_opt(model.parameters(), lr={STEP_LR})   # SGD without momentum: W <- W - lr * dJ/dW
    hidden = [m for m in model if isinstance(m, nn.Linear)][:2]
    torch.manual_seed(seed + 1)
    for _ in range({EARLIER_STEPS}):                           # earlier training steps on J = y_hat, new masks each
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()
    before = [torch.cat([m.weight, m.bias[:, None]], 1).detach().clone() for m in hidden]
    torch.manual_seed(seed)                         # pass 1's masks again
    opt.zero_grad()
    h, dropped = x, []
    for module in model:
        h = module(h)
        if isinstance(module, nn.Dropout):
            dropped.append(h[0] == 0)               # tanh is never exactly 0: a 0 means dropped
    h.sum().backward()
    grads = [torch.cat([m.weight.grad, m.bias.grad[:, None]], 1)[d] for m, d in zip(hidden, dropped)]
    opt.step()
    changes = [(torch.cat([m.weight, m.bias[:, None]], 1).detach() - b)[d] for m, b, d in zip(hidden, before, dropped)]
    n = sum(len(c) for c in changes)                # one row per dropped unit: its incoming weights and bias
    if n:
        grad = max(g.abs().max().item() for g in grads if len(g))
        change = max(c.abs().max().item() for c in changes if len(c))
        moved = sum(int((c != 0).any(1).sum()) for c in changes)
        print(f"{{name}}: gradient of the dropped units' incoming weights {{grad:g}}; the step changed them by "
              f"up to {{change:.2g}} ({{moved}} of {{n}} units moved)")


{step("5. Data: a few noisy points")}
# 5. The same wide network trained with and without dropout on a few noisy points.
{generators(data.regression_1d)}

X, Y = regression_1d({s.n_train}, {s.noise:g}, {s.seed})
X_test, Y_test = regression_1d({N_TEST}, {s.noise:g}, {s.seed + 10_000})


{step("Training with and without dropout")}
def train(p_drop, steps={s.steps}, width={s.hidden}):
    layers = [nn.Linear(1, width), nn.ReLU()] + ([nn.Dropout(p_drop)] if p_drop else [])
    layers += [nn.Linear(width, width), nn.ReLU()] + ([nn.Dropout(p_drop)] if p_drop else [])
    model = nn.Sequential(*layers, nn.Linear(width, 1))
    init_weights(model, {s.seed})
    optimizer = {optimizer_line("adam", s.lr)}
    order = torch.Generator().manual_seed({s.seed})
    torch.manual_seed({s.seed})              # dropout masks come from the global random generator
    model.train()                         # dropout on
    for _ in range(steps):
{full_batch_step("mse", indent=8, y="Y")}    model.eval()                          # dropout off to evaluate
    with torch.no_grad():
        return F.mse_loss(model(X).squeeze(-1), Y).item(), F.mse_loss(model(X_test).squeeze(-1), Y_test).item()


for name, p_drop in (("without dropout", 0.0), ("with dropout", {s.p:g})):
    train_loss, test_loss = train(p_drop)
    print(f"{{name}}: training loss {{train_loss:.4f}}, test loss {{test_loss:.4f}}")
'''

"""Code for the "Mini-batches" page: a standalone script, needing only torch, that computes per-example
gradients in one pass (torch.func), the variance of a batch's estimate, and trains full batch, SGD and
mini-batches from the same initial weights, printing the page's numbers."""

from core import data
from core.codegen.snippets import INIT, generators, header, layers, optimizer_line, step
from core.mini_batches import DRAW_OFFSET, MiniSettings


def minibatch_code(s: MiniSettings) -> str:
    """The page's computation for these settings."""
    return f'''{header("math", "nn", "F", "func")}

{step("Data: two moons")}
{generators(data.moons)}

N = {s.n}
X, y = moons(N, {s.noise!r}, {s.seed})


{step("Model: every run starts from the same seeded weights")}
{INIT}

def initial_model():  # every run starts from these same seeded weights
    model = nn.Sequential({layers([2, *s.hidden, 1], s.activation)})
    init_weights(model, {s.seed})
    return model


{step("Per-example gradients, and the variance of a batch's estimate")}
# Per-example gradients dJ_i/dW in one batched pass: vmap over the examples of grad of the loss.
model = initial_model()
params = {{k: v.detach() for k, v in model.named_parameters()}}


def one_loss(p, x, t):
    return F.binary_cross_entropy_with_logits(functional_call(model, p, (x[None],)).reshape(()), t)


per_example = vmap(grad(one_loss), in_dims=(None, 0, 0))(params, X, y)
G = torch.cat([per_example[k].reshape(N, -1) for k in params], 1).double()   # (N, parameters)
g = G.mean(0)                                     # the full-batch gradient dJ/dW = mean of the dJ_i/dW
sigma2 = (G - g).pow(2).sum(1).mean().item()      # spread of single-example gradients
print("|dJ/dW| (full batch) =", g.norm().item())
print("sigma^2 =", sigma2)
for B in {list(s.batch_sizes)}:                   # E|g_B - g|^2, batches drawn without replacement
    print(f"B = {{B:3d}}: variance of the estimate = {{sigma2 / B * (N - B) / (N - 1):.6g}}")

{step("Training: plain SGD at each batch size")}
# Train with plain SGD: same data, same initial weights, same learning rate, {s.epochs} epochs each.
for B in {list(s.batch_sizes)}:
    model = initial_model()
    optimizer = {optimizer_line("sgd", s.lr)}
    order = torch.Generator().manual_seed({DRAW_OFFSET + s.seed})   # which examples each batch gets
    for epoch in range({s.epochs}):
        perm = torch.randperm(N, generator=order)  # a fresh shuffle every epoch
        for i in range(0, N, B):
            idx = perm[i:i + B]                    # one mini-batch of B examples
            loss = F.binary_cross_entropy_with_logits(model(X[idx]).squeeze(-1), y[idx])
            optimizer.zero_grad()
            loss.backward()                        # (1/B) sum_k dJ_k/dW
            optimizer.step()                       # W <- W - lr * that estimate
    with torch.no_grad():
        J = F.binary_cross_entropy_with_logits(model(X).squeeze(-1), y).item()
    print(f"B = {{B:3d}}: {{math.ceil(N / B) * {s.epochs}:5d}} steps, training loss J(W) = {{J:.6f}}")
'''

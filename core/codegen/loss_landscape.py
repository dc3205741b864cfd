"""Code for the "loss landscape of a real network" page: a standalone script, needing only torch, that trains
the same MLP on the same two moons, draws Li et al.'s filter-normalised directions (or the path's PCA
directions), evaluates the whole grid in batched passes with torch.baddbmm and prints the page's numbers."""

from core import data, loss_landscape as L
from core.codegen.snippets import INIT, full_batch_step, generators, header, layers, step


def landscape_code(depth: int, width: int, seed: int, norm: str, span: float, n: int, view: str,
                   net_seed: int = 0) -> str:
    """The page's run for these settings; view is "random" or "pca"."""
    return f'''{header("math", "nn", "F", title="Imports and settings")}
VIEW = {view!r}           # "random": two random directions delta and nu (Li et al.'s delta and eta;
                          # here eta is only the learning rate); "pca": the training path's top two
NORM = {norm!r}           # filter | layer | none
SPAN, N = {span!r}, {n}     # the grid: N x N points over [-SPAN, SPAN]^2 (random view)


{step("Data: two moons")}
{generators(data.moons)}

# Two moons, {L.DATA_N} points (noise {L.DATA_NOISE}), drawn from a seeded generator.
X, y = moons({L.DATA_N}, {L.DATA_NOISE}, {L.DATA_SEED})


{step("Model")}
{INIT}

# The network, with PyTorch's default init from a seeded generator.
model = nn.Sequential({layers([2, *[width] * depth, 1], L.ACTIVATION)})
init_weights(model, {net_seed})

{step("Training to theta*")}
# Train to theta*: full-batch Adam on binary cross-entropy, keeping a snapshot every {L.SNAPSHOT_EVERY} steps.
vec = lambda: nn.utils.parameters_to_vector(model.parameters()).detach().clone()
optimizer = torch.optim.Adam(model.parameters(), lr={L.LR})
order = torch.Generator().manual_seed({net_seed})
path = [vec()]
for step in range(1, {L.STEPS} + 1):
{full_batch_step("bce")}    if step % {L.SNAPSHOT_EVERY} == 0:
        path.append(vec())
theta = vec()
with torch.no_grad():
    print("trained loss J(theta*):", F.binary_cross_entropy_with_logits(model(X).squeeze(-1), y).item())


{step("Two directions through theta*")}
def random_direction(gen):
    """Gaussian, shaped like the parameters; each weight row rescaled to its weight row's norm; biases 0."""
    parts = []
    for p in model.parameters():
        p = p.detach()
        d = torch.randn(p.shape, generator=gen)
        if p.dim() <= 1:
            d.zero_()
        elif NORM == "filter":
            d *= p.norm(dim=1, keepdim=True) / (d.norm(dim=1, keepdim=True) + 1e-10)
        elif NORM == "layer":
            d *= p.norm() / (d.norm() + 1e-10)
        parts.append(d.reshape(-1))
    return torch.cat(parts)


if VIEW == "random":
    gen = torch.Generator().manual_seed({seed})
    delta, nu = random_direction(gen), random_direction(gen)
    alphas = betas = torch.linspace(-SPAN, SPAN, N)
else:  # PCA of the path {{theta_i - theta*}}: its top two right singular vectors
    M = (torch.stack(path) - theta).double()
    _, S, Vh = torch.linalg.svd(M, full_matrices=False)
    delta, nu = (v if M[0] @ v >= 0 else -v for v in (Vh[0], Vh[1]))
    coords = torch.stack([M @ delta, M @ nu], 1)
    print("path explained by the two directions:", ((S[:2] ** 2) / (S ** 2).sum()).tolist())
    delta, nu = delta.float(), nu.float()
    lo, hi = coords.min(0).values.clamp(max=0), coords.max(0).values.clamp(min=0)
    pad = ((hi - lo) * 0.25).clamp(min=1e-3)
    alphas = torch.linspace(lo[0] - pad[0], hi[0] + pad[0], N).float()
    betas = torch.linspace(lo[1] - pad[1], hi[1] + pad[1], N).float()

{step("The loss on the grid, in batched passes")}
# Every grid point's parameters at once: theta + a delta + b nu, one row per grid point (b outer).
B, A = torch.meshgrid(betas, alphas, indexing="ij")
thetas = theta + A.reshape(-1, 1) * delta + B.reshape(-1, 1) * nu
shapes = [(m.out_features, m.in_features) for m in model if isinstance(m, nn.Linear)]


@torch.no_grad()
def batched_loss(T):
    """One forward pass for G networks: weights stacked as (G, out, in), applied with torch.baddbmm."""
    G, i, h = len(T), 0, X.expand(len(T), *X.shape)
    for k, (o, d) in enumerate(shapes):
        W, b = T[:, i:i + o * d].reshape(G, o, d), T[:, i + o * d:i + o * d + o].reshape(G, 1, o)
        i += o * d + o
        h = torch.baddbmm(b, h, W.transpose(1, 2))
        if k < len(shapes) - 1:
            h = torch.relu(h)
    per = F.binary_cross_entropy_with_logits(h.squeeze(-1), y.expand(G, len(y)), reduction="none")
    return per.mean(1)


J = torch.cat([batched_loss(c) for c in thetas.split(512)]).reshape(N, N)   # 512 networks per pass
print("f(0, 0):", batched_loss(theta[None]).item())
print("grid:", tuple(J.shape), "lowest:", J.min().item(), "highest:", J.max().item())
print("cosine(delta, nu):", (delta @ nu / (delta.norm() * nu.norm())).item())
'''

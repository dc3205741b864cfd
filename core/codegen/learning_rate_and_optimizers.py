"""The learning-rate and optimizers page as one standalone PyTorch script: the three regimes and the learner's
eta, the race on a 2-D surface, the race on the network, and the schedule. It needs only torch and prints the
numbers the page shows; tests run it and compare with core.learning_rate_and_optimizers."""

from core import data, learning_rate_and_optimizers as O
from core.codegen.snippets import INIT, MODULE, full_batch_step, generators, header, optimizer_line, source, step
from core.optimizers import OPTIMIZERS
from core.trainer import DIVERGENCE_FACTOR

def _surface_source(name: str) -> str:
    """The surface's function, f(p) of core, renamed `surface` (with the wells of the multi-well surface)."""
    fn = O.SURFACES[name][1]
    wells = f"_WELLS = {O._WELLS!r}  # centre x, centre y, depth, width\n\n\n" if "_WELLS" in source(fn) else ""
    return wells + source(fn, name="surface")


def _makers(racers, lr: float, params: str) -> str:
    return "\n".join(f'    "{OPTIMIZERS[r][0]}": lambda params: {optimizer_line(r, lr, params="params")},'
                     for r in racers)


def optimizers_code(eta: float, surface: str, racers, lr: float, steps: int, sopt: str, slr: float, kind: str,
                    seed: int = O.NET_SEED) -> str:
    racers = list(racers)
    label, _, start, _, _ = O.SURFACES[surface]
    data_name, n, noise = O.NET_DATA
    widths = [2, *O.NET_HIDDEN]
    regimes = ", ".join(f'("{k}", {v[0]:g})' for k, v in O.REGIMES.items())
    sched = ("torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)" if kind == "cosine" else
             "torch.optim.lr_scheduler.StepLR(optimizer, step_size=max(1, steps // 4), gamma=0.5)")
    return f'''{header("math", "nn", "F")}
{step("1. The three regimes, and your learning rate")}
# 1. The three regimes, and your eta: gradient descent on one weight. J is a wide bowl (global minimum at w = 0)
#    with a narrow dip on its wall (a false local minimum).
WELL_DEPTH, WELL_CENTRE, WELL_WIDTH = {O.WELL_DEPTH!r}, {O.WELL_CENTRE!r}, {O.WELL_WIDTH!r}


{source(O.J1, name="J")}

for name, eta in [{regimes}, ("yours", {eta:g})]:
    w = torch.tensor([{O.START_W:g}], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=eta)
    for step in range({O.REGIME_STEPS}):
        if not abs(w.item()) < {O.ESCAPE:g}:  # it has left the landscape: diverged
            break
        optimizer.zero_grad()
        J(w).sum().backward()
        optimizer.step()                      # w <- w - eta * dJ/dw
    print(f"{{name}}: eta = {{eta:g}}, w = {{w.item():.10g}}, J = {{J(w).item():.10g}}")


{step("2. The race on a surface")}
# 2. The race on the surface "{label}": each optimizer from the same start, at the same learning rate.
{_surface_source(surface)}

racers = {{
{_makers(racers, lr, "params")}
}}
for name, make in racers.items():
    p = torch.tensor([{start[0]:g}, {start[1]:g}], dtype=torch.float64, requires_grad=True)
    optimizer = make([p])
    for step in range({steps} + 1):
        optimizer.zero_grad()
        value = surface(p)
        value.backward()
        ok = math.isfinite(value.item()) and p.abs().max().item() < 1e6 and torch.isfinite(p.grad).all()
        if not ok or step == {steps}:
            break
        optimizer.step()
    print(f"surface, {{name}}: {{step}} steps, x = {{p[0].item():.10g}}, y = {{p[1].item():.10g}}, "
          f"f = {{value.item():.10g}}")


{step("3. The race on a network: data and model")}
# 3. The race on a network: the {data_name} data, a {"-".join(map(str, [*widths, 1]))} {O.NET_ACTIVATION} network.
{generators(data.SHAPES[data_name])}

X, y = {data_name}({n}, {noise:g}, {seed})


{INIT}

def network():
    widths = {widths}
    layers = []
    for a, b in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(a, b), {MODULE[O.NET_ACTIVATION]}]
    model = nn.Sequential(*layers, nn.Linear(widths[-1], 1))
    init_weights(model, {seed})              # PyTorch's default init, from a seeded generator
    return model


def loss_on_all(model):
    with torch.no_grad():
        return F.binary_cross_entropy_with_logits(model(X).squeeze(-1), y).item()


def train(optimizer_for, steps, schedule=None):
    model = network()
    optimizer = optimizer_for(model.parameters())     # the one line that changes
    scheduler = schedule(optimizer) if schedule else None
    order = torch.Generator().manual_seed({seed})
    start = loss_on_all(model)
    for step in range(steps):                           # full batch: every step sees all {n} points
{full_batch_step("bce", indent=8)}        bad = not all(torch.isfinite(q).all() for q in model.parameters())
        if not math.isfinite(loss.item()) or bad or loss.item() > {DIVERGENCE_FACTOR} * max(start, 1.0):
            print(f"  diverged at step {{step + 1}}")
            break
        if scheduler:
            scheduler.step()
    return loss_on_all(model)


{step("The race on the network: training")}
racers = {{
{_makers(racers, lr, "params")}
}}
for name, make in racers.items():
    print(f"network, {{name}}: training loss {{train(make, {steps}):.10g}}")


{step("4. A learning-rate schedule")}
# 4. Beyond the lecture: constant eta against a schedule, {O.SCHEDULE_STEPS} steps.
steps = {O.SCHEDULE_STEPS}
make = lambda params: {optimizer_line(sopt, slr, params="params")}  # noqa: E731
print(f"schedule, constant: training loss {{train(make, steps):.10g}}")
print(f"schedule, {kind}: training loss {{train(make, steps, lambda optimizer: {sched}):.10g}}")
'''

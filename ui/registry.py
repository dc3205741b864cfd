"""The one list of nnlab's pages: file, title, lecture part. Navigation, the home page's map and
previous/next links are all built from it; a page is listed only once its file exists."""

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Page:
    file: str      # path relative to the repository root; fixes the URL learners share
    title: str
    part: str      # the lecture part it belongs to
    icon: str
    summary: str   # one line for the home page's map
    short: str = ""  # a shorter label for the sidebar, where the title is long

    @property
    def nav(self) -> str:
        return self.short or self.title

    @property
    def slug(self) -> str:
        """The URL path: pages/06_gradient_descent.py -> gradient_descent; app.py -> ''."""
        stem = Path(self.file).stem
        return "" if self.file == "app.py" else stem.split("_", 1)[1]

    @property
    def exists(self) -> bool:
        return (ROOT / self.file).is_file()


PARTS = ("Foundations", "Training a network", "Training in practice", "Putting it together")

PAGES = (
    Page("app.py", "Why deep learning, and why now", "Foundations", ":material/home:",
         "What deep learning is, why it took off now, and a map of nnlab.", "Why deep learning, why now"),
    Page("pages/01_perceptron.py", "The perceptron", "Foundations", ":material/radio_button_checked:",
         "Dot product, add bias, apply a nonlinearity: the lecture's worked example, live."),
    Page("pages/02_activation_functions.py", "Activation functions and why nonlinearity", "Foundations",
         ":material/show_chart:", "Sigmoid, tanh and ReLU, and why a network without them stays a line.",
         "Activation functions"),
    Page("pages/03_neural_networks.py", "From neurons to networks", "Foundations", ":material/hub:",
         "Dense layers from scratch, hidden layers, and deep networks, shape by shape."),
    Page("pages/04_will_i_pass.py", "Will I pass this class?", "Training a network", ":material/school:",
         "The lecture's 2-3-1 network on synthetic students: untrained, then trained live."),
    Page("pages/05_loss_functions.py", "Quantifying loss", "Training a network", ":material/functions:",
         "Binary cross-entropy and mean squared error, example by example."),
    Page("pages/06_gradient_descent.py", "Gradient descent", "Training a network", ":material/trending_down:",
         "Walk downhill on a real loss landscape, one step at a time."),
    Page("pages/07_backpropagation.py", "Backpropagation", "Training a network", ":material/account_tree:",
         "The chain rule with numbers, checked against autograd."),
    Page("pages/08_learning_rate_and_optimizers.py", "Learning rate and adaptive optimizers",
         "Training in practice", ":material/speed:", "Too small, too large, just right; SGD against Adam and co.",
         "Learning rate and optimizers"),
    Page("pages/09_loss_landscape.py", "The loss landscape of a real network", "Training in practice",
         ":material/landscape:", "Li et al.'s filter-normalised slices, computed live.", "A real loss landscape"),
    Page("pages/10_mini_batches.py", "Mini-batches", "Training in practice", ":material/view_module:",
         "Noisy single-example gradients against batches of 32 or 128."),
    Page("pages/11_overfitting.py", "Overfitting", "Training in practice", ":material/ssid_chart:",
         "Underfit, ideal fit, overfit: capacity against held-out error."),
    Page("pages/12_dropout.py", "Dropout", "Training in practice", ":material/grain:",
         "Randomly silence neurons while training, so the network cannot lean on any one."),
    Page("pages/13_early_stopping.py", "Early stopping", "Training in practice", ":material/back_hand:",
         "Stop where the validation loss is lowest."),
    Page("pages/14_playground.py", "Playground", "Putting it together", ":material/sports_esports:",
         "Every idea of the lecture in one live sandbox."),
    Page("pages/15_summary.py", "Summary", "Putting it together", ":material/checklist:",
         "The lecture's three big ideas, and a self-check."),
)


def available() -> list[Page]:
    """The pages that exist, in lecture order."""
    return [p for p in PAGES if p.exists]


def by_slug(slug: str) -> Page:
    for p in PAGES:
        if p.slug == slug:
            return p
    raise KeyError(slug)


def neighbours(slug: str) -> tuple[Page | None, Page | None]:
    """The previous and next existing pages in lecture order."""
    pages = available()
    i = [p.slug for p in pages].index(slug)
    return (pages[i - 1] if i > 0 else None, pages[i + 1] if i + 1 < len(pages) else None)

"""The home page's content as data, in the lecture's words (reference.md, sections A and B; P0).

Plain Python: no torch and no streamlit, so the home page never waits for `import torch` and a unit
test can check every fact. Nothing here is a [U] (unverified) number from the lecture's opening.
"""

# The lecture's definitions, outermost set first: each is a subset of the one before.
DEFINITIONS = (
    ("Intelligence", "the ability to process information in order to inform some future decision or action."),
    ("Artificial intelligence",
     "building artificial algorithms that do exactly that: use information, use data, to inform future decisions."),
    ("Machine learning",
     "a subset of AI: instead of explicitly programming how to use the data, learn patterns within the data."),
    ("Deep learning", "a subset of machine learning: doing that exact process with deep neural networks."),
)
CORE_IDEA = "teach computers how to learn tasks directly from observation, directly from data."

# Traditional machine learning hand-engineers features; deep learning learns the same hierarchy.
HAND_ENGINEERED = ("Traditional machine learning defines features by hand, as step-by-step rules. "
                   "Hand-engineered features are time-consuming, brittle and not scalable.")
FEATURES = (  # the face example, from simple to composite
    ("Low-level features", "Lines and edges", "Simple lines, composed into curves."),
    ("Mid-level features", "Eyes, nose and ears", "Curves combined into composite parts."),
    ("High-level features", "Facial structure", "Parts assembled into a whole face."),
)
LEARNED = ("The key idea of deep learning: after observing a lot of faces, **learn** this hierarchy "
           "of features directly from data, instead of someone writing it down.")

# The slide's timeline: almost everything in this lecture was invented decades ago.
TIMELINE = (
    (1952, "Stochastic Gradient Descent"),
    (1958, "Perceptron"),
    (1986, "Backpropagation"),
    (1995, "Deep Convolutional NN"),
)
TIMELINE_NOTES = {  # the slide's gloss, where it gives one
    1958: "learnable weights",
    1986: "multi-layer perceptron",
    1995: "digit recognition",
}

# Why now: three enablers turned decades-old ideas into today's progress.
ENABLERS = (
    ("Big Data", ":material/database:",
     "Larger datasets, easier collection and storage: data is more and more plentiful."),
    ("Hardware", ":material/memory:",
     "Graphics processing units (GPUs), massively parallelisable, and now commoditised."),
    ("Software", ":material/code_blocks:",
     "Open-source toolboxes such as TensorFlow, PyTorch and Keras make building networks streamlined."),
)

HOW_TO = (
    "**Pick a page** from the map above or the sidebar; they follow the lecture's order, and each teaches on its own.",
    "**Move a slider**: the PyTorch computation reruns at once, and the formula, numbers and charts follow.",
    "**Lecture example** sets the controls to the numbers on the slides; **Reset to defaults** starts over.",
    "**Share a link**: every control is in the address bar, so the URL reopens the page exactly as you left it.",
    "**PyTorch code** shows a script for the current settings: run it with only torch for the same numbers.",
    "**Notation** in the sidebar of every page lists the lecture's symbols.",
)

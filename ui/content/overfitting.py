"""The Overfitting page's guided experiments and self-check (plain text: no torch, no streamlit).
tests/promises/test_overfitting.py holds each outcome they promise."""

TRY_THIS = (
    "Press **Underfit**, then **Train**: a straight line cannot follow the curve, so training and test error are "
    "both high. That is too little capacity.",
    "Press **Tiny data, huge network**, then **Train**: 10 points, 4,353 parameters. The training error drops to "
    "almost 0 while the test error is more than a hundred times larger: the network has memorised the points.",
    "Keep the huge network and raise the training points to 100, then **Train** again: with enough data the same "
    "network generalises, its test error close to the noise's 0.09. Run the capacity sweep at 10 and at 100 "
    "points: with 100 the sweet spot moves to a larger network, and the test error hardly rises beyond it.",
)

QUIZ = dict(
    question="A network reaches training error 0.001 but test error 0.5. What is happening?",
    options=["Underfitting: it needs more capacity", "Overfitting: it memorised the training points",
             "It is the ideal fit: the training error is tiny"],
    answer=1,
    why="A tiny training error with a large test error means the model learned the training points, noise "
        "included, and does not generalise. Fewer parameters, more data or regularisation help.",
)

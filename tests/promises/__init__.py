"""Promised outcomes: every sentence on a page that tells the learner what they will see after an action.

Each page has a module here, `test_<slug>.py`. A test in it performs the action the sentence names (on the page
with AppTest, or on core) and asserts the outcome the sentence promises. The decorator puts the sentence beside
the test that holds it:

    @promise("perceptron", "z changes sign and ŷ passes 0.5 exactly there")
    def test_crossing_the_line_flips_the_sign(): ...

The quote is a fragment of the sentence as the page shows it. `test_coverage.py` checks that every "Try this"
item of every page holds at least one registered quote, and that every registered quote is still on its page, so
a reworded promise cannot drift from its test. Sentences built from the run's own numbers need no test here.
"""

from collections.abc import Callable

PROMISES: dict[str, list[tuple[str, str]]] = {}  # slug -> [(quote, "module.test")]


def promise(slug: str, quote: str) -> Callable:
    """Register `quote`, a sentence (or a fragment of one) on the page `slug`, as held by the decorated test."""
    def mark(test: Callable) -> Callable:
        PROMISES.setdefault(slug, []).append((quote, f"{test.__module__.rsplit('.', 1)[-1]}.{test.__name__}"))
        return test
    return mark

"""Do caches stay bounded? Many distinct settings through pages with cached results, in one process
(AppTest), with the process's resident memory printed as they accumulate. Bounded caches level off.

    python -m benchmarks.memory [--settings 1000]
"""

import argparse
import gc

from benchmarks.load import rss_mb
from tests.conftest import open_page

# (page, settings for the i-th distinct visit): pages whose results are cached by their settings.
PAGES = [
    ("pages/01_perceptron.py", lambda i: {"x1": f"{(i % 21) / 2 - 5:g}", "x2": f"{(i // 21 % 21) / 2 - 5:g}",
                                          "w0": f"{(i // 441 % 5) - 2:g}"}),
    ("pages/09_loss_landscape.py", lambda i: {"seed": str(i), "res": "21"}),
    ("pages/10_mini_batches.py", lambda i: {"seed": str(i)}),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--settings", type=int, default=1000)
    a = ap.parse_args()
    import logging
    import os

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode notices
    pid = os.getpid()
    print(f"Memory with many distinct settings (one process, AppTest; RSS after every {a.settings // 5} visits)")
    for page, make in PAGES:
        marks = []
        for i in range(a.settings):
            at = open_page(page, make(i), code=False)
            assert not at.exception, at.exception
            if (i + 1) % (a.settings // 5) == 0:
                gc.collect()
                marks.append(rss_mb(pid))
        growth = marks[-1] - marks[1]
        print(f"  {page:<32} " + "  ".join(f"{m:5.0f}" for m in marks) + f" MB   (growth over the last "
              f"{a.settings * 4 // 5 - a.settings // 5} visits: {growth:+.0f} MB)")


if __name__ == "__main__":
    main()

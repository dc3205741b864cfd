"""nnlab core: the PyTorch engine behind every page. It never imports streamlit."""

import os

# Streamlit runs every session, and every rerun, in a thread of one process. Tiny models gain nothing from
# intra-op threads and many sessions would oversubscribe the CPU; OpenMP reads this once, at torch's import,
# as the default for every thread.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

torch.set_num_threads(1)


def single_thread() -> None:
    """Pin the calling thread to one intra-op thread: OpenMP keeps the count per thread, and a Streamlit
    rerun is a new thread, so the pin at import does not always reach it (results would round differently)."""
    torch.set_num_threads(1)

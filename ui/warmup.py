"""Import what the training pages need in the background, once the first page a server shows is drawn.

The home page imports no torch, pandas or Altair, so a fresh server shows it at once; without a warm-up
the learner's first training page would then wait seconds for those imports. frame.footer starts this
after the first page's content is out, on one daemon thread per process (Python's import locks make a
page that imports the same module meanwhile wait for it, not import it twice). NNLAB_WARMUP=0 turns it
off (tests that check what a page itself imports).
"""

import importlib
import os
import threading

MODULES = ("numpy", "pandas", "altair", "torch", "core.trainer", "core.fast_engine", "ui.charts")
_lock = threading.Lock()
_thread: threading.Thread | None = None


def start() -> threading.Thread | None:
    """Start the warm-up (the first call in a process); the thread, or None when it is turned off."""
    global _thread
    if os.environ.get("NNLAB_WARMUP", "1") == "0":
        return None
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_run, name="nnlab-warmup", daemon=True)
            _thread.start()
    return _thread


def _run() -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a page that needs the module reports the error itself
            pass

"""Start nnlab's Streamlit server on a free local port, and find a Chromium to drive."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from ui import streamlit_dom

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
READY = streamlit_dom.READY  # the page's script has ended: tests and benchmarks wait for it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_path() -> str | None:
    """Debian's Chromium if installed, else None (Playwright then tries its own browser)."""
    for name in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if name and os.path.exists(name):
            return name
    return None


class ServerURL(str):
    """The server's base URL, carrying the server process's pid (for memory figures)."""
    pid: int


@contextmanager
def streamlit_server(port: int | None = None, timeout: float = 30):
    """Run `streamlit run app.py` headless on 127.0.0.1 until the block ends; yields the base URL (with .pid)."""
    port = port or free_port()
    log = open(ROOT / f".server-{port}.log", "w") if os.environ.get("NNLAB_SERVER_LOG") else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=log)
    url = ServerURL(f"http://127.0.0.1:{port}")
    url.pid = proc.pid
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy on port {port}")
            time.sleep(0.05)  # polling a health endpoint, not synchronising a test
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()

"""Screenshots of nnlab pages in headless Chromium, for looking at what a learner sees.

    python -m tests.browser.screenshot perceptron "will_i_pass?hidden=8" --out /tmp/shots

Each argument is a URL path (the page's slug, "" for home, with an optional query string).
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.server import CHROMIUM_ARGS, READY, chromium_path, streamlit_server
from ui import streamlit_dom as dom


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[""])
    ap.add_argument("--out", default="/tmp/shots")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=2600)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--click", default="", help="text of a button to click before the shot (e.g. Train)")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    with streamlit_server(a.port or None) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": a.width, "height": a.height})
        for path in a.paths:
            page.goto(f"{url}/{path}")
            page.wait_for_selector(READY, state="attached", timeout=60_000)
            page.get_by_test_id(dom.MARKDOWN).first.wait_for()
            if a.click:
                page.get_by_role("button", name=a.click).click()
                page.wait_for_selector(dom.SCRIPT_RUNNING, state="attached")
                page.wait_for_selector(READY, state="attached", timeout=60_000)
            # Lazily loaded widgets show grey skeletons until their code arrives; wait them out.
            page.wait_for_function(f"document.querySelectorAll(\"{dom.by_testid(dom.SKELETON)}\").length === 0",
                                   timeout=60_000)
            page.wait_for_timeout(800)  # let charts finish their first paint before the picture
            name = "".join(c if c.isalnum() or c in "-_" else "_" for c in path) or "home"
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()

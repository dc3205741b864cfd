"""Every page on a phone (390 x 844) and on a projector (1280 x 720), measured in Chromium.

- Nothing sticks out past the right edge: the page does not scroll sideways, no element reaches beyond the box that
  clips it (a legend cut by its chart, a table cut by the page), and every formula fits its width (it wraps).
- Phone: each lecture page's first result (a chart, a number, a picture: the one its first control drives) starts
  within the first two screens; on the playground, Play and the board do, above most of the controls.
- Projector: each lecture page's first screen shows a control and the result it drives, together.

The screenshots (the first screen of each page at each size) are written to test-results/screens/ for a person to
look at; the test prints the folder.
"""

import time

import pytest

from tests.browser.server import READY, ROOT
from ui import registry, streamlit_dom as dom

pytestmark = pytest.mark.browser

PAGES = registry.available()
SHOTS = ROOT / "test-results" / "screens"
PHONE, PROJECTOR = (390, 844), (1280, 720)
SLACK = 2  # px: sub-pixel rounding

# Each lecture page's first control (its key), whose result is the first chart, number or picture after it.
FIRST_CONTROL = {
    "perceptron": "x1", "activation_functions": "x", "neural_networks": "dm", "will_i_pass": "hidden",
    "loss_functions": "clip", "gradient_descent": "w0", "backpropagation": "x", "learning_rate_and_optimizers": "eta",
    "loss_landscape": "view", "mini_batches": "lr", "overfitting": "n", "dropout": "p", "early_stopping": "val",
    "playground": "pg_play_button",
}
BOARD = ".nnlab-board-stage"  # the playground's live board (ui/playground/live_board.py)
RESULTS = ", ".join([*(dom.by_testid(t) for t in (dom.VEGA_CHART, dom.METRIC, dom.IMAGE, dom.TABLE, dom.DATAFRAME)),
                     BOARD])
CONTROLS = ", ".join(dom.by_testid(t) for t in (dom.SLIDER, dom.SELECTBOX, dom.NUMBER_INPUT, dom.CHECKBOX,
                                                dom.RADIO))

MEASURE = """([key, resultsSel, controlsSel, board, katex]) => {
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const main = document.querySelector("MAIN");
  const box = (e) => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height,
                                                                       left: r.left, right: r.right}; };
  const name = (e) => {
    for (let a = e; a; a = a.parentElement) {
      if (a.getAttribute && a.getAttribute("data-testid")) return a.getAttribute("data-testid");
    }
    return e.tagName;
  };
  // The page itself must not scroll sideways.
  const sideways = [document.documentElement, document.body, main, main.firstElementChild]
    .filter((e) => e && e.scrollWidth > e.clientWidth + SLACK)
    .map((e) => name(e) + " " + e.scrollWidth + " > " + e.clientWidth);
  // Nothing reaches past the box that clips it (or the screen), unless it sits in a box that scrolls sideways
  // on its own (a data grid). Inside a chart, its legends, axes and labels are checked against the chart.
  const cut = [];
  const outer = new Set();
  for (const e of main.querySelectorAll("*")) {
    const inSvg = e.closest("svg") && e.tagName.toLowerCase() !== "svg";
    if (inSvg && !(e.matches(".role-legend, .role-axis, .role-title, text"))) continue;
    if (e.closest("." + katex) && !e.classList.contains(katex)) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let clip = vw, skip = false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (inSvg && a.tagName.toLowerCase() === "g" && a.getAttribute("clip-path")) { skip = true; break; }
      const s = getComputedStyle(a);
      if (s.overflowX === "visible" && a.tagName.toLowerCase() !== "svg") continue;
      const ar = a.getBoundingClientRect();
      if (ar.width < 20 || ar.height < 20) { skip = true; break; }   // a visually hidden box (an input's)
      const scrolls = s.overflowX === "auto" || s.overflowX === "scroll";
      if (scrolls && a !== main && ar.right <= vw + SLACK) { skip = true; break; }
      clip = Math.min(clip, ar.right);
    }
    if (!skip && r.right > clip + SLACK) outer.add(e);
  }
  for (const e of outer) {
    if (outer.has(e.parentElement)) continue;
    const what = (e.getAttribute("class") || e.tagName).toString().slice(0, 40);
    cut.push(name(e) + " " + what + " right " + Math.round(e.getBoundingClientRect().right));
  }
  const formulas = [...main.querySelectorAll("." + katex + "-display")]
    .filter((k) => k.scrollWidth > k.clientWidth + SLACK + 2)
    .map((k) => k.textContent.slice(0, 40) + ": " + k.scrollWidth + " > " + k.clientWidth);
  // The first control and the first result after it.
  const control = key ? main.querySelector(".KEY" + key) : null;
  let result = null;
  if (control) {
    for (const r of main.querySelectorAll(resultsSel)) {
      const b = r.getBoundingClientRect();
      const after = control.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (b.height > 0 && after) { result = r; break; }
    }
  }
  const controls = [...main.querySelectorAll(controlsSel)].map(box).filter((b) => b.height > 0);
  return {vw, vh, sideways, cut: cut.slice(0, 8), formulas, control: control && box(control),
          result: result && {...box(result), what: name(result)},
          board: document.querySelector(board) && box(document.querySelector(board)),
          controlsBelowBoard: document.querySelector(board) ?
              controls.filter((b) => b.top > document.querySelector(board).getBoundingClientRect().top).length : 0,
          controls: controls.length};
}""".replace("MAIN", dom.by_testid(dom.MAIN)).replace("KEY", dom.KEY).replace("SLACK", str(SLACK))


def settled(page, args: list, tries: int = 8) -> dict:
    """The page's measures once two in a row agree: a chart's legend and axes and a formula's wrap settle after their
    first paint, later on a busy machine."""
    last = page.evaluate(MEASURE, args)
    for _ in range(tries):
        page.wait_for_timeout(300)
        now = page.evaluate(MEASURE, args)
        if now == last:
            break
        last = now
    return now


MEASURED: dict = {}   # kept for the whole run: pytest may set a module's fixture up again when it orders tests


@pytest.fixture(scope="module")
def screens(browser, server):
    """Every page measured at both sizes: {(slug, size): measures}. Screenshots go to SHOTS."""
    if not MEASURED:
        MEASURED.update(measure(browser, server))
    return MEASURED


def drawn(page, slug: str) -> None:
    """The page's script has ended, its widgets' code has loaded, and each chart has drawn."""
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    page.get_by_test_id(dom.MARKDOWN).first.wait_for(timeout=60_000)
    page.wait_for_function(f"document.querySelectorAll(\"{dom.by_testid(dom.SKELETON)}\").length === 0",
                           timeout=60_000)
    if slug in FIRST_CONTROL:
        page.locator(f".{dom.KEY}{FIRST_CONTROL[slug]}").first.wait_for(timeout=60_000)
    for chart in page.get_by_test_id(dom.VEGA_CHART).all():
        chart.locator("svg, canvas").first.wait_for(state="attached", timeout=30_000)


def measure(browser, url) -> dict:
    """Each page loaded once, at the phone's size, then the window made a projector's (the page lays itself out
    again, as it does when a window is resized)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = {"started": time.time() - 1}
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    page = context.new_page()
    args = lambda slug: [FIRST_CONTROL.get(slug), RESULTS, CONTROLS, BOARD, dom.KATEX]  # noqa: E731
    for p in PAGES:
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        page.goto(f"{url}/{p.slug}")
        for size in (PHONE, PROJECTOR):
            page.set_viewport_size({"width": size[0], "height": size[1]})
            drawn(page, p.slug)
            found[(p.slug, size)] = settled(page, args(p.slug))
            page.screenshot(path=str(SHOTS / f"{p.slug or 'home'}-{size[0]}x{size[1]}.png"))
    context.close()
    print(f"\nscreenshots of every page at both sizes: {SHOTS}")
    return found


def _report(m: dict) -> str:
    return " | ".join(f"{k}: {m[k]}" for k in ("sideways", "cut", "formulas") if m[k])


@pytest.mark.parametrize("size", [PHONE, PROJECTOR], ids=["phone", "projector"])
def test_no_page_sticks_out_past_the_right_edge(screens, size):
    bad = {p.slug or "home": _report(screens[(p.slug, size)]) for p in PAGES}
    bad = {slug: why for slug, why in bad.items() if why}
    assert not bad, bad


def _screens_down(box: dict, vh: int, seen: float = 150) -> float:
    """Where an element has shown enough of itself (its top, plus up to `seen` px), in screens from the top."""
    return (box["top"] + min(box["height"], seen)) / vh


@pytest.mark.parametrize("slug", FIRST_CONTROL)
def test_on_a_phone_the_first_result_is_within_two_screens(screens, slug):
    m = screens[(slug, PHONE)]
    assert m["control"] is not None and m["result"] is not None, slug
    where = _screens_down(m["result"], m["vh"])
    print(f"\n{slug} on a phone: its first result ({m['result']['what']}) at {where:.2f} screens")
    assert where <= 2


def test_on_a_phone_the_playgrounds_play_and_board_come_before_most_controls(screens):
    m = screens[("playground", PHONE)]
    play, board = m["control"], m["board"]
    print(f"\nplayground on a phone: Play at {play['top'] / m['vh']:.2f} screens, the board at "
          f"{board['top'] / m['vh']:.2f}; {m['controlsBelowBoard']} of {m['controls']} controls below the board")
    assert _screens_down(play, m["vh"], 40) <= 2 and _screens_down(board, m["vh"]) <= 2
    assert m["controlsBelowBoard"] >= m["controls"] / 2   # the board is not behind every control


@pytest.mark.parametrize("slug", FIRST_CONTROL)
def test_on_a_projector_the_first_screen_shows_a_control_with_its_result(screens, slug):
    m = screens[(slug, PROJECTOR)]
    control, result = m["control"], m["result"]
    assert control is not None and result is not None, slug
    control_at, result_at = _screens_down(control, m["vh"], 60), _screens_down(result, m["vh"])
    print(f"\n{slug} on a projector: its first control at {control_at:.2f} screens, its result "
          f"({result['what']}) at {result_at:.2f}")
    assert control["top"] >= 0 and control_at <= 1 and result_at <= 1


def test_the_screenshots_are_beside_the_output(screens):
    for p in PAGES:
        for width, height in (PHONE, PROJECTOR):
            shot = SHOTS / f"{p.slug or 'home'}-{width}x{height}.png"
            assert shot.stat().st_mtime >= screens["started"] and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

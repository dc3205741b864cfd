"""ui.live_picture's page script on its own, in Chromium without a server: frames queued by a batch are played in
order, and a page that is busy for longer than the player's backlog delays them instead of skipping them."""

import numpy as np

from ui import charts, live_picture

FRAMES = 60


def _mount(page):
    """The component's script as Streamlit would call it, on a blank page: a figure, then one batch of FRAMES
    frames made 25 ms apart (a replay)."""
    rng = np.random.default_rng(0)
    frames = [[round(i * live_picture.PACE, 4), charts.png_rgb_uri(rng.integers(0, 255, (8, 8, 3), dtype=np.uint8)),
               f"frame {i}"] for i in range(FRAMES)]
    page.set_content("<div id='fig'></div><div id='batch'></div>")
    page.evaluate("""async ([js, frames, lead]) => {
      const mod = await import('data:text/javascript,' + encodeURIComponent(js));
      mod.default({data: {kind: 'figure', run: 'r', alt: 'a picture', caption: 'Starting', tail: '', width: 200},
                   parentElement: document.getElementById('fig')});
      mod.default({data: {kind: 'frames', run: 'r', frames, lead}, parentElement: document.getElementById('batch')});
    }""", [live_picture._JS, frames, live_picture.LEAD])
    return page.locator("canvas.nnlab-live-frame")


def test_every_frame_of_a_batch_is_shown_in_order(page):
    canvas = _mount(page)
    page.wait_for_function(f"+document.querySelector('canvas').dataset.frame === {FRAMES}", timeout=10_000)
    assert canvas.get_attribute("data-received") == str(FRAMES)
    assert canvas.get_attribute("data-skipped") is None
    assert page.locator("figcaption").inner_text().startswith(f"frame {FRAMES - 1}")


def test_a_busy_page_delays_the_frames_and_skips_none(page):
    """The page blocked for 2 s after the first frame (as while the browser draws a rerun): the 59 frames due
    meanwhile, more than the 30 the player lets fall due before it skips, are all shown after it."""
    canvas = _mount(page)
    page.wait_for_function("+document.querySelector('canvas').dataset.frame >= 1", polling=10, timeout=10_000)
    page.evaluate("() => { const end = performance.now() + 2000; while (performance.now() < end) {} }")
    page.wait_for_function(f"(c => +c.dataset.frame + +(c.dataset.skipped || 0) === {FRAMES})"
                           "(document.querySelector('canvas'))", timeout=10_000)
    assert canvas.get_attribute("data-skipped") is None
    assert canvas.get_attribute("data-frame") == str(FRAMES)

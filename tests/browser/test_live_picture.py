"""ui/live_picture.js on its own, in Chromium without a server: frames queued by a batch are played in order at the
pace they were made, the caption (the picture's text) follows them, and a page that is busy for longer than the
player's backlog delays them instead of skipping them."""

import numpy as np
from playwright.sync_api import expect

from ui import charts, live_picture

FRAMES = 60


def _mount(page, frames=None, tail=""):
    """The component's script as Streamlit would call it, on a blank page: a figure, then one batch of `frames`
    (by default FRAMES random ones made 25 ms apart, a replay). Each frame shown is recorded as it is shown
    (window.__shown: the time, the red of its top-left pixel, the caption), and the batch's time (window.__batch)."""
    if frames is None:
        rng = np.random.default_rng(0)
        frames = [[round(i * live_picture.PACE, 4),
                   charts.png_rgb_uri(rng.integers(0, 255, (8, 8, 3), dtype=np.uint8)), f"frame {i}"]
                  for i in range(FRAMES)]
    page.set_content("<div id='fig'></div><div id='batch'></div>")
    page.evaluate("""async ([js, frames, lead, tail]) => {
      const mod = await import('data:text/javascript,' + encodeURIComponent(js));
      mod.default({data: {kind: 'figure', run: 'r', alt: 'a picture', caption: 'Starting', tail, width: 200},
                   parentElement: document.getElementById('fig')});
      const canvas = document.querySelector('canvas'), cap = document.querySelector('figcaption');
      window.__shown = [];
      new MutationObserver(() => window.__shown.push([performance.now(),
                                                      canvas.getContext('2d').getImageData(0, 0, 1, 1).data[0],
                                                      cap.textContent]))
        .observe(canvas, {attributes: true, attributeFilter: ['data-frame']});
      window.__batch = performance.now();
      mod.default({data: {kind: 'frames', run: 'r', frames, lead}, parentElement: document.getElementById('batch')});
    }""", [live_picture.JS, frames, live_picture.LEAD, tail])
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


def test_frames_are_shown_at_their_pace_and_the_caption_follows(page):
    """Frame i is a plain colour (red = 4 i), made PACE apart: each is shown once, in order, LEAD after the batch
    came, about PACE apart (the player catches up at 1.5 times speed after a pause, never faster), and the caption
    names the frame shown or one a few frames before it (it is renewed at most every 150 ms), with the tail."""
    pace_ms = live_picture.PACE * 1000
    frames = [[round(i * live_picture.PACE, 4), charts.png_rgb_uri(np.full((8, 8, 3), (4 * i, 0, 0), np.uint8)),
               f"frame {i}"] for i in range(FRAMES)]
    canvas = _mount(page, frames, tail="of 60")
    page.wait_for_function(f"window.__shown.length === {FRAMES}", timeout=10_000)
    shown, batch = page.evaluate("[window.__shown, window.__batch]")
    assert [round(red / 4) for _, red, _ in shown] == list(range(FRAMES))
    assert shown[0][0] - batch >= live_picture.LEAD / 1.5, (shown[0][0] - batch)
    span = shown[-1][0] - shown[0][0]
    assert (FRAMES - 1) * pace_ms / 1.5 <= span <= (FRAMES - 1) * pace_ms + 3000, span
    named = [int(caption.split()[1]) for _, _, caption in shown]
    assert all(i - 10 <= k <= i for i, k in enumerate(named)), named
    assert named == sorted(named) and all(caption.endswith(" of 60") for _, _, caption in shown)
    assert page.locator("figcaption").inner_text() == f"frame {FRAMES - 1} of 60"
    # its label says what it shows now: the alt text and the last frame's caption (ui/live_picture.js, ANNOUNCE)
    expect(canvas).to_have_attribute("aria-label", f"a picture frame {FRAMES - 1}")
    assert canvas.get_attribute("role") == "img"

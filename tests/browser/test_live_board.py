"""ui/playground/live_board.js on its own, in Chromium without a server: a fake WebSocket stands in for
ui.playground.stream. The board
draws each frame's boundary and numbers, sends Play and Pause at the click, keeps focus on the Play button, and
asks Streamlit for a rerun when a press ends, and none while it plays."""

import base64

import numpy as np
import pandas as pd

from core.playground import play
from ui.playground import live_board

FAKE_SOCKET = """
window.__sent = []; window.__sockets = [];
window.WebSocket = class {
  static OPEN = 1;
  constructor(url) { this.url = url; this.readyState = 1; window.__sockets.push(this); }
  send(text) { window.__sent.push(JSON.parse(text).cmd); }
  close() { this.readyState = 3; }
};
window.__feed = (b64) => {
  const bin = atob(b64), buf = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
  for (const s of window.__sockets) s.onmessage({ data: buf.buffer });
};
"""


def frame(epoch: int, playing: bool, shade: float, changed: int = 0) -> bytes:
    header = {"epoch": epoch, "playing": playing, "why": "" if playing else "Paused", "n": 10, "frame": epoch,
              "changed": changed, "train_loss": 0.5, "val_loss": None, "test_loss": 0.25, "train_acc": 0.9,
              "val_acc": None, "test_acc": 0.875, "lr": 0.03}
    return play.encode(header, np.full((10, 10), shade))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def mount(page):
    points = pd.DataFrame({"x": [-5.0, 5.0], "y": [5.0, -5.0], "set": ["training", "test"], "label": [0, 1]})
    data = {"kind": "board", "token": "t", "path": "/_nnlab/live/", "frame": b64(frame(0, False, 0.5)),
            "lut": live_board.LUT,
            "point_lut": live_board.POINT_LUT, "points": [[-5, 5, 0, 0], [5, -5, 1, 2]],
            "box": [[-6, 6], [-6, 6]], "show_test": True, "discretize": False, "task": "classification",
            "history": [], "alt": "the boundary", "legend": "", "labels": ["training loss", "test loss"],
            "curve_colours": ["#0072B2", "#E69F00"], "max_px": 300}
    assert len(points)  # the same shape of points ui.playground.live_board.board sends
    page.set_content("<div id='bar'></div><div id='host' style='width: 300px'></div>")
    page.add_script_tag(content=FAKE_SOCKET)
    page.evaluate("""async ([js, data]) => {
      window.__synced = [];
      const mod = await import('data:text/javascript,' + encodeURIComponent(js));
      window.__mount = (d) => mod.default({data: d, parentElement: document.getElementById('host'),
                                           setTriggerValue: (name, v) => window.__synced.push([name, v])});
      mod.default({data: {kind: 'button', token: 't'}, parentElement: document.getElementById('bar')});
      window.__mount(data);
    }""", [live_board.JS, data])
    page.wait_for_function("document.querySelector('.nnlab-board').dataset.drawn === '1'")
    return data


def pixel(page) -> list[int]:
    return page.evaluate("() => Array.from(document.querySelector('.nnlab-board-plane').getContext('2d')"
                         ".getImageData(150, 150, 1, 1).data)")


def test_frames_are_drawn_with_their_numbers_and_colours(page):
    mount(page)
    white = pixel(page)
    page.evaluate("b => window.__feed(b)", b64(frame(7, True, 1.0)))
    page.wait_for_function("document.querySelector('.nnlab-board').dataset.epoch === '7'")
    blue = pixel(page)
    assert blue != white and blue[2] > blue[0], (white, blue)  # P(class 1) = 1 is drawn blue
    assert page.locator(".nnlab-board-numbers").inner_text() == (
        "Epoch 7 · training loss 0.500 · test loss 0.250 · test accuracy 88 %")
    assert page.locator(".nnlab-play").inner_text() == "Pause"


def test_play_and_pause_are_sent_at_the_click_and_focus_stays(page):
    mount(page)
    button = page.locator(".nnlab-play")
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__sent") == ["play"]  # sent in the click itself: no server round trip first
    page.evaluate("b => window.__feed(b)", b64(frame(3, True, 0.9)))
    page.wait_for_function("document.querySelector('.nnlab-board').dataset.playing === '1'")
    page.keyboard.press("Space")
    assert page.evaluate("window.__sent") == ["play", "pause"]
    assert page.evaluate("document.activeElement.dataset.testid") == "nnlab-play"


def test_a_press_asks_for_one_rerun_when_it_ends_and_none_while_it_plays(page):
    mount(page)
    for e in range(1, 6):
        page.evaluate("b => window.__feed(b)", b64(frame(e, True, 0.8)))
        page.wait_for_function(f"document.querySelector('.nnlab-board').dataset.epoch === '{e}'")
    assert page.evaluate("window.__synced") == []  # no rerun while it plays
    page.evaluate("b => window.__feed(b)", b64(frame(6, False, 0.8)))
    page.wait_for_function("window.__synced.length === 1")
    assert page.locator(".nnlab-board-status").inner_text().startswith("Paused. Epoch 6")


def test_a_rerun_updates_the_board_in_place(page):
    data = mount(page)
    page.evaluate("b => window.__feed(b)", b64(frame(5, True, 0.2)))
    page.wait_for_function("document.querySelector('.nnlab-board').dataset.epoch === '5'")
    page.evaluate("d => window.__mount(d)", {**data, "show_test": False, "frame": b64(frame(5, True, 0.2))})
    assert page.locator(".nnlab-board").count() == 1
    assert page.evaluate("window.__sockets.length") == 1  # the same socket: a control change does not reconnect

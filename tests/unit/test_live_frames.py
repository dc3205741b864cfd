"""The live boundary picture's PNGs: each frame decodes to the coloured plane; the points, drawn once, to a
transparent picture with only the points on it."""

import base64
import struct
import zlib

import numpy as np
import pandas as pd

from ui import charts


def _decode(uri: str) -> np.ndarray:
    """A minimal PNG reader for 8-bit RGB or RGBA with filter 0 (what png_rgb_uri writes)."""
    assert uri.startswith("data:image/png;base64,")
    png = base64.b64decode(uri.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(png):
        (n,), tag = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        data, (crc,) = png[pos + 8:pos + 8 + n], struct.unpack(">I", png[pos + 8 + n:pos + 12 + n])
        assert crc == zlib.crc32(tag + data)
        chunks[tag] = chunks.get(tag, b"") + data
        pos += 12 + n
    w, h, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6)
    c = 3 if colour == 2 else 4
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(h, 1 + c * w)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(h, w, c)


def test_png_round_trip():
    for c in (3, 4):
        rgb = np.random.default_rng(c).integers(0, 256, (7, 5, c), dtype=np.uint8)
        assert np.array_equal(_decode(charts.png_rgb_uri(rgb)), rgb)


class Picture:
    def __init__(self):
        self.frames = []

    def add(self, uri, note):
        self.frames.append((uri, note))
        return 7


def test_a_live_frame_is_the_plane():
    prob = np.array([[0.0, 1.0], [0.5, np.nan]])
    pic = Picture()
    assert charts.show_boundary_live(pic, prob, "Epoch 3") == 7
    uri, note = pic.frames[0]
    assert np.array_equal(_decode(uri), charts.probability_rgba(prob)[..., :3]) and note == "Epoch 3"


def test_the_points_picture_has_the_points_and_nothing_else():
    pts = pd.DataFrame({"x": [0.5, 0.0], "y": [0.5, 0.0], "label": [1, 0]})
    img = _decode(charts.points_png(pts, (0, 1), (0, 1), 120, 120))
    c = round(0.5 * 119)
    assert tuple(img[c, c]) == (*bytes.fromhex(charts.BLUE[1:]), 255)          # the point's fill, opaque
    assert tuple(img[c - 2, c]) == (0, 0, 0, 255)                               # its black edge
    assert img[0, 0, 3] == 0 and img[c + 10, c + 10, 3] == 0                    # transparent elsewhere
    assert (img[..., 3] > 0).sum() == 25                                        # one 5 x 5 square (the corner
    # point is left out: it would not fit inside the picture)


def test_batch_due_says_yes_on_the_first_batch_and_every_nth():
    from ui.live_run import batch_due
    assert [b for b in range(0, 13) if batch_due(b, 5)] == [1, 5, 10]
    assert not batch_due(0, 1)


class Slot:
    def __init__(self):
        self.bars = []

    def progress(self, value, text=""):
        self.bars.append((value, text))
        return self

    def empty(self):
        self.bars.append(None)

    def container(self):
        import contextlib
        return contextlib.nullcontext()


class Step:
    def __init__(self, step):
        self.step, self.epoch, self.stopped = step, step / 3, None


def test_a_run_faster_than_its_frames_still_gets_its_frames():
    """LiveRun draws at most every `interval` s, and with `frames` at least that many times over the run:
    a run of 300 steps that takes microseconds still draws 30 frames."""
    from ui.live_run import LiveRun
    for frames, least, most in ((30, 30, 31), (0, 1, 2)):
        drawn = []
        run = LiveRun(drawn.append, 300, where=Slot(), interval=60.0, frames=frames)
        for step in range(1, 301):
            run(Step(step))
        assert least <= len(drawn) <= most, (frames, len(drawn))
        assert drawn[-1].step == 300                       # the last step is always drawn


def test_frames_made_faster_than_the_pace_are_spaced_for_playing():
    """A LivePicture stamps each frame with when the browser shows it: never closer than PACE to the one
    before (a replay), and sends them in batches every FLUSH seconds (the first frame at once)."""
    from ui import live_picture
    pic = live_picture.LivePicture(Slot(), "test")
    sent = []
    pic.mount = lambda data: sent.append(data)       # what goes to the browser
    batches = [pic.add(f"data:image/png;base64,{k}", f"frame {k}") for k in range(20)]
    assert batches[0] == 1 and batches[1:] == [0] * 19       # 20 frames in far less than FLUSH: one batch
    pic.flush()
    assert [d["kind"] for d in sent] == ["frames", "frames"] and pic.batches == 2
    stamps = [f[0] for d in sent for f in d["frames"]]
    assert len(stamps) == 20 and all(b - a >= live_picture.PACE - 1e-4 for a, b in zip(stamps, stamps[1:]))
    assert [f[2] for d in sent for f in d["frames"]] == [f"frame {k}" for k in range(20)]



def _waits(stop: bool):
    import streamlit as st
    from ui import live_run
    with live_run.working("Training the 7 networks together…"):
        if stop:
            st.stop()  # the script ends inside the wait: the page shows what the learner sees meanwhile
    st.write("done")


def test_working_shows_a_running_status_while_it_waits_and_clears_it():
    """For waits with no steps to count (the capacity sweep, the schedule race): a status at once, not a
    spinner, which shows only after half a second."""
    from streamlit.testing.v1 import AppTest
    during = AppTest.from_function(_waits, args=(True,)).run()
    shown = during.main.children[0]
    assert type(shown).__name__ == "Status" and shown.icon == "spinner"          # running
    assert shown.label == "Training the 7 networks together…" and len(during.main.children) == 1
    after = AppTest.from_function(_waits, args=(False,)).run()
    assert [type(e).__name__ for e in after.main.children.values()] == ["UnknownElement", "Markdown"]
    assert after.main.children[0].type == "empty"                                  # the wait is gone
    assert after.markdown[0].value == "done" and not after.exception

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
        return True


def test_a_live_frame_is_the_plane():
    prob = np.array([[0.0, 1.0], [0.5, np.nan]])
    pic = Picture()
    assert charts.show_boundary_live(pic, prob, "Epoch 3") is True
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

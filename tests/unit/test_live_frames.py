"""The live boundary frame: a PNG that decodes to the coloured plane, with the points painted in."""

import base64
import struct
import zlib

import numpy as np
import pandas as pd

from ui import charts


def _decode(uri: str) -> np.ndarray:
    """A minimal PNG reader for 8-bit RGB with filter 0 (what png_rgb_uri writes)."""
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
    assert depth == 8 and colour == 2
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(h, 1 + 3 * w)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(h, w, 3)


def test_png_round_trip():
    rgb = np.random.default_rng(0).integers(0, 256, (7, 5, 3), dtype=np.uint8)
    assert np.array_equal(_decode(charts.png_rgb_uri(rgb)), rgb)


def test_boundary_png_is_the_plane_enlarged_with_the_points_on_top():
    prob = np.array([[0.0, 1.0], [0.5, np.nan]])
    img = _decode(charts.boundary_png(prob, (0, 1), (0, 1), scale=3))
    assert img.shape == (6, 6, 3)
    expected = np.repeat(np.repeat(charts.probability_rgba(prob)[..., :3], 3, 0), 3, 1)
    assert np.array_equal(img, expected)
    big = np.full((40, 40), 0.5)
    pts = pd.DataFrame({"x": [0.5], "y": [0.5], "label": [1]})
    img = _decode(charts.boundary_png(big, (0, 1), (0, 1), pts, scale=3))  # 120 x 120
    c = round(0.5 * 119)
    assert tuple(img[c, c]) == tuple(bytes.fromhex(charts.BLUE[1:]))          # the point's fill
    assert tuple(img[c - 2, c]) == (0, 0, 0)                                   # its black edge
    assert tuple(img[0, 0]) == tuple(charts.probability_rgba(big)[0, 0, :3])   # the plane elsewhere

"""What the perceptron page promises the learner will see, checked by doing it on the page."""

import base64
import zlib

import numpy as np
import pytest

from tests.conftest import charts, metrics, no_exception, open_page
from tests.promises import promise

PAGE = "pages/01_perceptron.py"
Z, Y_HAT = "2 · add bias: z", "3 · nonlinearity: ŷ = g(z)"


def lecture_example():
    at = open_page(PAGE, code=False)
    at.button(key="preset_Lecture example").click().run()
    no_exception(at)
    return at


def number(shown: str) -> float:
    return float(shown.replace("−", "-"))


def colour_at(chart: dict, x: float, y: float) -> np.ndarray:
    """The RGB the chart's background image draws at the point (x, y) of the plane."""
    img = chart["image"].iloc[0]
    png = base64.b64decode(img.url.split(",", 1)[1])
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):  # the PNG's chunks: IHDR gives the size, IDAT the pixels
        n = int.from_bytes(png[pos:pos + 4], "big")
        tag, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + n]
        if tag == b"IHDR":
            width, height = int.from_bytes(data[:4], "big"), int.from_bytes(data[4:8], "big")
        elif tag == b"IDAT":
            idat += data
        pos += 12 + n
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + 4 * width)
    assert not rows[:, 0].any()  # every row unfiltered, so the bytes are the pixels
    pixels = rows[:, 1:].reshape(height, width, 4)
    col = int((x - img.x) / (img.x2 - img.x) * width)
    row = int((img.y2 - y) / (img.y2 - img.y) * height)  # the top row is the largest x2
    return pixels[row, col, :3].astype(int)


def is_orange(rgb) -> bool:
    return rgb[0] > rgb[2] + 40


def is_blue(rgb) -> bool:
    return rgb[2] > rgb[0] + 40


@promise("perceptron", "The point sits on the orange side, above the line x₂ = 1.5x₁ + 0.5")
@promise("perceptron", "at x₁ = −1 the line is at x₂ = −1")
@promise("perceptron", "z = −6 and ŷ = σ(−6) ≈ 0.0025, the slide's 0.002")
def test_the_lecture_point_is_above_the_line_on_the_orange_side():
    at = lecture_example()
    m = metrics(at)
    assert m[Z] == "−6" and number(m[Y_HAT]) == pytest.approx(0.0025, abs=5e-5) and round(number(m[Y_HAT]), 3) == 0.002
    chart = charts(at)[0]
    (xa, ya), (xb, yb) = chart["line"][["x", "y"]].to_numpy()
    at_minus_one = ya + (yb - ya) * (-1 - xa) / (xb - xa)  # the drawn line at x1 = -1
    assert at_minus_one == pytest.approx(-1.0)
    assert (chart["you"].x[0], chart["you"].y[0]) == (-1.0, 2.0) and 2.0 > at_minus_one  # above the line
    assert is_orange(colour_at(chart, -1.0, 2.0))
    assert any("lies above the line, on the side z < 0" in c.value for c in at.caption)


@promise("perceptron", "z changes sign and ŷ passes 0.5 exactly there")
@promise("perceptron", "drag x₂ down to −1, onto the dashed line")
@promise("perceptron", "Below the line z > 0: the blue side")
def test_dragging_x2_down_across_the_line_flips_z():
    at = lecture_example()
    seen = {}
    for x2 in (-0.9, -1.0, -1.1):
        at.slider(key="x2").set_value(x2).run()
        m = metrics(at)
        seen[x2] = number(m[Z]), number(m[Y_HAT])
    assert seen[-0.9][0] < 0 and seen[-0.9][1] < 0.5
    assert seen[-1.0] == (0.0, 0.5)  # on the line: exactly z = 0 and y-hat = 0.5
    assert seen[-1.1][0] > 0 and seen[-1.1][1] > 0.5
    assert any("on the line itself: z = 0" in c.value for c in (at.slider(key="x2").set_value(-1.0).run()).caption)
    chart = charts(at)[0]
    assert is_blue(colour_at(chart, -1.0, -3.0))  # below the line


@promise("perceptron", "Move only the bias w₀: the line slides without turning")
@promise("perceptron", "Move w₁ or w₂: the line turns")
def test_the_bias_slides_the_line_and_the_weights_turn_it():
    def slope_and_intercept(at):
        (xa, ya), (xb, yb) = charts(at)[0]["line"][["x", "y"]].to_numpy()
        slope = (yb - ya) / (xb - xa)
        return slope, ya - slope * xa

    at = lecture_example()
    slope, intercept = slope_and_intercept(at)
    at.slider(key="w0").set_value(4.0).run()
    moved_slope, moved_intercept = slope_and_intercept(at)
    assert moved_slope == pytest.approx(slope) and moved_intercept != pytest.approx(intercept)
    for key, value in (("w1", 1.0), ("w2", -4.0)):
        at.slider(key=key).set_value(value).run()
        turned, _ = slope_and_intercept(at)
        assert turned != pytest.approx(moved_slope)
        moved_slope = turned


@promise("perceptron", "Switch g to ReLU: on the whole orange side ŷ is exactly 0")
@promise("perceptron", "to linear: ŷ = z, with no squashing at all")
def test_relu_is_zero_on_the_orange_side_and_linear_is_z():
    from core.models import perceptron, perceptron_plane

    at = lecture_example()
    at.selectbox(key="act").set_value("ReLU").run()
    assert metrics(at)[Y_HAT] == "0"
    # Over the whole plane the chart draws: where sigma(z) < 0.5 (orange), ReLU gives exactly 0.
    box = (-5.0, 5.0)
    orange = perceptron_plane([3.0, -2.0], 1.0, "sigmoid", box, box) < 0.5
    relu = perceptron_plane([3.0, -2.0], 1.0, "relu", box, box)
    assert orange.any() and bool((relu[orange] == 0).all()) and bool((relu[~orange] > 0).all())
    at.selectbox(key="act").set_value("linear").run()
    m = metrics(at)
    assert m[Y_HAT] == m[Z] == "−6"
    for x in ([4.0, -3.0], [-5.0, 5.0]):  # far from the line too: nothing squashes z
        out = perceptron(x, [3.0, -2.0], 1.0, "linear")
        assert out["y_hat"] == out["z"]


@promise("perceptron", "only after the nonlinearity does it become ŷ = σ(1) ≈ 0.73")
def test_the_origin_gives_z_one_and_sigma_of_one():
    at = open_page(PAGE, code=False)
    m = metrics(at)
    assert m[Z] == "1" and round(number(m[Y_HAT]), 2) == 0.73

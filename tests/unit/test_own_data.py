"""The CSV validator: good files load, and every malformed case gets its own exact message."""

import pytest
import torch

from core.playground import own_data
from tests.conftest import ROOT
from core.playground.own_data import UploadError, parse_csv

GOOD = b"x1,x2,label\n0,0,0\n1,1,1\n-2,3.5,0\n4,-1,1\n"


def _message(content: bytes) -> str:
    with pytest.raises(UploadError) as e:
        parse_csv(content)
    return str(e.value)


def test_a_good_file_loads_its_points():
    ds = parse_csv(GOOD)
    assert torch.equal(ds.X, torch.tensor([[0, 0], [1, 1], [-2, 3.5], [4, -1]], dtype=torch.float32))
    assert ds.y.tolist() == [0, 1, 0, 1] and ds.task == "classification"


def test_columns_in_any_order_and_case_with_a_bom_and_crlf():
    ds = parse_csv("\ufeffLabel, X2 ,x1\r\n1,2,3\r\n0,5,6\r\n1,0,0\r\n0,1,1\r\n".encode())
    assert ds.X[0].tolist() == [3, 2] and ds.y.tolist() == [1, 0, 1, 0]


def test_empty():
    assert _message(b"") == "The file is empty."
    assert _message(b"  \n\n") == "The file is empty."


def test_header_only():
    assert _message(b"x1,x2,label\n") == "The file has a header but no data rows."


def test_text_in_a_numeric_column():
    assert _message(b"x1,x2,label\n0,0,0\n1,abc,1\n2,2,0\n3,3,1\n") == "Row 3, column x2: 'abc' is text, not a number."


def test_an_empty_cell():
    assert _message(b"x1,x2,label\n0,,0\n1,1,1\n2,2,0\n3,3,1\n") == (
        "Row 2, column x2 is empty: every cell needs a number.")


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "NaN"])
def test_nan_or_inf(bad):
    content = f"x1,x2,label\n0,0,0\n{bad},1,1\n2,2,0\n3,3,1\n".encode()
    assert _message(content) == (f"Row 3, column x1: {bad!r} is not a finite number "
                                 "(NaN and infinity are not allowed).")


def test_a_single_class():
    assert _message(b"x1,x2,label\n0,0,1\n1,1,1\n2,2,1\n3,3,1\n") == (
        "Every row has label 1: a classifier needs examples of both classes, 0 and 1.")


def test_wrong_columns():
    assert _message(b"a,b,c\n1,2,0\n") == ("Wrong columns: expected exactly x1, x2 and label; this file has a, b, c. "
                                          "Rename or remove columns so that the first line reads x1,x2,label.")
    assert _message(b"x1,x2,label,extra\n1,2,0,5\n").startswith("Wrong columns: expected exactly x1, x2 and label")


def test_too_many_rows():
    rows = "".join(f"{i},{i},{i % 2}\n" for i in range(own_data.MAX_ROWS + 1))
    assert _message(("x1,x2,label\n" + rows).encode()) == "The file has 501 data rows; the limit is 500."


def test_too_many_bytes_checked_before_reading():
    assert _message(b"x" * (own_data.MAX_BYTES + 1)) == "The file is 1.0 MB; the limit is 1 MB (and 500 rows)."
    with pytest.raises(UploadError, match="the limit is 1 MB"):
        own_data.check_size(10**9)


def test_not_a_csv_at_all():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
    assert _message(png) == ("This is not a CSV file: it is not text (it could not be read as UTF-8). If it is a "
                             "table, save it as CSV UTF-8 (in a spreadsheet: Save As, then CSV UTF-8).")
    assert _message(b"x1\x00x2,label\n") == "This is not a CSV file: it contains binary data."
    assert _message(b"{\"x1\": 1}\n") == ("This is not a CSV file: its first line has no commas separating columns; "
                                          "expected a header like x1,x2,label.")


def test_a_label_other_than_0_or_1():
    assert _message(b"x1,x2,label\n0,0,0\n1,1,2\n2,2,0\n3,3,1\n") == "Row 3, column label: '2' is not 0 or 1."


def test_a_short_row_and_too_few_rows():
    assert _message(b"x1,x2,label\n0,0,0\n1,1\n2,2,1\n3,3,0\n") == (
        "Row 3 has 2 values; the header has 3 columns. Give every row one value per column (x1, x2, label).")
    assert _message(b"x1,x2,label\n0,0,0\n1,1,1\n") == (
        "The file has 2 data rows; at least 4 are needed to train and test.")


def test_checked_by_content_not_by_name():
    # The validator never sees a file name: a valid CSV loads whatever it was called, and bytes that are
    # not a CSV fail whatever they were called (the page passes only the content).
    import inspect
    assert list(inspect.signature(parse_csv).parameters) == ["content"]


GOOD_TEXT = "x1,x2,label\n" + "".join(f"{i % 7 - 3},{i % 5 - 2},{i % 2}\n" for i in range(40))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_names_the_fix(encoding):
    assert _message(GOOD_TEXT.encode(encoding)) == (
        "This file is UTF-16 text, which the playground does not read: save it as CSV UTF-8 (in a spreadsheet: "
        "Save As, then CSV UTF-8).")


def test_a_trailing_comma_on_every_line_is_an_empty_column_and_is_dropped():
    ds = own_data.parse_csv(GOOD_TEXT.replace("\n", ",\n").encode())
    assert len(ds) == 40 and ds.X[1].tolist() == [-2.0, -1.0]
    assert _message(b"x1,x2,label,\n0,0,0,\n1,1,1,5\n2,2,0,\n3,3,1,\n").startswith("Wrong columns")  # not empty


def test_the_uploaders_limit_is_the_files_limit():
    """One size limit: the uploader refuses what the playground would refuse (.streamlit/config.toml)."""
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert f"maxUploadSize = {round(own_data.MAX_BYTES / 1e6)} " in config

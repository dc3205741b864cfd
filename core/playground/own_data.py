"""A learner's own data: a CSV of points x1, x2 with a 0/1 label, checked by its content (never by its
file name), with bounded size, and one exact message for each way a file can be wrong."""

import csv
import io
import math

import torch

from core.data import Dataset

MAX_BYTES = 1_000_000    # 1 MB, the uploader's own limit too (.streamlit/config.toml); far above MAX_ROWS rows
MAX_ROWS = 500           # data rows, as many as the playground's generated sets (core.playground.N_POINTS)
MIN_ROWS = 4             # enough for a training and a test part with something in each
COLUMNS = ("x1", "x2", "label")


class UploadError(ValueError):
    """A file the playground cannot use; the message says exactly what is wrong."""


def _number(text: str, row: int, col: str) -> float:
    if text.strip() == "":
        raise UploadError(f"Row {row}, column {col} is empty: every cell needs a number.")
    try:
        v = float(text)
    except ValueError:
        raise UploadError(f"Row {row}, column {col}: {text.strip()[:30]!r} is text, not a number.") from None
    if not math.isfinite(v):
        raise UploadError(f"Row {row}, column {col}: {text.strip()[:30]!r} is not a finite number "
                          "(NaN and infinity are not allowed).")
    return v


SAVE_AS = "save it as CSV UTF-8 (in a spreadsheet: Save As, then CSV UTF-8)"


def check_size(n_bytes: int) -> None:
    """Refuse a file over MAX_BYTES before reading it."""
    if n_bytes > MAX_BYTES:
        raise UploadError(f"The file is {n_bytes / 1e6:,.1f} MB; the limit is {MAX_BYTES / 1e6:g} MB "
                          f"(and {MAX_ROWS:,} rows).")


def parse_csv(content: bytes) -> Dataset:
    """The points of a CSV file with the header x1,x2,label (any order, any case) and one row per point.

    Raises UploadError with a message a learner can act on. Row numbers count the header as row 1,
    as a spreadsheet does.
    """
    check_size(len(content))
    if not content.strip():
        raise UploadError("The file is empty.")
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or max(content[0:16:2].count(0), content[1:16:2].count(0)) >= 3:
        raise UploadError(f"This file is UTF-16 text, which the playground does not read: {SAVE_AS}.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(f"This is not a CSV file: it is not text (it could not be read as UTF-8). If it is a "
                          f"table, {SAVE_AS}.") from None
    if "\x00" in text:
        raise UploadError("This is not a CSV file: it contains binary data.")
    lines = text.splitlines()
    header_line = next((ln for ln in lines if ln.strip()), "")
    if "," not in header_line:
        raise UploadError("This is not a CSV file: its first line has no commas separating columns; "
                          "expected a header like x1,x2,label.")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as e:
        raise UploadError(f"This is not a CSV file: {e}.") from None
    rows = [(i, r) for i, r in enumerate(rows, 1) if any(c.strip() for c in r)]   # skip blank lines
    (_, header), body = rows[0], rows[1:]
    while len(header) > 1 and not header[-1].strip() and all(len(r) < len(header) or not r[len(header) - 1].strip()
                                                            for _, r in body):
        header = header[:-1]  # an empty last column (a comma at the end of every line, as spreadsheets write)
        body = [(i, r[:len(header)]) for i, r in body]
    names = [c.strip().lower() for c in header]
    if sorted(names) != sorted(COLUMNS):
        shown = ", ".join(c.strip()[:20] for c in header)
        raise UploadError(f"Wrong columns: expected exactly x1, x2 and label; this file has {shown}. Rename or "
                          "remove columns so that the first line reads x1,x2,label.")
    if not body:
        raise UploadError("The file has a header but no data rows.")
    if len(body) > MAX_ROWS:
        raise UploadError(f"The file has {len(body):,} data rows; the limit is {MAX_ROWS:,}.")
    if len(body) < MIN_ROWS:
        raise UploadError(f"The file has {len(body)} data row{'s' if len(body) > 1 else ''}; at least {MIN_ROWS} "
                          "are needed to train and test.")
    where = {c: names.index(c) for c in COLUMNS}
    X, y = [], []
    for i, r in body:
        if len(r) != len(header):
            raise UploadError(f"Row {i} has {len(r)} values; the header has {len(header)} columns. Give every row "
                          "one value per column (x1, x2, label).")
        x1, x2 = _number(r[where["x1"]], i, "x1"), _number(r[where["x2"]], i, "x2")
        lab = _number(r[where["label"]], i, "label")
        if lab not in (0.0, 1.0):
            raise UploadError(f"Row {i}, column label: {r[where['label']].strip()[:30]!r} is not 0 or 1.")
        X.append((x1, x2))
        y.append(lab)
    classes = set(y)
    if len(classes) < 2:
        only = int(classes.pop())
        raise UploadError(f"Every row has label {only}: a classifier needs examples of both classes, 0 and 1.")
    return Dataset(torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32), "upload")

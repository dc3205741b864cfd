"""The playground's points: the chosen data set drawn, split into training, validation and test sets, the plane
drawn around them, and the points as a table (the page's "Data (.csv)")."""

import pandas as pd
import torch

from core import data
from core.data import Dataset
from core.playground.settings import BOX, DATASETS, VAL_PCT, PlaySettings


def make_data(s: PlaySettings, upload: Dataset | None = None) -> Dataset:
    """All the points (training and test, before the split)."""
    if s.data == "upload":
        if upload is None:
            raise ValueError("no uploaded data")
        return upload
    return DATASETS[s.data][2](s.n, s.noise / 100, s.dseed)


def split(s: PlaySettings, full: Dataset) -> tuple[Dataset, Dataset]:
    """(training, test) by a seeded shuffle (the data's seed): train_pct % of the points for training, the rest
    the test set, which is only reported."""
    return full.split(1 - s.train_pct / 100, seed=s.dseed)


def hold_out(s: PlaySettings, train: Dataset) -> tuple[Dataset, Dataset | None]:
    """(training, validation): with early stopping on, VAL_PCT % of the training points are held out (a seeded
    shuffle, the data's seed) as the validation set it watches; None when it is off, or too few points."""
    if not s.patience or len(train) < 2:
        return train, None
    return train.split(VAL_PCT / 100, seed=s.dseed)


def split3(s: PlaySettings, full: Dataset) -> tuple[Dataset, Dataset | None, Dataset]:
    """(training, validation or None, test): split, then hold_out."""
    train, test = split(s, full)
    return (*hold_out(s, train), test)


def box(s: PlaySettings, full: Dataset) -> tuple[tuple[float, float], tuple[float, float]]:
    """The plane drawn: TensorFlow Playground's [-6, 6]^2, the students' axes, or around an upload."""
    if s.data == "students":
        return (-0.5, data.MAX_LECTURES + 0.5), (-0.5, data.MAX_HOURS + 0.5)
    if s.data != "upload":
        return BOX
    lo, hi = full.X.min(0).values, full.X.max(0).values
    pad = torch.clamp((hi - lo) * 0.08, min=0.5)
    return ((lo[0] - pad[0]).item(), (hi[0] + pad[0]).item()), ((lo[1] - pad[1]).item(), (hi[1] + pad[1]).item())


def frame(full: Dataset) -> pd.DataFrame:
    """The points as a table x1, x2, label (or y for regression), in their original order."""
    col = "label" if full.task == "classification" else "y"
    df = pd.DataFrame({"x1": full.X[:, 0].numpy(), "x2": full.X[:, 1].numpy(), col: full.y.numpy()})
    if col == "label":
        df[col] = df[col].astype(int)
    return df


"""The Playground: TensorFlow Playground's sandbox in PyTorch, for every idea of the lecture at once.

Data (classification shapes, the "Will I pass" students, two regression surfaces, or a learner's CSV),
input features (x1, x2, x1², x2², x1·x2, sin x1, sin x2), an MLP of 0-6 hidden layers, a loss, an
optimizer, L1/L2, dropout with its own seeded masks, early stopping on a validation split of the training
points (the test set only reports); the model and the resumable Trainer in one place, and everything the
page draws of them (boundary, per-unit maps, weights, confusion matrix).

One module per job; this package re-exports the names its callers use (`from core import playground as pg`):

- settings.py: PlaySettings (every control), FEATURES, DATASETS, the sizes (N_POINTS, BOX, GRID, THUMB, VAL_PCT,
  MAX_LAYERS, MAX_WIDTH, ...), and same_run (which changes a running network takes as it is).
- surfaces.py: the two regression data sets, plane and multi_gaussian (GAUSSIANS).
- data.py: make_data, the training/validation/test split (split, hold_out, split3), box (the plane drawn) and
  frame (the points as a table).
- model.py: featurize, SeededDropout, build_model, l1_penalty, PlayTrainer, make_trainer, steps_per_epoch,
  featurized.
- pictures.py: what the page draws: shade, output_grid, unit_grids, weights, set_layer, widths, predictions,
  confusion.
- session.py: Session (one learner's settings, data and trainer), MAX_EPOCHS, lr_changes.
- play.py: one press of Play, a thread that trains a Session; own_data.py: a learner's CSV.
"""

import core  # noqa: F401  (sets the thread count)
from core.playground.data import box, frame, hold_out, make_data, split, split3
from core.playground.model import (PlayTrainer, SeededDropout, build_model, featurize, featurized, l1_penalty,
                                   make_trainer, steps_per_epoch)
from core.playground.pictures import (confusion, output_grid, predictions, set_layer, shade, unit_grids, weights,
                                      widths)
from core.playground.session import MAX_EPOCHS, Session, lr_changes
from core.playground.settings import (BOX, DATASETS, FEATURES, GRID, LIVE, MAX_LAYERS, MAX_WIDTH, N_POINTS, THUMB,
                                      THUMBS_PER_LAYER, THUMBS_TOTAL, VAL_PCT, PlaySettings, same_run)
from core.playground.surfaces import GAUSSIANS, multi_gaussian, plane

__all__ = [
    # settings
    "BOX", "DATASETS", "FEATURES", "GRID", "LIVE", "MAX_LAYERS", "MAX_WIDTH", "N_POINTS", "THUMB", "THUMBS_PER_LAYER",
    "THUMBS_TOTAL", "VAL_PCT", "PlaySettings", "same_run",
    # surfaces
    "GAUSSIANS", "multi_gaussian", "plane",
    # data
    "box", "frame", "hold_out", "make_data", "split", "split3",
    # model
    "PlayTrainer", "SeededDropout", "build_model", "featurize", "featurized", "l1_penalty", "make_trainer",
    "steps_per_epoch",
    # pictures
    "confusion", "output_grid", "predictions", "set_layer", "shade", "unit_grids", "weights", "widths",
    # session
    "MAX_EPOCHS", "Session", "lr_changes",
]

"""One learner's playground: the Session that holds the settings, the data and the trainer, follows new settings
(a new network, new data under the same weights, or a live change), steps, resets, and snapshots what the page draws;
and the learning-rate changes of a run, for the standalone script."""

from dataclasses import replace
import math
import time

import pandas as pd

from core.data import Dataset
from core.playground.data import box, make_data, split3
from core.playground.model import featurized, make_trainer
from core.playground.pictures import confusion, output_grid, set_layer, unit_grids, weights, widths
from core.playground.settings import PlaySettings, same_run

MAX_EPOCHS = 20_000     # a run's length (its history stays small); Reset starts a new one


class Session:
    """Settings, data and trainer of one learner (kept in st.session_state, never shared between learners). While
    Play is on, a thread trains it (core.playground.play.Player); the page reads and changes it under the Player's
    lock."""

    def __init__(self, s: PlaySettings, upload: Dataset | None = None, upload_id: str | None = None):
        self._build(s, upload, upload_id)

    def _build(self, s: PlaySettings, upload: Dataset | None, upload_id: str | None) -> None:
        self.s, self.upload, self.upload_id = s, upload, upload_id
        self.full = make_data(s, upload)
        self.train, self.val, self.test = split3(s, self.full)
        self.trainer = make_trainer(s, self.train, self.test, self.val)
        self.box = box(s, self.full)
        self.edits = 0         # hand edits since the last reset (they are not in the URL)
        self.regenerated = 0   # data draws under these weights since the run began
        self.adjusted = 0      # other changes while it trained (noise, regularisation, dropout, batch size)

    def update(self, s: PlaySettings, upload: Dataset | None = None, upload_id: str | None = None) -> str:
        """Follow new settings: "same"; "data" (regenerated: new data, or new noise, under the same weights);
        "lr" (only the learning rate changed); "live" (regularisation, dropout or batch size changed: the network
        carries on with them); or "reset" (anything else: a new network)."""
        if not same_run(self.s, s) or upload_id != self.upload_id:
            self._build(s, upload, upload_id)
            return "reset"
        old, t = self.s, self.trainer
        if s == old:
            return "same"
        what = "lr"
        if (s.dseed, s.noise) != (old.dseed, old.noise):
            self.full = make_data(s, upload)
            self.train, self.val, self.test = split3(s, self.full)
            t.swap_data(featurized(s, self.train), featurized(s, self.val), featurized(s, self.test))
            self.box = box(s, self.full)
            self.regenerated += 1
            what = "data"
        if s.lr != old.lr:
            t.set_lr(s.lr)
        for name, apply in (("l2", t.set_weight_decay), ("l1", t.set_l1), ("batch", t.set_batch_size),
                            ("dropout", lambda p: t.set_dropout(p, s.seed))):
            if getattr(s, name) != getattr(old, name):
                apply(getattr(s, name))
                what = "live" if what == "lr" else what
        if replace(s, lr=old.lr, dseed=old.dseed) != old:
            self.adjusted += 1  # a change the code panel's replay does not follow (it follows the learning rate)
        self.s = s
        return what

    @property
    def epoch(self) -> int:
        return round(self.trainer.epoch)

    @property
    def done(self) -> bool:
        """Stopped (diverged, early stopping) or at the end of a run's MAX_EPOCHS."""
        return bool(self.trainer.stopped) or self.epoch >= MAX_EPOCHS

    def step_epoch(self) -> None:
        """Exactly one more epoch (one pass over the training set), unless training is done."""
        if not self.done:
            self.trainer.run(self.trainer.steps_per_epoch)

    def play_chunk(self, seconds: float) -> int:
        """Whole epochs until `seconds` have passed (at least one); returns how many ran."""
        t0, n = time.perf_counter(), 0
        while not self.done:
            self.step_epoch()
            n += 1
            if time.perf_counter() - t0 >= seconds:
                break
        return n

    def reset(self) -> None:
        """Back to the initial weights (the seed's), a fresh optimizer and history; the data stay."""
        self.trainer.reset()
        self.edits = 0

    def edit(self, k: int, W, b) -> None:
        set_layer(self.trainer.model, k, W, b)
        self.edits += 1

    def points(self) -> pd.DataFrame:
        """Training, validation (if any) and test points in the plane: x, y, set, and label (0/1) or value."""
        parts = []
        for name, ds in (("training", self.train), ("validation", self.val), ("test", self.test)):
            if ds is None:
                continue
            df = pd.DataFrame({"x": ds.X[:, 0].numpy(), "y": ds.X[:, 1].numpy(), "set": name})
            if ds.task == "classification":
                df["label"] = ds.y.numpy().astype(int)
            else:
                df["value"] = ds.y.numpy()
            parts.append(df)
        return pd.concat(parts, ignore_index=True)

    def stop_message(self) -> str | None:
        """Why training stopped, in epochs: divergence (the Trainer's reason) or early stopping."""
        t = self.trainer
        if not t.stopped:
            return (f"this run has reached {MAX_EPOCHS:,} epochs, the most one run keeps; press Reset to train "
                    "again" if self.epoch >= MAX_EPOCHS else None)
        if t.diverged:
            return f"{t.stopped} (in epoch {math.ceil(t.epoch)})"
        p, best = t.cfg.patience, round(t.best[1] / t.steps_per_epoch)
        return (f"early stopping at epoch {self.epoch}: the validation loss has not improved for {p} "
                f"epoch{'s' if p != 1 else ''}, so the weights of epoch {best} (validation loss {t.best[0]:.4f}) "
                "are restored. Press Reset to train again")

    def scores(self) -> dict[str, float]:
        """Loss and accuracy of the network as it is now (after early stopping restored the best weights, or a
        hand edit) on the training, validation (nan without one) and test sets: what the metrics show."""
        t, out = self.trainer, {}
        for name, ds in (("train", t.train_set), ("val", t.val_set), ("test", t.test_set)):
            out[f"{name}_loss"], out[f"{name}_acc"] = t.evaluate(ds) if ds is not None else (math.nan, math.nan)
        return out

    def snapshot(self, discretize: bool = False, full: bool = True) -> dict:
        """Everything the page draws for the current weights, as numbers and tables (no torch); without
        `full`, only the boundary, numbers and history (a light frame while playing)."""
        t, s = self.trainer, self.s
        h = t.history()
        units, n_units = unit_grids(t.model, s, self.box) if full else (None, None)
        snap = {"epoch": self.epoch, "step": t.step, "history": h, "shades": output_grid(t.model, s, self.box,
                discretize=discretize), "units": units, "n_units": n_units, "params": weights(t.model),
                "widths": widths(s), **self.scores(), "validation": t.val_set is not None,
                "loss": t.cfg.loss, "stopped": self.stop_message(), "diverged": t.diverged,
                "lr": t.lr, "confusion": None, "full": full}
        if s.task == "classification" and full:
            snap["confusion"] = confusion(t.model, t.test_set, t.cfg.loss)
        return snap


def lr_changes(history: pd.DataFrame, current: float) -> dict[int, float]:
    """{epoch: learning rate} where the rate changed during the run (epoch 1 always listed): the history
    row of epoch e records the rate its steps used; `current` is the rate for a run not yet begun."""
    out, last = {}, None
    for e, lr in zip(history.epoch, history.lr):
        e = int(round(e))
        if e >= 1 and lr != last:
            out[e] = float(lr)
            last = lr
    return out or {1: float(current)}

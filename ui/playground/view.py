"""What the Playground shows: the slots of the page around the live board (ui.playground.live_board draws the boundary,
live), one draw() that fills them from a snapshot (plain numbers and tables from
core.playground.Session.snapshot), and the hand-editing tables. No torch here."""

import numpy as np
import pandas as pd
import streamlit as st

from ui.charts import neural_networks
from ui.charts import playground as pc


def _pct(v: float) -> str:
    return "–" if v != v else f"{v:.1%}"


def _num(v: float) -> str:
    return "–" if v != v else (f"{v:.4f}" if abs(v) < 1e4 else f"{v:.3g}")


class Board:
    """Empty slots in page order, so a draw replaces each element in place (no layout jumps)."""

    def __init__(self, main, below):
        # The parts outside the live board carry keys: while it plays, its script greys them
        # (ui.playground.live_board.STALE),
        # as they show the network of the last rerun.
        with main:
            self.metrics, self.status = st.container(key="pg_stale_metrics").empty(), st.empty()
            c = st.columns([3, 2])
            self.boundary, self.boundary_text = c[0].container(), c[0].empty()  # the live board: mounted once
            self.toggles = c[0].container(horizontal=True)
            charts_ = c[1].container(key="pg_stale_curves")
            self.loss, self.loss_text = charts_.empty(), charts_.empty()
            self.acc, self.acc_text = charts_.empty(), charts_.empty()
        with below.container(key="pg_stale_network"):
            c = st.columns([3, 2], gap="large")
            c[0].markdown("**The network: every weight and bias**")
            self.network, self.network_text = c[0].empty(), c[0].empty()
            c[1].markdown("**What each hidden unit computes**")
            self.thumbs, self.thumbs_text = c[1].empty(), c[1].empty()
            c[1].markdown("**Confusion matrix (test set)**")
            self.confusion, self.confusion_text = c[1].empty(), c[1].empty()
        self.buffers = pc.Buffers()

    def draw(self, snap: dict, points: pd.DataFrame, task: str, feature_labels: list[str], show_test: bool) -> None:
        """Fill every slot but the boundary's (the live board) from a snapshot."""
        classify = task == "classification"
        val = snap["validation"]   # early stopping is on: it watches a validation split of the training points
        with self.metrics.container():
            c = st.columns(5 if val else 4)
            c[0].metric("Epoch", f"{snap['epoch']:,}", help="Passes over the training set.")
            c[1].metric("Training loss J(W)", _num(snap["train_loss"]))
            if val:
                c[-3].metric("Validation loss", _num(snap["val_loss"]),
                             help="On the validation points held out of the training data: what early stopping "
                                  "watches.")
            c[-2].metric("Test loss", _num(snap["test_loss"]), help="On the test set: only reported, never used "
                                                                   "to train or to stop.")
            c[-1].metric("Test accuracy" if classify else "Test RMSE",
                         _pct(snap["test_acc"]) if classify else _num(float(np.sqrt(snap["test_loss"]))))
        what = ("the predicted value ŷ: orange = −1, white = 0, blue = +1" if not classify else
                "P(class 1): orange = 0, white = 0.5, blue = 1" if snap["loss"] == "bce" else
                "ŷ itself (MSE: no sigmoid, so not a probability), clipped to 0 to 1: orange = 0, white = 0.5, "
                "blue = 1")
        self.boundary_text.caption(
            f"Epoch {snap['epoch']:,}. The plane coloured by the network's output, {what}. Circles: "
            f"{(points.set == 'training').sum()} training points" +
            (f"; triangles: {(points.set == 'validation').sum()} validation points (held out of the training data "
             "for early stopping, never trained on)" if val else "") +
            (f"; squares with a black edge: {(points.set == 'test').sum()} test points" if show_test else
             " (test points hidden)") + (f". Test accuracy {_pct(snap['test_acc'])}." if classify else "."))
        h = snap["history"]
        self.loss.vega_lite_chart(pc.curve_spec(h, "loss", "loss J(W)", height=170), width="stretch")
        self.loss_text.caption(f"Loss per epoch (the data loss, without the L1/L2 penalty); now: training "
                               f"{_num(snap['train_loss'])}" +
                               (f", validation {_num(snap['val_loss'])}" if val else "") +
                               f", test {_num(snap['test_loss'])}.")
        if classify:
            self.acc.vega_lite_chart(pc.curve_spec(h, "acc", "accuracy", height=170), width="stretch")
            self.acc_text.caption(f"Accuracy per epoch; now: training {_pct(snap['train_acc'])}" +
                                  (f", validation {_pct(snap['val_acc'])}" if val else "") +
                                  f", test {_pct(snap['test_acc'])}.")
        else:
            self.acc.info("Regression: no classes, so no accuracy; the test RMSE is above.", icon=":material/info:")
        self.network.vega_lite_chart(pc.network_spec(snap["widths"], snap["params"], feature_labels), width="stretch")
        ws = np.concatenate([W.ravel() for W, _ in snap["params"]])
        finite = ws[np.isfinite(ws)]
        self.network_text.caption(
            f"{'–'.join(map(str, snap['widths']))} network, {ws.size} weights: blue lines positive, orange negative, "
            f"thicker = larger |w| (largest {np.abs(finite).max() if finite.size else float('nan'):.4g}). Each "
            f"unit is coloured by its bias w₀; the output bias is {snap['params'][-1][1][0]:.4g}.")
        if snap["units"]:
            self.thumbs.vega_lite_chart(pc.thumbs_spec(snap["units"], self.buffers), width="content")
            capped = (f" Showing the first {len(snap['units'])} of {snap['n_units']} (at most 8 per layer, 32 in "
                      "all) to keep the page fast." if len(snap["units"]) < snap["n_units"] else "")
            self.thumbs_text.caption("Each small map is one hidden unit's output over the same plane (blue high, "
                                     f"orange low).{capped}")
        else:
            self.thumbs.info("No hidden layers: the network is a single perceptron, so its boundary is a line "
                             "(in the features you chose).", icon=":material/info:")
        if snap["confusion"] is not None:
            self.confusion.dataframe(snap["confusion"])
            cm = snap["confusion"].to_numpy()
            self.confusion_text.caption(f"Test set: {cm[0, 0] + cm[1, 1]} of {cm.sum()} right; {cm[0, 1]} class-0 "
                                        f"points called 1, {cm[1, 0]} class-1 points called 0.")
        else:
            self.confusion.caption("Regression has no classes, so no confusion matrix.")


def board_points(points: pd.DataFrame) -> pd.DataFrame:
    """The points as the live board draws them: a regression target as its shade, (y + 1) / 2 in [0, 1]."""
    return points.assign(shade=((points["value"] + 1) / 2).clip(0, 1)) if "value" in points else points


def board_alt(axes, task: str, loss: str) -> str:
    what = ("the predicted value, orange for −1 to blue for +1" if task != "classification" else
            "the probability of class 1, orange for 0 to blue for 1" if loss == "bce" else
            "the network's output, orange for 0 to blue for 1")
    return (f"The network's output over the plane of {axes[0]} and {axes[1]}: {what}, with the data points on top. "
            "The numbers above it say how well it fits now.")


def board_legend(axes, bx) -> str:
    return (f"{axes[0]} from {bx[0][0]:g} to {bx[0][1]:g}, left to right; {axes[1]} from {bx[1][0]:g} to "
            f"{bx[1][1]:g}, bottom to top. Below: the training loss (blue) and the test loss (red) per epoch, "
            "as it trains.")


def status(where, snap: dict, message: str | None) -> None:
    """Why training stopped (divergence, early stopping) or how a Play run ended."""
    with where.container():
        if snap["stopped"]:
            if snap["diverged"]:
                st.error(f"Training {snap['stopped']}. The charts show the last finite values. Lower the learning "
                         "rate, then press Reset.", icon=":material/warning:")
            else:
                st.success(f"{snap['stopped'][0].upper()}{snap['stopped'][1:]}.",
                       icon=":material/back_hand:")
        elif message:
            st.info(message, icon=":material/pause_circle:")


def editors(params: list[tuple], feature_labels: list[str], nonce: int) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """One table per layer (key per layer): row 0 the biases w₀, then one row per input j; column i is
    unit i. Returns the layers whose numbers the learner changed, as (k, W, b)."""
    changed = []
    sup = neural_networks.sup
    tabs = st.tabs([f"W{sup(k)}" if k < len(params) else f"W{sup(k)} (output)" for k in range(1, len(params) + 1)])
    for k, ((W, b), tab) in enumerate(zip(params, tabs)):
        shown = neural_networks.weight_frame(W, b)
        if k == 0:
            shown.index = ["0 (bias w₀)", *[f"j = {j} ({name})" for j, name in enumerate(feature_labels, 1)]]
        edited = tab.data_editor(shown, key=f"pg_edit{k + 1}_{nonce}", width="stretch")
        new = edited.to_numpy(dtype=float)
        new = np.where(np.isfinite(new), new, shown.to_numpy())  # a cleared cell keeps its number
        if not np.array_equal(new, shown.to_numpy()):
            changed.append((k, new[1:], new[0]))
    return changed

"""The "Will I pass this class?" page: the lecture's untrained 0.1 (docs/reference-values.md), live training,
downloads."""


import re

import torch

from core import checkpoint as core_io, will_i_pass
from tests.conftest import charts, metrics, no_exception, open_page, run_script

PAGE = "pages/04_will_i_pass.py"


def test_untrained_lecture_numbers():
    at = open_page(PAGE)
    no_exception(at)
    m = metrics(at)
    assert m["P(pass) for you, ŷ"] == "0.1000"
    assert m["Your loss −ln ŷ"] == "2.303"
    assert "lecture's preset" in at.info[0].value
    pts = charts(at)[0]["points"]
    assert len(pts) == 84 and set(pts.cls) == {"passed", "failed"}


def test_other_widths_are_labelled_as_random_init():
    at = open_page(PAGE, {"hidden": "5"})
    assert "seeded random init (seed 0)" in at.info[0].value
    assert metrics(at)["P(pass) for you, ŷ"] != "0.1000"


def test_train_matches_core_and_persists():
    at = open_page(PAGE, {"epochs": "50"})
    at.button(key="train").click().run()
    no_exception(at)
    t = will_i_pass.pass_trainer(will_i_pass.PassSettings(epochs=50))
    t.run_epochs(50)
    m = metrics(at)
    assert m["P(pass) for you, ŷ"] == f"{will_i_pass.you_prediction(t.model):.4f}"
    assert m["Training loss J(W)"] == f"{t.history().train_loss.iloc[-1]:.3f}"
    assert "Trained" in at.success[0].value
    curve = charts(at)[1]["loss"]
    assert curve.epoch.max() == 50 and set(curve.series) == {"training", "validation"}
    # The trained model stays while the learner reads the page (an unrelated rerun).
    at.radio(key="quiz_will_i_pass").set_value("Because the data are noisy").run()
    assert metrics(at) == m
    # ...and a new setting starts again from the untrained network.
    at.slider(key="epochs").set_value(60).run()
    assert metrics(at)["P(pass) for you, ŷ"] == "0.1000"


def test_controls_change_the_result():
    base = metrics(open_page(PAGE, {"epochs": "20"}))
    for q in ({"opt": "SGD"}, {"lr": "0.01"}, {"seed": "3"}, {"act": "tanh"}):
        at = open_page(PAGE, {"epochs": "20", **q})
        at.button(key="train").click().run()
        trained = metrics(at)
        assert trained != base, q


def test_download_weights_load_safely():
    t = will_i_pass.pass_trainer(will_i_pass.PassSettings(epochs=5))
    t.run_epochs(5)
    state = core_io.load_state_dict_bytes(core_io.state_dict_bytes(t.model))
    assert set(state) == set(t.model.state_dict())
    assert all(torch.equal(state[k], v) for k, v in t.model.state_dict().items())


def test_huge_learning_rate_is_a_message_not_a_crash():
    at = open_page(PAGE, {"lr": "10", "opt": "SGD", "act": "ReLU", "hidden": "16", "epochs": "100"})
    at.button(key="train").click().run()
    no_exception(at)
    assert at.get("vega_lite_chart")  # the charts still render


def test_the_code_panel_prints_the_numbers_shown_even_when_the_run_is_chaotic():
    """The caption: "it prints the losses and your probability shown here". At η = 3 with Adam a last-bit difference
    in a gradient would end in another network; the page trains as the script does, so they agree."""
    for query in ({"epochs": "30"}, {"lr": "3"}):
        at = open_page(PAGE, query)
        at.button(key="train").click().run()
        no_exception(at)
        assert any("it prints the losses and your probability shown here" in c.value for c in at.caption)
        got = dict(re.findall(r"(training loss|trained: P\(pass\) for you) = ([-\d.e]+)", run_script(at.code[0].value)))
        m = metrics(at)
        assert m["P(pass) for you, ŷ"] == f"{float(got['trained: P(pass) for you']):.4f}", query
        assert m["Training loss J(W)"] == f"{float(got['training loss']):.3f}", query

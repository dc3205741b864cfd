"""Reading a stored progress record: what is valid is merged in, anything else is ignored, and what the session
did since is kept."""

import json

import pytest

from ui import progress


def test_a_record_is_merged_into_the_session():
    state = {"visited": ["dropout"], "answered": {"dropout": False}, "choices": {"quiz_dropout": "b"}}
    progress.merge(state, json.dumps({"visited": ["perceptron", "dropout", ""], "answered": {"perceptron": True,
                                      "dropout": True}, "choices": {"quiz_perceptron": "1", "quiz_dropout": "a"}}))
    assert state["visited"] == ["dropout", "perceptron", ""]
    assert state["answered"] == {"dropout": False, "perceptron": True}  # this session's answer wins
    assert state["choices"] == {"quiz_dropout": "b", "quiz_perceptron": "1"}


@pytest.mark.parametrize("stored", ["", "not json", "[1, 2]", "null", json.dumps({"visited": "perceptron"}),
                                    json.dumps({"visited": ["no_such_page"], "answered": {"perceptron": "yes",
                                                "nowhere": True}, "choices": {"k": 3}}),
                                    json.dumps({"visited": ["perceptron"] * 5000})])
def test_a_bad_record_changes_nothing(stored):
    state = {}
    progress.merge(state, stored)
    assert state.get("visited", []) == [] and state.get("answered", {}) == {} and state.get("choices", {}) == {}

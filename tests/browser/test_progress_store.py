"""ui/progress.js (the progress store) on its own, in Chromium without a server: a page of its own origin (so that it
has a localStorage) and a fake component host. Until the session has read the stored record the store adds to it,
never drops from it; once read, the session's record replaces it; a stored record that is not a JSON object is
ignored; a returning learner's record goes to the server once; a browser that refuses storage raises nothing."""

import json

import pytest

from ui import progress

ORIGIN = "http://nnlab.test/"  # served by the test itself (page.route), never looked up
OLD = {"answered": {"loss_functions": False, "perceptron": True}, "choices": {"q1": "a", "q2": "b"},
       "visited": ["perceptron", "gradient_descent"]}
MINE = {"answered": {"loss_functions": True}, "choices": {"q2": "c"}, "visited": ["loss_functions", "perceptron"]}


def _open(page, stored: str | None = None, origin: bool = True) -> None:
    """The store's script on a page, with `stored` in localStorage; window.__mount(data) mounts it as Streamlit
    would (window.__sent: the state values it sets; window.__writes: its localStorage writes)."""
    if origin:
        page.route(ORIGIN, lambda route: route.fulfill(content_type="text/html", body="<div id='host'></div>"))
        page.goto(ORIGIN)
    else:  # about:blank: an opaque origin, whose localStorage throws (as in some private windows)
        page.set_content("<div id='host'></div>")
    if stored is not None:
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [progress.STORE, stored])
    page.evaluate("""async (js) => {
      window.__sent = []; window.__writes = 0;
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (k, v) { window.__writes++; return set.call(this, k, v); };
      const mod = await import('data:text/javascript,' + encodeURIComponent(js));
      window.__mount = (data) => mod.default({data, parentElement: document.getElementById('host'),
                                              setStateValue: (name, v) => window.__sent.push([name, v])});
    }""", progress.JS)


def _mount(page, save: dict, *, load: bool = True, replace: bool = False) -> None:
    """As ui.progress.sync mounts it: `load` until the session has read the stored record, `replace` once it has."""
    page.evaluate("d => window.__mount(d)", {"store": progress.STORE, "load": load, "replace": replace,
                                             "save": json.dumps(save, sort_keys=True)})


def _stored(page):
    return json.loads(page.evaluate("k => localStorage.getItem(k)", progress.STORE) or "null")


def test_a_new_learners_record_is_saved_and_no_rerun_is_asked(page):
    _open(page)
    _mount(page, MINE)
    assert _stored(page) == MINE
    assert page.evaluate("window.__sent") == []  # nothing stored: the page is not rerun for it


def test_a_returning_learners_record_is_sent_once_and_added_to(page):
    _open(page, json.dumps(OLD))
    _mount(page, MINE)
    assert page.evaluate("window.__sent") == [["stored", json.dumps(OLD)]]
    # what the session did wins; what only the stored record has stays; pages keep the stored order first
    assert _stored(page) == {"answered": {"loss_functions": True, "perceptron": True},
                             "choices": {"q1": "a", "q2": "c"},
                             "visited": ["perceptron", "gradient_descent", "loss_functions"]}
    _mount(page, MINE)  # the next rerun, before the server has merged it: not sent again
    assert len(page.evaluate("window.__sent")) == 1


def test_once_read_the_sessions_record_replaces_the_stored_one(page):
    _open(page, json.dumps(OLD))
    _mount(page, MINE, load=False, replace=True)
    assert _stored(page) == MINE
    assert page.evaluate("window.__sent") == []
    forgotten = {"answered": {}, "choices": {}, "visited": []}  # after "Forget my progress"
    _mount(page, forgotten, load=False, replace=True)
    assert _stored(page) == forgotten


@pytest.mark.parametrize("bad", ["not json", "{", "[1, 2]", "null", '"text"', "7"])
def test_a_malformed_stored_record_is_ignored(page, bad):
    _open(page, bad)
    _mount(page, MINE)
    assert _stored(page) == MINE


def test_an_unchanged_record_is_not_written_again(page):
    _open(page, json.dumps(MINE, sort_keys=True))
    _mount(page, MINE, load=False, replace=True)
    assert page.evaluate("window.__writes") == 0


def test_a_browser_that_refuses_storage_keeps_the_record_for_the_session(page):
    _open(page, origin=False)
    assert page.evaluate("() => { try { localStorage.length; return false; } catch (e) { return true; } }")
    _mount(page, MINE)  # raises nothing
    _mount(page, MINE, load=False, replace=True)
    assert page.evaluate("window.__sent") == []

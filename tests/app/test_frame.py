"""The page frame: navigation from the registry, previous/next links, and settings that stay on their page."""

from tests.conftest import no_exception, open_page
from ui import frame, registry


def test_sidebar_lists_every_existing_page_in_lecture_order():
    at = open_page("pages/01_perceptron.py")
    links = at.sidebar.get("page_link")
    assert [link.proto.label for link in links] == [p.nav for p in registry.available() if p.slug != "perceptron"]
    assert not any(link.proto.disabled for link in links)
    # the current page is bold text in its place, not a greyed link that is still a Tab stop
    here = [m.value for m in at.sidebar.markdown if "(this page)" in m.value]
    assert here == [":material/radio_button_checked:&nbsp; **The perceptron** (this page)"]


def test_previous_and_next_follow_the_registry():
    pages = registry.available()
    for i, p in enumerate(pages):
        prev, nxt = registry.neighbours(p.slug)
        assert prev == (pages[i - 1] if i else None)
        assert nxt == (pages[i + 1] if i + 1 < len(pages) else None)


def test_settings_do_not_carry_to_the_next_page():
    at = open_page("pages/04_will_i_pass.py")
    at.number_input(key="seed").set_value(5).run()
    assert at.number_input(key="seed").value == 5
    at.query_params.clear()   # as the browser's navigation does (tests/browser/test_links.py)
    at.switch_page("pages/02_activation_functions.py").run()
    no_exception(at)
    fresh = open_page("pages/02_activation_functions.py")
    assert at.number_input(key="seed").value == fresh.number_input(key="seed").value
    at.query_params.clear()
    at.switch_page("pages/04_will_i_pass.py").run()
    assert at.number_input(key="seed").value == 0


def test_visits_are_remembered_in_the_session():
    at = open_page("pages/01_perceptron.py")
    at.switch_page("pages/04_will_i_pass.py").run()
    assert at.session_state["visited"][-2:] == ["perceptron", "will_i_pass"]


def test_the_code_panel_sends_its_script_only_when_open():
    closed = open_page("pages/04_will_i_pass.py", code=False)
    no_exception(closed)
    assert len(closed.code) == 0 and any(e.label == "PyTorch code for these settings" for e in closed.expander)
    closed.session_state[frame.CODE_PANEL] = True           # the learner opens it: the page reruns
    closed.run()
    opened = open_page("pages/04_will_i_pass.py")
    assert len(closed.code) == 1 and closed.code[0].value == opened.code[0].value
    assert "import torch" in closed.code[0].value


def _link_warnings(at) -> list[str]:
    return [w.value for w in at.warning if "The link asked for" in w.value]


def test_presets_and_reset_do_not_blame_the_link():
    """A preset (or the learner) may put a control back to its default while the address bar still holds the
    previous value for one run: that is not a link the control could not take."""
    at = open_page("pages/01_perceptron.py")
    at.button(key="preset_Lecture example").click().run()
    at.button(key="preset_reset").click().run()                     # x1 = -1, x2 = 2 back to 0
    assert not _link_warnings(at) and at.slider(key="x1").value == 0.0
    at = open_page("pages/01_perceptron.py", {"w0": "2"})
    assert not _link_warnings(at) and at.slider(key="w0").value == 2.0
    at.button(key="preset_Lecture example").click().run()           # w0 = 2 back to its default 1
    assert not _link_warnings(at) and at.slider(key="w0").value == 1.0
    at = open_page("pages/01_perceptron.py", {"w0": "2"})
    at.slider(key="w0").set_value(1.0).run()                        # the learner moves it back by hand
    assert not _link_warnings(at)
    at = open_page("pages/04_will_i_pass.py", {"lr": "1"})
    at.button(key="preset_Lecture example").click().run()
    no_exception(at)
    assert not _link_warnings(at)
    at = open_page("pages/06_gradient_descent.py")
    at.button(key="preset_Stable").click().run()
    at.button(key="preset_Too large").click().run()                  # steps = 80 back to its default
    no_exception(at)
    assert not _link_warnings(at)


def test_a_bad_link_still_warns_until_a_preset_replaces_it():
    at = open_page("pages/01_perceptron.py", {"w1": "abc"})
    assert _link_warnings(at) == ["The link asked for `w1=abc`, which this control cannot take; using 3.0 instead."]
    at.button(key="preset_reset").click().run()
    assert not _link_warnings(at)


def _stored_notebooks(monkeypatch) -> list[tuple[bytes, str, str]]:
    """(data, mime type, file name) of every .ipynb the page hands Streamlit's media storage (a download's file)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored, original = [], MemoryMediaFileStorage.load_and_get_id

    def keep(self, data, mimetype, kind, filename=None):
        if filename and filename.endswith(".ipynb"):
            stored.append((data, mimetype, filename))
        return original(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return stored


def test_the_code_panel_offers_its_script_as_a_notebook(monkeypatch):
    """Next to the code, "Download as notebook (.ipynb)": nnlab-<slug>.ipynb, whose title cell names the page, links
    it with the settings of the address bar and lists them, and whose code cells hold the panel's script."""
    import json

    from ui import notebook

    stored = _stored_notebooks(monkeypatch)
    closed = open_page("pages/01_perceptron.py", {"x1": "-1", "x2": "2"}, code=False)
    assert not closed.get("download_button") and not stored          # built and sent only when the panel is open
    at = open_page("pages/01_perceptron.py", {"x1": "-1", "x2": "2"})
    no_exception(at)
    assert [b.label for b in at.get("download_button")] == ["Download as notebook (.ipynb)"]
    [(data, mime, name)] = stored
    assert name == "nnlab-perceptron.ipynb" and mime == "application/x-ipynb+json"
    cells = json.loads(data)["cells"]
    title = "".join(cells[0]["source"])
    assert title.startswith("# The perceptron\n")
    assert "(<http://localhost:8501/perceptron?x1=-1&x2=2>)" in title
    assert "| `x1` | `-1` |" in title and "| `x2` | `2` |" in title
    script = at.code[0].value
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert [ln for ln in code.splitlines() if ln.strip()] == [
        ln for ln in script.splitlines() if ln.strip() and not ln.startswith(notebook.STEP)]
    assert "x = torch.tensor([-1, 2]" in code


def test_the_playground_notebook_is_named_after_its_page(monkeypatch):
    """The playground draws its code panel itself (frame.code_panel, no lesson_end): the notebook still carries the
    page's name, and at the defaults it says so."""
    import json

    stored = _stored_notebooks(monkeypatch)
    at = open_page("pages/14_playground.py")
    no_exception(at)
    [(data, _, name)] = stored
    assert name == "nnlab-playground.ipynb"
    title = "".join(json.loads(data)["cells"][0]["source"])
    assert title.startswith("# Playground\n") and "Settings: the page's defaults." in title
    assert "(<http://localhost:8501/playground>)" in title

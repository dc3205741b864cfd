"""Every detail of Streamlit's page (its DOM) that nnlab relies on, named once here with what it is for.

nnlab's page scripts and styles, its browser tests and its benchmarks find Streamlit's elements by these names.
Streamlit makes no promise about them: an upgrade may rename one, and then a script or a style silently does
nothing (a run button with no busy sign, a hidden carrier that shows), and a test that expects an element's
absence passes for the wrong reason. So they are listed in DETAILS, and
- tests/unit/test_streamlit_dom.py finds each in the installed Streamlit's frontend, and checks that nnlab's code
  uses no other;
- tests/browser/test_streamlit_dom.py finds each in a page of the running app.
The page scripts get the names they need from here (SCRIPTS, `hide_box`) rather than spelling them out.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Detail:
    name: str            # as it is written in the page
    kind: str            # "attribute", "value", "testid" (a data-testid value), "class", "class prefix", "variable"
    use: str             # what nnlab relies on it for
    shown: str | None    # a page (its slug, "" for home) that has it once it has run; None: only at moments
    bundle: tuple[str, ...] = ()  # what Streamlit's frontend writes when it composes the name (default: the name)


# The page's skeleton: the app's root element, the script state it carries, and every element's box.
TESTID = "data-testid"
SCRIPT_STATE = "data-test-script-state"
RUNNING, NOT_RUNNING = "running", "notRunning"
APP = "stApp"
ELEMENT = "stElementContainer"
KEY = "st-key-"
KATEX = "katex"
KATEX_DISPLAY = "katex-display"
STACKED_BELOW = 640  # px: below this width Streamlit stacks columns (its frontend's "md" breakpoint)
PRIMARY_COLOR = "--st-primary-color"

# Elements the tests and benchmarks look for, by their data-testid.
MARKDOWN = "stMarkdown"
MARKDOWN_CONTAINER = "stMarkdownContainer"
MAIN = "stMain"
MAIN_BLOCK = "stMainBlockContainer"
BUTTON = "stButton"
SLIDER = "stSlider"
SELECTBOX = "stSelectbox"
NUMBER_INPUT = "stNumberInput"
CHECKBOX = "stCheckbox"
IMAGE = "stImage"
SIDEBAR = "stSidebar"
SIDEBAR_CONTENT = "stSidebarUserContent"
SIDEBAR_NAV = "stSidebarNav"
RADIO = "stRadio"
METRIC = "stMetric"
METRIC_VALUE = "stMetricValue"
VEGA_CHART = "stVegaLiteChart"
TABLE = "stTable"
DATAFRAME = "stDataFrame"
ALERT = "stAlert"
ALERT_SUCCESS = "stAlertContentSuccess"
PROGRESS = "stProgress"
SPINNER = "stSpinner"
STATUS_SPINNER = "stExpanderIconSpinner"
SKELETON = "stSkeleton"
EXCEPTION = "stException"
# Text that ui.contrast makes readable in both themes, and the page links of the sidebar.
CAPTION = "stCaptionContainer"
CODE = "stCode"
TOKEN = "token"
SLIDER_THUMB_VALUE = "stSliderThumbValue"
PAGE_LINK = "stPageLink-NavLink"
MAIN_MENU = "stMainMenu"
STATUS_WIDGET = "stStatusWidget"

DETAILS = (
    Detail(TESTID, "attribute", "names Streamlit's elements: the tests find them by it (Playwright's get_by_test_id), "
           "and the playground's own Play button carries one", ""),
    Detail(SCRIPT_STATE, "attribute", "on the app's root: whether the page's script runs; a run button's busy sign "
           "clears when it is back to notRunning, and the tests and benchmarks wait on it", ""),
    Detail(NOT_RUNNING, "value", "of data-test-script-state: the page's script has ended (READY)", ""),
    Detail(RUNNING, "value", "of data-test-script-state: the page's script runs (SCRIPT_RUNNING)", None),
    Detail(APP, "testid", "the app's root element, which carries the script state", ""),
    Detail(ELEMENT, "class", "every element's box: a component that only carries data (the busy sign's script, a live "
           "picture's batches) hides its box (hide_box)", ""),
    Detail(KEY, "class prefix", "an element with a key has the class st-key-<key> on its box: the busy sign finds "
           "its run button by it, and the playground greys its stale parts by it", ""),
    Detail(KATEX, "class", "maths typeset by st.markdown (KaTeX): a page test takes it for the page's text", ""),
    Detail(PRIMARY_COLOR, "variable", "the theme's primary colour inside a component (the playground's Play button)",
           "will_i_pass", ("--st", "primaryColor")),
    Detail(KATEX_DISPLAY, "class", "a display formula (st.latex): on a phone it wraps, or scrolls in its own box "
           "(ui.frame.LAYOUT_CSS)", "perceptron"),
    Detail(MAIN, "testid", "the main area, the page's scrolling box: the screen tests measure in it", ""),
    Detail(MAIN_BLOCK, "testid", "the main area's content box: ui.frame.LAYOUT_CSS sets its top padding", ""),
    Detail(MARKDOWN_CONTAINER, "testid", "markdown's box: its tables scroll in their own box on a phone", ""),
    Detail(BUTTON, "testid", "a button (st.button): the screen tests count it as a control", "perceptron"),
    Detail(SLIDER, "testid", "a slider: a control, for the screen tests", "perceptron"),
    Detail(SELECTBOX, "testid", "a select box: a control, for the screen tests", "perceptron"),
    Detail(NUMBER_INPUT, "testid", "a number input: a control, for the screen tests", "neural_networks"),
    Detail(CHECKBOX, "testid", "a checkbox or toggle: a control, for the screen tests", "activation_functions"),
    Detail(IMAGE, "testid", "an image (st.image): a result, for the screen tests", None),
    Detail(MARKDOWN, "testid", "text: a page test's sign that the page has drawn", ""),
    Detail(SIDEBAR, "testid", "the sidebar, which holds nnlab's navigation", ""),
    Detail(SIDEBAR_CONTENT, "testid", "the sidebar's content: the benchmarks wait for the navigation in it", ""),
    Detail(SIDEBAR_NAV, "testid", "Streamlit's own page list, which nnlab hides: a test checks it is absent", None),
    Detail(RADIO, "testid", "a radio: the \"Check yourself\" answers", ""),
    Detail(METRIC, "testid", "a metric: its label finds its value", "perceptron"),
    Detail(METRIC_VALUE, "testid", "a metric's value: the numbers the tests read", "perceptron"),
    Detail(VEGA_CHART, "testid", "an Altair chart: the tests see it change, the benchmarks count its frames",
           "perceptron"),
    Detail(TABLE, "testid", "a static table (st.table)", "activation_functions"),
    Detail(DATAFRAME, "testid", "a data grid (st.dataframe, st.data_editor)", "loss_functions"),
    Detail(ALERT, "testid", "a message box (st.info, st.warning...)", "will_i_pass"),
    Detail(ALERT_SUCCESS, "testid", "a success box's content: a right answer", None, ("stAlertContent",)),
    Detail(PROGRESS, "testid", "a progress bar: a run shows its steps", None),
    Detail(SPINNER, "testid", "st.spinner: the benchmarks' first sign of a run", None),
    Detail(STATUS_SPINNER, "testid", "a running st.status (ui.live_run.working): the benchmarks' first sign of a run",
           None),
    Detail(SKELETON, "testid", "a placeholder while a widget's code loads: screenshots wait until none is left", None),
    Detail(EXCEPTION, "testid", "an uncaught error shown in the page: the tests check there is none", None),
    Detail(CAPTION, "testid", "a caption (chart descriptions, sidebar headings): Streamlit fades it to 60 % opacity, "
           "ui.contrast gives it a grey of 4.5:1 or more instead", ""),
    Detail(CODE, "testid", "a code block: ui.contrast sets its syntax colours per theme", "neural_networks"),
    Detail(TOKEN, "class", "a highlighted piece of code in a code block (its kind is a second class): ui.contrast "
           "colours it", "neural_networks"),
    Detail(SLIDER_THUMB_VALUE, "testid", "a slider's value above its thumb, in the primary colour: ui.contrast keeps "
           "it readable in dark", "perceptron"),
    Detail(PAGE_LINK, "testid", "a page link (st.page_link): the keyboard test finds the sidebar's links by it", ""),
    Detail(MAIN_MENU, "testid", "the app menu (⋮): it offers System, Light and Dark; a test picks Dark there", ""),
    Detail(STATUS_WIDGET, "testid", "Streamlit's \"Running... Stop\" sign while a page runs: ui.contrast gives its "
           "button a readable grey", None),
)


def by_testid(name: str) -> str:
    """The CSS selector of Streamlit's elements with this data-testid."""
    return f"[{TESTID}='{name}']"


APP_SELECTOR = by_testid(APP)
READY = f"{APP_SELECTOR}[{SCRIPT_STATE}='{NOT_RUNNING}']"        # the page's script has ended
SCRIPT_RUNNING = f"{APP_SELECTOR}[{SCRIPT_STATE}='{RUNNING}']"   # the page's script runs

# What ui.live_run's script is given (so that no page script spells out a name of Streamlit's).
SCRIPTS = {"app": APP_SELECTOR, "state": SCRIPT_STATE, "running": RUNNING, "notRunning": NOT_RUNNING, "key": KEY}


def hide_box(carrier: str) -> str:
    """A style rule that hides the box of the element holding an element of class `carrier` (a component that
    only carries data to the page)."""
    return f".{ELEMENT}:has(.{carrier}) {{ display: none; }}"

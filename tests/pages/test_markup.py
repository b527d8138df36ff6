"""AppTest: the markup corpus (tests/markup.py) in every field a user fills in, and in the
URL, reaches no page as markup. Every string the app sends to the browser is looked at:
those Streamlit renders as Markdown (messages, headings, captions, widget labels, radio and
button-group options, help, tab, expander and dialog labels, metrics, progress texts) must
show the corpus as text; those it shows as plain text (field values, st.text, code, select
box options) may hold it as typed; chart texts must have it HTML-escaped."""

from __future__ import annotations

import json

import pytest
from google.protobuf.message import Message

from tests.apptest import PAGES, start
from ui.analysis.clicker import CHROME_CSS
from tests.markup import CORPUS, EVIL, TEXT, corpus_case, markup_in, shown_text
from workbook.case.model import Case
from workbook.case.ops import UpdateOp
from workbook.case.store import Store
from workbook.i18n import t
from workbook.plain import JOINER

# Fields whose text is never Markdown: ids and settings, or shown as plain text
NEVER_TEXT = {"id", "icon", "type", "form_id", "tag", "language", "theme", "config", "format",
              "min", "max", "deferred_file_id", "page_script_hash", "url_path", "key"}
PLAIN = {
    "TextInput": {"value", "default", "placeholder"},
    "TextArea": {"value", "default", "placeholder"},
    "Text": {"body"}, "Code": {"code_text"},
    "Selectbox": {"options", "raw_value", "placeholder", "default"},
    "MultiSelect": {"options", "raw_values", "placeholder", "default"},
    "DateInput": {"value", "default"},
    "Dataframe": {"columns"}, "Arrow": {"columns"},  # the data grid: drawn as plain text
    "BidiComponent": {"json", "js_content", "css_content", "html_content",
                      "component_name", "js_source_path", "css_source_path"},
}


def _strings(msg: Message, owner: str, out: list[tuple[str, str, str]]) -> None:
    """(message type, field, text) for every string in a protobuf message, nested ones too."""
    for field, value in msg.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                continue
            for v in values:
                _strings(v, type(v).__name__, out)
        elif field.type == field.TYPE_STRING:
            out.extend((owner, field.name, v) for v in values)


def sent(at) -> list[tuple[str, str, str]]:
    """Every string of every element and block on the page (the sidebar too)."""
    out: list[tuple[str, str, str]] = []

    def visit(node) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            _strings(proto, type(proto).__name__, out)
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at._tree)
    return out


def problems(at, where: str, anonymised: bool = False) -> list[str]:
    """What of the corpus would be drawn as markup, and whether the corpus was shown; on a
    page shown `anonymised`, whether it was not (it holds the case's title and actors' names)."""
    found = [f"{where}: exception {e.message[:200]}" for e in at.exception]
    seen = False
    for owner, field, text in sent(at):
        seen = seen or EVIL in text.replace(JOINER, "")
        if field in NEVER_TEXT or field in PLAIN.get(owner, ()):
            continue
        if owner == "Html" and text.strip() == CHROME_CSS.strip():  # the presentation's fixed stylesheet
            continue
        if owner == "PlotlyChart" and field == "spec":
            found += [f"{where}: chart: {tag}" for tag in _chart_tags(text)]
            continue
        found += [f"{where}: {owner}.{field}: {what}: {text[:80]!r}" for what in markup_in(text)]
    if anonymised and seen:
        found.append(f"{where}: the corpus (names, the case title) was on an anonymised page")
    elif not seen and not anonymised:
        found.append(f"{where}: the corpus was not on the page (nothing was tested)")
    return found


def _chart_tags(spec: str) -> list[str]:
    """Tags from user text in a Plotly figure: Plotly draws <a>, <b>, <i>, <br>, <img>..."""
    strings: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(spec))
    return [tag for tag in ("<img", "<script", "<a ", "<a>")
            if any(tag in s.lower() for s in strings)]


@pytest.fixture
def corpus_id(store, framework) -> str:
    return store.create(corpus_case(framework, practice_of="cs-klas")).case.id


def test_every_page_every_worksheet_and_every_tab(corpus_id, framework):
    found = []
    for page in PAGES:
        at = start(corpus_id, lang="en", page=page)
        if page == "app_pages/present.py":  # names show only after a confirmation
            at.session_state[f"_present_names:{corpus_id}"] = True
            at.run()
        if page == "app_pages/meeting.py":  # anonymised by default, the sidebar too
            at.toggle(key="meeting_anonymise").set_value(False).run()
        found += problems(at, page)
    for part in (2, 3):  # each worksheet opened by its link (?ws=), as a user would
        page = f"app_pages/part{part}.py"
        for sheet in framework.worksheets_of(part):
            at = start(corpus_id, lang="en", page=page, ws=sheet.id)
            found += problems(at, f"{page} {sheet.id}")
    for tab in ("strategy", "question", "scenarios", "tone", "summary", "pass_on"):
        at = start(corpus_id, lang="en", page="app_pages/part3.py", tab=tab)
        found += problems(at, f"part3 {tab}")
    for tab in ("explorer", "dynamic", "exercises", "my_role", "cheatsheet"):
        at = start(corpus_id, lang="en", page="app_pages/part1.py", tab=tab)
        found += problems(at, f"part1 {tab}")
        if tab == "explorer":
            at.text_input(key="p1_search").input(TEXT).run()  # a search that finds nothing
            found += problems(at, "part1 search")
    assert found == []


def test_the_meeting_its_tabs_and_phases(corpus_id):
    """The meeting page with real names on (anonymised, the default, the page and its sidebar
    show no name and no case title: then the corpus is not there to test, and must not be),
    at the choice of advice and at the advice, the readings and the follow-up."""
    found = []
    for tab in ("run", "compare", "minutes"):
        at = start(corpus_id, lang="en", page="app_pages/meeting.py", tab=tab)
        found += problems(at, f"meeting {tab} anonymised", anonymised=True)
        at.session_state["meeting_anonymise"] = False
        at.run()
        found += problems(at, f"meeting {tab}")
    case = Store().get(corpus_id).case
    for phase in ("advice", "input", "follow_up", "authentic_question"):
        Store().apply_ops(corpus_id, [UpdateOp(collection=("meetings",), id="m1",
                                               fields={"phase": phase})])
        at = start(corpus_id, lang="en", page="app_pages/meeting.py", tab="run")
        at.session_state["meeting_anonymise"] = False
        at.run()
        found += problems(at, f"meeting run {phase}")
    assert case.meetings
    assert found == []


def test_the_map_its_views_the_actor_form_and_the_folded_panels(corpus_id):
    at = start(corpus_id, lang="en", page="app_pages/map.py")
    found = problems(at, "map")
    for view in ("timeline", "snapshots"):
        at.session_state["map_view"] = view
        at.run()
        found += problems(at, f"map {view}")
    at.session_state["map_view"] = "map"
    at.session_state["map_chart"] = {"selection": {"points": [{"customdata": "a1"}],
                                                   "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert at.text_input(key="w:mapform:map_chart:a1:name").value == TEXT
    found += problems(at, "map actor form")
    at = start(corpus_id, lang="en", page="app_pages/part2.py")
    at.session_state["part2_balance-open"] = True
    at.session_state["part2_coach"] = True
    at.run()
    found += problems(at, "part2 folded panels")
    at.session_state["part2_view"] = "timeline"
    at.run()
    found += problems(at, "part2 timeline")
    assert found == []


def test_practice_comparison(corpus_id):
    at = start(corpus_id, lang="en", page="app_pages/practice.py")
    at.toggle(key="practice_compare").set_value(True).run()
    assert problems(at, "practice compare") == []


def test_the_copy_made_message_the_delete_dialog_and_bringing_it_back(corpus_id):
    at = start(corpus_id, lang="en")
    next(b for b in at.button if b.label == t("case.duplicate", "en")).click().run()
    notice = [s.value for s in at.success]
    assert notice and shown_text(notice[0]) == t("case.duplicated", "en",
                                                 title=t("case.copy_title", "en", title=TEXT))
    found = problems(at, "copy made")
    next(b for b in at.button if b.label == t("case.delete", "en")).click().run()
    asked = t("case.delete_confirm", "en", title="@").split("@")[0]
    dialog = [text for owner, field, text in sent(at) if owner == "Markdown"
              and shown_text(text).startswith(asked)]
    assert dialog and CORPUS[0] in shown_text(dialog[0])
    found += problems(at, "delete dialog")
    next(b for b in at.button if b.label == t("case.delete_yes", "en")).click().run()
    found += problems(at, "deleted")
    restore = next(b for b in at.button if b.key and b.key.startswith("undelete:"))
    restore.click().run()
    found += problems(at, "restored")
    assert found == []


@pytest.mark.parametrize("value", CORPUS + ("[Session expired, log in](https://evil.example)",))
def test_a_case_link_that_is_no_case_id_is_not_repeated(store, value):
    store.create(Case(title="Another case"))  # not opened instead
    at = start(value, lang="en")
    assert t("app.case_link_invalid", "en") in " ".join(w.value for w in at.warning)
    for page in (None, "app_pages/map.py"):
        if page:
            at.switch_page(page).run()
        assert not at.exception
        assert at.session_state["case"] is None and "case" not in at.query_params
        bodies = [text for _, field, text in sent(at) if field not in NEVER_TEXT]
        assert [b for b in bodies if EVIL in b.replace(JOINER, "")] == []


def test_a_case_link_to_a_missing_case_names_the_id_as_text(store):
    at = start("no_such-case_42", lang="en")
    warning = " ".join(w.value for w in at.warning)
    assert shown_text(warning) == "Case no_such-case_42 does not exist (any more)."
    assert markup_in(warning) == []


@pytest.mark.parametrize("name", ["ws", "tab", "lang"])
def test_other_url_parameters_are_checked_before_use(corpus_id, name):
    page = "app_pages/part1.py" if name == "tab" else "app_pages/part2.py"
    params = {"lang": "en", name: TEXT}
    at = start(corpus_id, page=page, **params)
    assert not at.exception
    assert at.session_state.get(f"_link:{name}") is None
    assert at.session_state["lang"] in ("nl", "en")
    assert at.query_params.get(name) != TEXT  # what is open now, or nothing
    assert problems(at, f"?{name}=") == []


def test_the_corpus_case_survives_unchanged(corpus_id, framework):
    """Opening pages never rewrote what the user typed (nothing lost, nothing escaped twice)."""
    at = start(corpus_id, lang="en", page="app_pages/part2.py")
    assert not at.exception
    case = Store().get(corpus_id).case
    assert case.title == TEXT and case.actors[0].name == TEXT
    typed = corpus_case(framework, practice_of="cs-klas").model_copy(update={"id": corpus_id})
    assert case.to_doc() == typed.to_doc()

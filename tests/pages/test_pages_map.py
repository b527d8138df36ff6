"""AppTest: the map page and the analysis page with the map beside the worksheet; clicking an
actor opens it for editing; the timeline and snapshots views; user text stays text."""

from __future__ import annotations

import json

import pytest

from tests.apptest import shown as unescaped, start, texts
from tests.conftest import ROOT
from workbook.case.model import Actor, Case
from workbook.case.files import read_case
from workbook.case.store import Store

EXAMPLE = ROOT / "casestudies" / "stationsplein.yaml"
MAP = "app_pages/map.py"
PART2 = "app_pages/part2.py"


@pytest.fixture
def example_id(store) -> str:
    return store.create(read_case(EXAMPLE.read_bytes(), "example")).case.id


def charts(at) -> dict[str, dict]:
    """Plotly charts on the page by key suffix, as their figure JSON."""
    return {el.proto.id.rsplit("-", 1)[-1]: json.loads(el.proto.spec)
            for el in at.get("plotly_chart")}


def map_actor_ids(spec: dict) -> set[str]:
    return {cid for t in spec["data"] if t.get("mode") == "markers+text"
            for cid in t.get("customdata", [])}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_map_page_shows_the_example_large_with_its_role_balance(example_id, lang):
    at = start(example_id, lang=lang, page=MAP)
    assert not at.exception
    spec = charts(at)["map_chart"]
    case = Store().get(example_id).case
    assert map_actor_ids(spec) == {a.id for a in case.actors}
    assert spec["layout"]["uirevision"] == example_id  # the user's zoom survives changes
    assert spec["layout"]["height"] >= 600
    assert "map_balance" in charts(at)
    assert [m.value for m in at.metric] == ["29%", "–"]  # the count, and no estimate yet
    hint = "Klik op een actor" if lang == "nl" else "Click an actor"
    assert hint in texts(at)


def test_the_map_of_an_empty_case_says_what_to_add_first(store):
    cid = store.create(Case(title="Leeg")).case.id
    at = start(cid, page=MAP)
    assert not at.exception
    notes = " ".join(a["text"] for a in charts(at)["map_chart"]["layout"]["annotations"])
    assert "De kaart is nog leeg" in notes and "polen" in notes


def test_clicking_an_actor_opens_it_for_editing_and_saves(example_id):
    at = start(example_id, page=MAP)
    at.session_state["map_chart"] = {"selection": {"points": [{"customdata": "wijkagent"}],
                                                   "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    prefix = "w:mapform:map_chart:wijkagent:"
    assert at.text_input(key=prefix + "name").value == "Wijkagent"
    at.text_input(key=prefix + "name").input("Wijkagent <b>Tom</b>")
    at.selectbox(key=prefix + "role").set_value("silent")
    at.slider(key=prefix + "influence").set_value(5)
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    actor = Store().get(example_id).case.actor("wijkagent")
    assert (actor.name, actor.role, actor.influence) == ("Wijkagent <b>Tom</b>", "silent", 5)
    spec = charts(at)["map_chart"]
    silent = next(t for t in spec["data"] if t.get("name") == "Het stille midden")
    assert "wijkagent" in silent["customdata"]
    hover = silent["hovertext"][silent["customdata"].index("wijkagent")]
    assert "&lt;b&gt;Tom&lt;/b&gt;" in hover and "<b>Tom</b>" not in hover


def test_the_analysis_page_has_the_map_beside_the_worksheet(example_id):
    at = start(example_id, page=PART2)
    assert not at.exception
    assert "part2_map" in charts(at)
    folded = {e.label: e for e in at.expander}
    assert any(label.startswith("Rolverdeling · midden ") for label in folded)
    assert "part2_balance" not in charts(at), "a folded panel is not drawn"


def test_the_folded_panels_on_the_analysis_page_open_and_stay_open(example_id, framework):
    """The role balance and the coach are folded by default (a rerun then draws neither);
    opened, they show their content, and stay open on the next run."""
    from workbook import coach

    at = start(example_id, page=PART2)
    coach_label = next(e.label for e in at.expander if e.label.startswith("Coach"))
    case = Store().get(example_id).case
    count = len(coach.hints(case, framework, part=2))
    assert str(count) in coach_label or (count == 0 and "niets" in coach_label)
    at.session_state["part2_balance-open"] = True
    at.session_state["part2_coach"] = True
    at.run()
    assert not at.exception
    assert "part2_balance" in charts(at)
    shown = texts(at)
    assert "Wat de coach opvalt" in shown or "niets om je op te wijzen" in shown
    at.run()
    assert "part2_balance" in charts(at), "an opened panel stays open"


def test_a_change_to_the_actors_shows_on_the_map_beside_the_table(example_id, framework):
    """The actor table's callback saves through ui.state.save; AppTest cannot fire a data
    editor's callback, so the same save is made here and the next run must show it."""
    at = start(example_id, page=PART2)
    sheet = next(w for w in framework.worksheets_of(2)
                 if any(f.type == "actors" for f in w.fields))
    at.session_state["ws2"] = sheet.id
    at.run()
    assert not at.exception
    assert any(getattr(el, "key", None) == "w:actors" for el in at.get("dataframe"))
    before = map_actor_ids(charts(at)["part2_map"])
    store = Store()
    case = store.get(example_id).case
    added = Actor(name="Schooldirecteur", role="silent")
    store.apply(example_id, ("actors",),
                [*[a.model_dump(mode="json") for a in case.actors], added.model_dump(mode="json")])
    at.run()
    assert not at.exception
    assert map_actor_ids(charts(at)["part2_map"]) == before | {added.id}


def test_timeline_and_snapshots_views(example_id):
    at = start(example_id, lang="en", page=MAP)
    at.session_state["map_view"] = "timeline"
    at.run()
    assert not at.exception
    assert "map_timeline" in charts(at) and "Fuel over time" in texts(at)

    at.session_state["map_view"] = "snapshots"
    at.run()
    assert not at.exception and "No snapshots kept yet." in texts(at)
    at.text_input(key="w:snap:label").input("Before the <i>debate</i>")
    next(b for b in at.button if b.label == "Keep a snapshot of today's map").click().run()
    assert not at.exception
    case = Store().get(example_id).case
    assert [s.label for s in case.snapshots] == ["Before the <i>debate</i>"]
    assert case.snapshots[0].actors == case.actors
    spec = charts(at)["map_snapshots"]
    assert len(spec["frames"]) == 2  # the snapshot, then now
    assert "<i>debate" not in json.dumps(spec)


def test_snapshots_need_actors(store):
    cid = store.create(Case(title="Leeg")).case.id
    at = start(cid, page=MAP)
    at.session_state["map_view"] = "snapshots"
    at.run()
    assert not at.exception
    button = next(b for b in at.button if "momentopname" in b.label)
    assert button.disabled


def test_user_text_in_the_case_title_is_not_markup(store):
    cid = store.create(Case(title="![x](http://example.com/x.png) **vet**",
                            actors=[Actor(name="<script>alert(1)</script>", role="pusher",
                                          side="a")])).case.id
    at = start(cid, page=MAP)
    assert not at.exception
    assert all("](http" not in s.value for s in at.subheader)
    spec = json.dumps(charts(at)["map_chart"])
    assert "<script>" not in spec and "&lt;script&gt;" in spec


def test_presenting_anonymised_shows_pseudonyms_everywhere_and_stores_nothing(example_id):
    """The map page's anonymise switch: no real name in the title, the map, the balance or the
    timeline; editing is off; the stored case is untouched."""
    store = Store()
    case = store.get(example_id).case
    other = store.create(Case(title="Ruzie in de klas van meester Jan")).case.id
    at = start(example_id, page=MAP)
    assert not at.exception
    assert at.sidebar.selectbox(key="case_picker").value == example_id
    at.toggle(key="map_anonymise").set_value(True).run()
    assert not at.exception
    # the sidebar, on the shared screen too, names no case: no picker, no new case, no undo
    assert len(at.sidebar.selectbox) == 0 and len(at.sidebar.button) == 0
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert "lijst met casussen is verborgen" in sidebar and "meester Jan" not in sidebar
    assert case.title not in sidebar
    specs = charts(at)
    assert "map_chart_anon" in specs and "map_chart" not in specs
    drawn = json.dumps(specs) + " ".join(s.value for s in at.subheader)
    names = [a.name for a in case.actors if a.name]
    assert names and [n for n in names if n in drawn] == []
    assert "geanonimiseerd" in texts(at).lower()
    at.session_state["map_view"] = "timeline"
    at.run()
    assert not at.exception
    assert [n for n in names if n in json.dumps(charts(at))] == []
    assert store.head(example_id) == 1, "presenting anonymised stores nothing"
    at.toggle(key="map_anonymise").set_value(False).run()
    assert at.sidebar.selectbox(key="case_picker").value == example_id
    assert store.head(other) == 1


def test_the_map_in_words_lists_every_actor_with_its_role(example_id):
    at = start(example_id, lang="en", page=MAP)
    at.session_state["map_chart-words"] = True
    at.run()
    assert not at.exception
    table = at.table[0].value
    case = Store().get(example_id).case
    assert len(table) == len(case.actors)
    shown = unescaped(" ".join(str(v) for v in table.to_numpy().ravel()))
    assert "Wijkagent" in shown and "Scapegoat" in shown and "De jongeren van het plein" in shown
    assert "Pusher: 2" in texts(at)


def test_the_middles_size_counts_actors_beside_the_trainees_own_estimate(example_id, store):
    store.apply(example_id, ("answers", "middle", "size"), 4)
    at = start(example_id, lang="en", page=MAP)
    assert [m.label for m in at.metric] == ["Middle on the map (actors)", "Your estimate"]
    assert [m.value for m in at.metric] == ["29%", "4/5"]
    assert "Actors, not people" in texts(at)


def test_the_empty_maps_advice_follows_the_worksheets_order(store):
    cid = store.create(Case(title="Leeg")).case.id
    at = start(cid, page=MAP)
    notes = " ".join(a["text"] for a in charts(at)["map_chart"]["layout"]["annotations"])
    assert notes.index("1. Denkconstructies") < notes.index("2. Brandstof") < notes.index(
        "3. Actoren en rollen")


def test_an_answer_keeps_the_map_and_the_balance_a_pole_or_actor_changes_them(example_id,
                                                                              framework):
    """The map and the role balance are built again only when what they draw changes: a
    typed answer is a new revision, but the same map (a cohort typing at once would else
    rebuild a map per keystroke pause)."""
    at = start(example_id, page=PART2)
    memo = lambda: at.session_state["_map_memo:part2_map"]  # noqa: E731
    shown = lambda: next(v for k, v in memo().items() if isinstance(k, tuple))  # noqa: E731
    balance = lambda: at.session_state["_memo"]["balance:part2_balance"][2]  # noqa: E731
    first_map, first_balance = shown(), balance()
    store = Store()
    field = framework.worksheet("intake").fields[0]
    store.apply(example_id, ("answers", "intake", field.id), "Twee groepen op het plein")
    at.run()
    assert not at.exception
    assert shown() is first_map and balance() is first_balance
    case = store.get(example_id).case
    store.apply(example_id, ("poles", 0, "label"), case.poles[0].label + " (nieuw)")
    at.run()
    assert shown() is not first_map and balance() is first_balance
    assert "(nieuw)" in json.dumps(charts(at)["part2_map"]["layout"]["annotations"])
    actor = case.actors[0]
    store.apply(example_id, ("actors",), [{**a.model_dump(mode="json"), "role": "silent"}
                                          if a.id == actor.id else a.model_dump(mode="json")
                                          for a in case.actors])
    at.run()
    assert not at.exception and balance() is not first_balance

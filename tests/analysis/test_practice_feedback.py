"""Practice feedback an alumnus can learn from (issue #15, item 4): why the model gives each
role that differs, the model mirrored when the poles are the other way round, only the parts
filled in compared (and which were left out said), and every attempt's score kept and shown
over time - in workbook.analysis.practice (and practice_scoring) and on the practice page."""

from __future__ import annotations

import json

import base64

import numpy as np
import pytest

from tests.apptest import start, texts
from workbook.analysis import practice, practice_scoring
from workbook.case.model import Case
from workbook.case.store import Store

MIRROR = {"a": "b", "b": "a", "none": "none"}


def study(study_id: str) -> Case:
    found = practice.find_study(study_id)
    assert found is not None, study_id
    return found


def with_roles(case: Case, roles: dict[str, tuple[str, str]]) -> Case:
    actors = [a.model_copy(update={"role": roles[a.id][0], "side": roles[a.id][1]})
              if a.id in roles else a for a in case.actors]
    return case.model_copy(update={"actors": actors})


def with_answer(case: Case, sheet: str, field: str, value) -> Case:
    answers = {k: dict(v) for k, v in case.answers.items()}
    answers.setdefault(sheet, {})[field] = value
    return Case.model_validate({**case.to_doc(), "answers": answers})


# -- why the model gives a role -----------------------------------------------------------------------
def test_each_differing_role_gets_the_models_reason_from_the_studys_notes(framework):
    model = study("cs-politie-jongeren")
    attempt = with_roles(practice.start(model), {
        "ilyas": ("pusher", "a"),             # right: no feedback
        "sofie": ("bridge_builder", "none"),  # model: scapegoat
        "interventie": ("silent", "none"),    # model: joiner
    })
    result = practice_scoring.compare(attempt, model, framework, "nl")
    feedback = {f.actor_id: f for f in result.role_feedback}
    assert "ilyas" not in feedback
    sofie = feedback["sofie"]
    assert (sofie.your_role, sofie.model_role) == ("bridge_builder", "scapegoat")
    assert sofie.why == " ".join(model.actor("sofie").notes.split())
    assert "verklikker" in sofie.why  # the study's own words
    # people not classified yet are explained too, once some roles were given
    assert feedback["ouders"].your_role == "" and feedback["ouders"].model_role == "silent"
    lines = dict(practice.role_feedback_lines(result, framework, "nl"))
    head = "Wijkagent Sofie · jij: Bruggenbouwer · model: Zondebok"
    assert lines[head].startswith("Werkt al acht jaar in Ter Heide")
    assert "Ouders · jij: nog geen rol · model: Het stille midden" in lines


def test_the_reason_is_in_the_language_of_the_study(framework):
    model = study("cs-politie-jongeren-en")
    attempt = with_roles(practice.start(model), {"sofie": ("bridge_builder", "none")})
    lines = dict(practice.role_feedback_lines(
        practice_scoring.compare(attempt, model, framework, "en"), framework, "en"))
    why = lines["Neighbourhood officer Sofie · you: Bridge builder · model: Scapegoat"]
    assert why.startswith("Has worked in Ter Heide for eight years")


def test_no_reasons_when_no_role_was_given_at_all(framework):
    model = study("cs-klas")
    result = practice_scoring.compare(practice.start(model), model, framework, "nl")
    assert result.role_feedback == [] and practice.role_feedback_lines(result, framework, "nl") == []


# -- the poles the other way round: the model mirrored ------------------------------------------------
def _mirrored_attempt(model: Case) -> Case:
    attempt = with_roles(practice.start(model), {a.id: (a.role, MIRROR[a.side])
                                                 for a in model.actors})
    poles = [p.model_copy(update={"label": model.pole(MIRROR[p.side]).label,
                                  "identity": model.pole(MIRROR[p.side]).identity})
             for p in attempt.poles]
    return attempt.model_copy(update={"poles": poles})


def test_the_model_is_mirrored_to_the_trainees_orientation(framework):
    model = study("cs-politie-jongeren")
    attempt = _mirrored_attempt(model)
    result = practice_scoring.compare(attempt, model, framework, "nl")
    assert result.swapped
    shown = result.model
    # the model's pole B ('the police and the neighbours') now stands where the trainee put it: A
    assert shown.pole("a").label == model.pole("b").label
    assert shown.pole("b").label == model.pole("a").label
    ilyas = shown.actor("ilyas")
    assert (ilyas.side, ilyas.stance) == ("b", 0.9)
    assert [s.actors[0].side for s in shown.snapshots] == ["b", "b", "b"]
    assert all(r.side_ok and r.role_ok for r in result.roles)
    assert all(p.found for p in result.poles)
    # the role table shows the model's side in the trainee's orientation
    table = practice.role_table(result, framework, "nl")
    assert all(row["Jouw kant"] == row["Kant in het model"] for row in table)
    assert result.score == 100  # roles, sides and poles, all right once mirrored


def test_mirroring_twice_gives_the_model_back():
    model = study("cs-klas")
    twice = practice_scoring.mirrored(practice_scoring.mirrored(model))
    assert twice.to_doc() == model.to_doc()
    once = practice_scoring.mirrored(model)
    assert [a.stance for a in once.actors] == [-a.stance + 0.0 for a in model.actors]
    assert {k: (p.side, p.stance) for k, p in once.strategy.intended.items()} == {
        k: (MIRROR.get(p.side, p.side) if p.side else p.side,
            -p.stance + 0.0 if p.stance is not None else None)
        for k, p in model.strategy.intended.items()}


def test_the_same_orientation_is_not_mirrored(framework):
    model = study("cs-klas")
    attempt = with_roles(practice.start(model), {"jelle": ("pusher", "a")})
    result = practice_scoring.compare(attempt, model, framework, "nl")
    assert not result.swapped and result.model.pole("a").label == model.pole("a").label


# -- only what was filled in is compared ----------------------------------------------------------------
def test_nothing_filled_in_gives_no_score_and_says_so(framework):
    model = study("cs-beleid")
    result = practice_scoring.compare(practice.start(model), model, framework, "nl")
    assert result.score is None
    assert result.left_out == ["roles", "sides", "poles", "concerns", "gc_target_group",
                               "gc_topic", "gc_position", "gc_tone"]
    assert practice.left_out_names(result, "nl")[:3] == [
        "Rollen (per betrokkene)", "Kanten (per betrokkene)", "Polen en identiteitsuitspraken"]


def test_parts_left_empty_are_left_out_not_counted_as_zero(framework):
    model = study("cs-politie-jongeren")
    attempt = with_roles(practice.start(model), {a.id: (a.role, a.side) for a in model.actors})
    result = practice_scoring.compare(attempt, model, framework, "nl")
    assert result.score == 100  # every role and side right; nothing else was attempted
    assert "poles" in result.left_out and "concerns" in result.left_out
    parts = {p.id: p for p in result.parts}
    assert parts["poles"].filled is False and parts["roles"].filled is True
    table = {row["Onderdeel"]: row for row in practice.score_table(result, "nl")}
    assert table["Polen en identiteitsuitspraken"]["Punten"] == "niet ingevuld"
    assert table["Rollen (per betrokkene)"]["Punten"] == "35"
    # one game changer begun (a question): only it counts among the game changers
    attempt = with_answer(attempt, "topic", "question", "Hoe blijft de Kooi van iedereen?")
    result = practice_scoring.compare(attempt, model, framework, "nl")
    assert result.part("game_changers").max == 6 and result.part("game_changers").points == 6
    assert result.score == 100
    gcs = {row["Gamechangers"]: row[""] for row in practice.game_changer_table(result, "nl")}
    assert gcs["Onderwerp (het vraagstuk)"] == "✓" and gcs["Toon"] == "niet ingevuld"


def test_a_filled_part_that_is_wrong_still_counts(framework):
    model = study("cs-politie-jongeren")
    attempt = with_roles(practice.start(model), {a.id: (a.role, a.side) for a in model.actors})
    attempt = with_answer(attempt, "middle", "concerns", "Niets dat in het model staat.")
    result = practice_scoring.compare(attempt, model, framework, "nl")
    assert "concerns" not in result.left_out
    assert result.score == round(100 * 45 / 65)


# -- every attempt kept, and the progress over attempts --------------------------------------------------
def test_every_attempt_is_kept_in_order(store, framework):
    model = study("cs-klas")
    cid = store.create(practice.start(model)).case.id
    scores = []
    for n, roles in enumerate([{"jelle": ("joiner", "none")}, {"jelle": ("pusher", "a")},
                               {"jelle": ("pusher", "a"), "noor": ("pusher", "b")}]):
        case = with_roles(store.get(cid).case, roles)
        result = practice_scoring.compare(case, model, framework, "nl")
        scores.append(result.score)
        record = result.record(f"2026-11-0{n + 1}", saved_at=f"2026-11-0{n + 1}T10:00:00")
        store.apply(cid, practice.attempt_path(), record)
    kept = practice.attempts(store.get(cid).case.progress)
    assert [r["score"] for r in kept] == scores and scores == sorted(scores) and scores[0] < scores[-1]
    rows = practice.attempts_table(store.get(cid).case.progress, "nl")
    assert [r["Poging"] for r in rows] == [1, 2, 3]
    assert rows[0]["Datum"] == "2026-11-01" and "Polen" in rows[0]["Niet ingevuld"]


def test_an_older_single_record_counts_as_the_first_attempt(store):
    cid = store.create(practice.start(study("cs-klas"))).case.id
    store.apply(cid, ("progress", "practice"), {"score": 40, "date": "2026-10-01"})
    store.apply(cid, practice.attempt_path("k"), {"score": 55, "date": "2026-11-01",
                                                  "saved_at": "2026-11-01T09:00:00"})
    assert [r["score"] for r in practice.attempts(store.get(cid).case.progress)] == [40, 55]


# -- on the page ------------------------------------------------------------------------------------------
PAGE = "app_pages/practice.py"


def _open(store, case: Case, lang: str = "nl"):
    cid = store.create(case).case.id
    at = start(cid, lang=lang, page=PAGE)
    at.toggle(key="practice_compare").set_value(True).run()
    assert not at.exception
    return cid, at


def test_the_page_says_why_and_what_was_left_out(store):
    model = study("cs-politie-jongeren")
    attempt = with_roles(practice.start(model), {"sofie": ("bridge_builder", "none")})
    _, at = _open(store, attempt)
    shown = texts(at).replace("\\", "")
    assert "Waarom het model deze rollen geeft" in shown
    assert "Wijkagent Sofie · jij: Bruggenbouwer · model: Zondebok" in shown
    assert "Werkt al acht jaar in Ter Heide" in shown
    assert "Niet ingevuld en dus niet meegeteld in de score" in shown
    score = practice_scoring.compare(attempt, model, None, "nl").score
    assert at.metric[0].value == f"{score} / 100"


def test_the_page_mirrors_the_model_map(store):
    model = study("cs-politie-jongeren")
    _, at = _open(store, _mirrored_attempt(model))
    assert "het model is daarom gespiegeld" in texts(at).replace("\\", "")
    assert "De modelkaart is gespiegeld" in texts(at)
    yours, theirs = (json.loads(el.proto.spec) for el in at.get("plotly_chart"))

    def numbers(array):  # Plotly sends number arrays as base64 ("bdata")
        if isinstance(array, dict) and "bdata" in array:
            return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        return array

    def x_of(spec, actor_id):
        for trace in spec["data"]:
            ids = trace.get("customdata") or []
            if trace.get("mode") == "markers+text" and actor_id in ids:
                return numbers(trace["x"])[list(ids).index(actor_id)]
        raise AssertionError(actor_id)

    assert x_of(yours, "ilyas") > 0 and x_of(theirs, "ilyas") > 0  # the same side on both maps
    assert at.metric[0].value == "100 / 100"


def test_the_page_with_nothing_filled_in_has_no_score_to_save(store):
    _, at = _open(store, practice.start(study("cs-klas")))
    assert at.metric[0].value == "—"
    assert "Je hebt nog niets ingevuld om te vergelijken" in texts(at)
    assert at.button(key="practice_save").disabled


def test_the_page_keeps_every_attempt_and_shows_the_progress(db_url):
    store = Store(db_url)
    model = study("cs-klas")
    cid, at = _open(store, with_roles(practice.start(model), {"jelle": ("joiner", "none")}))
    at.button(key="practice_save").click().run()
    assert not at.exception
    store.apply(cid, ("actors", 0, "role"), "pusher")
    store.apply(cid, ("actors", 0, "side"), "a")
    at = start(cid, page=PAGE)
    at.toggle(key="practice_compare").set_value(True).run()
    at.button(key="practice_save").click().run()
    assert not at.exception
    kept = practice.attempts(Store(db_url).get(cid).case.progress)
    assert len(kept) == 2 and kept[0]["score"] < kept[1]["score"]
    shown = texts(at).replace("\\", "")
    assert "Je voortgang" in shown
    assert f"2 bewaarde poging(en); laatste score {kept[1]['score']}/100" in shown
    table = next(df for df in at.dataframe if "Poging" in df.value.columns)
    assert list(table.value["Score"]) == [kept[0]["score"], kept[1]["score"]]

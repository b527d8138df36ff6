"""Practice mode (workbook.analysis.practice, practice_scoring, practice_concerns): a practice
case from a case study, and the comparison of the trainee's analysis with the model analysis."""

from __future__ import annotations

import pytest

from workbook.analysis import practice, practice_concerns, practice_scoring
from workbook.case.model import Actor, Case
from workbook.framework.casestudies import load_library

STUDY_IDS = ["cs-beleid", "cs-klas", "cs-politie-jongeren"]


def study(library_id: str) -> Case:
    found = practice.find_study(library_id)
    assert found is not None, library_id
    return found


def with_roles(case: Case, roles: dict[str, tuple[str, str]]) -> Case:
    """A copy of `case` with the given actors' (role, side) set."""
    actors = [a.model_copy(update={"role": roles[a.id][0], "side": roles[a.id][1]})
              if a.id in roles else a for a in case.actors]
    return case.model_copy(update={"actors": actors})


def with_answer(case: Case, sheet: str, field: str, value) -> Case:
    answers = {k: dict(v) for k, v in case.answers.items()}
    answers.setdefault(sheet, {})[field] = value
    return Case.model_validate({**case.to_doc(), "answers": answers})


# -- the library in two languages ----------------------------------------------------------------
def test_library_reads_english_and_falls_back_to_dutch():
    dutch = [c.id for c in load_library()[0]]
    english = [c.id for c in load_library("en")[0]]
    assert set(STUDY_IDS) <= set(dutch) and not any(i.endswith("-en") for i in dutch)
    assert {f"{i}-en" for i in STUDY_IDS} <= set(english)
    assert not set(STUDY_IDS) & set(english)  # translated studies are not listed twice
    # the small example has its English twin now (casestudies/en/stationsplein.yaml)
    assert "ex-stationsplein-en" in english and "ex-stationsplein" not in english
    assert [c.id for c in load_library("nl")[0]] == dutch


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_practice_lists_the_three_studies_with_a_story(lang):
    ids = [c.id for c in practice.studies(lang)]
    suffix = "-en" if lang == "en" else ""
    assert sorted(ids) == sorted(f"{i}{suffix}" for i in STUDY_IDS)


# -- starting --------------------------------------------------------------------------------------
@pytest.mark.parametrize("study_id", STUDY_IDS + [f"{i}-en" for i in STUDY_IDS])
def test_start_keeps_names_and_ids_but_no_analysis(study_id):
    model = study(study_id)
    case = practice.start(model, "nl")
    assert case.id != model.id
    assert case.practice_of == model.id
    assert case.narrative == model.narrative and case.narrative
    assert case.title == f"Oefening: {model.title}"
    assert case.framework == model.framework
    assert [(a.id, a.name, a.kind) for a in case.actors] == \
        [(a.id, a.name, a.kind) for a in model.actors]
    for actor in case.actors:
        assert (actor.role, actor.side, actor.stance, actor.influence, actor.notes) == \
            ("", "none", None, 3, "")  # no stance set yet
    assert [(p.side, p.label, p.identity) for p in case.poles] == [("a", "", ""), ("b", "", "")]
    assert case.fuel == [] and case.answers == {} and case.snapshots == [] and case.progress == {}
    assert case.strategy.me == "" and case.strategy.intended == {} and case.strategy.actions == []


def test_start_in_english_names_it_practice(store):
    case = practice.start(study("cs-klas-en"), "en")
    assert case.title == "Practice: A class in two camps"
    saved = store.get(store.create(case).case.id).case
    assert saved.practice_of == "cs-klas-en" and saved.narrative == case.narrative


# -- comparing -------------------------------------------------------------------------------------
@pytest.mark.parametrize("study_id", STUDY_IDS + [f"{i}-en" for i in STUDY_IDS])
def test_the_model_compared_with_itself_scores_100(study_id, framework):
    model = study(study_id)
    result = practice_scoring.compare(model, model, framework, "nl")
    assert result.score == 100
    assert result.concerns and all(c.found for c in result.concerns)
    assert result.missed == [] and result.pitfalls == [] and result.extra == []
    assert all(r.role_ok and r.side_ok for r in result.roles)
    assert all(p.found for p in result.poles) and not result.swapped
    assert all(g.ok for g in result.game_changers)
    assert {p.id: p.max for p in result.parts} == {
        "roles": 35, "sides": 10, "poles": 10, "concerns": 20, "game_changers": 25,
        "pitfalls": 20}


@pytest.mark.parametrize("study_id", STUDY_IDS + [f"{i}-en" for i in STUDY_IDS])
def test_a_fresh_start_scores_low_and_misses_every_concern(study_id, framework):
    model = study(study_id)
    result = practice_scoring.compare(practice.start(model), model, framework, "nl")
    # nothing filled in: nothing is counted, so there is no score yet (issue #15, item 4)
    assert result.score is None and len(result.left_out) == 4 + 4
    assert result.found == [] and len(result.missed) == len(result.concerns) >= 5
    assert result.roles_ok == 0 and result.sides_ok == 0  # "no side" is not an answer yet
    assert not any(g.ok for g in result.game_changers)
    assert not any(p.found for p in result.poles)


def test_the_concerns_are_the_models_sentences_and_lines(framework):
    model = study("cs-politie-jongeren")
    result = practice_scoring.compare(model, model, framework, "nl")
    texts = [c.text for c in result.concerns]
    assert texts[0].startswith("Ouders: dat hun kinderen veilig buiten kunnen spelen")
    assert any(t.startswith("De bakker: een levendig plein") for t in texts)
    assert any("trainers van de voetbalclub" in t for t in texts)  # from middle.others
    assert {c.field for c in result.concerns} == {"concerns", "others"}


def test_a_half_right_attempt_gets_exact_agreement_per_actor(framework):
    model = study("cs-politie-jongeren")
    attempt = with_roles(practice.start(model), {
        "ilyas": ("pusher", "a"),          # role and side right
        "marc": ("pusher", "b"),           # role and side right
        "jongens": ("joiner", "a"),        # role and side right
        "lindelaan": ("joiner", "a"),      # role right, side wrong (model: b)
        "interventie": ("silent", "none"),  # role wrong (joiner), side wrong (b)
        "sofie": ("bridge_builder", "none"),  # role wrong (scapegoat), side right
    })
    result = practice_scoring.compare(attempt, model, framework, "nl")
    rows = {r.actor_id: (r.role_ok, r.side_ok) for r in result.roles}
    assert rows["ilyas"] == rows["marc"] == rows["jongens"] == (True, True)
    assert rows["lindelaan"] == (True, False)
    assert rows["interventie"] == (False, False)
    assert rows["sofie"] == (False, True)
    assert rows["ouders"] == rows["burgemeester"] == (False, False)  # not classified yet
    assert (result.roles_ok, result.sides_ok, len(result.roles)) == (4, 4, 13)
    assert not result.swapped
    assert result.part("roles").points == pytest.approx(35 * 4 / 13)
    assert result.part("sides").points == pytest.approx(10 * 4 / 13)
    # only roles (and so sides) were filled in: the score is over those parts alone
    assert result.left_out == ["poles", "concerns", "gc_target_group", "gc_topic", "gc_position",
                               "gc_tone"]
    assert result.score == round(100 * (35 * 4 / 13 + 10 * 4 / 13) / 45)


def test_poles_named_the_other_way_round_are_compared_mirrored(framework):
    model = study("cs-politie-jongeren")
    mirror = {"a": "b", "b": "a", "none": "none"}
    attempt = with_roles(model, {a.id: (a.role, mirror[a.side]) for a in model.actors})
    result = practice_scoring.compare(attempt, model, framework, "nl")
    assert result.swapped
    assert result.sides_ok == len(model.actors)


def test_added_and_removed_people_are_listed_apart(framework):
    model = study("cs-klas")
    start = practice.start(model)
    gone = start.actors[0].id
    attempt = start.model_copy(update={"actors": [
        *start.actors[1:], Actor(id="schoolkrant", name="Schoolkrant", role="pusher", side="a")]})
    result = practice_scoring.compare(attempt, model, framework, "nl")
    assert [a.id for a in result.extra] == ["schoolkrant"]
    assert "schoolkrant" not in {r.actor_id for r in result.roles}
    row = next(r for r in result.roles if r.actor_id == gone)
    assert not row.present and not row.role_ok
    table = practice.role_table(result, framework, "nl")
    assert len(table) == len(model.actors)
    assert next(r for r in table if r["Betrokkene"] == row.name)["Jouw rol"] == "(verwijderd)"


def test_a_concern_in_the_trainees_own_words_is_found(framework):
    model = study("cs-politie-jongeren")
    attempt = with_answer(practice.start(model), "middle", "concerns",
                          "De ouders willen vooral dat hun zonen geen etiket krijgen.")
    result = practice_scoring.compare(attempt, model, framework, "nl")
    found = [c.text for c in result.found]
    assert len(found) == 1 and found[0].startswith("Ouders: dat hun kinderen")
    assert {"ouders", "zonen", "etiket"} <= set(result.found[0].matched)
    assert any(c.text.startswith("De bakker") for c in result.missed)
    assert result.part("concerns").points == pytest.approx(20 / len(result.concerns))


def test_english_concerns_match_across_word_forms(framework):
    model = study("cs-klas-en")
    attempt = with_answer(practice.start(model), "middle", "others",
                          "Parents want their child to be safe and to go on the trip.")
    result = practice_scoring.compare(attempt, model, framework, "en")
    assert any(c.text.startswith("The parents: that their child feels safe") for c in result.found)


def test_stopwords_of_both_languages_come_from_the_locale_file():
    words = practice_concerns.keywords("De ouders van de wijk and the parents of the street")
    assert words == ("ouders", "wijk", "parents", "street")
    assert {"de", "van", "the", "and"} <= practice_concerns.stopwords()


def test_a_pusher_in_the_target_group_is_a_pitfall_the_model_does_not_have(framework):
    model = study("cs-politie-jongeren")
    attempt = with_answer(model, "target_group", "who",
                          [*model.answer("target_group", "who"), "ilyas"])
    result = practice_scoring.compare(attempt, model, framework, "nl")
    assert [h.id for h in result.pitfalls] == ["target_group_pushers"]
    assert result.part("pitfalls").points == -5
    tg = next(g for g in result.game_changers if g.id == "target_group")
    assert tg.share == pytest.approx(5 / 6) and "Ilyas (20)" in tg.yours
    assert result.score == round(100 - 5 - 7 * (1 - 5 / 6))


def test_game_changers_from_a_fresh_start(framework):
    model = study("cs-politie-jongeren")
    attempt = practice.start(model)
    attempt = with_answer(attempt, "topic", "question", "Hoe blijft de Kooi van iedereen?")
    attempt = with_answer(attempt, "tone", "rewrites",
                          [{"original": "x", "rewrite": "Wat zou voor jou een verschil maken?",
                            "by": "Lotte"}])
    attempt = with_roles(attempt, {"lotte": ("silent", "none")})
    attempt = attempt.model_copy(update={"strategy": attempt.strategy.model_copy(
        update={"me": "lotte"})})
    result = practice_scoring.compare(attempt, model, framework, "nl")
    shares = {g.id: g.share for g in result.game_changers}
    assert shares == {"target_group": 0.0, "topic": 1.0, "position": 1.0, "tone": 1.0}
    assert result.part("game_changers").points == 18
    model_pos = next(g for g in result.game_changers if g.id == "position").model
    assert model_pos == "Lotte (preventie): Het stille midden"


def test_the_record_saved_in_progress(store, framework):
    model = study("cs-klas")
    cid = store.create(with_roles(practice.start(model), {"jelle": ("joiner", "none")})).case.id
    result = practice_scoring.compare(store.get(cid).case, model, framework, "nl")
    record = result.record("2026-11-03")
    saved = store.apply(cid, practice.attempt_path("first"), record).case
    kept = practice.attempts(saved.progress)
    assert len(kept) == 1 and kept[0]["score"] == result.score == 0
    assert kept[0]["parts"]["roles"] == 0 and "poles" not in kept[0]["parts"]
    assert kept[0]["date"] == "2026-11-03" and "poles" in kept[0]["left_out"]

"""Exercises: defined in YAML, complete in both languages, with feedback that explains the
right answer; scores are stored with the case; a facilitator's new YAML needs no code."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from workbook.framework import exercises as exr
from workbook.case.model import Case
from workbook.framework.explorer import search
from workbook.framework.loader import load_dir, load_file
from workbook.text import LANGS

MINIMUM = {"which_role": 15, "fact_or_construct": 12, "polarisation_or_conflict": 8,
           "mediative_tone": 6}
CHECKLIST = {"no_identity_judgement", "speaks_to_middle", "shared_concern", "no_guilt_question"}


@pytest.fixture(scope="module")
def sets(framework):
    return {ex.id: ex for ex in framework.exercises}


def _texts(ex) -> list:
    out = [ex.title, ex.intro]
    out += [o.label for o in getattr(ex, "options", [])]
    out += [c.label for c in getattr(ex, "checklist", [])]
    out += [c.help for c in getattr(ex, "checklist", [])]
    for item in ex.items:
        if isinstance(item, exr.ChoiceItem):
            out += [item.prompt, item.feedback, *item.wrong.values()]
            out += [o.label for o in item.options]
        else:
            out += [item.sentence, item.context, item.model, item.explanation]
    return [x for x in out if x is not None]


def test_the_four_exercise_sets_have_enough_items(sets):
    assert set(MINIMUM) <= set(sets)
    for set_id, minimum in MINIMUM.items():
        assert len(sets[set_id].items) >= minimum, set_id
    assert sets["mediative_tone"].kind == "rewrite"
    assert {c.id for c in sets["mediative_tone"].checklist} == CHECKLIST
    assert all(sets[s].kind == "choice" for s in ("which_role", "fact_or_construct",
                                                  "polarisation_or_conflict"))


def test_every_exercise_text_exists_in_both_languages(sets):
    for ex in sets.values():
        for text in _texts(ex):
            assert all(text(lang).strip() for lang in LANGS), ex.id
        for item in ex.items:
            long_texts = ([item.prompt, item.feedback] if isinstance(item, exr.ChoiceItem)
                          else [item.sentence, item.model, item.explanation])
            for text in long_texts:
                assert text.nl != text.en, f"{ex.id}.{item.id} is not translated"


def test_every_concept_can_be_found_in_both_languages(framework):
    for concept in framework.concepts.all():
        for lang in LANGS:
            hits = [e.concept.id for e in search(framework, concept.name(lang))]
            assert concept.id in hits[:3], (concept.id, lang)


def test_which_role_asks_for_every_role_more_than_once(sets, framework):
    answers = [item.answer for item in sets["which_role"].items]
    for role in framework.concepts.roles:
        assert answers.count(role.id) >= 2, role.id


def test_choice_sets_have_both_answers_represented(sets):
    for set_id in ("fact_or_construct", "polarisation_or_conflict"):
        answers = {item.answer for item in sets[set_id].items}
        assert answers == {o.id for o in sets[set_id].options}, set_id


def test_exercises_name_only_known_concepts(sets, framework):
    for ex in sets.values():
        assert ex.concepts, ex.id
        assert all(framework.concept(c) for c in ex.concepts), ex.id


@pytest.mark.parametrize("lang", LANGS)
def test_feedback_for_a_right_and_a_wrong_answer(sets, framework, lang):
    for ex in (s for s in sets.values() if s.kind == "choice"):
        for item in ex.items:
            options = [oid for oid, _ in exr.item_options(ex, item, framework)]
            right = exr.check_choice(ex, item, item.answer, framework)
            assert right.correct
            assert right.message(lang) == item.feedback(lang)
            wrong_id = next(o for o in options if o != item.answer)
            wrong = exr.check_choice(ex, item, wrong_id, framework)
            assert not wrong.correct
            assert wrong.answer == item.answer
            # the feedback names the right answer and explains it in the item's own words
            assert wrong.answer_label(lang) == dict(exr.item_options(ex, item, framework))[
                item.answer](lang)
            assert item.feedback(lang) in wrong.message(lang)
            if wrong_id in item.wrong:
                assert wrong.message(lang).startswith(item.wrong[wrong_id](lang))


def test_specific_wrong_option_feedback(sets, framework):
    item = next(i for i in sets["which_role"].items if i.id == "round_table_alderman")
    fb = exr.check_choice(sets["which_role"], item, "silent", framework)
    assert not fb.correct and fb.about_choice is not None
    assert "bridge builder" in fb.message("en").lower()
    assert "bruggenbouwer" in fb.message("nl").lower()


def test_rewrite_feedback_lists_what_is_missing_and_shows_the_model(sets):
    ex = sets["mediative_tone"]
    item = ex.items[0]
    points = [p.id for p in exr.item_checklist(ex, item)]
    full = exr.check_rewrite(ex, item, "Veel bewoners willen een veilig plein.", points)
    assert full.passed and not full.missing and full.model == item.model
    half = exr.check_rewrite(ex, item, "Iets", points[:2])
    assert not half.passed
    assert [p.id for p in half.missing] == points[2:]
    assert all(p.help for p in half.missing)  # each missing point says why, in framework terms
    empty = exr.check_rewrite(ex, item, "   ", points)
    assert not empty.passed


def test_an_item_can_limit_the_checklist(sets):
    ex = sets["mediative_tone"]
    item = next(i for i in ex.items if i.checklist)
    assert [p.id for p in exr.item_checklist(ex, item)] == item.checklist


def test_score_and_stored_result(sets):
    ex = sets["fact_or_construct"]
    a, b, c = ex.items[:3]
    wrong_b = next(o.id for o in ex.options if o.id != b.answer)
    answers = {a.id: a.answer, b.id: wrong_b, "no_such_item": "fact"}
    s = exr.score(ex, answers)
    assert (s.answered, s.correct, s.total) == (2, 1, len(ex.items))
    doc = exr.result(ex, answers)
    assert doc["answers"] == {a.id: a.answer, b.id: wrong_b}
    assert (doc["score"], doc["answered"], doc["total"]) == (1, 2, len(ex.items))
    assert doc["updated"]
    assert exr.with_choice(answers, c.id, c.answer)[c.id] == c.answer
    assert c.id not in exr.with_choice({c.id: "x"}, c.id, None)


def test_rewrite_score_counts_submitted_items(sets):
    ex = sets["mediative_tone"]
    one, two = ex.items[:2]
    answers = exr.with_rewrite({}, one.id, "Een zin", [p.id for p in exr.item_checklist(ex, one)])
    answers = exr.with_rewrite(answers, two.id, "Nog een zin", [])
    s = exr.score(ex, answers)
    assert (s.answered, s.correct) == (2, 1)


def test_results_are_saved_with_the_case_and_summarised(store, sets):
    ex = sets["which_role"]
    cid = store.create(Case(title="Oefenen")).case.id
    item = ex.items[0]
    store.apply(cid, ("progress", ex.id), exr.result(ex, {item.id: item.answer}))
    case = store.get(cid).case
    assert exr.stored_answers(case.progress, ex.id) == {item.id: item.answer}
    rows = {r.set_id: r for r in exr.progress_overview(case.progress, list(sets.values()))}
    assert rows["which_role"].score.correct == 1 and rows["which_role"].updated
    assert rows["mediative_tone"].score.answered == 0


def test_odd_progress_documents_do_not_break_the_summary(sets):
    progress = {"which_role": "garbage", "fact_or_construct": {"answers": ["x"]}}
    rows = exr.progress_overview(progress, list(sets.values()))
    assert all(r.score.answered == 0 for r in rows)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_score_is_always_consistent(framework, data):
    ex = data.draw(st.sampled_from([e for e in framework.exercises if e.kind == "choice"]))
    ids = [i.id for i in ex.items]
    options = [o for o, _ in exr.item_options(ex, ex.items[0], framework)] + ["", "bogus"]
    answers = data.draw(st.dictionaries(st.sampled_from(ids + ["stray"]),
                                        st.sampled_from(options)))
    s = exr.score(ex, answers)
    assert 0 <= s.correct <= s.answered <= s.total == len(ex.items)


# --- A facilitator adds an exercise with YAML only --------------------------------------------

NEW_SET = textwrap.dedent("""\
    exercises:
      - id: which_phase
        kind: choice
        title: {nl: "Welke fase?", en: "Which phase?"}
        intro: {nl: "Kies de fase.", en: "Choose the phase."}
        concepts: [prevention, intervention]
        options_from: phases
        items:
          - id: redesign
            prompt:
              nl: "Het bestuur bereidt de herinrichting van een plein voor."
              en: "The council prepares the redesign of a square."
            answer: prevention
            feedback:
              nl: "Nog geen incident: preventie."
              en: "No incident yet: prevention."
    """)


def copy_frameworks(tmp_path: Path) -> Path:
    target = tmp_path / "frameworks"
    shutil.copytree(ROOT / "frameworks", target)
    return target


def test_a_new_exercise_file_shows_up_without_code(tmp_path):
    target = copy_frameworks(tmp_path)
    (target / "brandsma" / "exercises" / "90_which_phase.yaml").write_text(NEW_SET, "utf-8")
    cat = load_dir(target)
    assert [p.format() for p in cat.problems] == []
    fw = cat.get("brandsma")
    ex = next(e for e in fw.exercises if e.id == "which_phase")
    assert ex.part == 1 and ex in exr.sets_of(fw, 1)
    item = ex.items[0]
    assert [o for o, _ in exr.item_options(ex, item, fw)] == [p.id for p in fw.concepts.phases]
    assert exr.check_choice(ex, item, "prevention", fw).correct
    assert not exr.check_choice(ex, item, "mediation", fw).correct


@pytest.mark.parametrize("mistake, words", [
    ("answer: prevention", "answer: nobody"),
    ("concepts: [prevention, intervention]", "concepts: [no_such_concept]"),
])
def test_a_broken_exercise_is_reported_and_the_rest_still_loads(tmp_path, mistake, words):
    target = copy_frameworks(tmp_path)
    broken = target / "brandsma" / "exercises" / "90_broken.yaml"
    broken.write_text(NEW_SET.replace(mistake, words), "utf-8")
    fw, problems = load_file(target / "brandsma.yaml")
    assert fw is not None and "which_role" in {e.id for e in fw.exercises}
    assert "which_phase" not in {e.id for e in fw.exercises}
    assert len(problems) == 1 and "90_broken.yaml" in problems[0].format()
    assert words.split(": ")[1].strip("[]") in problems[0].format()


def test_a_listed_answer_must_be_an_option(tmp_path):
    target = copy_frameworks(tmp_path)
    text = NEW_SET.replace("options_from: phases", "options:\n"
                           "          - {id: early, label: {nl: Vroeg, en: Early}}")
    (target / "brandsma" / "exercises" / "90_bad.yaml").write_text(text, "utf-8")
    _, problems = load_file(target / "brandsma.yaml")
    assert len(problems) == 1
    message = problems[0].format()
    assert "90_bad.yaml:" in message and "prevention" in message and "early" in message


def test_an_unknown_kind_is_reported_with_its_line(tmp_path):
    target = copy_frameworks(tmp_path)
    (target / "brandsma" / "exercises" / "90_kind.yaml").write_text(
        NEW_SET.replace("kind: choice", "kind: quiz"), "utf-8")
    _, problems = load_file(target / "brandsma.yaml")
    assert len(problems) == 1
    assert problems[0].line == 2 and "kind" in problems[0].format()

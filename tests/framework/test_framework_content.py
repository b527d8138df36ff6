"""The Brandsma framework's content: complete, bilingual and internally consistent."""

import pytest

from workbook.framework.loader import load_dir
from workbook.text import LANGS


@pytest.fixture(scope="module")
def catalogue():
    return load_dir()


@pytest.fixture(scope="module")
def concepts(catalogue):
    return catalogue.frameworks["brandsma"].concepts


def test_loads_without_problems(catalogue):
    assert [p.format() for p in catalogue.problems] == []
    assert "brandsma" in catalogue.frameworks


def test_three_laws(concepts):
    assert [c.id for c in concepts.laws] == ["thought_construct", "fuel", "gut_feeling"]


def test_five_roles_with_distinct_colours_and_symbols(concepts):
    roles = {r.id: r for r in concepts.roles}
    assert {rid: r.zone for rid, r in roles.items()} == {
        "pusher": "pole", "joiner": "between", "silent": "middle",
        "bridge_builder": "above", "scapegoat": "under_fire",
    }
    colours = [r.colour.lower() for r in concepts.roles]
    symbols = [r.symbol for r in concepts.roles]
    assert len(set(colours)) == len(colours)
    assert len(set(symbols)) == len(symbols)


def test_four_game_changers_numbered_with_distinct_from_and_to(concepts):
    gcs = concepts.game_changers
    assert [g.id for g in gcs] == ["target_group", "topic", "position", "tone"]
    assert [g.number for g in gcs] == [1, 2, 3, 4]
    for lang in LANGS:
        froms = [g.from_(lang) for g in gcs]
        tos = [g.to(lang) for g in gcs]
        assert len(set(froms)) == 4 and len(set(tos)) == 4
        assert all(f != t for f, t in zip(froms, tos))


def test_phases_and_pitfalls(concepts):
    assert [p.id for p in concepts.phases] == ["prevention", "intervention", "mediation",
                                               "reconciliation"]
    required = {"above_the_poles", "pushers_repertoire", "podium_for_pushers",
                "lifting_polarisation", "dialogue_wrong_time", "seen_taking_sides"}
    assert required <= {p.id for p in concepts.pitfalls}


def test_required_topics(concepts):
    required = {"dynamic", "polarisation_vs_conflict", "authentic_question", "mediative_tone",
                "neutral_by_profession", "perception_gap", "glasl", "destructive_signals",
                "intervision", "situational_analysis"}
    assert required <= {t.id for t in concepts.topics}


def test_every_concept_is_explained_in_both_languages(concepts):
    for c in concepts.all():
        for part in ("name", "definition", "recognise", "example"):
            text = getattr(c, part)
            assert text is not None, f"{c.id} has no {part}"
            assert text.nl.strip() and text.en.strip(), f"{c.id}.{part} is blank"
            if part != "name":
                assert text.nl != text.en, f"{c.id}.{part} is not translated"


def test_every_concept_cites_known_sources(concepts):
    known = {s.id for s in concepts.sources}
    for c in concepts.all():
        assert c.sources, f"{c.id} cites no source"
        assert set(c.sources) <= known, f"{c.id} cites unknown {set(c.sources) - known}"


def test_glossary(concepts):
    assert len(concepts.glossary) >= 20
    assert all(g.nl.strip() and g.en.strip() for g in concepts.glossary)

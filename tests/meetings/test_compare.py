"""Comparing three readings of one case: actors matched by id, else by name; the role
agreement matrix; the consensus (most readers' role and side, the median stance); the
disputed actors and the points to discuss; the maps; anonymised, never a name."""

from __future__ import annotations

import json

import pytest

from workbook.case.model import Actor, Case, Reading, Placement
from workbook.meetings import compare as cmp


def reading(label: str, *actors: tuple) -> cmp.Read:
    return cmp.Read(label, [Actor(id=i, name=n, role=r, side=s, stance=st, influence=inf)
                            for i, n, r, s, st, inf in actors])


@pytest.fixture
def three():
    anna = reading("Anna Peeters",
                   ("yassin", "Yassin", "pusher", "a", -0.9, 5),
                   ("agent", "Wijkagent Sofie", "silent", "none", 0.0, 3),
                   ("ouders", "Ouders", "joiner", "a", -0.4, 2))
    bram = reading("Bram",
                   ("x1", "yassin ", "pusher", "a", -0.8, 4),  # another id: matched by name
                   ("agent", "Wijkagent Sofie", "bridge_builder", "none", 0.1, 3),
                   ("ouders", "Ouders", "joiner", "b", 0.5, 2))
    chris = reading("Chris",
                    ("yassin", "Yassin", "pusher", "a", -1.0, 5),
                    ("agent", "Wijkagent Sofie", "scapegoat", "none", 0.0, 4))
    return [anna, bram, chris]


def test_actors_are_matched_by_id_else_by_name(three):
    rows = cmp.match(three)
    assert [r.key for r in rows] == ["yassin", "agent", "ouders"]
    assert all(a is not None for a in rows[0].placed)  # "yassin " of Bram found by name
    assert rows[2].placed[2] is None  # Chris left the parents out


def test_agreement_consensus_and_disputes(three, framework):
    result = cmp.compare(three, "en")
    yassin, agent, ouders = result.rows
    assert yassin.role == "pusher" and yassin.agreement == 1 and not yassin.disputed
    assert yassin.side == "a" and yassin.stance == -0.9 and yassin.influence == 5
    # three readers, three roles: disputed, no consensus role
    assert agent.disputed and agent.role == "" and "role" in agent.reasons
    # sides a and b: disputed; one reader left it out
    assert ouders.disputed and "side" in ouders.reasons and "missing" in ouders.reasons
    assert ouders.role == "joiner" and ouders.agreement == 1
    matrix = result.matrix(framework, "en")
    assert matrix[0] == ["Yassin", "Pusher", "Pusher", "Pusher", "Pusher", "100%"]
    assert matrix[1][1:4] == ["The silent middle", "Bridge builder", "Scapegoat"]
    assert matrix[2][3] == ""  # not in Chris's reading
    points = result.points(framework, "en")
    assert len(points) == 2
    assert points[0].startswith("Wijkagent Sofie: 1 reader sees The silent middle (Anna Peeters)")
    assert "Ouders: " in points[1] and "pole A" in points[1] and "pole B" in points[1]
    assert "missing for Chris" in points[1] and points[1].endswith(".")
    nl = cmp.compare(three, "nl").points(framework, "nl")
    assert "ontbreekt bij Chris" in nl[1] and "1 lezer ziet" in nl[0]


def test_anonymised_comparisons_name_no_one(three, framework):
    pseudo = {"yassin": "Pusher A", "agent": "Persoon A", "ouders": "Joinergroep A"}
    result = cmp.compare(three, "nl", anonymised=True, pseudonyms=pseudo)
    assert result.readers == ["Lezer 1", "Lezer 2", "Lezer 3"]
    assert [result.names[r.key] for r in result.rows] == ["Pusher A", "Persoon A",
                                                          "Joinergroep A"]
    base = Case(title="x")
    everything = " ".join([
        json.dumps(result.matrix(framework, "nl")), " ".join(result.points(framework, "nl")),
        cmp.consensus_map(result, base, framework, "nl").to_json(),
        *(cmp.reading_map(result, base, framework, "nl", i).to_json() for i in range(3))])
    for name in ("Yassin", "yassin", "Sofie", "Ouders", "Anna", "Bram", "Chris"):
        assert name not in everything, name
    # an actor only another reader has, not in the case's list: a neutral name
    extra = reading("Dirk", ("new", "Mevrouw Janssens", "joiner", "b", 0.4, 2))
    result = cmp.compare([*three, extra], "en", anonymised=True, pseudonyms=pseudo)
    assert result.names["new"] == "Actor 4"


def test_the_consensus_map_rings_the_disputed_actors(three, framework):
    result = cmp.compare(three, "en")
    fig = cmp.consensus_map(result, Case(title="x"), framework, "en")
    rings = [t for t in fig.data if t.name == "Disputed"]
    assert len(rings) == 1 and len(rings[0].x) == 2
    names = " ".join(str(t.text) for t in fig.data) + str(fig.layout.annotations)
    assert "Yassin" in names


def test_a_reading_kept_in_a_meeting(case):
    actor = case.actors[0]
    kept = Reading(meeting="m", reader="Koen",
                   placements={actor.id: Placement(role="joiner", side="b", stance=0.3)})
    read = cmp.from_reading(case, kept)
    assert read.label == "Koen" and len(read.actors) == 1
    assert read.actors[0].role == "joiner" and read.actors[0].name == actor.name

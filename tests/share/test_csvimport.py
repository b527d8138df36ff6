"""Actors from a CSV file: Dutch and English headers, ; or , and a BOM, located problems in the
user's language, and nothing imported while there is a problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.case.model import Actor, Case
from workbook.share.csvimport import MAX_CSV_BYTES, MAX_ROWS, add_actors, read_actors
from workbook.problems import InputRejected

ROOT = Path(__file__).resolve().parents[2]

EXCEL_NL = (
    "\ufeffNaam;Soort;Rol;Kant;Houding;Invloed;Notities\r\n"
    "Yassin (19);persoon;aanjager;pool A;-0,9;4;Post filmpjes\r\n"
    "Buurtcomité;groep;Pusher;B;0,8;5;\"Eist een 'harde aanpak'; luid\"\r\n"
    "Ouders;Groep;het stille midden;;0;2;\r\n"
    ";;;;;;\r\n"
    "Wijkagent;persoon;Zondebok;geen kant;+0,1;3;\"twee\r\nregels\"\r\n"
)


def rejected(raw: bytes | str, fw=None, lang: str = "en", source: str = "actors.csv") -> list[str]:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    with pytest.raises(InputRejected) as err:
        read_actors(data, source, fw, lang)
    return err.value.format(lang).splitlines()


def test_a_dutch_excel_file(framework):
    actors = read_actors(EXCEL_NL.encode("utf-8"), "actoren.csv", framework)
    assert [a.name for a in actors] == ["Yassin (19)", "Buurtcomité", "Ouders", "Wijkagent"]
    yassin, comite, ouders, agent = actors
    assert (yassin.kind, yassin.role, yassin.side, yassin.stance, yassin.influence) == \
        ("person", "pusher", "a", -0.9, 4)
    assert (comite.kind, comite.role, comite.side, comite.stance) == ("group", "pusher", "b", 0.8)
    assert comite.notes == "Eist een 'harde aanpak'; luid"
    assert (ouders.role, ouders.side, ouders.stance, ouders.influence) == \
        ("silent", "none", 0.0, 2)
    assert agent.role == "scapegoat" and agent.notes == "twee\nregels"
    assert len({a.id for a in actors}) == 4


def test_an_english_comma_file_with_only_some_columns(framework):
    raw = 'name,role,influence\n"Smith, J.",Joiner,2\nThe Daily,bridge builder,5\n'
    actors = read_actors(raw.encode(), "a.csv", framework)
    assert [(a.name, a.role, a.influence, a.kind, a.side) for a in actors] == [
        ("Smith, J.", "joiner", 2, "person", "none"),
        ("The Daily", "bridge_builder", 5, "person", "none")]


def test_the_apps_own_column_labels_and_windows_1252(framework):
    raw = ("Naam;Soort;Invloed (1-5);Houding (-1 = pool A, +1 = pool B)\n"
           "Zoë;organisatie;1;-1\n").encode("cp1252")
    [actor] = read_actors(raw, "a.csv", framework)
    assert (actor.name, actor.kind, actor.influence, actor.stance) == \
        ("Zoë", "organisation", 1, -1.0)


def test_tabs_and_blank_lines_before_the_header():
    [actor] = read_actors(b"\n\nname\tnotes\nKim\tnote\n", "a.tsv")
    assert (actor.name, actor.notes) == ("Kim", "note")


def test_problems_are_located_and_all_reported_at_once(framework):
    raw = ("naam;soort;rol;kant;houding;invloed\n"
           "Yassin;persoon;aanjager;A;-0,9;4\n"
           "Bad;robot;aanjager;A;0;3\n"
           "\"Multi\nline\";persoon;villain;C;2;0\n"
           ";persoon;;;;\n"
           "Ok;persoon;;;;6\n")
    en = rejected(raw, framework)
    assert en == [
        "actors.csv:3: soort: unknown kind 'robot' (choose from: person, group, organisation, "
        "media, institution)",
        "actors.csv:4: rol: unknown role 'villain' (choose from: Pusher, Joiner, The silent "
        "middle, Bridge builder, Scapegoat)",
        "actors.csv:4: kant: unknown side 'C' (choose from: A, B or empty)",
        "actors.csv:4: houding: stance '2' is not a number from -1 to 1",
        "actors.csv:4: invloed: influence '0' is not a whole number from 1 to 5",
        "actors.csv:6: naam: the name is missing",
        "actors.csv:7: invloed: influence '6' is not a whole number from 1 to 5",
    ]
    assert rejected(raw, framework, "nl") == [
        "actors.csv:3: soort: onbekende soort 'robot' (kies uit: persoon, groep, organisatie, "
        "media, instelling)",
        "actors.csv:4: rol: onbekende rol 'villain' (kies uit: Pusher (aanjager), Joiner "
        "(meeloper), Het stille midden, Bruggenbouwer, Zondebok)",
        "actors.csv:4: kant: onbekende kant 'C' (kies uit: A, B of leeg)",
        "actors.csv:4: houding: houding '2' is geen getal van -1 tot 1",
        "actors.csv:4: invloed: invloed '0' is geen geheel getal van 1 tot 5",
        "actors.csv:6: naam: de naam ontbreekt",
        "actors.csv:7: invloed: invloed '6' is geen geheel getal van 1 tot 5",
    ]


def test_the_columns_are_checked_first():
    assert rejected("wie;wat\nx;y\n") == [
        "actors.csv:1: unknown column 'wat' (known: name/naam, kind/soort, role/rol, side/kant, "
        "stance/houding, influence/invloed, notes/notities)"]
    assert rejected("soort;rol\npersoon;\n") == [
        "actors.csv:1: There is no column 'name' (or 'naam'). Columns found: soort, rol"]
    assert rejected("name;Naam\nx;y\n") == ["actors.csv:1: the column 'Naam' appears twice"]
    assert rejected("name\n") == ["actors.csv:1: There are no actors in the file (only column "
                                  "names)."]
    assert rejected("name;kind\nA;person;x\n") == [
        "actors.csv:2: this row has more values (3) than there are columns (2)"]


def test_files_that_are_not_a_table():
    assert rejected(b"") == ["actors.csv: The file is empty."]
    assert rejected(b"\x89PNG\r\n\x1a\n\x00\x00") == ["actors.csv: This is not a text (YAML) "
                                                      "file."]
    assert rejected(b"x" * (MAX_CSV_BYTES + 1))[0].startswith("actors.csv: The file is too large")
    many = "name\n" + "".join(f"A{i}\n" for i in range(MAX_ROWS + 5))
    assert rejected(many) == [f"actors.csv:{MAX_ROWS + 2}: Too many rows: at most {MAX_ROWS} "
                              "actors per file."]
    assert rejected("name\n" + "x" * 301 + "\n") == [
        "actors.csv:2: name: text too long (at most 300 characters)"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=400).map(str.encode))
def test_any_input_gives_actors_or_located_problems(raw):
    try:
        actors = read_actors(raw, "x.csv")
    except InputRejected as exc:
        assert exc.problems and all(p.format("nl").startswith("x.csv") for p in exc.problems)
    else:
        assert actors and all(isinstance(a, Actor) and a.name for a in actors)


def test_added_actors_keep_the_existing_ones_and_get_ids_of_their_own():
    case = Case(actors=[Actor(id="a1", name="Er al")])
    new = [Actor(id="a1", name="Nieuw"), Actor(id="b2", name="Ook nieuw")]
    rows = add_actors(case, new)
    assert [r["name"] for r in rows] == ["Er al", "Nieuw", "Ook nieuw"]
    assert len({r["id"] for r in rows}) == 3 and rows[0]["id"] == "a1"
    assert Case.model_validate({**case.to_doc(), "actors": rows}).actors[2].id == "b2"


def test_cli_import_actors(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {**os.environ, "WORKBOOK_DB": db}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "workbook", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)

    cid = cli("import", str(ROOT / "casestudies" / "stationsplein.yaml")).stdout.split()[-1]
    good = tmp_path / "actors.csv"
    good.write_text(EXCEL_NL, encoding="utf-8")
    out = cli("--lang", "nl", "import-actors", cid, str(good))
    assert out.returncode == 0, out.stderr
    assert "4 actoren toegevoegd" in out.stdout
    exported = cli("export", cid).stdout
    assert "Wijkagent" in exported and "Buurtcomité" in exported
    bad = tmp_path / "bad.csv"
    bad.write_text("naam;invloed\nX;9\n", encoding="utf-8")
    out = cli("--lang", "nl", "import-actors", cid, str(bad))
    assert out.returncode == 1 and f"{bad}:2: invloed: invloed '9'" in out.stderr
    assert cli("export", cid).stdout == exported  # nothing changed

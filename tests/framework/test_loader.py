"""Framework files: valid ones load, broken ones are reported with file, line and field."""

from pathlib import Path

import pytest

from workbook import yamlio
from workbook.framework.loader import load_dir, load_file
from workbook.problems import InputRejected

MINIMAL = """\
id: mini
version: 1
title: {nl: Mini, en: Mini}
description: {nl: Een klein kader, en: A small framework}
parts:
  - number: 1
    title: {nl: Deel, en: Part}
    intro: {nl: Inleiding, en: Introduction}
concepts:
  roles:
    - id: pusher
      name: {nl: Aanjager, en: Pusher}
      definition: {nl: Levert brandstof, en: Supplies fuel}
      colour: "#D55E00"
      symbol: triangle-up
      zone: pole
worksheets:
  - id: first
    part: 1
    title: {nl: Eerste, en: First}
    fields:
      - id: a
        type: text
        label: {nl: Vraag, en: Question}
      - id: b
        type: choice
        label: {nl: Keuze, en: Choice}
        options:
          - id: x
            label: {nl: X, en: X}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_framework_loads_with_every_text_in_both_languages(tmp_path):
    fw, problems = load_file(write(tmp_path, "mini.yaml", MINIMAL))
    assert problems == []
    assert fw.version == "1"
    assert fw.worksheet("first").field("b").options[0].label("en") == "X"


def test_wrong_field_type_names_file_line_and_field(tmp_path):
    path = write(tmp_path, "x.yaml", MINIMAL.replace("type: choice", "type: chioce"))
    fw, problems = load_file(path)
    assert fw is None
    [problem] = problems
    line = MINIMAL.splitlines().index("        type: choice") + 1
    text = problem.format("en")
    assert text.startswith(f"{path}:{line}: worksheets[0].fields[1].type: ")
    assert "not an allowed value" in text
    assert "geen toegelaten waarde" in problem.format("nl")


def test_missing_english_is_an_error(tmp_path):
    fw, problems = load_file(write(tmp_path, "x.yaml",
                                   MINIMAL.replace("{nl: Vraag, en: Question}", "{nl: Vraag}")))
    assert fw is None
    assert problems[0].loc == "worksheets[0].fields[0].label.en"
    assert problems[0].kind == "missing"


def test_typo_in_a_key_is_reported_not_ignored(tmp_path):
    fw, problems = load_file(write(tmp_path, "x.yaml", MINIMAL.replace("    part: 1", "    prat: 1")))
    assert fw is None
    assert {p.kind for p in problems} >= {"unknown_key"}


def test_choice_without_options_is_refused(tmp_path):
    text = MINIMAL.replace("""        options:
          - id: x
            label: {nl: X, en: X}
""", "")
    fw, problems = load_file(write(tmp_path, "x.yaml", text))
    assert fw is None and "needs 'options'" in problems[0].detail


def test_a_broken_file_does_not_stop_the_valid_ones(tmp_path):
    write(tmp_path, "good.yaml", MINIMAL)
    write(tmp_path, "bad.yaml", "id: [unclosed\n")
    cat = load_dir(tmp_path)
    assert list(cat.frameworks) == ["mini"]
    assert len(cat.problems) == 1 and cat.problems[0].source.endswith("bad.yaml")
    assert cat.problems[0].line == 2 and cat.problems[0].kind == "syntax"


def test_a_broken_included_worksheet_is_skipped_alone(tmp_path):
    (tmp_path / "mini").mkdir()
    write(tmp_path, "mini/ok.yaml", """worksheets:
  - id: extra
    part: 1
    title: {nl: Extra, en: Extra}
    fields: [{id: q, type: longtext, label: {nl: V, en: Q}}]
""")
    write(tmp_path, "mini/broken.yaml", "worksheets:\n  - id: Bad Id\n")
    fw, problems = load_file(write(tmp_path, "mini.yaml",
                                   MINIMAL + "include: [mini/*.yaml]\n"))
    assert [w.id for w in fw.worksheets] == ["first", "extra"]
    assert len(problems) >= 1 and all(p.source.endswith("broken.yaml") for p in problems)


def test_includes_cannot_reach_outside_the_framework_folder(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    write(tmp_path, "outside.yaml", "worksheets: []\n")
    fw, problems = load_file(write(inner, "mini.yaml", MINIMAL + "include: ['../*.yaml']\n"))
    assert problems == [] and [w.id for w in fw.worksheets] == ["first"]


def test_duplicate_worksheet_from_an_include_is_reported(tmp_path):
    (tmp_path / "mini").mkdir()
    write(tmp_path, "mini/dup.yaml", """worksheets:
  - id: first
    part: 1
    title: {nl: Dubbel, en: Double}
    fields: [{id: q, type: text, label: {nl: V, en: Q}}]
""")
    fw, problems = load_file(write(tmp_path, "mini.yaml", MINIMAL + "include: [mini/*.yaml]\n"))
    assert [w.id for w in fw.worksheets] == ["first"]
    assert "unique" in problems[0].detail


@pytest.mark.parametrize("text,kind", [
    ("", "empty"),
    ("- a\n- b\n", None),
    ("a: !!python/object/apply:os.system ['echo hi']\n", "bad_tag"),
    ("a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
     "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
     "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n", "too_many_nodes"),
    ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 3)) + "  " * 3 + "- " + "[" * 200 + "]" * 200,
     "too_deep"),
])
def test_unsafe_or_unusable_yaml_is_refused_in_words(text, kind):
    if kind is None:  # a list at the top is fine for YAML; the callers refuse it
        assert yamlio.read_text(text, "x.yaml").data == ["a", "b"]
        return
    with pytest.raises(InputRejected) as exc:
        yamlio.read_text(text, "x.yaml")
    assert exc.value.problems[0].kind == kind


def test_size_limit_and_binary(tmp_path):
    with pytest.raises(InputRejected) as exc:
        yamlio.read_bytes(b"a: 1\n" * 10, "big.yaml", max_bytes=20)
    assert exc.value.problems[0].kind == "too_large"
    with pytest.raises(InputRejected) as exc:
        yamlio.read_bytes(b"\x89PNG\x00\x00", "img.yaml")
    assert exc.value.problems[0].kind == "binary"

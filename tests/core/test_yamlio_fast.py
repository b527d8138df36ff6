"""libyaml reads our YAML fast, and never differently from the pure-Python loader.

The fast path must give the same data and the same line numbers on every file we ship or
test with, refuse what the pure-Python loader refuses with the same words, and turn away
text nested too deep without crashing the process (libyaml's composer is recursive C).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from workbook import i18n, yamlio
from workbook.problems import InputRejected

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")

SHIPPED = sorted([*(ROOT / "frameworks").rglob("*.yaml"), *(ROOT / "casestudies").rglob("*.yaml")])
HOSTILE = sorted((ROOT / "tests" / "hostile").glob("*.yaml"))
DEEP = {"deep_nesting.yaml", "deep_nesting_5000.yaml", "deep_nesting_block.yaml"}

TRICKY = {
    "nel_and_separators": "a: one\x85two\nb: \"x\\x85y\"\nc: p\u2028q\u2029r\nd: after\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  line\r\n  two\r\n",
    "bom": "\ufeffa: 1\nb: 2\n",
    "scalars": "i: 012\nf: 1e3\nb: yes\nn: ~\nd: 2026-03-01\nt: 2026-03-01 10:00:00\nx: 0x1F\n"
               "s: '012'\ninf: .inf\nsexa: 1:20\n",
    "anchors_and_merge": "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n",
    "block_scalars": "a: >\n  folded\n  text\n\n  para\nb: |+\n  kept\n\nc: |-\n  stripped\n",
    "flow_and_quotes": "a: {b: [1, 'two', \"thr\\u00e9e\"], c: {}}\nd: []\ne: \"tab\\tin\"\n",
    "complex_key": "? [a, b]\n: pair\n? {c: d}\n: map\n",
    "long_plain_key": "k" * 1500 + ": v\n",
    "unicode": "naam: Zoë 🙂 שלום\nlijst:\n- émigré\n- ½\n",
    "tabs_in_values": "a: \"x\ty\"\nb: x\ty\n",
    "binary": "b: !!binary aGVsbG8=\n",
    "top_list": "- a\n- b\n",
    "top_scalar": "just text\n",
    "comments": "# head\na: 1 # tail\n# end\n",
    "recursive_alias": "a: &x [1, *x]\n",
    "exactly_max_depth": "[" * (yamlio.MAX_DEPTH + 1) + "]" * (yamlio.MAX_DEPTH + 1) + "\n",
    "one_past_max_depth": "[" * (yamlio.MAX_DEPTH + 2) + "]" * (yamlio.MAX_DEPTH + 2) + "\n",
    "deep_after_alias": "a: &x 1\nb: *x\nc: " + "[" * 80 + "]" * 80 + "\n",
    "many_docs": "a: 1\n---\nb: 2\n",
    "syntax": "a: [1, 2\nb: 3\n",
    "bad_indent": "a:\n  b: 1\n c: 2\n",
    "bad_tag": "a: !!python/object/apply:os.system ['echo hi']\n",
    "custom_tag": "a: !mine 1\n",
    "bad_date": "d: 2026-13-45\n",
    "undefined_alias": "a: *nope\n",
    "control_char": "a: x\x07y\n",
    "comments_only": "# nothing\n",
}


def outcome(text: str | bytes) -> tuple:
    """What reading `text` gives: the data and every node's line, or the problems."""
    try:
        doc = (yamlio.read_bytes(text, "x.yaml") if isinstance(text, bytes)
               else yamlio.read_text(text, "x.yaml"))
    except InputRejected as exc:
        return ("refused", [p.format() for p in exc.problems],
                [(p.kind, p.line, p.detail, p.params) for p in exc.problems])
    return ("read", typed(doc.data), node_lines(doc.root))


def pure_outcome(text: str | bytes, monkeypatch) -> tuple:
    with monkeypatch.context() as m:
        m.setattr(yamlio, "_FAST_LOADER", None)
        return outcome(text)


def typed(value: object, seen: set[int] | None = None) -> object:
    """The data with the type of every value, so 1 and 1.0 or a date and a string differ."""
    seen = set() if seen is None else seen
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            return "<recursive>"
        seen = seen | {id(value)}
    if isinstance(value, dict):
        return [(typed(k, seen), typed(v, seen)) for k, v in value.items()]
    if isinstance(value, list):
        return [typed(v, seen) for v in value]
    return (type(value).__name__, repr(value))


def node_lines(root: Node) -> list[tuple]:
    """Every node's tag, start and end position, in document order (aliases once)."""
    out, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        out.append((node.tag, node.start_mark.line, node.start_mark.column,
                    node.end_mark.line, node.end_mark.column))
        if isinstance(node, MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    return out


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_files_read_the_same_and_fast(path, monkeypatch):
    text = path.read_bytes().decode("utf-8-sig")
    assert yamlio._read_fast(text, path.name) is not None, "libyaml should read our own files"
    assert outcome(text) == pure_outcome(text, monkeypatch)


@pytest.mark.parametrize("path", [p for p in HOSTILE if p.name not in DEEP], ids=lambda p: p.name)
def test_hostile_files_read_or_refused_the_same(path, monkeypatch):
    raw = path.read_bytes()
    assert outcome(raw) == pure_outcome(raw, monkeypatch)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_yaml_reads_or_is_refused_the_same(name, monkeypatch):
    text = TRICKY[name]
    assert outcome(text) == pure_outcome(text, monkeypatch)


def test_error_messages_name_the_same_line():
    with pytest.raises(InputRejected) as exc:
        yamlio.read_text("a: 1\nb: [1, 2\nc: 3\n", "x.yaml")
    problem = exc.value.problems[0]
    assert (problem.kind, problem.line) == ("syntax", 3)
    # the pure-Python parser's words (libyaml says "did not find expected ',' or ']'")
    assert problem.detail == "while parsing a flow sequence expected ',' or ']', but got ':'"


def test_line_of_points_into_the_file():
    doc = yamlio.read_text("title: x\nactors:\n  - id: a\n    name: A\n  - id: b\n    name: 2\n",
                           "x.yaml")
    assert doc.line_of(("actors", 1, "name")) == 6
    assert doc.data["actors"][1]["name"] == 2


@pytest.mark.parametrize("name,line", [("deep_nesting.yaml", 3), ("deep_nesting_block.yaml", 62),
                                       ("deep_nesting_5000.yaml", 2)])
def test_deep_hostile_files_are_refused_with_their_line(name, line):
    with pytest.raises(InputRejected) as exc:
        yamlio.read_bytes((ROOT / "tests" / "hostile" / name).read_bytes(), name)
    [problem] = exc.value.problems
    assert (problem.kind, problem.line, problem.params) == ("too_deep", line, {"depth": 60})
    assert "60" in problem.message("en")


def test_deep_nesting_that_crashes_libyaml_is_refused_quickly():
    """libyaml composing this text crashes the interpreter; run it apart to see that we don't."""
    code = ("from workbook import yamlio\nfrom workbook.problems import InputRejected\n"
            "text = '[' * 2_000_000 + ']' * 2_000_000\n"
            "try:\n    yamlio.read_text(text, 'x.yaml')\nexcept InputRejected as exc:\n"
            "    print(exc.problems[0].kind, exc.problems[0].line)\n")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["too_deep", "1"]
    assert time.perf_counter() - start < 30


def test_deep_indented_block_is_refused_at_the_first_line_too_deep():
    text = "a:\n" + "".join("  " * i + "- \n" for i in range(1, 3000))
    with pytest.raises(InputRejected) as exc:
        yamlio.read_text(text, "x.yaml")
    assert [(p.kind, p.line) for p in exc.value.problems] == [("too_deep", 62)]


def test_dates_and_numbers_are_built_by_the_safe_constructor():
    doc = yamlio.read_text("d: 2026-03-01\nn: 3\nf: 0.5\n", "x.yaml")
    assert doc.data == {"d": dt.date(2026, 3, 1), "n": 3, "f": 0.5}


def test_locale_catalogue_is_the_same_with_either_loader(monkeypatch):
    fast = i18n.catalogue()
    with monkeypatch.context() as m:
        m.setattr(i18n, "_LOADER", yaml.SafeLoader)
        i18n.catalogue.cache_clear()
        slow = i18n.catalogue()
    i18n.catalogue.cache_clear()
    assert fast == slow and fast

"""Safe YAML reading with limits, keeping line numbers for error messages.

Only PyYAML's safe constructors run (no Python tags). Aliases are counted while the
document is composed, so an alias bomb is refused before anything expands. libyaml reads
what it can read safely (fast); the pure-Python loader reads the rest and words the problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Callable

import yaml
from yaml import events
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from workbook.problems import InputRejected, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 60

# libyaml's loader when PyYAML was built with it; the pure-Python one otherwise
_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


@dataclass
class YamlDoc:
    """A parsed document: the plain data and the node tree that knows the lines."""

    data: Any
    root: Node
    source: str

    def line_of(self, loc: tuple) -> int | None:
        """The 1-based line of the deepest node that `loc` still reaches."""
        node = self.root
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


def _child(node: Node, part: object) -> Node | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(part):
                return value
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def read_bytes(raw: bytes, source: str, max_bytes: int = MAX_BYTES) -> YamlDoc:
    """Parse YAML bytes; raise InputRejected with a located problem on any failure."""
    if len(raw) > max_bytes:
        raise InputRejected([Problem(source, "too_large", params={"mb": max_bytes // (1024 * 1024)})])
    if b"\x00" in raw:
        raise InputRejected([Problem(source, "binary")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputRejected([Problem(source, "not_utf8")]) from None
    return read_text(text, source)


def read_text(text: str, source: str) -> YamlDoc:
    if not text.strip():
        raise InputRejected([Problem(source, "empty")])
    doc = _read_fast(text, source) if _fast_can_read(text) else None
    return doc if doc is not None else _read_pure(text, source)


def _fast_can_read(text: str) -> bool:
    """libyaml accepts tabs where the pure-Python loader refuses them, and counts columns
    differently after a byte-order mark: such texts go the pure-Python way, as before."""
    return _FAST_LOADER is not None and "\t" not in text and "\ufeff" not in text


def _read_fast(text: str, source: str) -> YamlDoc | None:
    """libyaml (over ten times faster) for documents it can read without trouble; else None.

    libyaml composes recursively in C and crashes the process on deep nesting, so the flat
    event stream is checked for depth first. Anything unusual (a syntax error, a bad tag, too
    many nodes) returns None: the pure-Python loader then reads the text again and words the
    problem exactly as it always has.
    """
    try:
        line = _too_deep_line(text)
        if line is None:
            return _load(text, source, _FAST_LOADER)
    except Exception:  # noqa: BLE001 - every other problem is the pure-Python loader's to word
        return None
    raise InputRejected([Problem(source, "too_deep", line=line, params={"depth": MAX_DEPTH})])


class _AskPurePython(Exception):
    """The size check could report something else first: let the pure-Python loader decide."""


def _too_deep_line(text: str) -> int | None:
    """The line of the first node nested deeper than MAX_DEPTH, from libyaml's events (a flat
    stream: no recursion however deep the text), as `_check_size` would find it. Stops there:
    libyaml slows down with the square of the depth."""
    loader = _FAST_LOADER(text)
    depth, nodes, aliases = 0, 0, False
    try:
        while not loader.check_event(events.StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, events.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, events.NodeEvent):
                nodes += 1
                aliases = aliases or isinstance(event, events.AliasEvent)
                if depth > MAX_DEPTH:
                    if aliases or nodes > MAX_NODES:
                        raise _AskPurePython
                    return event.start_mark.line + 1
                if isinstance(event, events.CollectionStartEvent):
                    depth += 1
        return None
    finally:
        loader.dispose()


def _read_pure(text: str, source: str) -> YamlDoc:
    try:
        return _load(text, source, yaml.SafeLoader)
    except InputRejected:
        raise
    except yaml.constructor.ConstructorError as exc:
        raise InputRejected([_yaml_problem(source, exc, "bad_tag")]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputRejected([_yaml_problem(source, exc, "syntax")]) from None
    except yaml.YAMLError as exc:
        raise InputRejected([Problem(source, "syntax", detail=str(exc))]) from None
    except RecursionError:
        raise InputRejected([Problem(source, "too_deep", params={"depth": MAX_DEPTH})]) from None
    except ValueError as exc:  # a date that cannot exist, not found by _load (a safeguard)
        raise InputRejected([Problem(source, "bad_date", detail=str(exc))]) from None


def _load(text: str, source: str, loader_class: type) -> YamlDoc:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InputRejected([Problem(source, "empty")])
        _check_size(root, source)
        try:
            return YamlDoc(loader.construct_document(root), root, source)
        except ValueError:  # the loader builds dates itself: 2026-13-45 raises here
            node = _impossible_date(loader, root)
            if node is None:
                raise
            raise InputRejected([Problem(source, "bad_date", line=node.start_mark.line + 1,
                                         hint="no_such_date", params={"value": node.value},
                                         show_detail=False)]) from None
    finally:
        loader.dispose()


def _impossible_date(loader, root: Node) -> ScalarNode | None:
    """The first scalar that looks like a date but is none (month 13, 30 February)."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag == "tag:yaml.org,2002:timestamp":
                try:
                    loader.construct_yaml_timestamp(node)
                except ValueError:
                    return node
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        else:
            stack.extend(reversed(node.value))
    return None


def _yaml_problem(source: str, exc: yaml.MarkedYAMLError, kind: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    detail = " ".join(filter(None, [exc.context, exc.problem])).strip()
    return Problem(source, kind, line=line, detail=detail)


def _check_size(root: Node, source: str) -> None:
    """Refuse documents that expand to too many nodes (alias bombs) or nest too deep."""
    seen: dict[int, int] = {}

    def size(node: Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise InputRejected([Problem(source, "too_deep", line=node.start_mark.line + 1,
                                         params={"depth": MAX_DEPTH})])
        key = id(node)
        if key in seen:
            return seen[key]
        total = 1
        if isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(node, SequenceNode):
            for v in node.value:
                total += size(v, depth + 1)
        if total > MAX_NODES:
            raise InputRejected([Problem(source, "too_many_nodes", line=node.start_mark.line + 1)])
        seen[key] = total
        return total

    size(root, 0)


def files_signature(files: list[FsPath]) -> tuple:
    """Changes whenever one of `files` is added, removed or rewritten (even within the same
    second at the same size): a cache key for what was read from them."""
    stats = [(p, p.stat()) for p in sorted(files)]
    return tuple((str(p), st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
                 for p, st in stats)


def validate(doc: YamlDoc, parse: Callable[[Any], Any]):
    """Run a pydantic parse over the document, turning errors into located problems."""
    from pydantic import ValidationError

    from workbook.problems import from_validation_error

    try:
        return parse(doc.data)
    except ValidationError as err:
        raise InputRejected(from_validation_error(err, doc.source, doc.line_of)) from None


def dump(data: Any) -> str:
    """YAML text for humans: keys in the given order, unicode kept, no aliases."""

    class _NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

        def represent_str(self, data: str):
            # NEL (U+0085) would be written raw and read back as a space: escape it
            if "\x85" in data:
                return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
            return super().represent_str(data)

    _NoAliases.add_representer(str, _NoAliases.represent_str)
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)

"""The locale catalogue for the interface chrome (framework content lives in frameworks/).

Every `workbook/locale/*.yaml` maps nested keys to {nl, en}; a file's top-level keys are
sections (`case`, `map`, ...) and no two files may define the same key. A missing key or
language is a test failure; at run time it shows the key itself, never a blank.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LOCALE_DIR = Path(__file__).parent / "locale"
# Our own files, so libyaml's fast safe loader needs none of yamlio's guards (pure Python
# when PyYAML was built without it)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Flatten the nested YAML files into {'case.title': {'nl': ..., 'en': ...}}."""
    flat: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALE_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            part: dict[str, dict[str, str]] = {}
            _flatten(yaml.load(fh, Loader=_LOADER) or {}, "", part)
        clash = sorted(set(part) & set(flat))
        if clash:
            raise ValueError(f"{path.name} defines keys already defined elsewhere: {clash[:5]}")
        flat.update(part)
    return flat


def _flatten(node: dict, prefix: str, out: dict) -> None:
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) <= {"nl", "en"} and value:
            out[path] = value
        elif isinstance(value, dict):
            _flatten(value, path + ".", out)
        else:
            out[path] = {}


def t(key: str, lang: str = "nl", **params: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled in."""
    entry = catalogue().get(key, {})
    text = entry.get(lang) or entry.get("en") or key
    if params:
        try:
            text = text.format(**params)
        except (KeyError, IndexError, ValueError):
            pass
    return text

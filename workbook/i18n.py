"""The locale catalogue for the interface chrome (framework content lives in frameworks/).

`workbook/locale/ui.yaml` maps dotted keys to {nl, en}. A missing key or language is a
test failure; at run time it shows the key itself, never a blank.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).parent / "locale" / "ui.yaml"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Flatten the nested YAML into {'case.title': {'nl': ..., 'en': ...}}."""
    with CATALOGUE.open(encoding="utf-8") as fh:
        tree = yaml.safe_load(fh)
    flat: dict[str, dict[str, str]] = {}
    _flatten(tree, "", flat)
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

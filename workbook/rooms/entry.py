"""What a participant sends from their device, checked before anything is stored.

Each kind has its own model (pydantic, `extra="forbid"`): a question and a concern are one
text; an advice is a text, the game changer it serves and the pitfalls it avoids; a reading
is a role and a side per actor. Text must be plain: markup or script (an HTML tag, a
`javascript:` address, a Markdown link or image, an HTML entity) is refused, not cleaned, so
what is kept is exactly what the participant sees they sent. Every refusal is a `Refused`
with a message key of `workbook/locale/room.yaml` (`room.refused_<key>`), said in the
participant's language.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from workbook import i18n
from workbook.case.model import SIDES, Case
from workbook.framework.schema import Framework

KINDS: tuple[str, ...] = ("question", "concern", "advice", "readings")
TEXT_KINDS: tuple[str, ...] = ("question", "concern", "advice")
MAX_TEXT = 2000  # characters of one question, concern or advice
MAX_PAYLOAD = 64_000  # characters of a whole submission as sent (a reading of many actors)
MAX_PITFALLS = 10
_MARKUP = re.compile(
    r"<\s*/?\s*[a-z!?][^<>]*>"  # an HTML (or XML) tag, a comment, a doctype
    r"|<\s*(script|style|iframe|img|svg|object|embed)"  # the start of a dangerous one
    r"|(java|vb)script\s*:|data\s*:\s*text/html"  # script addresses
    r"|!?\[[^\]]*\]\s*\("  # a Markdown link or image
    r"|&#?[a-z0-9]+;",  # an HTML entity
    re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Refused(ValueError):
    """A submission (or a step in a room) refused: `key` names the message."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        return i18n.t(f"room.refused_{self.key}", lang, **self.params)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextIn(_In):
    text: str


class AdviceIn(_In):
    text: str
    game_changer: str = ""
    pitfalls: list[str] = []


class PlaceIn(_In):
    role: str = ""
    side: str = "none"


class ReadingIn(_In):
    placements: dict[str, PlaceIn]


def clean_text(value: Any) -> str:
    """A participant's text checked: not empty, not too long, no markup. Returns it
    stripped (control characters other than new lines and tabs removed)."""
    if not isinstance(value, str):
        raise Refused("empty")
    if len(value) > MAX_TEXT * 2:
        raise Refused("too_long", limit=MAX_TEXT)
    text = _CONTROL.sub("", value).strip()
    if not text:
        raise Refused("empty")
    if len(text) > MAX_TEXT:
        raise Refused("too_long", limit=MAX_TEXT)
    if _MARKUP.search(text):
        raise Refused("markup")
    return text


def check(kind: str, payload: Any, case: Case, fw: Framework) -> dict[str, Any]:
    """The payload of a `kind` submission as it will be stored (plain JSON), or Refused."""
    if kind not in KINDS:
        raise Refused("not_asked")
    if not isinstance(payload, dict):
        raise Refused("empty")
    try:
        size = len(json.dumps(payload, ensure_ascii=False))
    except (TypeError, ValueError):
        raise Refused("empty") from None
    if size > MAX_PAYLOAD:
        raise Refused("too_long", limit=MAX_TEXT)
    try:
        if kind == "readings":
            return _reading(ReadingIn.model_validate(payload), case, fw)
        if kind == "advice":
            return _advice(AdviceIn.model_validate(payload), fw)
        return {"text": clean_text(TextIn.model_validate(payload).text)}
    except ValidationError:
        raise Refused("empty") from None


def _advice(advice: AdviceIn, fw: Framework) -> dict[str, Any]:
    text = clean_text(advice.text)
    gcs = {g.id for g in fw.concepts.game_changers}
    pits = {p.id for p in fw.concepts.pitfalls}
    if advice.game_changer and advice.game_changer not in gcs:
        raise Refused("bad_choice")
    if len(advice.pitfalls) > MAX_PITFALLS or any(p not in pits for p in advice.pitfalls):
        raise Refused("bad_choice")
    return {"text": text, "game_changer": advice.game_changer,
            "pitfalls": list(dict.fromkeys(advice.pitfalls))}


def _reading(reading: ReadingIn, case: Case, fw: Framework) -> dict[str, Any]:
    actors = {a.id for a in case.actors}
    roles = {r.id for r in fw.concepts.roles}
    out = {}
    for actor_id, place in reading.placements.items():
        if actor_id not in actors or (place.role and place.role not in roles) \
                or place.side not in SIDES:
            raise Refused("bad_choice")
        if place.role or place.side != "none":
            out[actor_id] = {"role": place.role, "side": place.side}
    if not out:
        raise Refused("empty_reading")
    return {"placements": out}

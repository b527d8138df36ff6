"""A revision's note in the reader's words: what a change was about, as the history page
says it ("gewijzigd: Intake · Wat is er gebeurd?" rather than "answers.intake.what")."""

from __future__ import annotations

from typing import Any

from workbook import i18n

# notes for a whole part of the case (given by the app, or the path saved) -> history.note_*
PARTS = {"title": "title", "actor": "actor", "actors": "actors", "poles": "poles",
         "fuel": "fuel", "csv": "csv", "snapshot": "snapshot", "snapshots": "snapshot",
         "practice": "practice", "progress.practice": "practice", "intended": "intended",
         "strategy.intended": "intended", "actions": "actions", "strategy.actions": "actions",
         "strategy.me": "me", "anonymisation": "anonymisation",
         "meeting": "meeting", "meetings": "meeting", "meeting_items": "meeting",
         "meeting_readings": "meeting_readings"}


def describe(kind: str, note: str, fw: Any, lang: str) -> str:
    """'<what happened>: <to what>' for a revision of `kind` with `note`. Notes the app does
    not know (older revisions, file names, case ids) are shown as they are. `fw` is the case's
    framework or None; this layer sits below the framework and reads only its worksheets and
    exercises."""
    what = i18n.t(f"history.kind_{kind}", lang)
    about = _about(note, fw, lang) if kind == "edit" else note
    return f"{what}: {about}" if about else what


def _about(note: str, fw: Any, lang: str) -> str:
    if note in PARTS:
        return i18n.t(f"history.note_{PARTS[note]}", lang)
    parts = note.split(".")
    if fw is not None and parts[0] == "progress" and len(parts) >= 2:
        about = _progress(parts[1:], fw, lang)
        if about:
            return about
    if fw is not None and parts[0] == "progress" and len(parts) == 2:
        ex = next((e for e in fw.exercises if e.id == parts[1]), None)
        if ex is not None:
            return i18n.t("history.note_exercise", lang, title=ex.title(lang))
    if fw is not None and parts[0] == "answers":
        parts = parts[1:]
    if fw is not None and len(parts) == 2:  # a worksheet's answer: worksheet · question
        sheet = fw.worksheet(parts[0])
        field = sheet.field(parts[1]) if sheet is not None else None
        if field is not None:
            return f"{sheet.title(lang)} · {field.label(lang)}"
    return note


def _progress(parts: list[str], fw: Any, lang: str) -> str:
    """A scenario walked, an assignment between the sessions, the session dates."""
    if parts[0] == "scenarios" and len(parts) == 2:
        sc = next((s for s in getattr(fw, "scenarios", []) if s.id == parts[1]), None)
        return i18n.t("history.note_scenario", lang, title=sc.title(lang)) if sc else ""
    if parts[0] == "assignments" and len(parts) == 2:
        return i18n.t("history.note_assignment", lang, n=parts[1])
    if parts[0] == "course":
        return i18n.t("history.note_course", lang)
    return ""

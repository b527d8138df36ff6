"""Practice mode: an alumnus analyses a worked case study from its story alone, and the
result is compared with the study's model analysis.

`start(study, lang)` makes the practice case: the story (`narrative`), the people in it (ids,
names and kinds only) and nothing else; `practice_of` names the study. The comparison and its
score are in `workbook.analysis.practice_scoring` (`compare`); here are the tables that show
it, in the reader's words.

Every saved comparison is kept as one attempt: `attempt_path()` is where `record()` goes
(`progress.practice.attempts.<key>`, one key per attempt, so two tabs never overwrite each
other's), and `attempts(progress)` lists them oldest first, an older single record saved at
`progress.practice` included.
"""

from __future__ import annotations

from typing import Any

from workbook import i18n
from workbook.analysis.practice_scoring import Comparison, GameChangerCheck, role_name
from workbook.case.model import (Actor, Case, FrameworkRef, Strategy, default_poles, new_case_id,
                                  new_id)
from workbook.framework.casestudies import load_library
from workbook.framework.schema import Framework


# -- starting ---------------------------------------------------------------------------------
def start(study: Case, lang: str = "nl") -> Case:
    """A practice case made from a case study: its story and its people, without any analysis."""
    return Case(
        id=new_case_id(),
        title=i18n.t("practice.case_title", lang, title=study.title)[:300],
        narrative=study.narrative,
        practice_of=study.id,
        framework=FrameworkRef(**study.framework.model_dump()),
        poles=default_poles(),
        actors=[Actor(id=a.id, name=a.name, kind=a.kind) for a in study.actors],
        strategy=Strategy(),
    )


def studies(lang: str = "nl") -> list[Case]:
    """The case studies one can practise on (those with a story), in `lang` where translated."""
    return [c for c in load_library(lang)[0] if c.narrative.strip()]


def find_study(study_id: str) -> Case | None:
    """The case study with this id, in whichever language it was written."""
    for lang in ("nl", "en"):
        found = next((c for c in load_library(lang)[0] if c.id == study_id), None)
        if found is not None:
            return found
    return None


# -- for display ------------------------------------------------------------------------------
def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def role_table(comparison: Comparison, fw: Framework | None, lang: str) -> list[dict[str, str]]:
    """The role comparison as rows of display text, with localised column names."""
    def side(value: str) -> str:
        return i18n.t(f"practice.side_{value}", lang) if value else ""

    rows = []
    for r in comparison.roles:
        rows.append({
            i18n.t("practice.col_actor", lang): r.name,
            i18n.t("practice.col_your_role", lang): (role_name(fw, r.your_role, lang)
                                                    if r.present
                                                    else i18n.t("practice.missing_actor", lang)),
            i18n.t("practice.col_model_role", lang): role_name(fw, r.model_role, lang),
            i18n.t("practice.col_role_ok", lang): _mark(r.role_ok),
            i18n.t("practice.col_your_side", lang): side(r.your_side),
            i18n.t("practice.col_model_side", lang): side(r.model_side),
            i18n.t("practice.col_side_ok", lang): _mark(r.side_ok),
        })
    return rows


def score_table(comparison: Comparison, lang: str) -> list[dict[str, str]]:
    """The score's parts; a part the trainee left empty says so instead of a zero."""
    left = i18n.t("practice.left_out_short", lang)

    def number(value: float) -> str:
        return f"{round(value, 1):g}"

    return [{i18n.t("practice.col_part", lang): i18n.t(p.label_key, lang),
             i18n.t("practice.col_points", lang): number(p.points) if p.filled else left,
             i18n.t("practice.col_max", lang): (number(-p.max) if p.id == "pitfalls"
                                                else number(p.max) if p.filled else left)}
            for p in comparison.parts]


def game_changer_table(comparison: Comparison, lang: str) -> list[dict[str, str]]:
    def mark(g: GameChangerCheck) -> str:
        if not g.filled:
            return i18n.t("practice.left_out_short", lang)
        return _mark(g.ok) if g.share in (0.0, 1.0) else f"{round(100 * g.share)}%"

    return [{i18n.t("practice.game_changers", lang): i18n.t(f"practice.gc_{g.id}", lang),
             i18n.t("practice.col_yours", lang): g.yours,
             i18n.t("practice.col_model", lang): g.model,
             "": mark(g)}
            for g in comparison.game_changers]


def left_out_names(comparison: Comparison, lang: str) -> list[str]:
    """What the trainee left empty, in words ('Poles and identity statements', ...)."""
    return [i18n.t(f"practice.{key}" if key.startswith("gc_") else f"practice.part_{key}", lang)
            for key in comparison.left_out]


def role_feedback_lines(comparison: Comparison, fw: Framework | None,
                        lang: str) -> list[tuple[str, str]]:
    """(heading, reason) per person whose role differs from the model: 'Sofie · you: Bridge
    builder · model: Scapegoat' and the study's notes on her. Plain text."""
    out = []
    for f in comparison.role_feedback:
        key = "practice.why_head" if f.your_role else "practice.why_head_none"
        head = i18n.t(key, lang, name=f.name, yours=role_name(fw, f.your_role, lang),
                      model=role_name(fw, f.model_role, lang))
        out.append((head, f.why or _role_definition(fw, f.model_role, lang)))
    return out


def _role_definition(fw: Framework | None, role_id: str, lang: str) -> str:
    role = fw.role(role_id) if fw else None
    return role.definition(lang) if role else ""


# -- attempts over time ------------------------------------------------------------------------
ATTEMPTS = "attempts"


def attempt_path(key: str | None = None) -> tuple[str, ...]:
    """Where one attempt is saved: its own key under progress.practice.attempts, so that
    saving never rewrites (or loses) an earlier attempt."""
    return ("progress", "practice", ATTEMPTS, key or new_id())


def attempts(progress: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every saved attempt with a score, oldest first; an older single record kept directly at
    progress.practice counts as the first."""
    entry = (progress or {}).get("practice")
    if not isinstance(entry, dict):
        return []
    older = [entry] if _scored(entry) else []
    saved = sorted(((str(r.get("saved_at") or r.get("date") or ""), str(k), r)
                    for k, r in (entry.get(ATTEMPTS) or {}).items() if _scored(r)),
                   key=lambda item: item[:2])
    return older + [record for _, _, record in saved]


def _scored(record: Any) -> bool:
    return isinstance(record, dict) and isinstance(record.get("score"), (int, float)) \
        and not isinstance(record.get("score"), bool)


def attempts_table(progress: dict[str, Any] | None, lang: str) -> list[dict[str, object]]:
    """One row per attempt: its number, date, score and what was left out."""
    rows = []
    for n, record in enumerate(attempts(progress), 1):
        left = record.get("left_out") or []
        rows.append({
            i18n.t("practice.col_attempt", lang): n,
            i18n.t("practice.col_date", lang): str(record.get("date", "")),
            i18n.t("practice.score", lang): int(record["score"]),
            i18n.t("practice.col_left_out", lang): ", ".join(
                i18n.t(f"practice.{k}" if str(k).startswith("gc_") else f"practice.part_{k}", lang)
                for k in left) or "-",
        })
    return rows

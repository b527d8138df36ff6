"""Practice mode's comparison and score: an alumnus's analysis of a case study (made with
`workbook.analysis.practice.start`) set against the study's model analysis.

`compare(attempt, model, fw, lang)` returns a `Comparison`: role and side agreement per person
(and, where the role differs, why the model gives its role, in the study's own notes), the
middle's concerns found or missed, the poles, the four game changers, the pitfalls, and a score.

When the trainee named the poles the other way round (their A is the model's B), the model is
mirrored to the trainee's orientation before anything is compared: its poles, sides and
stances, so the tables and the model map read the way the trainee drew theirs.

Only what the trainee filled in is compared. A part left empty (no roles given, no pole
named, nothing about the middle, a game changer not begun) is left out of the score and listed
in `left_out`, rather than counted as zero; with nothing filled in there is no score (None).

The score (0-100) is the points of the filled parts over their maximum, with these parts
(`ScorePart`):

    roles          35  share of the model's people whose role the trainee gave too
    sides          10  share whose side agrees (only counted once a role is given); against
                       the mirrored model when `swapped`
    poles          10  5 per side for an identity statement on that side's pole
    concerns       20  share of the model's concern items found (practice_concerns)
    game_changers  25  of those begun: target group 7 (overlap with the model's: shared / all
                       named by either), topic 6 (a question of the middle is written down),
                       position 6 (the strategist, strategy.me, is to stand in the middle in
                       the intended map), tone 6 (at least one rewritten statement, and the
                       coach finds no moralising in it)
    pitfalls   -5 each, at most -20: strategy (part 3) coach warnings and urgent hints on the
                       attempt that the model does not have
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workbook import i18n
from workbook.analysis.practice_concerns import ATTEMPT_FIELDS, ConcernItem, concern_items
from workbook.case.model import Actor, Case
from workbook.coach.evaluate import Hint, hints
from workbook.framework.schema import Framework

WEIGHTS: dict[str, int] = {"roles": 35, "sides": 10, "poles": 10, "concerns": 20,
                           "game_changers": 25}
GAME_CHANGER_POINTS: dict[str, int] = {"target_group": 7, "topic": 6, "position": 6, "tone": 6}
PITFALL_POINTS = 5
PITFALL_MAX = 20
TONE_RULE = "tone_moralises"
STRATEGY_PART = 3


# -- the comparison ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RoleRow:
    actor_id: str
    name: str
    your_role: str  # role id, "" when none given
    model_role: str
    your_side: str  # "a", "b", "none"; "" when the trainee removed the person
    model_side: str
    role_ok: bool
    side_ok: bool
    present: bool = True  # False when the trainee removed this person
    why: str = ""  # the study's own notes on this person: why the model gives its role


@dataclass(frozen=True)
class PoleCheck:
    side: str
    your_label: str
    your_identity: str
    model_label: str
    model_identity: str
    found: bool


@dataclass(frozen=True)
class GameChangerCheck:
    id: str  # target_group, topic, position, tone
    share: float  # 0..1 of this game changer's points
    yours: str
    model: str
    filled: bool = True  # False when the trainee has not begun it: left out of the score

    @property
    def ok(self) -> bool:
        return self.share >= 0.999


@dataclass(frozen=True)
class ScorePart:
    id: str
    points: float
    max: int  # for pitfalls, the most that can be taken off
    filled: bool = True  # False when the trainee left this part empty: not counted

    @property
    def label_key(self) -> str:
        return f"practice.part_{self.id}"


@dataclass(frozen=True)
class RoleFeedback:
    """For a person whose role differs from the model: what the trainee said, what the model
    says, and why (the study's own notes on the person)."""
    actor_id: str
    name: str
    your_role: str  # role id, "" when none given
    model_role: str
    why: str


@dataclass
class Comparison:
    roles: list[RoleRow]
    extra: list[Actor]
    swapped: bool
    poles: list[PoleCheck]
    concerns: list[ConcernItem]
    game_changers: list[GameChangerCheck]
    pitfalls: list[Hint]
    parts: list[ScorePart] = field(default_factory=list)
    model: Case | None = None  # the model as compared: mirrored when `swapped`

    @property
    def score(self) -> int | None:
        """Points of the filled parts over their maximum, 0-100; None when nothing is filled."""
        counted = [p for p in self.parts if p.filled and p.id != "pitfalls"]
        most = sum(p.max for p in counted)
        if not most:
            return None
        got = sum(p.points for p in counted) + sum(p.points for p in self.parts
                                                   if p.id == "pitfalls")
        return max(0, min(100, round(100 * got / most)))

    @property
    def left_out(self) -> list[str]:
        """The parts (and game changers) the trainee left empty, in the order of the score."""
        out = [p.id for p in self.parts if not p.filled and p.id != "game_changers"]
        out += [f"gc_{g.id}" for g in self.game_changers if not g.filled]
        return out

    @property
    def role_feedback(self) -> list[RoleFeedback]:
        """Everyone whose role differs from the model's (given otherwise, or not yet given while
        other roles were), with the study's reason; nothing when no role was given at all."""
        if not self.part("roles").filled:
            return []
        return [RoleFeedback(r.actor_id, r.name, r.your_role, r.model_role, r.why)
                for r in self.roles if r.present and not r.role_ok]

    @property
    def roles_ok(self) -> int:
        return sum(r.role_ok for r in self.roles)

    @property
    def sides_ok(self) -> int:
        return sum(r.side_ok for r in self.roles)

    @property
    def found(self) -> list[ConcernItem]:
        return [c for c in self.concerns if c.found]

    @property
    def missed(self) -> list[ConcernItem]:
        return [c for c in self.concerns if not c.found]

    def part(self, part_id: str) -> ScorePart:
        return next(p for p in self.parts if p.id == part_id)

    def record(self, date: str, saved_at: str = "") -> dict:
        """One attempt, as saved at `practice.attempt_path()`."""
        return {"score": self.score, "date": date,
                "saved_at": saved_at or dt.datetime.now().isoformat(timespec="seconds"),
                "parts": {p.id: round(p.points, 1) for p in self.parts if p.filled},
                "left_out": self.left_out,
                "roles": f"{self.roles_ok}/{len(self.roles)}",
                "concerns": f"{len(self.found)}/{len(self.concerns)}",
                "pitfalls": [h.id for h in self.pitfalls]}


def compare(attempt: Case, model: Case, fw: Framework | None, lang: str = "nl") -> Comparison:
    """How the trainee's analysis compares with the model analysis of the same case study."""
    swapped = _swapped(attempt, model)
    if swapped:  # compare with the model in the trainee's orientation
        model = mirrored(model)
    roles = _roles(attempt, model, False)
    model_ids = {a.id for a in model.actors}
    extra = [a for a in attempt.actors if a.id not in model_ids]
    poles = _poles(attempt, model, False)
    concerns = concern_items(model, attempt)
    gcs = _game_changers(attempt, model, fw, lang)
    pitfalls = _pitfalls(attempt, model, fw)
    n = max(1, len(model.actors))
    gave_roles = any(a.role for a in attempt.actors)
    named_poles = any(p.label.strip() or p.identity.strip() for p in attempt.poles)
    wrote_middle = any(str(attempt.answer("middle", f, "") or "").strip() for f in ATTEMPT_FIELDS)
    begun = [g for g in gcs if g.filled]
    parts = [
        ScorePart("roles", WEIGHTS["roles"] * sum(r.role_ok for r in roles) / n, WEIGHTS["roles"],
                  gave_roles),
        ScorePart("sides", WEIGHTS["sides"] * sum(r.side_ok for r in roles) / n, WEIGHTS["sides"],
                  gave_roles),
        ScorePart("poles", WEIGHTS["poles"] * sum(p.found for p in poles) / max(1, len(poles)),
                  WEIGHTS["poles"], named_poles),
        ScorePart("concerns", WEIGHTS["concerns"] * (
            sum(c.found for c in concerns) / len(concerns) if concerns else 1.0),
            WEIGHTS["concerns"], wrote_middle),
        ScorePart("game_changers", sum(GAME_CHANGER_POINTS[g.id] * g.share for g in begun),
                  sum(GAME_CHANGER_POINTS[g.id] for g in begun), bool(begun)),
        ScorePart("pitfalls", -min(PITFALL_MAX, PITFALL_POINTS * len(pitfalls)), PITFALL_MAX),
    ]
    return Comparison(roles, extra, swapped, poles, concerns, gcs, pitfalls, parts, model)


def _mirror(side: str) -> str:
    return {"a": "b", "b": "a"}.get(side, side)


def _mirror_actor(actor: dict) -> None:
    if actor.get("side") is not None:
        actor["side"] = _mirror(actor["side"])
    if actor.get("stance") is not None:
        actor["stance"] = -actor["stance"] + 0.0  # no -0.0


def mirrored(case: Case) -> Case:
    """The case with its poles the other way round: pole A becomes B, every side and stance
    mirrored (today's map, the snapshots and the intended map)."""
    doc = case.to_doc()
    for frame in [doc, *doc.get("snapshots", [])]:
        for pole in frame.get("poles", []):
            pole["side"] = _mirror(pole["side"])
        for actor in frame.get("actors", []):
            _mirror_actor(actor)
    for place in (doc.get("strategy", {}).get("intended") or {}).values():
        _mirror_actor(place)
    return Case.model_validate(doc)


def _side_hits(attempt: Case, model: Case, swapped: bool) -> int:
    mine = {a.id: a for a in attempt.actors}
    hits = 0
    for m in model.actors:
        a = mine.get(m.id)
        if a is not None and a.role and (_mirror(a.side) if swapped else a.side) == m.side:
            hits += 1
    return hits


def _swapped(attempt: Case, model: Case) -> bool:
    """Whether the trainee's poles are the model's the other way round (judged by the sides
    they gave to people who stand on a side in the model)."""
    return _side_hits(attempt, model, True) > _side_hits(attempt, model, False)


def _roles(attempt: Case, model: Case, swapped: bool) -> list[RoleRow]:
    mine = {a.id: a for a in attempt.actors}
    rows = []
    for m in model.actors:
        a = mine.get(m.id)
        why = " ".join(m.notes.split())
        if a is None:
            rows.append(RoleRow(m.id, m.name, "", m.role, "", m.side, False, False, False, why))
            continue
        side = _mirror(a.side) if swapped else a.side
        rows.append(RoleRow(m.id, a.name or m.name, a.role, m.role, a.side, m.side,
                            bool(a.role) and a.role == m.role,
                            bool(a.role) and side == m.side, True, why))
    return rows


def _poles(attempt: Case, model: Case, swapped: bool) -> list[PoleCheck]:
    checks = []
    for side in ("a", "b"):
        mine_side = _mirror(side) if swapped else side
        mine = attempt.pole(mine_side)
        written = [p for p in attempt.poles if p.side == mine_side and p.identity.strip()]
        if written:
            mine = written[0]
        theirs = model.pole(side)
        checks.append(PoleCheck(side, mine.label, mine.identity, theirs.label, theirs.identity,
                                bool(written)))
    return checks


# -- game changers and pitfalls ---------------------------------------------------------------
def _ids(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _names(case: Case, ids: list[str], lang: str) -> str:
    names = [(case.actor(i).name if case.actor(i) else i) for i in ids]
    return ", ".join(names) if names else i18n.t("practice.nothing", lang)


def _role_name(fw: Framework | None, role_id: str, lang: str) -> str:
    if not role_id:
        return i18n.t("practice.no_role", lang)
    role = next((r for r in (fw.concepts.roles if fw else []) if r.id == role_id), None)
    return role.name(lang) if role else role_id


def role_name(fw: Framework | None, role_id: str, lang: str) -> str:
    return _role_name(fw, role_id, lang)


def _me_place(case: Case) -> tuple[str, str]:
    """(actor id, role the strategist is to take in the intended map, else today's role)."""
    me = case.strategy.me
    actor = case.actor(me) if me else None
    if actor is None:
        return "", ""
    place = case.strategy.intended.get(me)
    return me, (place.role if place is not None and place.role else actor.role)


def _zone(fw: Framework | None, role_id: str) -> str:
    role = next((r for r in (fw.concepts.roles if fw else []) if r.id == role_id), None)
    return role.zone if role else ""


def _rewrites(case: Case) -> int:
    rows = case.answer("tone", "rewrites", []) or []
    return sum(1 for r in rows if isinstance(r, dict) and str(r.get("rewrite") or "").strip())


def _game_changers(attempt: Case, model: Case, fw: Framework | None,
                   lang: str) -> list[GameChangerCheck]:
    mine_tg, model_tg = _ids(attempt.answer("target_group", "who")), _ids(
        model.answer("target_group", "who"))
    union = set(mine_tg) | set(model_tg)
    tg_share = len(set(mine_tg) & set(model_tg)) / len(union) if union else 0.0

    mine_q = str(attempt.answer("topic", "question", "") or "").strip()
    model_q = str(model.answer("topic", "question", "") or "").strip()

    def me_text(case: Case) -> tuple[str, bool]:
        me, role = _me_place(case)
        if not me:
            return i18n.t("practice.nothing", lang), False
        text = i18n.t("practice.me_at", lang, name=case.actor(me).name,
                      role=_role_name(fw, role, lang))
        return text, _zone(fw, role) == "middle"

    mine_pos, pos_ok = me_text(attempt)
    model_pos, _ = me_text(model)

    fired = {h.id for h in (hints(attempt, fw, part=STRATEGY_PART) if fw else [])}
    n_mine, n_model = _rewrites(attempt), _rewrites(model)
    tone_ok = n_mine > 0 and TONE_RULE not in fired
    tone_mine = i18n.t("practice.rewrites", lang, count=n_mine)
    if n_mine and TONE_RULE in fired:
        tone_mine += f" ({i18n.t('practice.moralises', lang)})"

    return [
        GameChangerCheck("target_group", tg_share, _names(attempt, mine_tg, lang),
                         _names(model, model_tg, lang), bool(mine_tg)),
        GameChangerCheck("topic", 1.0 if mine_q else 0.0,
                         mine_q or i18n.t("practice.nothing", lang),
                         model_q or i18n.t("practice.nothing", lang), bool(mine_q)),
        GameChangerCheck("position", 1.0 if pos_ok else 0.0, mine_pos, model_pos,
                         bool(_me_place(attempt)[0])),
        GameChangerCheck("tone", 1.0 if tone_ok else 0.0, tone_mine,
                         i18n.t("practice.rewrites", lang, count=n_model), n_mine > 0),
    ]


def _pitfalls(attempt: Case, model: Case, fw: Framework | None) -> list[Hint]:
    """Strategy warnings (and urgent hints) of the coach on the attempt that the model
    analysis does not get."""
    if fw is None:
        return []
    theirs = {h.id for h in hints(model, fw, part=STRATEGY_PART)}
    return [h for h in hints(attempt, fw, part=STRATEGY_PART)
            if h.severity in ("urgent", "warning") and h.id not in theirs]

"""Where an actor belongs on the map: its role's zone, its side, and its spot by its stance."""

from __future__ import annotations

import math
import zlib

from workbook.case.model import Actor
from workbook.framework.schema import Role
from workbook.analysis.polarmap.geometry import (ABOVE_BAND, AXIS_BAND, BETWEEN_ZONE,
                                                 MIDDLE_HALF, NO_ROLE_BAND, POLE_ZONE,
                                                 UNDER_FIRE_BAND)


def hash01(text: str) -> float:
    """A stable number in [0, 1) from `text`: the same actor always lands the same way."""
    return (zlib.crc32(text.encode()) % 10_000) / 10_000


# Where an actor whose stance was never set stands, by its role's zone: how far toward its
# side (0 at the middle, 1 at the pole). A pusher speaks in absolutes, a joiner leans, the
# middle, the bridge builder and the scapegoat lean only a little.
UNSET_LEAN = {"pole": 0.7, "between": 0.5, "middle": 0.3, "above": 0.3, "under_fire": 0.3,
              "none": 0.5}


def direction(actor: Actor) -> float:
    """-1 for pole A's side, +1 for pole B's, 0 when neither side nor stance says."""
    if actor.side == "a":
        return -1.0
    if actor.side == "b":
        return 1.0
    if actor.stance is not None and abs(actor.stance) >= 0.05:
        return math.copysign(1.0, actor.stance)
    return 0.0


def stance_of(actor: Actor, role: Role | None) -> float:
    """The actor's stance; one never set is taken from its side and its role's zone."""
    if actor.stance is not None:
        return actor.stance
    side = -1.0 if actor.side == "a" else 1.0 if actor.side == "b" else 0.0
    return side * UNSET_LEAN.get(zone_of(role), 0.5)


def source_side(actor: Actor) -> str:
    """'a', 'b' or 'none': the pole an actor speaks from (its side, else its lean)."""
    d = direction(actor)
    return "a" if d < 0 else "b" if d > 0 else "none"


def zone_of(role: Role | None) -> str:
    return role.zone if role else "none"


def zone_box(actor: Actor, role: Role | None) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1): the part of the map an actor of this role and side belongs in."""
    zone = zone_of(role)
    d = direction(actor)
    if zone in ("pole", "between"):
        lo, hi = POLE_ZONE if zone == "pole" else BETWEEN_ZONE
        if d == 0:  # a pusher or joiner without a side: place by the hash, deterministic
            d = -1.0 if hash01(actor.id) < 0.5 else 1.0
        x0, x1 = (-hi, -lo) if d < 0 else (lo, hi)
        return x0, x1, *AXIS_BAND
    if zone == "middle":
        return -MIDDLE_HALF, MIDDLE_HALF, *AXIS_BAND
    if zone == "above":
        return -0.45, 0.45, *ABOVE_BAND
    if zone == "under_fire":
        return -MIDDLE_HALF, MIDDLE_HALF, *UNDER_FIRE_BAND
    return -1.0, 1.0, *NO_ROLE_BAND


def ideal_position(actor: Actor, role: Role | None) -> tuple[float, float]:
    """Where an actor would stand alone: x from pole A (-1) to pole B (+1), y off the axis."""
    x0, x1, y0, y1 = zone_box(actor, role)
    zone = zone_of(role)
    stance = stance_of(actor, role)
    strength = min(1.0, abs(stance))
    if actor.stance is None and zone in ("pole", "between") and actor.side == "none":
        strength = UNSET_LEAN[zone]  # no side either: the side comes from the id's hash
    if zone in ("pole", "between"):
        # further out the stronger the stance; the zone is mirrored on side A
        x = (x1 - (x1 - x0) * strength) if x0 < 0 else (x0 + (x1 - x0) * strength)
    elif zone == "middle":
        x = stance * MIDDLE_HALF
    elif zone == "above":
        x = stance * 0.3
    elif zone == "under_fire":
        x = stance * 0.15
    else:
        x = stance * 0.95
    y = (y0 + y1) / 2 if zone != "above" else y0 + (y1 - y0) * 0.45
    return round(x, 4), round(y, 4)

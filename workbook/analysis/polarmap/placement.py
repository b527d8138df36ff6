"""Actors spread over their zones, the most influential first, so markers do not overlap."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from workbook.case.model import Actor
from workbook.framework.schema import Framework, Role
from workbook.analysis.polarmap.geometry import CROWDED, PLACE_H, PLACE_W, units
from workbook.analysis.polarmap.zones import hash01, ideal_position, zone_box


@dataclass
class Placed:
    actor: Actor
    role: Role | None
    x: float
    y: float
    size: float  # marker diameter in pixels
    rank: int  # 0 = placed first (most influential)


def marker_size(influence: int, scale: float = 1.0) -> float:
    """Diameter in pixels: influence 1..5, times the map's scale (smaller when crowded)."""
    return round((10 + 4 * influence) * scale, 1)


def marker_scale(boxes: list[tuple[float, float, float, float]]) -> float:
    """One scale for all markers, so influence compares across the map: as small as the most
    crowded zone needs (a zone holds about its area over a marker's footprint), at least 0.4."""
    ux, uy = units(PLACE_W, PLACE_H)
    counts: dict[tuple, int] = {}
    for box in boxes:
        counts[box] = counts.get(box, 0) + 1
    scale = 1.0
    for (x0, x1, y0, y1), count in counts.items():
        capacity = (x1 - x0) * ux * (y1 - y0) * uy / (25 * 25 * 1.8)
        scale = min(scale, math.sqrt(capacity / count))
    return max(0.4, scale)


def _candidates(limit: int) -> list[tuple[int, int]]:
    """Offsets (steps in x, steps in y) to try, nearest first; moving along y is cheaper,
    since x carries meaning (the stance)."""
    cells = [(i, j) for i in range(-10, 11) for j in range(-12, 13)]
    cells.sort(key=lambda c: ((2 * c[0]) ** 2 + c[1] ** 2, abs(c[0]), -c[1], c[0]))
    return cells[:limit]


_CANDIDATES = {n: _candidates(n) for n in (12, 120, 400)}


def sort_key(actor: Actor) -> tuple:
    return (-actor.influence, actor.id)


def place_actors(actors: Iterable[Actor], fw: Framework) -> list[Placed]:
    """Every actor's spot on the map, spread so markers do not overlap where there is room.

    Pure and deterministic: the result depends on the actors' values, not on their order.
    """
    actors = sorted(actors, key=sort_key)
    n = len(actors)
    ux, uy = units(PLACE_W, PLACE_H)
    cands = _CANDIDATES[400 if n <= CROWDED else 120 if n <= 200 else 12]
    patience = 10 if n <= 200 else 3
    cell = 40.0
    grid: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    placed: list[Placed] = []
    roles = {r.id: r for r in fw.concepts.roles}
    zones = [zone_box(a, roles.get(a.role)) for a in actors]
    scale = marker_scale(zones)
    misses: dict[tuple, int] = {}  # zone box -> actors that found no free spot in it
    for rank, actor in enumerate(actors):
        role = roles.get(actor.role)
        size = marker_size(actor.influence, scale)
        r = size / 2
        zone = zones[rank]
        bx0, bx1, by0, by1 = zone
        x0, y0 = ideal_position(actor, role)
        step_x, step_y = (size + 3) / ux, (size + 3) / uy
        spot = None
        full = misses.get(zone, 0) >= patience  # a full zone: do not search any more
        for i, j in () if full else cands:
            x, y = x0 + i * step_x * 0.6, y0 + j * step_y * 0.55
            if not (bx0 <= x <= bx1 and by0 <= y <= by1):
                continue
            px, py = x * ux, y * uy
            cx, cy = int(px // cell), int(py // cell)
            free = True
            for gx in (cx - 1, cx, cx + 1):
                for gy in (cy - 1, cy, cy + 1):
                    for qx, qy, qr in grid.get((gx, gy), ()):
                        if (px - qx) ** 2 + (py - qy) ** 2 < (r + qr + 2) ** 2:
                            free = False
                            break
                    if not free:
                        break
                if not free:
                    break
            if free:
                spot = (x, y)
                break
        if spot is None:  # crowded: a stable spot in the zone, from the actor's id
            misses[zone] = misses.get(zone, 0) + 1
            hx, hy = hash01(actor.id), hash01(actor.id[::-1] + "y")
            spot = (bx0 + (bx1 - bx0) * hx, by0 + (by1 - by0) * hy)
        x, y = round(spot[0], 4), round(spot[1], 4)
        key = (int(x * ux // cell), int(y * uy // cell))
        bucket = grid.setdefault(key, [])
        if len(bucket) < 6:
            bucket.append((x * ux, y * uy, r))
        placed.append(Placed(actor, role, x, y, size, rank))
    return placed

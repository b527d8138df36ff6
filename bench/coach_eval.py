"""How right the coach is: precision and recall of the strategy rules (part 3) on a labelled
corpus of what trainees write (tests/coach_corpus/*.yaml).

    python bench/coach_eval.py             # the figures, per rule and overall
    python bench/coach_eval.py --verbose   # also every item the coach got wrong
    python bench/coach_eval.py --theme vennestreek_boeren   # one theme only

Each corpus file is one theme: a `base` case (a sound analysis and a sound strategy, which the
coach leaves silent) and `items`, each a fragment a trainee might write (an action, a plan, a
topic, a rewrite, a dialogue, a position) put into that base, with the rule ids a trainer
expects the coach to raise (`expect: []` for a sound item). The coach is run on each item's
case with the rules of part 3; a rule that fires and was expected counts as a true positive,
one that fires and was not expected as a false positive, one expected that stays silent as a
false negative. Overall figures add up every (item, rule) pair.

Prints a table, and one JSON object on its last line: `items`, `precision`, `recall`,
`per_rule` ({rule: {precision, recall, tp, fp, fn}}), `sound` (items expected silent), `langs`.
tests/test_coach_eval.py runs the same code and keeps the figures from falling.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from workbook import coach  # noqa: E402
from workbook.case.model import Case  # noqa: E402

CORPUS = ROOT / "tests" / "coach_corpus"
# what an item may say, besides its id, lang, expect and why
FRAGMENTS = ("action", "plan", "topic", "checks", "rewrite", "original", "dialogue",
             "target_group", "me", "intended", "answers")


@dataclass(frozen=True)
class Item:
    id: str
    theme: str  # the corpus file's stem
    lang: str
    case: Case
    expect: frozenset[str]
    why: str = ""


def load_corpus(directory: Path = CORPUS) -> list[Item]:
    """Every item of every corpus file, as a case to run the coach on."""
    items: list[Item] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = doc["base"]
        for raw in doc["items"]:
            unknown = set(raw) - {"id", "lang", "expect", "why", *FRAGMENTS}
            if unknown:
                raise ValueError(f"{path.name}: item {raw.get('id')}: unknown keys {unknown}")
            if raw["id"] in seen:
                raise ValueError(f"{path.name}: item id {raw['id']} appears twice")
            if raw.get("lang") not in ("nl", "en"):
                raise ValueError(f"{path.name}: item {raw['id']}: lang must be nl or en")
            seen.add(raw["id"])
            items.append(Item(raw["id"], path.stem, raw["lang"], build_case(base, raw),
                              frozenset(raw.get("expect") or ()), raw.get("why", "")))
    return items


def base_cases(directory: Path = CORPUS) -> dict[str, Case]:
    """The base case of each theme (the coach should say nothing about them)."""
    return {path.stem: build_case(yaml.safe_load(path.read_text(encoding="utf-8"))["base"], {})
            for path in sorted(directory.glob("*.yaml"))}


def build_case(base: dict, item: dict) -> Case:
    """The base case with the item's fragment put in: an action is added to the plan, a plan
    replaces it, a topic or a rewrite replaces the base's, a dialogue, an intended place or
    answers are laid over the base's."""
    doc = copy.deepcopy(base)
    answers: dict[str, dict[str, Any]] = doc.setdefault("answers", {})
    strategy: dict[str, Any] = doc.setdefault("strategy", {})

    def sheet(name: str) -> dict[str, Any]:
        return answers.setdefault(name, {})

    if "topic" in item:
        sheet("topic")["question"] = item["topic"]
    if "checks" in item:
        sheet("topic")["checks"] = list(item["checks"])
    if "rewrite" in item:
        sheet("tone")["rewrites"] = [{"original": item.get("original", ""),
                                      "rewrite": item["rewrite"], "by": ""}]
    if "dialogue" in item:
        sheet("dialogue").update(item["dialogue"])
    if "target_group" in item:
        sheet("target_group")["who"] = list(item["target_group"])
    for name, fields in (item.get("answers") or {}).items():
        sheet(name).update(fields)
    if "action" in item:
        strategy["actions"] = [*strategy.get("actions", []), {"id": "item", **item["action"]}]
    if "plan" in item:
        strategy["actions"] = [{"id": f"p{i}", **a} for i, a in enumerate(item["plan"], 1)]
    if "me" in item:
        strategy["me"] = item["me"]
    if "intended" in item:
        strategy["intended"] = {**strategy.get("intended", {}), **item["intended"]}
    return Case.model_validate(doc)


def measured_rules(framework: Any) -> list[str]:
    """The rules the corpus measures: those of part 3 (the strategy)."""
    return [r.id for r in framework.coach_rules
            if r.worksheet and framework.worksheet(r.worksheet).part == 3]


def fired(case: Case, framework: Any) -> set[str]:
    return {h.id for h in coach.hints(case, framework, part=3)}


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def evaluate(items: list[Item], framework: Any) -> dict[str, Any]:
    """The figures, and what went wrong per item."""
    rules = measured_rules(framework)
    counts = {r: {"tp": 0, "fp": 0, "fn": 0} for r in rules}
    wrong = []
    for item in items:
        got = fired(item.case, framework)
        for rule in rules:
            exp, hit = rule in item.expect, rule in got
            if exp and hit:
                counts[rule]["tp"] += 1
            elif hit:
                counts[rule]["fp"] += 1
            elif exp:
                counts[rule]["fn"] += 1
        if got != set(item.expect):
            wrong.append({"id": item.id, "expected": sorted(item.expect), "fired": sorted(got)})
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    per_rule = {r: {"precision": _ratio(c["tp"], c["tp"] + c["fp"]),
                    "recall": _ratio(c["tp"], c["tp"] + c["fn"]), **c}
                for r, c in counts.items()}
    return {
        "items": len(items),
        "sound": sum(1 for i in items if not i.expect),
        "langs": {lang: sum(1 for i in items if i.lang == lang) for lang in ("nl", "en")},
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "per_rule": per_rule,
        "wrong": wrong,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every item got wrong")
    parser.add_argument("--theme", action="append", default=[],
                        help="measure only this theme (a corpus file's stem); repeatable")
    args = parser.parse_args(argv)
    from workbook.framework.loader import load_dir

    catalogue = load_dir()
    if catalogue.problems:  # a rule file that does not load would measure a coach without it
        for problem in catalogue.problems:
            print(problem.format(), file=sys.stderr)
        return 1
    framework = catalogue.get("brandsma")
    items = [i for i in load_corpus() if not args.theme or i.theme in args.theme]
    result = evaluate(items, framework)

    def show(x: float | None) -> str:
        return "  -  " if x is None else f"{x:.3f}"

    print(f"{'rule':32} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}",
          file=sys.stderr)
    for rule, f in result["per_rule"].items():
        print(f"{rule:32} {show(f['precision']):>9} {show(f['recall']):>7} "
              f"{f['tp']:>4} {f['fp']:>4} {f['fn']:>4}", file=sys.stderr)
    print(f"{'overall':32} {show(result['precision']):>9} {show(result['recall']):>7}",
          file=sys.stderr)
    print(f"{result['items']} items ({result['langs']['nl']} nl, {result['langs']['en']} en), "
          f"{result['sound']} sound; {len(result['wrong'])} not exactly right", file=sys.stderr)
    if args.verbose:
        by_id = {i.id: i for i in items}
        for w in result["wrong"]:
            print(f"  {w['id']}: expected {w['expected']}, fired {w['fired']}"
                  f"{'  # ' + by_id[w['id']].why if by_id[w['id']].why else ''}",
                  file=sys.stderr)
    summary = {k: result[k] for k in ("items", "precision", "recall", "per_rule", "sound",
                                      "langs")}
    print(json.dumps(summary, sort_keys=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

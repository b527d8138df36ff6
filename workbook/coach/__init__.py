"""The coach: rules kept in YAML that read a case and say, in the framework's terms, what a
trainer would point out. `vocabulary` is the language a rule is written in, `checks` checks
rules against their framework, `evaluate` runs them on a case, `patterns` matches words,
`pitfalls` lists the bridge builder's pitfalls per action, `texts` reads one piece of
text with the same rules.

Uses the case and the shared core only (a framework is passed in, never imported).
"""

from workbook.coach.checks import rule_problems
from workbook.coach.evaluate import (Hint, action_hints, evaluate_rules, hints, holds,
                                     is_blank)
from workbook.coach.patterns import text_matches
from workbook.coach.texts import answers_read, text_hints
from workbook.coach.vocabulary import (SEVERITY_ORDER, CoachRule, Condition, Lexicon,
                                       Pattern)

__all__ = ["SEVERITY_ORDER", "CoachRule", "Condition", "Hint", "Lexicon", "Pattern",
           "action_hints", "answers_read", "evaluate_rules", "hints", "holds", "is_blank",
           "rule_problems", "text_hints", "text_matches"]

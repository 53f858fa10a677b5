"""The bridge between stored scoring panels and the rules core (`rules.scoring`)."""

from __future__ import annotations

from fractions import Fraction

from dahui import rules
from dahui.appraisal.models import PanelEntry, PanelJudge, PanelScore, ScoringPanel
from dahui.rules.scoring import conflicts, parse_score


def _fraction(value: str, *, field: str) -> Fraction:
    try:
        return Fraction(value.strip())
    except (ValueError, ZeroDivisionError, AttributeError):
        raise ValueError(f"{field}: {value!r} is not a number such as 100") from None


def panel_rules(panel: ScoringPanel) -> rules.ScoringRules:
    return rules.ScoringRules(
        low=_fraction(panel.low, field="low"), high=_fraction(panel.high, field="high"),
        decimals=panel.decimals, exclude_same_unit=panel.exclude_same_unit,
    )


def rules_judge(judge: PanelJudge) -> rules.Judge:
    return rules.Judge(id=judge.rules_id, name=judge.name, unit=judge.unit)


def rules_entry(entry: PanelEntry) -> rules.Entry:
    return rules.Entry(
        id=entry.rules_id, title=entry.title, unit=entry.unit,
        authors=tuple(judge.rules_id for judge in entry.authors.all()),
    )


def rules_panel(panel: ScoringPanel) -> rules.Panel:
    return rules.Panel(
        title=panel.title,
        judges=tuple(rules_judge(j) for j in panel.judges.order_by("id")),
        entries=tuple(rules_entry(e) for e in
                      panel.entries.order_by("order", "id").prefetch_related("authors")),
        rules=panel_rules(panel),
    )


def conflict_reasons(*, entry: PanelEntry, judge: PanelJudge) -> tuple[str, ...]:
    """Why `judge` does not score `entry` (the rules core's AUTHOR, SAME_UNIT), or ()."""
    return conflicts(rules_panel(entry.panel), rules_judge(judge), rules_entry(entry))


def check_score(*, entry: PanelEntry, judge: PanelJudge, score: str) -> Fraction:
    """Raises the rules core's `ConflictedScore` or `InvalidScore`."""
    panel = rules_panel(entry.panel)
    reasons = conflicts(panel, rules_judge(judge), rules_entry(entry))
    if reasons:
        raise rules.ConflictedScore(judge=judge.name, entry=entry.title, reasons=reasons)
    return parse_score(score, panel.rules)


def panel_result(panel: ScoringPanel) -> rules.PanelResult:
    scores = {
        (s.judge.rules_id, s.entry.rules_id): s.score
        for s in PanelScore.objects.filter(judge__panel=panel).select_related("judge", "entry")
    }
    return rules.score_panel(rules_panel(panel), scores)

"""Access gates for appraisals and scoring panels, on the roles `congress.access` gives.

An appraisal's vote is a poll and goes through `elections.access` like every other; these
gates cover the appraisal's own pages. A scoring panel is judged by named users: a judge
sees and scores their panel, staff who may see results see every panel, and delegates see
a panel's result once it is published.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dahui.appraisal.models import Appraisal, PanelJudge, ScoringPanel
from dahui.congress.access import ATTENDING, DELEGATE, roles_of
from dahui.congress.auth_backends import is_delegate_only
from dahui.congress.models import Congress
from dahui.elections.access import NEEDS, STAFF_RESULT, PollNeed


class PanelNeed(StrEnum):
    SET_UP = "set_up"  # create the panel, its judges and entries; publish
    VIEW = "view"  # the panel page: entries, scores so far
    SCORE = "score"  # enter one's own scores
    RESULT = "result"  # the ranking and its documents


def _load(model, pk: int, *related: str):
    try:
        return model.objects.select_related(*related).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no {model.__name__} {pk}") from None


def may_see_appraisals(user, congress: Congress) -> bool:
    return bool(roles_of(user, congress) & STAFF_RESULT)


def access_appraisal(user, appraisal_id: int, *, need: PollNeed) -> Appraisal:
    """SET_UP edits the list; RESULT (staff who see results) reads the appraisal page."""
    appraisal = _load(Appraisal, appraisal_id, "congress")
    roles = roles_of(user, appraisal.congress)
    allowed = roles & (STAFF_RESULT if need == PollNeed.RESULT else NEEDS[need])
    if not allowed:
        raise PermissionDenied(f"needs {need.value} on appraisal {appraisal_id}")
    return appraisal


def judge_of(user, panel: ScoringPanel) -> PanelJudge | None:
    if not getattr(user, "is_authenticated", False) or is_delegate_only(user):
        return None
    return PanelJudge.objects.filter(panel=panel, user_id=user.pk).first()


def panel_allows(user, panel: ScoringPanel, need: PanelNeed) -> bool:
    roles = roles_of(user, panel.congress)
    if need == PanelNeed.SET_UP:
        return bool(roles & NEEDS[PollNeed.SET_UP])
    if need == PanelNeed.SCORE:
        return judge_of(user, panel) is not None and panel.published_at is None
    if need == PanelNeed.VIEW:
        return bool(roles & STAFF_RESULT) or judge_of(user, panel) is not None
    # RESULT: staff and the judges at any time, delegates once it is published.
    if roles & STAFF_RESULT or judge_of(user, panel) is not None:
        return True
    return panel.published_at is not None and bool(roles & {DELEGATE, ATTENDING})


def access_panel(user, panel_id: int, *, need: PanelNeed) -> ScoringPanel:
    panel = _load(ScoringPanel, panel_id, "congress")
    if not panel_allows(user, panel, need):
        raise PermissionDenied(f"needs {need.value} on panel {panel_id}")
    return panel

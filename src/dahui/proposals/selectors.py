"""Reads of proposals that depend on who asks, and the figures the reports and the hall show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from dahui.congress.models import Congress, Delegate
from dahui.proposals.models import (
    Assignment,
    Department,
    Proposal,
    ProposalSettings,
    Reply,
    Signature,
)
from dahui.rules import proposals as rules


def settings_of(congress: Congress) -> ProposalSettings:
    """The congress's settings, or the defaults (unsaved) before the secretariat set any."""
    found = ProposalSettings.objects.filter(congress=congress).first()
    return found if found is not None else ProposalSettings(congress=congress)


def collection_open(congress: Congress, *, now: dt.datetime | None = None) -> bool:
    settings = settings_of(congress)
    try:
        rules.check_window(opens_at=settings.opens_at, closes_at=settings.closes_at,
                           now=now or timezone.now())
    except rules.CollectionClosed:
        return False
    return True


def _full(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.select_related("proposer__delegation", "merged_into").prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("delegate")),
        Prefetch("assignments",
                 queryset=Assignment.objects.select_related("department")
                 .prefetch_related(Prefetch("replies", queryset=Reply.objects.all()))),
        "verdicts",
    )


def proposal_detail(proposal_id: int) -> Proposal | None:
    return _full(Proposal.objects.filter(pk=proposal_id)).first()


def all_proposals(congress: Congress) -> QuerySet[Proposal]:
    """Every proposal handed in (drafts are their authors' until then), by number."""
    return _full(congress.proposals.exclude(state=rules.DRAFT)).order_by("number")


def drafts(congress: Congress) -> QuerySet[Proposal]:
    return _full(congress.proposals.filter(state=rules.DRAFT)).order_by("created_at", "id")


def own_proposals(delegate: Delegate) -> QuerySet[Proposal]:
    return _full(Proposal.objects.filter(proposer=delegate)).order_by("-created_at", "-id")


def invitations(delegate: Delegate) -> QuerySet[Proposal]:
    """Drafts the delegate was asked to support and has not confirmed yet."""
    return _full(Proposal.objects.filter(
        state=rules.DRAFT, signatures__delegate=delegate, signatures__confirmed_at__isnull=True,
    )).order_by("created_at")


def open_for_seconding(delegate: Delegate) -> QuerySet[Proposal]:
    """Other delegates' drafts the delegate could pick and second: not their own, not one
    they already support or were invited to."""
    return _full(
        Proposal.objects.filter(congress_id=delegate.congress_id, state=rules.DRAFT)
        .exclude(proposer=delegate).exclude(signatures__delegate=delegate)
    ).order_by("created_at")


def seconded_by(delegate: Delegate) -> QuerySet[Proposal]:
    return _full(Proposal.objects.filter(
        signatures__delegate=delegate, signatures__confirmed_at__isnull=False,
    )).order_by("-created_at")


def departments_of(user, congress: Congress) -> QuerySet[Department]:
    if not getattr(user, "is_authenticated", False):
        return Department.objects.none()
    return Department.objects.filter(congress=congress, members__user_id=user.pk)


def department_proposals(department: Department) -> QuerySet[Proposal]:
    return _full(Proposal.objects.filter(assignments__department=department)).order_by("number")


def merge_targets(proposal: Proposal) -> QuerySet[Proposal]:
    return (Proposal.objects.filter(congress_id=proposal.congress_id,
                                    state__in=rules.REGISTERED_STATES)
            .exclude(pk=proposal.pk).order_by("number"))


def overdue(congress: Congress, *, today: dt.date | None = None) -> list[Proposal]:
    today = today or timezone.localdate()
    return [p for p in all_proposals(congress).filter(state__in=rules.AWAITING_REPLY)
            if rules.is_overdue(state=p.state, deadline=p.deadline, today=today)]


def lead_of(proposal: Proposal) -> Assignment | None:
    return next((a for a in proposal.assignments.all() if a.lead), None)


def replies_of(proposal: Proposal) -> list[Reply]:
    """Every reply, lead department first within a round."""
    replies = [(reply, assignment) for assignment in proposal.assignments.all()
               for reply in assignment.replies.all()]
    replies.sort(key=lambda pair: (pair[0].round, not pair[1].lead, pair[0].replied_at))
    for reply, assignment in replies:
        reply.department = assignment.department
        reply.lead = assignment.lead
    return [reply for reply, _assignment in replies]


def review_counts(congress: Congress) -> rules.ReviewCounts:
    lines = [rules.ReviewLine(category=category, state=state)
             for category, state in congress.proposals.values_list("category", "state")]
    return rules.count_review(lines, categories=tuple(settings_of(congress).categories))


def session_review_counts(congress: Congress, session) -> rules.ReviewCounts | None:
    """The review counts as the minutes of the session that hears the proposals committee's
    report record them; None for every other session (or when no report item is set)."""
    item_id = settings_of(congress).report_item_id
    if item_id is None or not congress.agenda_items.filter(pk=item_id, session=session).exists():
        return None
    return review_counts(congress)


@dataclass(frozen=True)
class HandlingCounts:
    registered: int
    awaiting_reply: int
    overdue: int
    replied: int
    satisfied: int
    basically_satisfied: int
    not_satisfied: int


def handling_counts(congress: Congress) -> HandlingCounts:
    today = timezone.localdate()
    registered = list(congress.proposals.filter(state__in=rules.REGISTERED_STATES)
                      .prefetch_related("verdicts"))
    finals = [max(p.verdicts.all(), key=lambda v: v.round).verdict
              for p in registered if p.state == rules.CLOSED and p.verdicts.all()]
    return HandlingCounts(
        registered=len(registered),
        awaiting_reply=sum(p.state in rules.AWAITING_REPLY for p in registered),
        overdue=sum(rules.is_overdue(state=p.state, deadline=p.deadline, today=today)
                    for p in registered),
        replied=sum(p.state in {rules.REPLIED, rules.CLOSED} for p in registered),
        satisfied=finals.count(rules.SATISFIED),
        basically_satisfied=finals.count(rules.BASICALLY_SATISFIED),
        not_satisfied=finals.count(rules.NOT_SATISFIED),
    )


def screen_counts(congress: Congress) -> dict | None:
    """The counts for the hall screen, while the secretariat shows them or the agenda is at
    the proposals report; None otherwise."""
    settings = settings_of(congress)
    shown = settings.on_screen or (
        settings.report_item_id is not None
        and settings.report_item_id == congress.current_item_id
    )
    if not shown:
        return None
    counts = review_counts(congress)
    return {"total": counts.total, "registered": counts.registered,
            "merged": counts.merged, "not_registered": counts.not_registered,
            "opinion": counts.opinion, "pending": counts.pending}



"""Reads that need care: who is entitled, who is present, the attendance figures.

Who is entitled and whether there is a quorum are decided by `dahui.rules`; these functions
only bring the rows to the rules and back.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q, QuerySet
from django.utils import timezone

from dahui.congress.models import (
    AgendaItem,
    Attendance,
    Congress,
    CredentialStatus,
    Delegate,
    DelegateStatus,
    DelegateToken,
    LeaveRequest,
    LeaveStatus,
    PlenarySession,
)
from dahui.rules.entitlement import is_entitled
from dahui.rules.quorum import has_quorum, quorum_required


def _entitled_filter(congress: Congress) -> Q:
    # The rule is asked once per (status, credential) pair, and the answers become one SQL
    # filter, so a 30,000-member electorate is never loaded into Python to be counted.
    allowed = Q(pk__in=[])
    for status, credential in itertools.product(DelegateStatus.values, CredentialStatus.values):
        if is_entitled(
            status=status,
            credential_confirmed=credential == CredentialStatus.CONFIRMED,
            invitees_vote=congress.invitees_vote,
        ):
            allowed |= Q(status=status, credential_status=credential)
    return allowed


def entitled_delegates(congress: Congress) -> QuerySet[Delegate]:
    """应到: the delegates with a vote in this congress."""
    return Delegate.objects.filter(_entitled_filter(congress), congress=congress)


def checked_in_delegates(session: PlenarySession) -> QuerySet[Delegate]:
    """Everyone checked in for the session (列席 included; see `attendance_figures`)."""
    return Delegate.objects.filter(attendances__session=session)


def present_entitled_delegates(session: PlenarySession) -> QuerySet[Delegate]:
    """实到: entitled delegates checked in for the session."""
    return entitled_delegates(session.congress).filter(attendances__session=session)


@dataclass(frozen=True)
class AttendanceFigures:
    session_id: int
    entitled: int  # 应到
    present: int  # 实到
    on_leave: int  # 请假 (approved, not checked in)
    absent: int  # 缺席
    quorum: str
    quorum_required: int
    has_quorum: bool


def attendance_figures(session: PlenarySession) -> AttendanceFigures:
    congress = session.congress
    entitled = entitled_delegates(congress)
    present_ids = Attendance.objects.filter(session=session).values("delegate_id")
    entitled_count = entitled.count()
    present = entitled.filter(pk__in=present_ids).count()
    on_leave = (
        entitled.exclude(pk__in=present_ids)
        .filter(
            leave_requests__session=session, leave_requests__status=LeaveStatus.APPROVED
        )
        .count()
    )
    return AttendanceFigures(
        session_id=session.pk,
        entitled=entitled_count,
        present=present,
        on_leave=on_leave,
        absent=entitled_count - present - on_leave,
        quorum=congress.quorum,
        quorum_required=quorum_required(entitled_count, Fraction(congress.quorum)),
        has_quorum=has_quorum(
            entitled=entitled_count, present=present, quorum=Fraction(congress.quorum)
        ),
    )


def current_session(congress: Congress) -> PlenarySession | None:
    """The session of the current agenda item: the hall follows the agenda, not the clock.
    With no current item (or one filed under no session), the latest session that has
    started, else the first one."""
    if congress.current_item_id:
        session = PlenarySession.objects.filter(
            agenda_items__pk=congress.current_item_id).first()
        if session is not None:
            return session
    sessions = congress.sessions.order_by("number")
    started = sessions.filter(starts_at__lte=timezone.now()).last()
    return started or sessions.first()


def search_delegates(congress: Congress, query: str, *, limit: int = 20) -> QuerySet[Delegate]:
    query = query.strip()
    found = Delegate.objects.filter(congress=congress).select_related("delegation")
    if not query:
        return found.none()
    return found.filter(
        Q(name__contains=query) | Q(number__startswith=query) | Q(work_unit__contains=query)
    )[:limit]


def active_token(delegate: Delegate) -> DelegateToken | None:
    return delegate.tokens.filter(revoked_at__isnull=True).first()


def delegate_for_token(key: str) -> Delegate | None:
    token = (
        DelegateToken.objects.select_related("delegate__user")
        .filter(key=key, revoked_at__isnull=True)
        .first()
    )
    return token.delegate if token else None


def agenda(congress: Congress) -> QuerySet[AgendaItem]:
    return congress.agenda_items.select_related("session").prefetch_related("documents")


def pending_leave_requests(session: PlenarySession) -> QuerySet[LeaveRequest]:
    return session.leave_requests.filter(status=LeaveStatus.PENDING).select_related(
        "delegate__delegation"
    )


def congresses_of(user) -> QuerySet[Congress]:
    """The congresses a user has any part in, newest first."""
    if not user.is_authenticated:
        return Congress.objects.none()
    if user.is_superuser:
        return Congress.objects.order_by("-starts_on")
    return (
        Congress.objects.filter(Q(roles__user=user) | Q(delegates__user=user))
        .distinct()
        .order_by("-starts_on")
    )


def door_card(delegate: Delegate) -> dict:
    """What the door scanner shows after a scan: who, from where, and whether they vote."""
    votes = is_entitled(
        status=delegate.status,
        credential_confirmed=delegate.credential_status == CredentialStatus.CONFIRMED,
        invitees_vote=delegate.congress.invitees_vote,
    )
    return {
        "name": delegate.name,
        "number": delegate.number,
        "delegation": delegate.delegation.name,
        "status": delegate.status,
        "status_label": str(delegate.get_status_display()),
        "credential_status": delegate.credential_status,
        "credential_label": str(delegate.get_credential_status_display()),
        "votes": votes,
    }


@dataclass(frozen=True)
class DelegationAbsentees:
    delegation: str
    absent: list[Delegate]
    on_leave: list[tuple[Delegate, str]]  # with the reason


def absentees(session: PlenarySession) -> list[DelegationAbsentees]:
    """缺席 and 请假 of a session among the entitled, grouped by delegation in its order;
    delegations with nobody missing are left out."""
    present_ids = Attendance.objects.filter(session=session).values("delegate_id")
    missing = (
        entitled_delegates(session.congress).exclude(pk__in=present_ids)
        .select_related("delegation").order_by("delegation__order", "delegation__name", "number")
    )
    leave_reasons = dict(
        session.leave_requests.filter(status=LeaveStatus.APPROVED)
        .values_list("delegate_id", "reason")
    )
    groups: dict[int, DelegationAbsentees] = {}
    for delegate in missing:
        group = groups.setdefault(
            delegate.delegation_id,
            DelegationAbsentees(delegation=delegate.delegation.name, absent=[], on_leave=[]),
        )
        if delegate.pk in leave_reasons:
            group.on_leave.append((delegate, leave_reasons[delegate.pk]))
        else:
            group.absent.append(delegate)
    return list(groups.values())


def voted_agenda_item_ids(congress: Congress) -> set[int]:
    """Agenda items with a vote opened (a motion or an election round): kept as they are."""
    return set(
        AgendaItem.objects.filter(congress=congress)
        .filter(Q(elections__polls__opened_at__isnull=False)
                | Q(motions__polls__opened_at__isnull=False))
        .values_list("pk", flat=True)
    )


def credential_review_rows(
    congress: Congress, *, query: str = "", credential: str = "", status: str = "",
    delegation_id: int | None = None,
) -> QuerySet[Delegate]:
    """The credentials review table, searched (name, number, work unit) and filtered."""
    rows = Delegate.objects.filter(congress=congress).select_related("delegation", "replaced_by")
    query = query.strip()
    if query:
        rows = rows.filter(
            Q(name__contains=query) | Q(number__startswith=query) | Q(work_unit__contains=query)
            | Q(position__contains=query)
        )
    if credential:
        rows = rows.filter(credential_status=credential)
    if status:
        rows = rows.filter(status=status)
    if delegation_id is not None:
        rows = rows.filter(delegation_id=delegation_id)
    return rows.order_by("number")

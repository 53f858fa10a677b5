"""Reads of the group discussions: the groups as pages show them, the summaries side by side,
and the plain data the minutes, the export and the 简报 are made from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from dahui import rules
from dahui.congress.models import AgendaItem, Congress, Delegate, PlenarySession
from dahui.congress.selectors import attendance_figures
from dahui.documents.bulletin import BulletinFacts, SessionAttendance
from dahui.documents.discussions import GroupSummary, ItemDiscussion, SummaryRow
from dahui.documents.minutes import ElectionOutcome, MotionOutcome
from dahui.elections.models import Poll, PollState
from dahui.elections.selectors import poll_result
from dahui.groups.models import (
    DiscussionGroup,
    DiscussionSummary,
    GroupRole,
    GroupRoleKind,
    GroupSitting,
    SummaryState,
)

STATE_WORDS = {None: "未填写", SummaryState.DRAFT: "草稿", SummaryState.FINAL: "已提交"}


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(local_zone()).date()


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def person_name(user) -> str:
    if user is None:
        return ""
    delegate = Delegate.objects.filter(user=user).only("name").first()
    return delegate.name if delegate else (user.get_full_name() or user.get_username())


def groups(congress: Congress):
    """The congress's groups with their member counts, roles and sittings."""
    return (
        DiscussionGroup.objects.filter(congress=congress)
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related(
            Prefetch("roles", queryset=GroupRole.objects.select_related("user")),
            Prefetch("sittings", queryset=GroupSitting.objects.select_related("item")),
        )
        .order_by("order", "id")
    )


def role_holders(group: DiscussionGroup) -> dict[str, object]:
    """{"convener": user or None, "recorder": user or None}."""
    held = {r.role: r.user for r in group.roles.all()}
    return {kind: held.get(kind) for kind in GroupRoleKind.values}


def members(group: DiscussionGroup) -> tuple[Delegate, ...]:
    """The group's delegates in surname stroke order."""
    return rules.ballot_order(
        Delegate.objects.filter(pk__in=group.members.values("delegate_id"))
        .select_related("delegation")
    )


def groups_of_user(user, congress: Congress) -> list[DiscussionGroup]:
    """The groups the user belongs to, convenes or records."""
    if not user.is_authenticated:
        return []
    return list(
        DiscussionGroup.objects.filter(congress=congress)
        .filter(Q(members__delegate__user=user) | Q(roles__user=user))
        .distinct().order_by("order", "id")
    )


def items_discussed(congress: Congress) -> list[AgendaItem]:
    """Agenda items that at least one group discusses, in agenda order."""
    return list(
        congress.agenda_items.filter(
            pk__in=GroupSitting.objects.filter(group__congress=congress).values("item_id")
        ).order_by("order", "id")
    )


@dataclass(frozen=True)
class SideBySide:
    group: DiscussionGroup
    sitting: GroupSitting | None
    summary: DiscussionSummary | None
    recorder: str
    convener: str


def side_by_side(congress: Congress, item: AgendaItem) -> list[SideBySide]:
    """Every group that discusses `item` (or has written about it), its summary or none."""
    sittings = {s.group_id: s for s in GroupSitting.objects.filter(item=item)}
    summaries = {s.group_id: s for s in DiscussionSummary.objects.filter(item=item)
                 .select_related("updated_by")}
    cards = []
    for group in groups(congress):
        if group.pk not in sittings and group.pk not in summaries:
            continue
        holders = role_holders(group)
        cards.append(SideBySide(
            group=group, sitting=sittings.get(group.pk), summary=summaries.get(group.pk),
            recorder=person_name(holders[GroupRoleKind.RECORDER]),
            convener=person_name(holders[GroupRoleKind.CONVENER]),
        ))
    return cards


def _when(sitting: GroupSitting | None) -> str:
    if sitting is None:
        return ""
    starts = sitting.starts_at.astimezone(local_zone())
    ends = sitting.ends_at.astimezone(local_zone())
    return f"{starts:%m月%d日 %H:%M}–{ends:%H:%M}"


def export_rows(cards: list[SideBySide]) -> list[SummaryRow]:
    rows = []
    for card in cards:
        summary = card.summary
        rows.append(SummaryRow(
            group=card.group.name, members=card.group.member_count,
            state=STATE_WORDS[summary.state if summary else None],
            present=summary.present if summary else None,
            text=summary.text if summary else "",
            opinions=summary.opinion_lines() if summary else (),
            room=card.sitting.room if card.sitting else "", when=_when(card.sitting),
            recorder=card.recorder,
            updated=(f"{summary.updated_at.astimezone(local_zone()):%m月%d日 %H:%M}"
                     if summary else ""),
        ))
    return rows


def _item_discussions(summaries) -> list[ItemDiscussion]:
    by_item: dict[int, tuple[AgendaItem, list[GroupSummary]]] = {}
    for summary in summaries:
        entry = by_item.setdefault(summary.item_id, (summary.item, []))
        entry[1].append(GroupSummary(group=summary.group.name, present=summary.present,
                                     text=summary.text, opinions=summary.opinion_lines()))
    ordered = sorted(by_item.values(), key=lambda pair: (pair[0].order, pair[0].pk))
    return [ItemDiscussion(item=item.title, summaries=tuple(found)) for item, found in ordered]


def _submitted():
    return (DiscussionSummary.objects.filter(state=SummaryState.FINAL)
            .select_related("group", "item").order_by("group__order", "group_id"))


def session_discussions(session: PlenarySession) -> list[ItemDiscussion]:
    """The submitted summaries of the items on this session's agenda (for its minutes)."""
    return _item_discussions(_submitted().filter(item__session=session))


def day_discussions(congress: Congress, day: dt.date) -> list[ItemDiscussion]:
    """The submitted summaries of discussions held on `day`: by the date of the group's
    sitting for the item, or, without a sitting, the date the summary was submitted."""
    sittings = {(s.group_id, s.item_id): local_date(s.starts_at)
                for s in GroupSitting.objects.filter(group__congress=congress)}
    found = [
        s for s in _submitted().filter(group__congress=congress)
        if sittings.get((s.group_id, s.item_id), local_date(s.submitted_at)) == day
    ]
    return _item_discussions(found)


def congress_days(congress: Congress) -> list[dt.date]:
    days = []
    day = congress.starts_on
    while day <= congress.ends_on:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def bulletin_facts(congress: Congress, day: dt.date, *, number: int) -> BulletinFacts:
    """What the 简报 of `day` reports: the attendance of the day's plenary sessions, the
    reports heard in them, the results published that day, the groups' discussions."""
    sessions = [s for s in congress.sessions.order_by("number") if local_date(s.starts_at) == day]
    attendance = []
    for session in sessions:
        figures = attendance_figures(session)
        attendance.append(SessionAttendance(title=session.title, entitled=figures.entitled,
                                            present=figures.present, on_leave=figures.on_leave))
    heard = list(
        congress.agenda_items.filter(session__in=sessions, kind__in=["report", "speech",
                                                                     "greeting"])
        .order_by("order", "id").values_list("title", flat=True)
    )
    motions, elections = [], []
    published = [
        poll for poll in Poll.objects.filter(congress=congress, state=PollState.PUBLISHED,
                                             rehearsal=False)
        .select_related("motion", "election").order_by("published_at", "id")
        if poll.published_at and local_date(poll.published_at) == day
    ]
    for poll in published:
        data = poll.result or {}
        if poll.motion_id:
            motions.append(MotionOutcome(
                title=poll.motion.title, votes_for=data.get("for", 0),
                against=data.get("against", 0), abstain=data.get("abstain", 0),
                passed=data.get("status") == "passed",
            ))
        elif poll.election_id and (result := poll_result(poll)) is not None:
            seats = poll.seats or poll.election.seats
            # A round that calls a runoff leaves its seats open, not unfilled.
            final = data.get("status") != "runoff"
            elections.append(ElectionOutcome(
                title=poll.election.title, seats=seats, elected=result.elected_names,
                unfilled=max(0, seats - len(result.elected_names)) if final else 0,
            ))
    return BulletinFacts(
        congress_name=congress.title, number=number, date_text=date_text(day),
        editor="大会秘书处", attendance=attendance, items_heard=heard, motions=motions,
        elections=elections, discussions=day_discussions(congress, day),
    )

"""Every write to the group discussions: one change per function, atomic, audited, and
published on commit where a page follows it. Views, the demo and tests call these.

Refusals are `GroupError` with a Chinese message naming what is wrong; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui.audit.services import record
from dahui.congress.models import (
    WITHDRAWN_CREDENTIALS,
    AgendaItem,
    Congress,
    CongressRole,
    Delegate,
)
from dahui.groups import access
from dahui.groups.models import (
    Bulletin,
    DiscussionGroup,
    DiscussionSummary,
    GroupMember,
    GroupRole,
    GroupRoleKind,
    GroupSitting,
    SummaryState,
)
from dahui.live.events import DiscussionSummaryChanged, publish_on_commit
from dahui.rules.discussion import (
    ScheduleRefused,
    Slot,
    SummaryRefused,
    check_slot,
    check_summary,
)

NAME_MAX = 100
OPINIONS_MAX = 10_000


class GroupError(ValueError):
    """A refused change, with a message fit to show the user (Chinese first)."""


def not_recorder_message() -> str:
    return _("Only the recorder or the convener of “%(group)s” writes its summaries.")


def not_convener_message() -> str:
    return _("Only the convener of “%(group)s” takes a submitted summary back.")


def saved_by_another_message() -> str:
    return _("Someone else has just saved this summary; reload the page before changing it.")


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _refuse_control_characters(text: str, field: str) -> None:
    for char in text:
        if char not in "\n\t" and unicodedata.category(char) == "Cc":
            raise GroupError(
                _("%(field)s holds an invisible control character (U+%(code)s); remove it "
                  "and save again.") % {"field": field, "code": f"{ord(char):04X}"})


def _group_name(congress: Congress, name: str, *, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise GroupError(_("Give the group a name."))
    if len(name) > NAME_MAX:
        raise GroupError(_("The group name has %(length)d characters; at most %(max)d.")
                         % {"length": len(name), "max": NAME_MAX})
    _refuse_control_characters(name, _("The group name"))
    taken = DiscussionGroup.objects.filter(congress=congress, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise GroupError(_("There is already a group named “%(name)s”.") % {"name": name})
    return name


def _lock_congress(congress: Congress) -> None:
    """Serialise regrouping and scheduling within a congress (two desks at once)."""
    Congress.objects.select_for_update().filter(pk=congress.pk).first()


def _next_order(congress: Congress) -> int:
    return (congress.discussion_groups.aggregate(m=Max("order"))["m"] or 0) + 1


# ---- groups ------------------------------------------------------------------------


def groups_from_delegations(*, congress: Congress, by) -> list[DiscussionGroup]:
    """One group per delegation, named after it, with its delegates as members (the default
    grouping). Delegations that already have a group, and delegates already in a group, are
    left as they are, so running it again after a roster change only adds what is new."""
    made = []
    with transaction.atomic():
        _lock_congress(congress)
        grouped = set(
            GroupMember.objects.filter(group__congress=congress).values_list("delegate_id",
                                                                             flat=True)
        )
        for delegation in congress.delegations.order_by("order", "name"):
            group = DiscussionGroup.objects.filter(congress=congress,
                                                   delegation=delegation).first()
            if group is None:
                name = delegation.name
                if DiscussionGroup.objects.filter(congress=congress, name=name).exists():
                    name = _("%(delegation)s delegation") % {"delegation": delegation.name}
                group = DiscussionGroup.objects.create(
                    congress=congress, name=_group_name(congress, name),
                    order=_next_order(congress), delegation=delegation,
                )
                made.append(group)
            delegates = [
                d for d in Delegate.objects.filter(delegation=delegation).order_by("number")
                if d.credential_status not in WITHDRAWN_CREDENTIALS and d.pk not in grouped
            ]
            GroupMember.objects.bulk_create(
                [GroupMember(group=group, delegate=d) for d in delegates]
            )
            grouped.update(d.pk for d in delegates)
            if delegates or group in made:
                record(congress=congress, actor=by, action="groups.made_from_delegation",
                       subject=group.name,
                       data={"delegation": delegation.name,
                             "added": [d.number for d in delegates]})
    return made


def add_group(*, congress: Congress, name: str, by) -> DiscussionGroup:
    with transaction.atomic():
        _lock_congress(congress)
        group = DiscussionGroup.objects.create(
            congress=congress, name=_group_name(congress, name), order=_next_order(congress)
        )
        record(congress=congress, actor=by, action="groups.added", subject=group.name)
    return group


def rename_group(*, group: DiscussionGroup, name: str, by) -> DiscussionGroup:
    with transaction.atomic():
        _lock_congress(group.congress)
        name = _group_name(group.congress, name, exclude=group.pk)
        before = group.name
        if before == name:
            return group
        DiscussionGroup.objects.filter(pk=group.pk).update(name=name)
        group.name = name
        record(congress=group.congress_id, actor=by, action="groups.renamed", subject=name,
               data={"from": before, "to": name})
    return group


def _delegates_of_congress(congress: Congress, delegates: Iterable[Delegate]) -> list[Delegate]:
    delegates = list(delegates)
    for delegate in delegates:
        if delegate.congress_id != congress.pk:
            raise GroupError(_("%(who)s is not a delegate of this congress.")
                             % {"who": f"{delegate.number} {delegate.name}"})
        if delegate.credential_status in WITHDRAWN_CREDENTIALS:
            raise GroupError(
                _("The credential of %(who)s was rejected or replaced; they join no group.")
                % {"who": f"{delegate.number} {delegate.name}"})
    return delegates


def move_delegates(*, delegates: Iterable[Delegate], to: DiscussionGroup, by) -> int:
    """Put delegates into the group `to`, from whatever group they were in (or none)."""
    delegates = _delegates_of_congress(to.congress, delegates)
    if not delegates:
        raise GroupError(_("Choose the delegates to move."))
    moved = 0
    with transaction.atomic():
        _lock_congress(to.congress)
        for delegate in delegates:
            current = GroupMember.objects.filter(delegate=delegate).select_related("group").first()
            if current is not None and current.group_id == to.pk:
                continue
            if current is None:
                GroupMember.objects.create(group=to, delegate=delegate)
            else:
                GroupMember.objects.filter(pk=current.pk).update(group=to)
            moved += 1
            record(congress=to.congress_id, actor=by, action="groups.member_moved",
                   subject=f"{delegate.number} {delegate.name}",
                   data={"from": current.group.name if current else None, "to": to.name})
    return moved


def merge_groups(*, group: DiscussionGroup, into: DiscussionGroup, by) -> DiscussionGroup:
    """Merge `group` into `into`: its members move, the group and its sittings go. A group
    that has written summaries keeps them and is not merged (they are part of the record)."""
    if group.pk == into.pk:
        raise GroupError(_("A group cannot be merged into itself."))
    if group.congress_id != into.congress_id:
        raise GroupError(_("The two groups belong to different congresses."))
    with transaction.atomic():
        _lock_congress(group.congress)
        if DiscussionSummary.objects.filter(group=group).exists():
            raise GroupError(_("“%(group)s” has written summaries and cannot be merged; move its "
                               "delegates instead.") % {"group": group.name})
        members = list(GroupMember.objects.filter(group=group).values_list("delegate__number",
                                                                           flat=True))
        GroupMember.objects.filter(group=group).update(group=into)
        sittings = GroupSitting.objects.filter(group=group).count()
        DiscussionGroup.objects.filter(pk=group.pk).delete()
        record(congress=group.congress_id, actor=by, action="groups.merged", subject=group.name,
               data={"into": into.name, "members": members, "sittings_dropped": sittings})
    return into


def split_group(*, group: DiscussionGroup, name: str, delegates: Iterable[Delegate], by
                ) -> DiscussionGroup:
    """A new group named `name` with the chosen delegates of `group`."""
    delegates = _delegates_of_congress(group.congress, delegates)
    if not delegates:
        raise GroupError(_("Choose the delegates of the new group."))
    with transaction.atomic():
        _lock_congress(group.congress)
        in_group = set(GroupMember.objects.filter(group=group).values_list("delegate_id",
                                                                           flat=True))
        strangers = [d for d in delegates if d.pk not in in_group]
        if strangers:
            raise GroupError(_("%(who)s is not in “%(group)s”.") % {
                "who": f"{strangers[0].number} {strangers[0].name}", "group": group.name})
        if len(in_group) == len(delegates):
            raise GroupError(_("Not every member can be split off: at least one stays (or rename "
                               "the group)."))
        new = DiscussionGroup.objects.create(
            congress=group.congress, name=_group_name(group.congress, name),
            order=_next_order(group.congress),
        )
        GroupMember.objects.filter(group=group, delegate__in=delegates).update(group=new)
        record(congress=group.congress_id, actor=by, action="groups.split", subject=new.name,
               data={"from": group.name, "members": [d.number for d in delegates]})
    return new


def assign_role(*, group: DiscussionGroup, role: str, user, by) -> GroupRole:
    """Make `user` the group's convener or recorder (replacing the one before). They must be
    a member of the group or hold a staff role in the congress."""
    if role not in GroupRoleKind.values:
        raise GroupError(_("Unknown group role “%(role)s”.") % {"role": role[:20]})
    member = GroupMember.objects.filter(group=group, delegate__user=user).exists()
    staff = CongressRole.objects.filter(congress_id=group.congress_id, user=user).exists()
    if not (member or staff):
        raise GroupError(_("The %(role)s is chosen among the group's delegates or the congress "
                           "staff.") % {"role": GroupRoleKind(role).label})
    with transaction.atomic():
        held, _created = GroupRole.objects.update_or_create(
            group=group, role=role, defaults={"user": user}
        )
        record(congress=group.congress_id, actor=by, action="groups.role_assigned",
               subject=group.name,
               data={"role": role, "user": user.get_username(),
                     "name": user.get_full_name() or user.get_username()})
    return held


# ---- sittings ----------------------------------------------------------------------


def _slot(sitting: GroupSitting) -> Slot:
    return Slot(group=sitting.group_id, group_name=sitting.group.name, room=sitting.room,
                starts=sitting.starts_at, ends=sitting.ends_at)


def schedule_sitting(*, group: DiscussionGroup, item: AgendaItem, room: str,
                     starts_at: dt.datetime, ends_at: dt.datetime, by) -> GroupSitting:
    """Where and when the group discusses `item` (a second call for the same item moves it).
    Refused when the room is taken by another group, or the group sits elsewhere then."""
    if item.congress_id != group.congress_id:
        raise GroupError(_("This agenda item belongs to another congress."))
    room = " ".join(room.split())
    _refuse_control_characters(room, _("The room"))
    new = Slot(group=group.pk, group_name=group.name, room=room, starts=starts_at,
               ends=ends_at)
    with transaction.atomic():
        _lock_congress(group.congress)
        others = (GroupSitting.objects.filter(group__congress_id=group.congress_id)
                  .exclude(group=group, item=item).select_related("group"))
        try:
            check_slot(new, [_slot(s) for s in others])
        except ScheduleRefused as refused:
            raise GroupError(refused.chinese()) from None
        sitting, created = GroupSitting.objects.update_or_create(
            group=group, item=item,
            defaults={"room": room, "starts_at": starts_at, "ends_at": ends_at},
        )
        record(congress=group.congress_id, actor=by,
               action="groups.sitting_scheduled" if created else "groups.sitting_moved",
               subject=f"{group.name} {item.title}",
               data={"room": room, "starts_at": starts_at, "ends_at": ends_at})
    return sitting


def cancel_sitting(*, sitting: GroupSitting, by) -> None:
    with transaction.atomic():
        if DiscussionSummary.objects.filter(group=sitting.group, item=sitting.item).exists():
            raise GroupError(_("The group has a summary of this item; the sitting stays."))
        GroupSitting.objects.filter(pk=sitting.pk).delete()
        record(congress=sitting.group.congress_id, actor=by, action="groups.sitting_cancelled",
               subject=f"{sitting.group.name} {sitting.item.title}", data={"room": sitting.room})


# ---- summaries ---------------------------------------------------------------------


def _digest(summary: DiscussionSummary) -> str:
    return hashlib.sha256(f"{summary.present}\n{summary.text}\n{summary.opinions}".encode()
                          ).hexdigest()


def save_summary(
    *, group: DiscussionGroup, item: AgendaItem, text: str, opinions: str = "",
    present: int | None, by, version: int | None = None, submit: bool = False,
) -> DiscussionSummary:
    """The recorder (or the convener) saves the group's 讨论情况 of `item` as a draft, or
    submits it (`submit`): final from then on, until the convener takes it back.

    `version` is the version the writer's form was loaded with: a save over a newer one (the
    convener and the recorder editing at once) is refused rather than lost.
    """
    if not access.may_in_group(by, group, access.GroupNeed.WRITE):
        raise GroupError(not_recorder_message() % {"group": group.name})
    if item.congress_id != group.congress_id:
        raise GroupError(_("This agenda item belongs to another congress."))
    if not GroupSitting.objects.filter(group=group, item=item).exists():
        raise GroupError(_("“%(group)s” has no sitting for “%(item)s”.")
                         % {"group": group.name, "item": item.title})
    text, opinions = _clean(text), _clean(opinions)
    _refuse_control_characters(text, _("The discussion"))
    _refuse_control_characters(opinions, _("The key opinions"))
    if len(opinions) > OPINIONS_MAX:
        raise GroupError(_("The key opinions have %(length)d characters; at most %(max)d.")
                         % {"length": len(opinions), "max": OPINIONS_MAX})
    members = GroupMember.objects.filter(group=group).count()
    try:
        check_summary(text=text, present=present, members=members, final=submit)
    except SummaryRefused as refused:
        raise GroupError(refused.chinese()) from None
    now = timezone.now()
    state = SummaryState.FINAL if submit else SummaryState.DRAFT
    fields = {"text": text, "opinions": opinions, "present": present, "state": state,
              "updated_at": now, "updated_by": by,
              "submitted_at": now if submit else None}
    with transaction.atomic():
        summary = DiscussionSummary.objects.filter(group=group, item=item).first()
        if summary is None:
            if version not in (None, 0):
                raise GroupError(_("This summary is no longer there; reload the page."))
            try:
                with transaction.atomic():
                    summary = DiscussionSummary.objects.create(group=group, item=item, **fields)
            except IntegrityError:
                raise GroupError(saved_by_another_message()) from None
        else:
            if summary.is_final:
                raise GroupError(_("The summary is submitted and can no longer be changed; the "
                                   "convener can take it back to draft."))
            expected = summary.version if version is None else version
            updated = DiscussionSummary.objects.filter(
                pk=summary.pk, version=expected, state=SummaryState.DRAFT
            ).update(version=expected + 1, **fields)
            if updated != 1:
                raise GroupError(saved_by_another_message())
            summary.refresh_from_db()
        record(congress=group.congress_id, actor=by,
               action="groups.summary_submitted" if submit else "groups.summary_saved",
               subject=f"{group.name} {item.title}",
               data={"present": present, "characters": len(text) + len(opinions),
                     "version": summary.version, "sha256": _digest(summary)})
        publish_on_commit(DiscussionSummaryChanged(congress_id=group.congress_id,
                                                   group_id=group.pk, item_id=item.pk))
    return summary


def reopen_summary(*, summary: DiscussionSummary, reason: str, by) -> DiscussionSummary:
    """Submitted → draft again, by the group's convener, with a reason kept in the log."""
    group = summary.group
    if not access.may_in_group(by, group, access.GroupNeed.REOPEN):
        raise GroupError(not_convener_message() % {"group": group.name})
    reason = " ".join(reason.split())
    if not reason:
        raise GroupError(_("Give a reason for taking the summary back to draft."))
    if len(reason) > 200:
        raise GroupError(_("The reason is at most 200 characters."))
    with transaction.atomic():
        updated = DiscussionSummary.objects.filter(
            pk=summary.pk, state=SummaryState.FINAL
        ).update(state=SummaryState.DRAFT, submitted_at=None, version=summary.version + 1)
        if updated != 1:
            raise GroupError(_("This summary is a draft already."))
        summary.refresh_from_db()
        record(congress=group.congress_id, actor=by, action="groups.summary_reopened",
               subject=f"{group.name} {summary.item.title}", data={"reason": reason})
        publish_on_commit(DiscussionSummaryChanged(congress_id=group.congress_id,
                                                   group_id=group.pk, item_id=summary.item_id))
    return summary


# ---- the bulletin ------------------------------------------------------------------


def issue_bulletin(*, congress: Congress, day: dt.date, pdf_for, by) -> Bulletin:
    """Issue (印发) the day's 简报: numbered 第N期 in the order the days are first issued; a
    day issued again keeps its number and the newer PDF replaces the older (both are in the
    log with their digests). `pdf_for(number)` makes the PDF for that issue number."""
    if not congress.starts_on <= day <= congress.ends_on:
        raise GroupError(_("%(day)s is not a day of the congress (%(first)s to %(last)s).")
                         % {"day": day, "first": congress.starts_on, "last": congress.ends_on})
    with transaction.atomic():
        _lock_congress(congress)
        bulletin = Bulletin.objects.filter(congress=congress, day=day).first()
        number = bulletin.number if bulletin else (
            (congress.bulletins.aggregate(m=Max("number"))["m"] or 0) + 1)
        pdf = pdf_for(number)
        digest = hashlib.sha256(pdf).hexdigest()
        now = timezone.now()
        if bulletin is None:
            bulletin = Bulletin.objects.create(congress=congress, day=day, number=number,
                                               pdf=pdf, sha256=digest, issued_at=now,
                                               issued_by=by)
            action = "bulletin.issued"
        else:
            Bulletin.objects.filter(pk=bulletin.pk).update(pdf=pdf, sha256=digest,
                                                           issued_at=now, issued_by=by)
            bulletin.refresh_from_db()
            action = "bulletin.reissued"
        record(congress=congress, actor=by, action=action, subject=f"简报第{number}期",
               data={"day": day, "number": number, "bytes": len(pdf), "sha256": digest})
    return bulletin

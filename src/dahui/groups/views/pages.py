"""The group discussion pages: the list of groups, one group (organised by the secretariat),
a summary form for the recorder, and every group's summary of an item side by side."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.congress.models import CongressRole
from dahui.documents.discussions import summaries_xlsx
from dahui.groups import access, selectors, services
from dahui.groups.access import GroupNeed, Need
from dahui.groups.models import DiscussionGroup, DiscussionSummary, GroupRoleKind, GroupSitting
from dahui.groups.services import GroupError, not_convener_message, not_recorder_message
from dahui.groups.views.common import (
    XLSX,
    context,
    delegates_by_number,
    parse_count,
    parse_local_datetime,
)


@login_required
def index(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.access_groups(request.user, congress_id, need=Need.LIST)
    return _index(request, congress)


def _index(request, congress, *, status: int = 200, error: str = "") -> HttpResponse:
    listed = []
    for group in selectors.groups(congress):
        holders = selectors.role_holders(group)
        listed.append({
            "group": group,
            "convener": selectors.person_name(holders[GroupRoleKind.CONVENER]),
            "recorder": selectors.person_name(holders[GroupRoleKind.RECORDER]),
            "sittings": list(group.sittings.all()),
        })
    mine = selectors.groups_of_user(request.user, congress)
    return render(request, "groups/index.html", context(
        request, congress, listed=listed, mine=mine, error=error,
        items=selectors.items_discussed(congress),
    ), status=status)


@login_required
@require_POST
def make_from_delegations(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.access_groups(request.user, congress_id, need=Need.ORGANISE)
    made = services.groups_from_delegations(congress=congress, by=request.user)
    messages.success(request, _("%(count)d groups made from the delegations.")
                     % {"count": len(made)})
    return redirect("groups:index", congress.pk)


@login_required
@require_POST
def add(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.access_groups(request.user, congress_id, need=Need.ORGANISE)
    try:
        group = services.add_group(congress=congress, name=request.POST.get("name", ""),
                                   by=request.user)
    except GroupError as error:
        return _index(request, congress, status=400, error=str(error))
    return redirect("groups:group", congress.pk, group.pk)


def _group_page(request, group: DiscussionGroup, *, status: int = 200, error: str = ""
                ) -> HttpResponse:
    congress = group.congress
    group = selectors.groups(congress).get(pk=group.pk)
    holders = selectors.role_holders(group)
    sittings = list(GroupSitting.objects.filter(group=group).select_related("item"))
    summaries = {s.item_id: s for s in DiscussionSummary.objects.filter(group=group)}
    organise = access.may(request.user, congress, Need.ORGANISE)
    data = {
        "group": group,
        "members": selectors.members(group),
        "convener": selectors.person_name(holders[GroupRoleKind.CONVENER]),
        "recorder": selectors.person_name(holders[GroupRoleKind.RECORDER]),
        "rows": [{"sitting": s, "summary": summaries.get(s.item_id)} for s in sittings],
        "may_write": access.may_in_group(request.user, group, GroupNeed.WRITE),
        "organise": organise,
        "error": error,
        "posted": request.POST if status != 200 else {},
    }
    if organise:
        staff_ids = CongressRole.objects.filter(congress=congress).values("user_id")
        data.update(
            other_groups=[g for g in selectors.groups(congress) if g.pk != group.pk],
            agenda=congress.agenda_items.order_by("order", "id"),
            staff=get_user_model().objects.filter(pk__in=staff_ids).order_by("username"),
        )
    return render(request, "groups/group.html", context(request, congress, **data),
                  status=status)


@login_required
def group_page(request: HttpRequest, congress_id: int, group_id: int) -> HttpResponse:
    group = access.access_group(request.user, congress_id, group_id, need=GroupNeed.SEE)
    return _group_page(request, group)


@login_required
@require_POST
def organise(request: HttpRequest, congress_id: int, group_id: int, action: str
             ) -> HttpResponse:
    """Every change the secretariat makes to one group; a refusal re-renders the page with
    the Chinese reason and status 400, nothing changed."""
    group = access.access_group(request.user, congress_id, group_id, need=Need.ORGANISE)
    congress, post, by = group.congress, request.POST, request.user
    target = group
    try:
        if action == "rename":
            services.rename_group(group=group, name=post.get("name", ""), by=by)
        elif action == "move":
            moved = services.move_delegates(
                delegates=delegates_by_number(congress, post.get("numbers", "")), to=group,
                by=by)
            messages.success(request, _("%(count)d delegates moved here.") % {"count": moved})
        elif action == "merge":
            into = _other_group(congress, post.get("into", ""))
            target = services.merge_groups(group=group, into=into, by=by)
        elif action == "split":
            target = services.split_group(
                group=group, name=post.get("name", ""),
                delegates=delegates_by_number(congress, " ".join(post.getlist("numbers"))),
                by=by)
        elif action == "role":
            user = get_user_model().objects.filter(pk=parse_count(post.get("user", ""),
                                                                  _("the person")) or 0).first()
            if user is None:
                raise GroupError(_("Choose who holds the role."))
            services.assign_role(group=group, role=post.get("role", ""), user=user, by=by)
        elif action == "sitting":
            chosen = parse_count(post.get("item", ""), _("the agenda item")) or 0
            item = congress.agenda_items.filter(pk=chosen).first()
            if item is None:
                raise GroupError(_("Choose the agenda item to discuss."))
            services.schedule_sitting(
                group=group, item=item, room=post.get("room", ""),
                starts_at=parse_local_datetime(post.get("starts_at", ""), _("the start")),
                ends_at=parse_local_datetime(post.get("ends_at", ""), _("the end")), by=by)
        elif action == "cancel":
            sitting = GroupSitting.objects.filter(
                group=group, pk=parse_count(post.get("sitting", ""), _("the sitting")) or 0
            ).select_related("group", "item").first()
            if sitting is None:
                raise GroupError(_("There is no such sitting."))
            services.cancel_sitting(sitting=sitting, by=by)
        else:
            raise GroupError(_("Unknown action “%(action)s”.") % {"action": action[:20]})
    except GroupError as error:
        return _group_page(request, group, status=400, error=str(error))
    return redirect("groups:group", congress.pk, target.pk)


def _other_group(congress, value: str) -> DiscussionGroup:
    group = DiscussionGroup.objects.filter(congress=congress,
                                           pk=parse_count(value, _("the group")) or 0).first()
    if group is None:
        raise GroupError(_("Choose the group to merge into."))
    return group


@login_required
def summary(request: HttpRequest, congress_id: int, group_id: int, item_id: int
            ) -> HttpResponse:
    """The recorder's form for one item: save a draft, submit (提交); the convener may also
    edit, and takes a submitted summary back to draft. Made for a phone first."""
    group = access.access_group(request.user, congress_id, group_id, need=GroupNeed.SEE)
    item = access.agenda_item_of(group.congress, item_id)
    sitting = GroupSitting.objects.filter(group=group, item=item).first()
    saved = DiscussionSummary.objects.filter(group=group, item=item).first()
    may_write = access.may_in_group(request.user, group, GroupNeed.WRITE)
    error, status = "", 200
    may_reopen = access.may_in_group(request.user, group, GroupNeed.REOPEN)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if not may_write or (action == "reopen" and not may_reopen):
            reason = not_convener_message() if may_write else not_recorder_message()
            return render(request, "groups/refused.html", context(
                request, group.congress,
                reason=reason % {"group": group.name} + " " + _("Nothing was saved.")),
                status=403)
        try:
            if action == "reopen":
                if saved is None:
                    raise GroupError(_("Nothing saved yet."))
                services.reopen_summary(summary=saved, reason=request.POST.get("reason", ""),
                                        by=request.user)
                messages.success(request, _("Back to draft: it can be edited again."))
            else:
                services.save_summary(
                    group=group, item=item, text=request.POST.get("text", ""),
                    opinions=request.POST.get("opinions", ""),
                    present=parse_count(request.POST.get("present", ""), _("the number present")),
                    version=parse_count(request.POST.get("version", ""), _("the version")),
                    submit=action == "submit", by=request.user,
                )
                messages.success(request, _("Submitted.") if action == "submit"
                                 else _("Draft saved."))
        except GroupError as problem:
            error, status = str(problem), 400
        else:
            return redirect("groups:summary", group.congress_id, group.pk, item.pk)
    values = (request.POST if status != 200 else
              {"text": saved.text if saved else "", "opinions": saved.opinions if saved else "",
               "present": saved.present if saved and saved.present is not None else "",
               "version": saved.version if saved else 0})
    return render(request, "groups/summary.html", context(
        request, group.congress, group=group, item=item, sitting=sitting, saved=saved,
        may_write=may_write, values=values, error=error,
        may_reopen=may_reopen,
        member_count=group.members.count(),
    ), status=status)


@login_required
def side_by_side(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    congress = access.access_groups(request.user, congress_id, need=Need.READ_ALL)
    item = access.agenda_item_of(congress, item_id)
    cards = selectors.side_by_side(congress, item)
    return render(request, "groups/side_by_side.html", context(
        request, congress, item=item, cards=cards, items=selectors.items_discussed(congress),
        submitted=sum(1 for c in cards if c.summary and c.summary.is_final),
    ))


@login_required
def side_by_side_xlsx(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    congress = access.access_groups(request.user, congress_id, need=Need.READ_ALL)
    item = access.agenda_item_of(congress, item_id)
    rows = selectors.export_rows(selectors.side_by_side(congress, item))
    content = summaries_xlsx(title=f"{congress.title} 分组讨论情况：{item.title}", rows=rows)
    response = HttpResponse(content, content_type=XLSX)
    filename = quote(f"分组讨论情况-{item.order}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response

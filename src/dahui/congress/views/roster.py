"""The roster: list, import with preview, template and export, delegations, one delegate."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.congress import selectors, services
from dahui.congress.access import Need, access_congress, access_delegate
from dahui.congress.forms import DelegationsForm, RosterUploadForm
from dahui.congress.models import Delegate
from dahui.congress.roster_import import RosterPlan, RosterRefused, parse_rows, plan_roster
from dahui.congress.views.nav import page_context
from dahui.documents.roster_xlsx import roster_export, roster_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _plan_key(congress_id: int) -> str:
    return f"roster-plan-{congress_id}"


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def roster(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.DESK)
    delegates = Delegate.objects.filter(congress=congress).select_related("delegation")
    delegation = request.GET.get("delegation")
    if delegation:
        delegates = delegates.filter(delegation_id=delegation)
    return render(
        request, "congress/roster.html",
        page_context(request, congress, delegates=delegates,
                     delegations=congress.delegations.all(), selected=delegation),
    )


@login_required
def roster_import(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.MANAGE)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    context = page_context(request, congress, form=form)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            context["problems"] = [_("The file is larger than 20 MB.")]
            status = 400
        else:
            try:
                rows = parse_rows(upload.read(), upload.name, congress=congress)
                plan = plan_roster(rows, congress=congress)
            except RosterRefused as refused:
                context["problems"] = refused.problems
                status = 400
            else:
                request.session[_plan_key(congress.pk)] = plan.to_json()
                request.session[_plan_key(congress.pk) + "-name"] = upload.name
                context.update(plan=plan, filename=upload.name)
    return render(request, "congress/roster_import.html", context, status=status)


@login_required
@require_POST
def roster_apply(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.MANAGE)
    stored = request.session.get(_plan_key(congress.pk))
    if not stored:
        messages.error(request, _("No previewed import to apply; upload the file again."))
        return redirect("congress:roster-import", congress.pk)
    plan = RosterPlan.from_json(stored)
    try:
        summary = services.apply_roster(
            congress=congress, plan=plan, by=request.user,
            source=request.session.get(_plan_key(congress.pk) + "-name", ""),
        )
    except RosterRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return redirect("congress:roster-import", congress.pk)
    finally:
        request.session.pop(_plan_key(congress.pk), None)
    messages.success(
        request,
        _("Roster imported: %(added)d added, %(changed)d changed, %(removed)d removed, "
          "%(unchanged)d unchanged.") % summary,
    )
    return redirect("congress:roster", congress.pk)


@login_required
def roster_template_download(request: HttpRequest, congress_id: int) -> HttpResponse:
    access_congress(request.user, congress_id, need=Need.MANAGE)
    return _attachment(roster_template(), quote("代表名册模板.xlsx"), XLSX)


@login_required
def roster_export_download(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.MANAGE)
    delegates = Delegate.objects.filter(congress=congress).select_related("delegation")
    return _attachment(roster_export(delegates), f"roster-{congress.pk}.xlsx", XLSX)


@login_required
def delegations(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.MANAGE)
    form = DelegationsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = services.add_delegations(
            congress=congress, names=form.cleaned_data["names"], by=request.user
        )
        messages.success(request, _("%(count)d delegations added.") % {"count": len(added)})
        return redirect("congress:delegations", congress.pk)
    return render(
        request, "congress/delegations.html",
        page_context(request, congress, form=form, delegations=congress.delegations.all()),
        status=400 if form.is_bound else 200,
    )


@login_required
def delegate_detail(request: HttpRequest, congress_id: int, delegate_id: int) -> HttpResponse:
    delegate = access_delegate(request.user, delegate_id, need=Need.VIEW)
    if delegate.congress_id != congress_id:
        raise PermissionDenied
    context = page_context(request, delegate.congress, delegate=delegate)
    token = selectors.active_token(delegate)
    if token is not None and context["can"][Need.MANAGE]:
        context["login_url"] = request.build_absolute_uri(f"/d/{token.key}")
    return render(request, "congress/delegate_detail.html", context)


@login_required
@require_POST
def delegate_token(request: HttpRequest, congress_id: int, delegate_id: int) -> HttpResponse:
    delegate = access_delegate(request.user, delegate_id, need=Need.MANAGE)
    if delegate.congress_id != congress_id:
        raise PermissionDenied
    if request.POST.get("action") == "revoke":
        services.revoke_token(delegate=delegate, by=request.user)
        messages.success(request, _("The login link of %(name)s no longer works.")
                         % {"name": delegate.name})
    else:
        services.issue_token(delegate=delegate, by=request.user)
        messages.success(request, _("A new login link was issued for %(name)s; print a new "
                                    "credential.") % {"name": delegate.name})
    return redirect("congress:delegate", congress_id, delegate.pk)

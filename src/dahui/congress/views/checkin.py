"""Check-in: the desk search, the door scanner, leave requests and the attendance figures."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.congress import selectors, services
from dahui.congress.access import (
    Need,
    access_congress,
    access_delegate,
    access_leave_request,
    access_session,
)
from dahui.congress.forms import DeskCheckInForm, LeaveRequestForm
from dahui.congress.models import CheckInMethod, Delegate, PlenarySession
from dahui.congress.views.nav import page_context
from dahui.documents.attendance_report import (
    AbsenteeReport,
    DelegationGroup,
    Missing,
    absentees_pdf,
    absentees_xlsx,
)

TOKEN_IN_URL = re.compile(r"/d/([A-Za-z0-9_-]{16,64})/?$")


def _session(request: HttpRequest, congress_id: int, session_id: int, need: Need):
    session = access_session(request.user, session_id, need=need)
    if session.congress_id != congress_id:
        raise PermissionDenied
    return session


@login_required
def desk(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    session = _session(request, congress_id, session_id, Need.CHECK_IN)
    query = request.GET.get("q", "")
    found = list(selectors.search_delegates(session.congress, query))
    present = set(
        session.attendances.filter(delegate__in=found).values_list("delegate_id", flat=True)
    )
    on_leave = set(
        session.leave_requests.filter(delegate__in=found, status="approved")
        .values_list("delegate_id", flat=True)
    )
    return render(
        request, "congress/checkin_desk.html",
        page_context(request, session.congress, session=session, query=query, found=found,
                     present=present, on_leave=on_leave,
                     figures=selectors.attendance_figures(session)),
    )


@login_required
@require_POST
def desk_check_in(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    session = _session(request, congress_id, session_id, Need.CHECK_IN)
    form = DeskCheckInForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label or name
            for error in errors:
                messages.error(request, f"{label}：{error}")
        page = desk(request, congress_id, session_id)
        page.status_code = 400
        return page
    delegate = access_delegate(request.user, form.cleaned_data["delegate"], need=Need.CHECK_IN)
    try:
        _attendance, created = services.check_in(
            delegate=delegate, session=session, by=request.user, method=CheckInMethod.DESK
        )
    except services.ServiceError as error:
        messages.error(request, str(error))
    else:
        if created:
            messages.success(request, _("%(name)s checked in.") % {"name": delegate.name})
        else:
            messages.info(request, _("%(name)s was already checked in.") % {"name": delegate.name})
    query = urlencode({"q": form.cleaned_data["q"]})
    return redirect(f"/c/{congress_id}/s/{session_id}/check-in/?{query}")


def _back_to_desk(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    query = urlencode({"q": request.POST.get("q", "")})
    return redirect(f"/c/{congress_id}/s/{session_id}/check-in/?{query}")


def _posted_delegate(request: HttpRequest, session: PlenarySession) -> Delegate:
    """The delegate named by the form's `delegate` field: 400 for a value that is not an id,
    403/404 through the access gate, 403 for a delegate of another congress."""
    raw = request.POST.get("delegate", "")
    if not raw.isdigit():
        raise BadRequest(_("The delegate field must be a delegate id."))
    delegate = access_delegate(request.user, int(raw), need=Need.CHECK_IN)
    if delegate.congress_id != session.congress_id:
        raise PermissionDenied
    return delegate


@login_required
@require_POST
def desk_undo(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    """Take back a check-in made by mistake; the reason goes to the audit log."""
    session = _session(request, congress_id, session_id, Need.CHECK_IN)
    delegate = _posted_delegate(request, session)
    try:
        undone = services.undo_check_in(delegate=delegate, session=session,
                                        reason=request.POST.get("reason", ""), by=request.user)
    except services.ServiceError as error:
        messages.error(request, str(error))
    else:
        if undone:
            messages.success(request, _("%(name)s's check-in was undone.")
                             % {"name": delegate.name})
        else:
            messages.info(request, _("%(name)s was not checked in.") % {"name": delegate.name})
    return _back_to_desk(request, congress_id, session_id)


@login_required
@require_POST
def leave_record(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    """The secretariat records leave for a delegate (approved at once)."""
    session = _session(request, congress_id, session_id, Need.CHECK_IN)
    delegate = _posted_delegate(request, session)
    try:
        services.record_leave(delegate=delegate, session=session,
                              reason=request.POST.get("reason", ""), by=request.user)
    except services.ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Leave recorded for %(name)s.") % {"name": delegate.name})
    back = request.POST.get("next", "")
    if back == "desk":
        return _back_to_desk(request, congress_id, session_id)
    return redirect("congress:attendance", congress_id, session_id)


@login_required
def scanner(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    session = _session(request, congress_id, session_id, Need.CHECK_IN)
    return render(
        request, "congress/scanner.html",
        page_context(request, session.congress, session=session,
                     figures=selectors.attendance_figures(session)),
    )


@login_required
@require_POST
def scan(request: HttpRequest, congress_id: int, session_id: int) -> JsonResponse:
    """The scanner posts what the camera read; the answer says who and whether it is new."""
    session = _session(request, congress_id, session_id, Need.CHECK_IN)
    try:
        text = json.loads(request.body or b"{}").get("text", "")
    except (ValueError, AttributeError):
        text = ""
    match = TOKEN_IN_URL.search(str(text).strip())
    delegate = selectors.delegate_for_token(match.group(1)) if match else None
    if delegate is None:
        return JsonResponse(
            {"result": "unknown", "message": _("Not a valid credential of this congress.")},
            status=404,
        )
    try:
        _attendance, created = services.check_in(
            delegate=delegate, session=session, by=request.user, method=CheckInMethod.SCAN
        )
    except services.ServiceError as error:
        return JsonResponse({"result": "refused", "message": str(error)}, status=409)
    figures = selectors.attendance_figures(session)
    return JsonResponse(
        {
            "result": "checked_in" if created else "already",
            "message": (_("%(name)s checked in.") if created
                        else _("%(name)s was already checked in.")) % {"name": delegate.name},
            "delegate": selectors.door_card(delegate),
            "figures": asdict(figures),
        }
    )


@login_required
def attendance(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    session = _session(request, congress_id, session_id, Need.DESK)
    groups = selectors.absentees(session)
    return render(
        request, "congress/attendance.html",
        page_context(
            request, session.congress, session=session,
            figures=selectors.attendance_figures(session),
            groups=groups,
            absent_count=sum(len(g.absent) for g in groups),
            leaves=session.leave_requests.select_related("delegate__delegation"),
            sessions=session.congress.sessions.all(),
        ),
    )


def _absentee_report(session: PlenarySession) -> AbsenteeReport:
    figures = selectors.attendance_figures(session)
    return AbsenteeReport(
        congress_title=session.congress.title, session_title=session.title,
        entitled=figures.entitled, present=figures.present, on_leave=figures.on_leave,
        absent=figures.absent,
        groups=[
            DelegationGroup(
                delegation=group.delegation,
                absent=[Missing(d.number, d.name, d.work_unit) for d in group.absent],
                on_leave=[Missing(d.number, d.name, d.work_unit, reason)
                          for d, reason in group.on_leave],
            )
            for group in selectors.absentees(session)
        ],
    )


@login_required
def absentees_download(
    request: HttpRequest, congress_id: int, session_id: int, fmt: str
) -> HttpResponse:
    """The absentee list of a session, by delegation: PDF to print, .xlsx to send on."""
    session = _session(request, congress_id, session_id, Need.DESK)
    report = _absentee_report(session)
    if fmt == "pdf":
        response = HttpResponse(absentees_pdf(report), content_type="application/pdf")
    else:
        response = HttpResponse(
            absentees_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="absentees-session-{session.number}.{fmt}"'
    )
    return response


@login_required
def attendance_json(request: HttpRequest, congress_id: int, session_id: int) -> JsonResponse:
    session = _session(request, congress_id, session_id, Need.DESK)
    return JsonResponse(asdict(selectors.attendance_figures(session)))


@login_required
@require_POST
def leave_request(request: HttpRequest, congress_id: int) -> HttpResponse:
    """A delegate asks for leave from a session, from their own page."""
    congress = access_congress(request.user, congress_id, need=Need.REQUEST_LEAVE)
    form = LeaveRequestForm(request.POST)
    delegate = Delegate.objects.filter(user=request.user, congress=congress).first()
    if not form.is_valid() or delegate is None:
        messages.error(request, _("Give a reason for the leave request."))
        return redirect("congress:home", congress.pk)
    session = PlenarySession.objects.filter(
        congress=congress, pk=form.cleaned_data["session"]
    ).first()
    if session is None:
        raise PermissionDenied
    try:
        services.request_leave(delegate=delegate, session=session,
                               reason=form.cleaned_data["reason"], by=request.user)
    except services.ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your leave request was sent to the secretariat."))
    return redirect("congress:home", congress.pk)


@login_required
@require_POST
def leave_decide(request: HttpRequest, congress_id: int, leave_id: int) -> HttpResponse:
    leave = access_leave_request(request.user, leave_id, need=Need.CHECK_IN)
    if leave.session.congress_id != congress_id:
        raise PermissionDenied
    try:
        services.decide_leave(leave=leave, approve=request.POST.get("approve") == "1",
                              by=request.user)
    except services.ServiceError as error:
        messages.error(request, str(error))
    return redirect("congress:attendance", congress_id, leave.session_id)

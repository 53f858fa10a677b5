"""The front door and each congress's home: a dashboard for staff, a page for delegates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dahui.congress import selectors
from dahui.congress.access import DELEGATE, STAFF_ROLES, Need, access_congress
from dahui.congress.views.nav import page_context


def front(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    congresses = list(selectors.congresses_of(request.user))
    if len(congresses) == 1:
        return redirect("congress:home", congresses[0].pk)
    return render(request, "home.html", {"congresses": congresses})


@login_required
def congress_home(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.VIEW)
    context = page_context(request, congress)
    if context["roles"] & STAFF_ROLES:
        session = context["session"]
        context["figures"] = selectors.attendance_figures(session) if session else None
        context["sessions"] = congress.sessions.all()
        context["delegate_count"] = congress.delegates.count()
        if context["can"][Need.MANAGE] or context["can"][Need.MOVE_AGENDA]:
            context["screen_url"] = request.build_absolute_uri(
                f"/screen/{congress.pk}/{congress.screen_token}/"
            )
        return render(request, "congress/dashboard.html", context)
    delegate = request.user.delegate
    session = context["session"]
    context.update(
        delegate=delegate,
        is_voter=DELEGATE in context["roles"],
        agenda=selectors.agenda(congress),
        sessions=congress.sessions.all(),
        attendance=set(delegate.attendances.values_list("session_id", flat=True)),
        leaves={leave.session_id: leave for leave in delegate.leave_requests.all()},
        current_session=session,
    )
    return render(request, "congress/delegate_home.html", context)

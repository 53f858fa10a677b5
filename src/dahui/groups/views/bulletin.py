"""简报: the secretariat previews, issues (印发) and downloads the congress bulletin of a day."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.documents.bulletin import bulletin_pdf
from dahui.groups import access, selectors, services
from dahui.groups.access import Need
from dahui.groups.models import Bulletin
from dahui.groups.services import GroupError
from dahui.groups.views.common import context


def _day(congress, value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise Http404(f"no day {value[:20]}") from None
    if not congress.starts_on <= day <= congress.ends_on:
        raise Http404(f"{day} is outside the congress")
    return day


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def bulletins(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access.access_groups(request.user, congress_id, need=Need.BULLETIN)
    issued = {b.day: b for b in Bulletin.objects.filter(congress=congress)
              .select_related("issued_by").defer("pdf")}
    days = [{"day": day, "text": selectors.date_text(day), "bulletin": issued.get(day)}
            for day in selectors.congress_days(congress)]
    return render(request, "groups/bulletins.html", context(request, congress, days=days))


def _next_number(congress, day: dt.date) -> int:
    existing = Bulletin.objects.filter(congress=congress, day=day).values_list("number",
                                                                              flat=True).first()
    if existing:
        return existing
    return (max(Bulletin.objects.filter(congress=congress).values_list("number", flat=True),
                default=0) + 1)


@login_required
def preview(request: HttpRequest, congress_id: int, day: str) -> HttpResponse:
    """The day's bulletin as it would be issued now (not issued, nothing recorded)."""
    congress = access.access_groups(request.user, congress_id, need=Need.BULLETIN)
    when = _day(congress, day)
    facts = selectors.bulletin_facts(congress, when, number=_next_number(congress, when))
    return _pdf_response(bulletin_pdf(facts), f"bulletin-{when}-preview.pdf")


@login_required
@require_POST
def issue(request: HttpRequest, congress_id: int, day: str) -> HttpResponse:
    congress = access.access_groups(request.user, congress_id, need=Need.BULLETIN)
    when = _day(congress, day)
    try:
        bulletin = services.issue_bulletin(
            congress=congress, day=when, by=request.user,
            pdf_for=lambda number: bulletin_pdf(
                selectors.bulletin_facts(congress, when, number=number)),
        )
    except GroupError as error:
        messages.error(request, str(error))
        return redirect("groups:bulletins", congress.pk)
    messages.success(request, _("Bulletin no. %(number)d issued.") % {"number": bulletin.number})
    return redirect("groups:bulletins", congress.pk)


@login_required
def download(request: HttpRequest, congress_id: int, number: int) -> HttpResponse:
    congress = access.access_groups(request.user, congress_id, need=Need.BULLETIN)
    bulletin = Bulletin.objects.filter(congress=congress, number=number).first()
    if bulletin is None:
        raise Http404(f"no bulletin {number}")
    return _pdf_response(bytes(bulletin.pdf), f"bulletin-{bulletin.number}.pdf")

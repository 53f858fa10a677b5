"""The public 公示 page of a chair election (open by its link, no login) and its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dahui.unions import selectors, services
from dahui.unions.access import access_notice
from dahui.unions.errors import Refused
from dahui.unions.forms import ObjectionForm
from dahui.unions.models import Stage
from dahui.unions.notice_pdf import notice_pdf
from dahui.unions.views.common import attachment


def notice_page(request: HttpRequest, election_id: int, token: str) -> HttpResponse:
    election = access_notice(election_id, token)
    form = ObjectionForm(request.POST or None)
    status = 200
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_objection(election=election, **form.cleaned_data)
            except Refused as refused:
                error, status = refused.message, 400
            else:
                messages.success(request, _("Your objection was received; the preparatory "
                                            "group will look into it and answer."))
                return redirect("unions:notice", election.pk, token)
        else:
            status = 400
    context = {
        "election": election, "union": election.union, "token": token,
        "candidates": selectors.candidates_in_stroke_order(election), "form": form,
        "open": election.stage == Stage.NOTICE, "error": error,
        "answered": election.objections.exclude(answer=""),
    }
    return render(request, "unions/notice.html", context, status=status)


def notice_document(request: HttpRequest, election_id: int, token: str) -> HttpResponse:
    election = access_notice(election_id, token)
    candidates = [
        (c.member.name, c.member.get_gender_display(),
         f"{c.member.branch.name} {c.member.position}".strip())
        for c in selectors.candidates_in_stroke_order(election)
    ]
    pdf = notice_pdf(union_name=election.union.name, title=election.title,
                     candidates=candidates, posted_on=election.notice_posted_on,
                     vote_on=election.vote_on, objections_to=f"{election.union.name}选举筹备组")
    return attachment(pdf, f"{election.title}候选人公示.pdf", "application/pdf")

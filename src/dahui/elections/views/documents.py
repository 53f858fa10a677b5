"""Downloads: paper ballots, the announcement, the count report, the counts workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from dahui.elections import records
from dahui.elections.access import PollNeed, access_election, access_poll
from dahui.elections.models import Method

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX}


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _election_document(request: HttpRequest, election_id: int, make, name: str, kind: str):
    election = access_election(request.user, election_id, need=PollNeed.RESULT)
    try:
        content = make(election)
    except records.NothingToReport:
        return HttpResponse(
            _("There is no result of this election to put in this document yet."), status=409
        )
    return _download(content, f"{name}-{election.pk}.{kind}", CONTENT_TYPES[kind])


@login_required
def announcement(request: HttpRequest, election_id: int) -> HttpResponse:
    return _election_document(request, election_id, records.announcement, "announcement", "pdf")


@login_required
def count_report(request: HttpRequest, election_id: int) -> HttpResponse:
    return _election_document(request, election_id, records.count_report, "count-report", "pdf")


@login_required
def counts_xlsx(request: HttpRequest, election_id: int) -> HttpResponse:
    return _election_document(request, election_id, records.counts_workbook, "counts", "xlsx")


@login_required
def ballot_papers(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, need=PollNeed.RUN)
    if poll.method != Method.PAPER:
        return HttpResponse(_("This vote is not held on paper: there are no ballots to print."),
                            status=400, content_type="text/plain; charset=utf-8")
    try:
        count = int(request.GET.get("count") or poll.issued or 0)
    except ValueError:
        return HttpResponse(_("count: give a whole number of ballots."), status=400,
                            content_type="text/plain; charset=utf-8")
    if not 1 <= count <= 5000:
        return HttpResponse(_("count: give 1 to 5000 ballots."), status=400,
                            content_type="text/plain; charset=utf-8")
    return _download(records.paper_ballots(poll, count=count), f"ballots-{poll.pk}.pdf",
                     "application/pdf")

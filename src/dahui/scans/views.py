"""The scans pages: upload with progress, the scrutineers' review queue, page images, the
second readings compared, and the scans in the record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.cli.scan import WHY_WORDS
from dahui.elections import counting
from dahui.elections.errors import NotAllowed, Refused, WrongState
from dahui.elections.models import Poll
from dahui.elections.paper import paper_content
from dahui.elections.refusals import refusal_message
from dahui.elections.views.common import REFUSALS, context
from dahui.scans import selectors, services, storage
from dahui.scans.access import ScanNeed, access_scan_record, access_scans, scans_allow
from dahui.scans.models import PageState, ScanPage, ScanRun
from dahui.scans.page_reading import page_picture
from dahui.scans.records import scans_zip

MAX_WRITTEN = 100
MAX_REASON = 200
MAX_FILES = 50  # a request; the page sends a large stack in several


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refusal(request: HttpRequest, poll: Poll, error: Exception) -> HttpResponse:
    message = refusal_message(error)
    status = 403 if isinstance(error, NotAllowed) else 409 if isinstance(
        error, WrongState) else 400
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return _scans_page(request, poll, status=status)


def _status(poll: Poll) -> dict:
    runs = selectors.runs_progress(poll)
    return {
        "runs": [r.as_json() for r in runs],
        "review": len(selectors.review_queue(poll)),
        "differences": len(selectors.differences(poll)),
        "blockers": selectors.blockers(poll) if selectors.in_use(poll) else [],
    }


def _scans_page(request: HttpRequest, poll: Poll, *, status: int = 200) -> HttpResponse:
    services.resume(poll=poll)
    runs = selectors.runs_progress(poll)
    return render(request, "scans/scans.html", context(
        request, poll.congress, poll=poll, runs=runs, status=_status(poll),
        queue=selectors.review_queue(poll), set_aside=selectors.set_aside_pages(poll),
        upside_down=selectors.upside_down_pages(poll),
        differences=selectors.differences(poll),
        may_upload=scans_allow(request.user, poll, ScanNeed.UPLOAD),
        may_decide=scans_allow(request.user, poll, ScanNeed.DECIDE),
        why_words=WHY_WORDS, max_files=MAX_FILES,
        max_mb=services.MAX_FILE_BYTES // 1024 // 1024,
    ), status=status)


@login_required
def scans_page(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_scans(request.user, poll_id, need=ScanNeed.SEE)
    return _scans_page(request, poll)


@login_required
def status(request: HttpRequest, poll_id: int) -> JsonResponse:
    poll = access_scans(request.user, poll_id, need=ScanNeed.SEE)
    services.resume(poll=poll)
    return JsonResponse(_status(poll), json_dumps_params={"ensure_ascii": False})


def _run_of(poll: Poll, value: str | None) -> ScanRun | None:
    if not value:
        return None
    try:
        return ScanRun.objects.select_related("poll").get(poll=poll, pk=int(value))
    except (ScanRun.DoesNotExist, ValueError, OverflowError):
        raise Http404("no such scan run") from None


@login_required
@require_POST
def upload(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_scans(request.user, poll_id, need=ScanNeed.UPLOAD)
    files = request.FILES.getlist("scans")
    try:
        if len(files) > MAX_FILES:
            raise Refused(
                _("At most %(n)s files at once; the page sends a larger stack in parts.")
                % {"n": MAX_FILES})
        run = services.upload_scans(
            poll=poll, files=files, by=request.user,
            run=_run_of(poll, request.POST.get("run")),
            last=request.POST.get("last", "1") != "0",
        )
    except REFUSALS as error:
        return _refusal(request, poll, error)
    if _wants_json(request):
        return JsonResponse({"run": run.pk, "number": run.number, **_status(poll)})
    messages.success(request, _("The scans were uploaded; the pages are being read."))
    return redirect("scans:page", poll.pk)


@login_required
@require_POST
def finish(request: HttpRequest, poll_id: int, run_id: int) -> HttpResponse:
    poll = access_scans(request.user, poll_id, need=ScanNeed.UPLOAD)
    run = _run_of(poll, str(run_id))
    try:
        services.finish_run(run=run, by=request.user)
    except REFUSALS as error:
        return _refusal(request, poll, error)
    if _wants_json(request):
        return JsonResponse(_status(poll))
    return redirect("scans:page", poll.pk)


@login_required
@require_POST
def discard(request: HttpRequest, poll_id: int, run_id: int) -> HttpResponse:
    poll = access_scans(request.user, poll_id, need=ScanNeed.DECIDE)
    run = _run_of(poll, str(run_id))
    try:
        services.discard_run(run=run, reason=request.POST.get("reason", ""), by=request.user)
    except REFUSALS as error:
        return _refusal(request, poll, error)
    messages.success(request, _("Scan run %(n)s was discarded.") % {"n": run.number})
    return redirect("scans:page", poll.pk)


def _page_of(poll: Poll, page_id) -> ScanPage:
    try:
        return ScanPage.objects.select_related("run", "run__poll", "file").get(
            run__poll=poll, pk=int(page_id))
    except (ScanPage.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("no such page") from None


def _rows(poll: Poll, page: ScanPage) -> list[dict]:
    """The decision form's rows: each candidate with what was read and the crop of a doubt."""
    shown = page.decision if page.decision and not page.decision.get("set_aside") else (
        page.reading or {"marks": page.marks_read})
    doubts: dict[str, list[dict]] = {}
    for index, doubt in enumerate(page.doubts):
        doubts.setdefault(doubt["candidate"] or "", []).append(
            {**doubt, "index": index, "words": WHY_WORDS.get(doubt["why"], doubt["why"])})
    rows = []
    for candidate in counting.ballot_candidates(poll):
        key = candidate.rules_id
        row_doubts = doubts.get(key, [])
        unsure = any(d["why"] != "write_in" for d in row_doubts) and page.decision is None
        rows.append({
            "candidate": candidate, "key": key, "doubts": row_doubts,
            "mark": None if unsure else shown.get("marks", {}).get(key, ""),
            "write_in": any(d["why"] == "write_in" for d in row_doubts),
        })
    return rows


@login_required
def review(request: HttpRequest, poll_id: int) -> HttpResponse:
    """One page at a time: the first waiting page, or the one asked for (?page=)."""
    poll = access_scans(request.user, poll_id, need=ScanNeed.SEE)
    queue = selectors.review_queue(poll)
    wanted = request.GET.get("page")
    page = _page_of(poll, wanted) if wanted else (queue[0] if queue else None)
    shown = page.decision if page and page.decision else None
    return render(request, "scans/review.html", context(
        request, poll.congress, poll=poll, page=page, queue=queue,
        rows=_rows(poll, page) if page and not poll.motion_id else [],
        page_doubts=[{**d, "index": i, "words": WHY_WORDS.get(d["why"], d["why"])}
                     for i, d in enumerate(page.doubts) if not d["candidate"]] if page else [],
        vote=(shown or (page.reading if page else None) or (page.marks_read if page else {})
              or {}).get("vote", ""),
        invalid_reason=(shown or {}).get("reason", ""),
        may_decide=scans_allow(request.user, poll, ScanNeed.DECIDE),
        write_in_slots=_write_in_slots(poll, (shown or {}).get("write_ins", [])),
        why_words=WHY_WORDS,
    ))


def _write_in_slots(poll: Poll, written: list[str]) -> list[str]:
    """One field per seat (a voter writes at most that many names), filled as decided."""
    if not poll.election_id or not poll.election.write_ins:
        return []
    slots = max(poll.seats or 1, len(written))
    return [*written, *[""] * (slots - len(written))]


def _content_from(request: HttpRequest, poll: Poll, page: ScanPage) -> dict:
    post = request.POST
    reason = post.get("invalid_reason", "")
    if len(reason) > MAX_REASON:
        raise Refused(_("Reason the ballot is invalid: at most %(limit)d characters.")
                               % {"limit": MAX_REASON})
    names = [n for n in post.getlist("write_in") if n.strip()]
    if any(len(name) > MAX_WRITTEN for name in names):
        raise Refused(
            _("Write-in: at most %(limit)d characters as written on the ballot.")
            % {"limit": MAX_WRITTEN})
    if poll.motion_id:
        return paper_content(vote=post.get("vote", ""), invalid_reason=reason)
    marks = {}
    for row in _rows(poll, page):
        value = post.get(f"mark-{row['key']}")
        if value is None and not reason.strip():
            raise Refused(
                _("Row %(name)s: choose for, against or abstain as the ballot shows.")
                % {"name": row["candidate"].name})
        if value not in (None, "", "for", "against"):
            raise Refused(_("Row %(name)s: %(value)s is not a mark.")
                                   % {"name": row["candidate"].name, "value": value[:20]})
        marks[row["key"]] = value or ""
    return paper_content(marks=marks, write_ins=names, invalid_reason=reason)


@login_required
@require_POST
def decide(request: HttpRequest, poll_id: int, page_id: int) -> HttpResponse:
    poll = access_scans(request.user, poll_id, need=ScanNeed.DECIDE)
    page = _page_of(poll, page_id)
    try:
        if request.POST.get("action") == "set_aside":
            services.decide_page(page=page, set_aside=True, by=request.user)
        else:
            services.decide_page(page=page, content=_content_from(request, poll, page),
                                 by=request.user)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        response = review(_as_get(request, page), poll_id)
        response.status_code = 403 if isinstance(error, NotAllowed) else 400
        return response
    messages.success(request, _("Page %(n)s decided.") % {"n": page.order})
    if request.POST.get("next") == "scans":
        return redirect("scans:page", poll.pk)
    return redirect("scans:review", poll.pk)


def _as_get(request: HttpRequest, page: ScanPage) -> HttpRequest:
    request.method = "GET"
    request.GET = request.GET.copy()
    request.GET["page"] = str(page.pk)
    return request


def _png_response(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def page_image(request: HttpRequest, poll_id: int, page_id: int) -> HttpResponse:
    poll = access_scans(request.user, poll_id, need=ScanNeed.SEE)
    page = _page_of(poll, page_id)
    if page.image:
        return FileResponse(storage.absolute(page.image).open("rb"), content_type="image/png")
    if page.state == PageState.QUEUED:
        raise Http404("the page is not read yet")
    # A page the reader kept no picture of (a read page, a duplicate): the scan itself.
    try:
        data = page_picture(services._ref(page))
    except Exception:
        raise Http404("the page cannot be opened") from None
    relative = f"{storage.run_folder(poll.pk, page.run.number)}/pages/{page.order:05d}.png"
    storage.write(relative, data)
    ScanPage.objects.filter(pk=page.pk, image="").update(image=relative)
    return _png_response(data)


@login_required
def crop_image(request: HttpRequest, poll_id: int, page_id: int, index: int) -> HttpResponse:
    poll = access_scans(request.user, poll_id, need=ScanNeed.SEE)
    page = _page_of(poll, page_id)
    if not 0 <= index < len(page.doubts) or not page.doubts[index].get("crop"):
        raise Http404("no such crop")
    return FileResponse(storage.absolute(page.doubts[index]["crop"]).open("rb"),
                        content_type="image/png")


@login_required
def record_scans(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = access_scan_record(request.user, poll_id)
    response = HttpResponse(scans_zip(poll), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-scans.zip"'
    return response


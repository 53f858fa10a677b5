"""Pages of appraisals (民主评议) and scoring panels (评分): list, set-up, totals entry,
results and their PDF/Excel exports. Each view parses, calls one service, renders.

The vote itself (open, close, count, confirm, publish, the phone ballot, paper entry) is the
poll's: `elections.views.poll` and `voting.views`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui import rules
from dahui.appraisal import documents, scoring, services
from dahui.appraisal.access import (
    PanelNeed,
    access_appraisal,
    access_panel,
    judge_of,
    may_see_appraisals,
    panel_allows,
)
from dahui.appraisal.models import Appraisal, PanelScore, Scale, ScoringPanel, SubjectKind
from dahui.congress.access import Need, access_congress
from dahui.congress.models import DEFAULT_QUORUM
from dahui.elections import counting
from dahui.elections.access import PollNeed, access_poll, may_set_up
from dahui.elections.errors import Refused
from dahui.elections.models import Method, PollState
from dahui.elections.views.common import REFUSALS, context, refuse
from dahui.rules import ballot_order

COUNT_MAX = 9  # digits of a count or total


def _whole(value: str | None, *, field: str) -> int:
    text = (value or "").strip() or "0"
    if not text.isdigit() or len(text) > COUNT_MAX:
        raise Refused(_("%(field)s: give a whole number, not %(value)s.")
                      % {"field": field, "value": text[:20]})
    return int(text)


@login_required
def appraisals(request: HttpRequest, congress_id: int) -> HttpResponse:
    """The congress's appraisals and scoring panels; the secretariat creates new ones."""
    congress = access_congress(request.user, congress_id, need=Need.VIEW)
    if not may_see_appraisals(request.user, congress):
        raise PermissionDenied("needs result")
    if request.method == "POST":
        if not may_set_up(request.user, congress):
            raise PermissionDenied("needs set_up")
        try:
            if request.POST.get("action") == "panel":
                panel = services.create_panel(
                    congress=congress, title=request.POST.get("title", ""), by=request.user,
                    low=request.POST.get("low") or "0", high=request.POST.get("high") or "100",
                    exclude_same_unit=request.POST.get("exclude_same_unit") == "on",
                )
                return redirect("appraisal:panel", panel.pk)
            appraisal = services.create_appraisal(
                congress=congress, title=request.POST.get("title", ""), by=request.user,
                subject_kind=request.POST.get("subject_kind") or SubjectKind.PERSON,
                scale=request.POST.get("scale") or Scale.COMPETENCE,
                custom_scale=request.POST.get("custom_scale", "").replace("，", ",")
                .replace("/", ",").split(","),
                quorum=request.POST.get("quorum") or DEFAULT_QUORUM,
                flag_above=request.POST.get("flag_above") or "1/3",
            )
            return redirect("appraisal:appraisal", appraisal.pk)
        except REFUSALS as error:
            refuse(request, error)
            return redirect("appraisal:list", congress.pk)
    items = [
        (appraisal, list(appraisal.polls.order_by("round")))
        for appraisal in Appraisal.objects.filter(congress=congress).prefetch_related("polls")
    ]
    return render(request, "appraisal/list.html", context(
        request, congress, appraisals=items, scales=Scale, kinds=SubjectKind,
        panels=ScoringPanel.objects.filter(congress=congress),
    ))


@login_required
def appraisal_page(request: HttpRequest, appraisal_id: int) -> HttpResponse:
    if request.method == "POST":
        appraisal = access_appraisal(request.user, appraisal_id, need=PollNeed.SET_UP)
        action = request.POST.get("action", "")
        try:
            if action == "add_subject":
                services.add_subject(
                    appraisal=appraisal, name=request.POST.get("name", ""),
                    position=request.POST.get("position", ""), by=request.user,
                )
            elif action == "remove_subject":
                subject = appraisal.subjects.filter(
                    pk=_whole(request.POST.get("subject"), field="subject")
                ).first()
                if subject is None:
                    raise Http404("no such subject")
                services.remove_subject(subject=subject, by=request.user)
            elif action == "create_poll":
                session = appraisal.congress.sessions.filter(
                    pk=_whole(request.POST.get("session"), field="session")
                ).first()
                if session is None:
                    raise Refused(_("Choose a session of this congress."))
                poll = services.create_appraisal_poll(
                    appraisal=appraisal, session=session,
                    method=request.POST.get("method", ""), by=request.user,
                )
                return redirect("elections:poll", poll.pk)
            else:
                raise PermissionDenied(f"unknown action {action!r}")
        except REFUSALS as error:
            refuse(request, error)
        return redirect("appraisal:appraisal", appraisal.pk)
    appraisal = access_appraisal(request.user, appraisal_id, need=PollNeed.RESULT)
    subjects = list(appraisal.subjects.all())
    return render(request, "appraisal/appraisal.html", context(
        request, appraisal.congress, appraisal=appraisal,
        subjects=list(ballot_order(subjects)), polls=appraisal.polls.order_by("round"),
        sessions=appraisal.congress.sessions.order_by("number"), methods=Method,
        flag_grade=appraisal.flag_grade or appraisal.scale[-1],
    ))


def _appraisal_poll(request: HttpRequest, poll_id: int, need: PollNeed):
    poll = access_poll(request.user, poll_id, need=need)
    if not poll.appraisal_id:
        raise Http404("not an appraisal poll")
    return poll


@login_required
def totals(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Keypad or show-of-hands totals per subject and grade, with the ballots returned."""
    poll = _appraisal_poll(request, poll_id, PollNeed.RUN)
    if poll.method != Method.TOTALS:
        raise Http404("not a totals vote")
    subjects = counting.ballot_subjects(poll)
    scale = list(poll.appraisal.scale)
    entered = counting.stored_appraisal_totals(poll)
    status = 200
    if request.method == "POST":
        values = dict(request.POST.items())
        try:
            totals_in = {
                s.rules_id: {
                    grade: _whole(values.get(f"total-{s.rules_id}-{index}"),
                                  field=f"{s.name} {grade}")
                    for index, grade in enumerate(scale)
                }
                for s in subjects
            }
            services.enter_appraisal_totals(
                poll=poll, returned=_whole(values.get("returned"), field=_("Returned")),
                totals=totals_in, by=request.user,
            )
            messages.success(request, _("The totals are entered."))
            return redirect("elections:poll", poll.pk)
        except REFUSALS as error:
            refuse(request, error)
            status = 422
            entered = {
                s.rules_id: {g: values.get(f"total-{s.rules_id}-{i}", "")
                             for i, g in enumerate(scale)}
                for s in subjects
            }
    rows = [
        (s, [(f"total-{s.rules_id}-{i}", g, entered.get(s.rules_id, {}).get(g, ""))
             for i, g in enumerate(scale)])
        for s in subjects
    ]
    return render(request, "appraisal/totals.html", context(
        request, poll.congress, poll=poll, rows=rows, scale=scale,
        editable=poll.state == PollState.CLOSED,
    ), status=status)


def _date_text() -> str:
    now = timezone.localtime()
    return f"{now.year}年{now.month}月{now.day}日"


def _counted(request: HttpRequest, poll_id: int):
    poll = _appraisal_poll(request, poll_id, PollNeed.RESULT)
    if not poll.result:
        raise Http404("not counted yet")
    return poll


@login_required
def result_pdf(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _counted(request, poll_id)
    pdf = documents.appraisal_pdf(congress_name=poll.congress.title, title=poll.title,
                                  result=poll.result, date_text=_date_text())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="appraisal-{poll.pk}.pdf"'
    return response


@login_required
def result_xlsx(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _counted(request, poll_id)
    data = documents.appraisal_xlsx(title=poll.title, result=poll.result)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="appraisal-{poll.pk}.xlsx"'
    return response


# ---------------------------------------------------------------- scoring panels


@login_required
def panel_page(request: HttpRequest, panel_id: int) -> HttpResponse:
    if request.method == "POST":
        return _panel_action(request, panel_id)
    panel = access_panel(request.user, panel_id, need=PanelNeed.VIEW)
    judge = judge_of(request.user, panel)
    judges = list(panel.judges.all())
    entries = list(panel.entries.prefetch_related("authors"))
    scores = {(s.judge_id, s.entry_id): s.score
              for s in PanelScore.objects.filter(judge__panel=panel)}
    mine = []
    if judge is not None:
        for entry in entries:
            conflicted = bool(scoring.conflict_reasons(entry=entry, judge=judge))
            mine.append((entry, scores.get((judge.pk, entry.pk), ""), conflicted))
    table = [(entry, [scores.get((j.pk, entry.pk), "") for j in judges]) for entry in entries]
    result = scoring.panel_result(panel) if judges and entries else None
    # Judges are chosen among the congress's own people: its staff and its delegates.
    users = get_user_model().objects.filter(
        Q(congress_roles__congress=panel.congress) | Q(delegate__congress=panel.congress),
        is_active=True,
    ).distinct().order_by("username")
    return render(request, "appraisal/panel.html", context(
        request, panel.congress, panel=panel, judge=judge, judges=judges, mine=mine,
        table=table, result=result, names={j.rules_id: j.name for j in judges},
        may_score=panel_allows(request.user, panel, PanelNeed.SCORE),
        may_set_up_panel=panel_allows(request.user, panel, PanelNeed.SET_UP),
        users=users if may_set_up(request.user, panel.congress) else [],
    ))


def _panel_action(request: HttpRequest, panel_id: int) -> HttpResponse:
    action = request.POST.get("action", "")
    need = PanelNeed.SCORE if action == "score" else PanelNeed.SET_UP
    panel = access_panel(request.user, panel_id, need=need)
    try:
        if action == "score":
            judge = judge_of(request.user, panel)
            entry = panel.entries.filter(
                pk=_whole(request.POST.get("entry"), field="entry")).first()
            if entry is None:
                raise Http404("no such entry")
            services.enter_score(entry=entry, judge=judge,
                                 score=request.POST.get("score", ""), by=request.user)
        elif action == "add_judge":
            user = get_user_model().objects.filter(
                pk=_whole(request.POST.get("user"), field="user"), is_active=True).first()
            if user is None:
                raise Refused(_("Choose a user as the judge."))
            services.add_judge(panel=panel, user=user, name=request.POST.get("name", ""),
                               unit=request.POST.get("unit", ""), by=request.user)
        elif action == "add_entry":
            authors = list(panel.judges.filter(
                pk__in=[v for v in request.POST.getlist("authors") if v.isdigit()]))
            services.add_entry(panel=panel, title=request.POST.get("title", ""),
                               unit=request.POST.get("unit", ""), authors=authors,
                               by=request.user)
        elif action == "publish":
            services.publish_panel(panel=panel, by=request.user)
        else:
            raise PermissionDenied(f"unknown action {action!r}")
    except rules.InvalidScore as error:
        messages.error(request, _(
            "“%(value)s” is not a score of this panel: give a number from %(low)s to "
            "%(high)s with at most %(decimals)s decimal(s). Nothing was stored."
        ) % {"value": str(error.value)[:20], "low": panel.low, "high": panel.high,
             "decimals": panel.decimals})
    except rules.ConflictedScore:
        messages.error(request, _("You are an author of this entry (or of its unit) and do "
                                  "not score it. Nothing was stored."))
    except REFUSALS as error:
        refuse(request, error)
    return redirect("appraisal:panel", panel.pk)


def _panel_result(request: HttpRequest, panel_id: int):
    panel = access_panel(request.user, panel_id, need=PanelNeed.RESULT)
    judges = list(panel.judges.all())
    return panel, scoring.panel_result(panel), {j.rules_id: j.name for j in judges}, judges


@login_required
def panel_pdf(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel, result, names, _judges = _panel_result(request, panel_id)
    pdf = documents.panel_pdf(congress_name=panel.congress.title, result=result, judges=names,
                              date_text=_date_text())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="panel-{panel.pk}.pdf"'
    return response


@login_required
def panel_xlsx(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel, result, names, judges = _panel_result(request, panel_id)
    data = documents.panel_xlsx(result=result, judges=names,
                                judge_order=[j.rules_id for j in judges])
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="panel-{panel.pk}.xlsx"'
    return response


"""One chair election's page: its stages, record and the action of the stage it is at.

Every action is a POST to `/chair/<id>/<action>/`: the gate asks for the action's Need, the
form parses, one service decides. A refusal renders the page again with the reason and a
400; nothing was stored.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.rules.chair import BAR_REASONS
from dahui.unions import selectors, services
from dahui.unions.access import Need, access_election, access_objection
from dahui.unions.election_xlsx import election_xlsx
from dahui.unions.errors import Refused
from dahui.unions.forms import (
    AnswerForm,
    DateForm,
    DecisionForm,
    NominationForm,
    NoticeForm,
    VoteForm,
)
from dahui.unions.models import STAGE_ORDER, NominationMethod, Stage
from dahui.unions.views.common import XLSX, attachment, page_context


def _context(request: HttpRequest, election, **forms) -> dict:
    union = election.union
    index = STAGE_ORDER.index(election.stage)
    tally = None
    if election.stage == Stage.NOMINATION:
        result, members = services.nomination_tally(election, include_ties=True)
        tally = [(members[c.person], c.nominations) for c in result.counts]
    context = page_context(
        request, union, election=election,
        stages=[(Stage(value).label, i < index, i == index)
                for i, value in enumerate(STAGE_ORDER)],
        branches=union.branches.all(), nominated=selectors.branches_nominated(election),
        tally=tally,
        candidates=selectors.candidates_in_stroke_order(election),
        speakers=election.candidates.filter(speaking_order__isnull=False)
        .select_related("member").order_by("speaking_order"),
        decisions=election.decisions.select_related("recorded_by"),
        objections=election.objections.all(), record=selectors.election_record(election),
        bar_reasons=BAR_REASONS, by_branch=election.method == NominationMethod.BRANCH,
        today=dt.date.today(),
    )
    context.setdefault("nomination_form", NominationForm(branches=union.branches.all()))
    context.setdefault("vote_form", VoteForm(candidates=context["candidates"],
                                             initial={"entitled": union.members.count()}))
    for name, default in (("vetting_form", DecisionForm), ("approval_form", DecisionForm),
                          ("notice_form", NoticeForm), ("answer_form", AnswerForm),
                          ("date_form", DateForm)):
        context.setdefault(name, default())
    context.update(forms)
    return context


@login_required
def election_page(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election(request.user, election_id)
    return render(request, "unions/election.html", _context(request, election))


def _refused(request, election, message: str, **forms) -> HttpResponse:
    return render(request, "unions/election.html",
                  _context(request, election, error=message, **forms), status=400)


def _invalid(request, election, **forms) -> HttpResponse:
    return _refused(request, election, _("Check the form: some fields are missing or wrong."),
                    **forms)


def _open_nomination(request, election):
    services.open_nomination(election=election, by=request.user)


def _nominate(request, election):
    form = NominationForm(request.POST, branches=election.union.branches.all())
    if not form.is_valid():
        return _invalid(request, election, nomination_form=form)
    try:
        services.nominate(election=election, branch=form.cleaned_data["branch"],
                          numbers=form.numbers_list(), by=request.user)
    except Refused as refused:
        return _refused(request, election, refused.message, nomination_form=form)
    return None


def _candidates(request, election):
    services.draw_up_candidates(election=election, by=request.user,
                                include_ties=request.POST.get("include_ties") == "on")


def _vetting(request, election):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, election, vetting_form=form)
    services.record_party_vetting(election=election, by=request.user, **form.cleaned_data)
    return None


def _approve(request, election):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, election, approval_form=form)
    services.approve_by_higher_union(election=election, approved=form.cleaned_data["approved"],
                                     note=form.cleaned_data["note"], by=request.user)
    return None


def _notice(request, election):
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, election, notice_form=form)
    try:
        services.post_notice(election=election, by=request.user, **form.cleaned_data)
    except Refused as refused:
        return _refused(request, election, refused.message, notice_form=form)
    return None


def _speaking_order(request, election):
    services.draw_speaking_order(election=election, by=request.user)


def _vote(request, election):
    form = VoteForm(request.POST, candidates=selectors.candidates_in_stroke_order(election))
    if not form.is_valid():
        return _invalid(request, election, vote_form=form)
    data = form.cleaned_data
    try:
        result = services.record_vote(
            election=election, entitled=data["entitled"], issued=data["issued"],
            returned=data["returned"], invalid=data["invalid"], counts=form.counts(),
            voted_on=data["voted_on"], by=request.user)
    except Refused as refused:
        return _refused(request, election, refused.message, vote_form=form)
    if not result.elected:
        messages.warning(request, _("Nobody reached more than half of all members entitled "
                                    "(%(n)d votes): nobody is elected.")
                         % {"n": result.threshold})
    return None


def _report(request, election):
    form = DateForm(request.POST)
    if not form.is_valid():
        return _invalid(request, election, date_form=form)
    services.report_to_higher_union(election=election, reported_on=form.cleaned_data["on"],
                                    by=request.user)
    return None


def _register(request, election):
    services.register_chair(election=election, by=request.user)


ACTIONS = {
    "open-nomination": (Need.RUN, _open_nomination),
    "nominate": (Need.RUN, _nominate),
    "candidates": (Need.RUN, _candidates),
    "vetting": (Need.RUN, _vetting),
    "approve": (Need.APPROVE, _approve),
    "notice": (Need.RUN, _notice),
    "speaking-order": (Need.RUN, _speaking_order),
    "vote": (Need.RUN, _vote),
    "report": (Need.RUN, _report),
    "register": (Need.OVERSEE, _register),
}


@login_required
@require_POST
def election_action(request: HttpRequest, election_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(f"no action {action}")
    need, handler = ACTIONS[action]
    election = access_election(request.user, election_id, need=need)
    try:
        response = handler(request, election)
    except Refused as refused:
        return _refused(request, election, refused.message)
    if response is not None:
        return response
    messages.success(request, _("Done."))
    return redirect("unions:election", election.pk)


@login_required
def election_papers(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election(request.user, election_id)
    result, members = services.nomination_tally(election, include_ties=True)
    tally = [(members[c.person].number, members[c.person].name,
              members[c.person].branch.name, c.nominations) for c in result.counts]
    candidates = [(c.member.number, c.member.name, c.member.branch.name, c.nominations)
                  for c in selectors.candidates_in_stroke_order(election)]
    decisions = [(d.get_kind_display(), _("approved") if d.approved else _("not approved"),
                  d.decided_by, d.recorded_by.get_username(),
                  d.recorded_at.strftime("%Y-%m-%d %H:%M"))
                 for d in election.decisions.select_related("recorded_by")]
    content = election_xlsx(union_name=election.union.name, title=election.title, tally=tally,
                            candidates=candidates, decisions=decisions, result=election.result)
    return attachment(content, f"{election.title}.xlsx", XLSX)


@login_required
@require_POST
def answer_objection(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = access_objection(request.user, objection_id, need=Need.RUN)
    election = objection.election
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _invalid(request, election, answer_form=form)
    try:
        services.answer_objection(objection=objection, answer=form.cleaned_data["answer"],
                                  by=request.user)
    except Refused as refused:
        return _refused(request, election, refused.message)
    messages.success(request, _("Answer recorded."))
    return redirect("unions:election", election.pk)

"""Proposal pages: the delegate's phone pages, the committee's review, the department's
answers, the secretariat's settings and paper desk, and the two reports.

Each view parses, passes one gate, calls one service or selector and renders. A refused
step shows its Chinese message on the page it came from, answered with 400, nothing stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui import rules
from dahui.congress.access import ATTENDING, DELEGATE
from dahui.congress.models import AgendaItem, Delegate
from dahui.congress.views.nav import page_context
from dahui.proposals import reports, selectors, services
from dahui.proposals.access import (
    DEPARTMENT,
    NEEDS,
    ProposalNeed,
    access_proposal,
    access_proposals,
    access_reply,
    answering_department,
    load_congress,
    proposal_roles,
    require_proposer,
)
from dahui.proposals.forms import (
    AssignForm,
    DepartmentForm,
    InvalidInput,
    InviteForm,
    MemberForm,
    PaperForm,
    ProposalForm,
    ReplyForm,
    ReviewForm,
    SettingsForm,
    VerdictForm,
    delegates_named,
    parse,
)
from dahui.proposals.models import Department, Proposal, ProposalState
from dahui.proposals.refusals import refusal_message

REFUSALS = (InvalidInput, services.Refused, rules.RulesError)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refuse(request: HttpRequest, error: Exception) -> None:
    for line in refusal_message(error).splitlines():
        messages.error(request, line)


def _context(request: HttpRequest, congress, **extra) -> dict:
    roles = proposal_roles(request.user, congress)
    may = {need.value: bool(roles & NEEDS[need]) for need in ProposalNeed}
    return page_context(request, congress, proposals_may=may, **extra)


def _delegate(request: HttpRequest, congress) -> Delegate | None:
    return Delegate.objects.filter(user_id=request.user.pk, congress=congress).first()


def _bad(response: HttpResponse) -> HttpResponse:
    response.status_code = 400
    return response


# ---- the delegate's pages ------------------------------------------------------------------

@login_required
def home(request: HttpRequest, congress_id: int) -> HttpResponse:
    """Proposals as the user meets them: a delegate's own page, the committee's and the
    secretariat's list, or the department's assigned proposals."""
    congress = load_congress(congress_id)
    roles = proposal_roles(request.user, congress)
    if roles & NEEDS[ProposalNeed.OVERSEE]:
        return redirect("proposals:all", congress.pk)
    if roles & NEEDS[ProposalNeed.COLLECT]:
        return mine(request, congress)
    if DEPARTMENT in roles:
        return redirect("proposals:department", congress.pk)
    raise PermissionDenied("no part in this congress's proposals")


@login_required
def mine_page(request: HttpRequest, congress_id: int) -> HttpResponse:
    """A delegate's own page, also for a delegate who sits on the committee or the desk."""
    return mine(request, access_proposals(request.user, congress_id,
                                          need=ProposalNeed.COLLECT))


def mine(request: HttpRequest, congress) -> HttpResponse:
    delegate = _delegate(request, congress)
    settings = selectors.settings_of(congress)
    return render(request, "proposals/mine.html", _context(
        request, congress, delegate=delegate, settings=settings,
        is_voter=DELEGATE in proposal_roles(request.user, congress)
        and delegate.status != ATTENDING,
        collecting=selectors.collection_open(congress),
        own=selectors.own_proposals(delegate),
        invitations=selectors.invitations(delegate),
        open_drafts=selectors.open_for_seconding(delegate),
        seconded=selectors.seconded_by(delegate).exclude(proposer=delegate),
    ))


def _new_page(request, congress, form, status=200) -> HttpResponse:
    response = render(request, "proposals/new.html", _context(
        request, congress, form=form, settings=selectors.settings_of(congress),
        collecting=selectors.collection_open(congress),
    ))
    response.status_code = status
    return response


@login_required
def new(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.COLLECT)
    categories = selectors.settings_of(congress).categories
    if request.method != "POST":
        return _new_page(request, congress, ProposalForm(categories=categories))
    form = ProposalForm(request.POST, categories=categories)
    try:
        data = parse(form)
        invited = delegates_named(congress, data["invite"], field=form.fields["invite"].label)
        proposal = services.write_proposal(
            proposer=_delegate(request, congress), title=data["title"], case=data["case"],
            measures=data["measures"], category=data["category"], joint=data["joint"],
            invite=invited, by=request.user,
        )
    except REFUSALS as error:
        _refuse(request, error)
        return _new_page(request, congress, form, status=400)
    messages.success(request, _("Your proposal is saved. It is handed in once enough "
                                "delegates have confirmed their support."))
    return redirect("proposals:detail", congress.pk, proposal.pk)


def _detail_page(request, proposal, status=200) -> HttpResponse:
    proposal = selectors.proposal_detail(proposal.pk)
    congress = proposal.congress
    user = request.user
    roles = proposal_roles(user, congress)
    delegate = _delegate(request, congress)
    signatures = list(proposal.signatures.all())
    own_signature = next((s for s in signatures if delegate and s.delegate_id == delegate.pk),
                         None)
    department = answering_department(user, proposal)
    replied_rounds = {
        (reply.assignment_id, reply.round) for a in proposal.assignments.all()
        for reply in a.replies.all()
    }
    my_assignment = next((a for a in proposal.assignments.all()
                          if department and a.department_id == department.pk), None)
    response = render(request, "proposals/detail.html", _context(
        request, congress, proposal=proposal, signatures=signatures,
        confirmed=[s for s in signatures if s.confirmed_at],
        required=selectors.settings_of(congress).support.required(joint=proposal.joint),
        own=proposal.proposer.user_id == user.pk,
        is_voter=DELEGATE in roles,
        own_signature=own_signature,
        may_second=(proposal.is_draft and DELEGATE in roles and delegate is not None
                    and delegate.pk != proposal.proposer_id
                    and (own_signature is None or own_signature.confirmed_at is None)),
        may_review=bool(roles & NEEDS[ProposalNeed.REVIEW]),
        department=department,
        may_reply=(my_assignment is not None and proposal.state in rules.proposals.AWAITING_REPLY
                   and (my_assignment.pk, proposal.round) not in replied_rounds),
        replies=selectors.replies_of(proposal),
        lead=selectors.lead_of(proposal),
        merge_targets=selectors.merge_targets(proposal) if roles & NEEDS[ProposalNeed.REVIEW]
        else (),
        departments=Department.objects.filter(congress=congress),
        review_form=ReviewForm(), assign_form=AssignForm(congress=congress),
        reply_form=ReplyForm(), verdict_form=VerdictForm(),
        decision=ProposalState(rules.proposals.outcome(proposal.state)).label
        if proposal.reviewed_at else "",
        overdue=rules.proposals.is_overdue(state=proposal.state, deadline=proposal.deadline,
                                           today=timezone.localdate()),
    ))
    response.status_code = status
    return response


@login_required
def detail(request: HttpRequest, congress_id: int, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    if proposal.congress_id != congress_id:
        raise PermissionDenied
    return _detail_page(request, proposal)


def _act(request, congress_id, proposal, call, success: str) -> HttpResponse:
    if proposal.congress_id != congress_id:
        raise PermissionDenied
    try:
        call()
    except REFUSALS as error:
        _refuse(request, error)
        return _detail_page(request, proposal, status=400)
    messages.success(request, success)
    return redirect("proposals:detail", proposal.congress_id, proposal.pk)


@login_required
@require_POST
def second(request: HttpRequest, congress_id: int, proposal_id: int) -> HttpResponse:
    """A delegate confirms their own support: only the logged-in delegate signs."""
    proposal = access_proposal(request.user, proposal_id, need=ProposalNeed.COLLECT)
    delegate = _delegate(request, proposal.congress)
    return _act(request, congress_id, proposal,
                lambda: services.second(proposal=proposal, delegate=delegate, by=request.user),
                _("You support this proposal."))


@login_required
@require_POST
def submit(request: HttpRequest, congress_id: int, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id, need=ProposalNeed.COLLECT)
    require_proposer(request.user, proposal)
    return _act(request, congress_id, proposal,
                lambda: services.submit(proposal=proposal, by=request.user),
                _("Your proposal is handed in."))


@login_required
@require_POST
def invite(request: HttpRequest, congress_id: int, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id, need=ProposalNeed.COLLECT)
    require_proposer(request.user, proposal)

    def call():
        form = InviteForm(request.POST)
        data = parse(form)
        delegates = delegates_named(proposal.congress, data["invite"],
                                    field=form.fields["invite"].label)
        services.invite(proposal=proposal, delegates=delegates, by=request.user)

    return _act(request, congress_id, proposal, call, _("The delegates were asked."))


@login_required
@require_POST
def verdict(request: HttpRequest, congress_id: int, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id, need=ProposalNeed.COLLECT)
    require_proposer(request.user, proposal)

    def call():
        data = parse(VerdictForm(request.POST))
        services.record_verdict(proposal=proposal, verdict=data["verdict"], note=data["note"],
                                by=request.user)

    return _act(request, congress_id, proposal, call, _("Your verdict is recorded."))


# ---- the committee -------------------------------------------------------------------------

@login_required
@require_POST
def review(request: HttpRequest, congress_id: int, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id, need=ProposalNeed.REVIEW)

    def call():
        data = parse(ReviewForm(request.POST))
        decision, reason = data["decision"], data["reason"]
        if decision == "register":
            services.register(proposal=proposal, reason=reason, by=request.user)
        elif decision == "decline":
            services.decline(proposal=proposal, reason=reason, by=request.user)
        elif decision == "opinion":
            services.to_opinion(proposal=proposal, reason=reason, by=request.user)
        else:
            into = Proposal.objects.filter(congress_id=proposal.congress_id,
                                           number=data["into"]).first()
            if into is None:
                raise services.Refused(_("Merge into (number): no proposal with that number."))
            services.merge(proposal=proposal, into=into, reason=reason, by=request.user)

    return _act(request, congress_id, proposal, call, _("The decision is recorded."))


@login_required
@require_POST
def assign(request: HttpRequest, congress_id: int, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id, need=ProposalNeed.REVIEW)

    def call():
        data = parse(AssignForm(request.POST, congress=proposal.congress))
        services.assign(proposal=proposal, departments=list(data["departments"]),
                        lead=data["lead"], deadline=data["deadline"], by=request.user)

    return _act(request, congress_id, proposal, call, _("The proposal is assigned."))


@login_required
def all_proposals(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.OVERSEE)
    return render(request, "proposals/all.html", _context(
        request, congress, proposals=selectors.all_proposals(congress),
        drafts=selectors.drafts(congress).count(),
        overdue=selectors.overdue(congress), counts=selectors.review_counts(congress),
        handling=selectors.handling_counts(congress),
        settings=selectors.settings_of(congress),
        collecting=selectors.collection_open(congress),
    ))


# ---- departments ---------------------------------------------------------------------------

@login_required
def department(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.ANSWER)
    departments = [
        (d, list(selectors.department_proposals(d)))
        for d in selectors.departments_of(request.user, congress)
    ]
    return render(request, "proposals/department.html", _context(
        request, congress, departments=departments, today=timezone.localdate(),
    ))


@login_required
@require_POST
def reply(request: HttpRequest, congress_id: int, proposal_id: int) -> HttpResponse:
    proposal, answering = access_reply(request.user, proposal_id)

    def call():
        data = parse(ReplyForm(request.POST))
        services.reply(proposal=proposal, department=answering, text=data["text"],
                       by=request.user)

    return _act(request, congress_id, proposal, call, _("The reply is recorded."))


@login_required
def department_landing(request: HttpRequest) -> HttpResponse:
    """Where a department user starts: their congress's list (or a choice of congresses)."""
    congresses = sorted({d.congress for d in Department.objects.filter(
        members__user_id=request.user.pk).select_related("congress")},
        key=lambda c: c.starts_on, reverse=True)
    if len(congresses) == 1:
        return redirect("proposals:department", congresses[0].pk)
    return render(request, "proposals/landing.html", {"congresses": congresses})


# ---- the secretariat -----------------------------------------------------------------------

def _settings_page(request, congress, *, status=200, form=None) -> HttpResponse:
    settings = selectors.settings_of(congress)
    response = render(request, "proposals/settings.html", _context(
        request, congress, settings=settings, form=form,
        departments=Department.objects.filter(congress=congress).prefetch_related(
            "members__user"),
        agenda=AgendaItem.objects.filter(congress=congress).order_by("order", "id"),
        local_opens=_local_input(settings.opens_at), local_closes=_local_input(settings.closes_at),
        categories_text="\n".join(settings.categories),
    ))
    response.status_code = status
    return response


def _local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


@login_required
def settings_page(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.MANAGE)
    if request.method != "POST":
        return _settings_page(request, congress)
    try:
        data = parse(SettingsForm(request.POST))
        item_id = data["report_item"]
        services.configure(
            congress=congress, opens_at=data["opens_at"], closes_at=data["closes_at"],
            min_seconders=data["min_seconders"], min_joint=data["min_joint"],
            categories=[c for c in data["categories"].splitlines() if c.strip()],
            second_reply_days=data["second_reply_days"],
            report_item=(AgendaItem.objects.filter(congress=congress, pk=item_id).first()
                         if item_id else None),
            by=request.user,
        )
    except REFUSALS as error:
        _refuse(request, error)
        return _settings_page(request, congress, status=400)
    messages.success(request, _("The proposal settings are saved."))
    return redirect("proposals:settings", congress.pk)


@login_required
@require_POST
def screen_toggle(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.MANAGE)
    services.show_on_screen(congress=congress, on=request.POST.get("on") == "1",
                            by=request.user)
    back = "proposals:all" if request.POST.get("back") == "all" else "proposals:settings"
    return redirect(back, congress.pk)


@login_required
@require_POST
def add_department(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.MANAGE)
    try:
        data = parse(DepartmentForm(request.POST))
        services.add_department(congress=congress, name=data["name"], by=request.user)
    except REFUSALS as error:
        _refuse(request, error)
        return _settings_page(request, congress, status=400)
    return redirect("proposals:settings", congress.pk)


@login_required
@require_POST
def add_member(request: HttpRequest, congress_id: int, department_id: int) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.MANAGE)
    found = Department.objects.filter(congress=congress, pk=department_id).first()
    if found is None:
        raise PermissionDenied
    try:
        data = parse(MemberForm(request.POST))
        services.add_department_member(department=found, username=data["username"],
                                       password=data["password"], by=request.user)
    except REFUSALS as error:
        _refuse(request, error)
        return _settings_page(request, congress, status=400)
    return redirect("proposals:settings", congress.pk)


def _paper_page(request, congress, form, status=200) -> HttpResponse:
    response = render(request, "proposals/paper.html", _context(
        request, congress, form=form, collecting=selectors.collection_open(congress),
    ))
    response.status_code = status
    return response


@login_required
def paper(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.MANAGE)
    categories = selectors.settings_of(congress).categories
    if request.method != "POST":
        return _paper_page(request, congress, PaperForm(categories=categories))
    form = PaperForm(request.POST, categories=categories)
    try:
        data = parse(form)
        (proposer,) = delegates_named(congress, data["proposer"],
                                      field=form.fields["proposer"].label)[:1] or (None,)
        if proposer is None:
            raise InvalidInput(_("Proposer: give the proposer's name or credential number."))
        signers = delegates_named(congress, data["invite"], field=form.fields["invite"].label)
        proposal = services.enter_paper(
            proposer=proposer, title=data["title"], case=data["case"],
            measures=data["measures"], category=data["category"], joint=data["joint"],
            signers=signers, by=request.user,
        )
    except REFUSALS as error:
        _refuse(request, error)
        return _paper_page(request, congress, form, status=400)
    messages.success(request, _("Proposal No. %(number)s is entered.")
                     % {"number": proposal.number})
    return redirect("proposals:paper", congress.pk)


# ---- reports -------------------------------------------------------------------------------

REPORTS = {
    ("review", "pdf"): (reports.review_pdf, "application/pdf"),
    ("review", "xlsx"): (reports.review_xlsx, XLSX),
    ("handling", "pdf"): (reports.handling_pdf, "application/pdf"),
    ("handling", "xlsx"): (reports.handling_xlsx, XLSX),
}


@login_required
def report(request: HttpRequest, congress_id: int, kind: str, fmt: str) -> HttpResponse:
    congress = access_proposals(request.user, congress_id, need=ProposalNeed.OVERSEE)
    make, content_type = REPORTS[(kind, fmt)]
    response = HttpResponse(make(congress), content_type=content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="proposals-{kind}-{congress.pk}.{fmt}"'
    )
    return response

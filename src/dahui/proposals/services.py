"""Every write to proposals: each function is one change, atomic, audited, and publishes its
live event on commit. The rules core decides what may happen (`dahui.rules.proposals`);
these functions apply it with compare-and-set updates and unique constraints, so that two
clicks, two committee members or two phones cannot both win."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dahui.audit.services import record
from dahui.congress.models import WITHDRAWN_CREDENTIALS, AgendaItem, Congress, Delegate
from dahui.live.events import ProposalChanged, publish_on_commit
from dahui.proposals.models import (
    CATEGORY_MAX,
    Assignment,
    Department,
    DepartmentMember,
    Proposal,
    ProposalSettings,
    ProposerVerdict,
    Reply,
    Signature,
    SignatureKind,
)
from dahui.proposals.selectors import settings_of
from dahui.rules import proposals as rules

TITLE_MAX = 100
TEXT_MAX = 4000
REPLY_MAX = 8000
REASON_MAX = 2000


class Refused(ValueError):
    """A change the services will not make; `str()` is the message for the user."""


def _event(proposal_or_congress) -> None:
    if isinstance(proposal_or_congress, Proposal):
        publish_on_commit(ProposalChanged(congress_id=proposal_or_congress.congress_id,
                                          proposal_id=proposal_or_congress.pk))
    else:
        publish_on_commit(ProposalChanged(congress_id=proposal_or_congress.pk,
                                          proposal_id=None))


def _subject(proposal: Proposal) -> str:
    return f"{proposal.number or '—'} {proposal.title}"


def _text(value: str, *, field: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Refused(_("%(field)s: this field is required.") % {"field": field})
    if len(value) > limit:
        raise Refused(_("%(field)s: at most %(limit)s characters (this has %(length)s).")
                      % {"field": field, "limit": limit, "length": len(value)})
    if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in value):
        raise Refused(_("%(field)s: invisible control characters are not allowed.")
                      % {"field": field})
    return value


def _check_signer(delegate: Delegate, congress: Congress) -> None:
    if delegate.congress_id != congress.pk:
        raise Refused(_("%(name)s is not a delegate of this congress.") % {"name": delegate.name})
    rules.check_may_sign(
        status=delegate.status,
        credential_withdrawn=delegate.credential_status in WITHDRAWN_CREDENTIALS,
        invitees_vote=congress.invitees_vote,
    )


def _check_window(congress: Congress, now: dt.datetime | None) -> None:
    settings = settings_of(congress)
    rules.check_window(opens_at=settings.opens_at, closes_at=settings.closes_at,
                       now=now or timezone.now())


def _check_category(congress: Congress, category: str) -> str:
    if category not in settings_of(congress).categories:
        raise Refused(_("Category: choose one of the congress's categories."))
    return category


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _move(proposal: Proposal, step: str, **changes) -> Proposal:
    """Compare-and-set the proposal from its current state to the rules' next one."""
    target = rules.next_state(state=proposal.state, step=step)
    updated = Proposal.objects.filter(pk=proposal.pk, state=proposal.state).update(
        state=target, **changes
    )
    if not updated:
        raise Refused(_("The proposal was changed meanwhile; reload the page."))
    proposal.refresh_from_db()
    return proposal


# ---- settings and departments --------------------------------------------------------------

def configure(
    *, congress: Congress, opens_at: dt.datetime | None, closes_at: dt.datetime | None,
    min_seconders: int, min_joint: int, categories: Sequence[str], second_reply_days: int,
    report_item: AgendaItem | None = None, by,
) -> ProposalSettings:
    rules.SupportRules(min_seconders=min_seconders, min_joint=min_joint)  # refuses bad values
    if opens_at and closes_at and closes_at <= opens_at:
        raise Refused(_("Collection closes: must be after it opens."))
    cleaned = []
    for line, category in enumerate(categories, start=1):
        category = _text(category, field=_("Categories, line %(line)s") % {"line": line},
                         limit=CATEGORY_MAX)
        if category not in cleaned:
            cleaned.append(category)
    if not cleaned:
        raise Refused(_("Categories: give at least one."))
    if report_item is not None and report_item.congress_id != congress.pk:
        raise Refused(_("Agenda item of the proposals report: not on this congress's agenda."))
    if not 1 <= second_reply_days <= 365:
        raise Refused(_("Days for a second reply: from 1 to 365."))
    with transaction.atomic():
        settings, _created = ProposalSettings.objects.update_or_create(
            congress=congress,
            defaults={"opens_at": opens_at, "closes_at": closes_at,
                      "min_seconders": min_seconders, "min_joint": min_joint,
                      "categories": cleaned, "second_reply_days": second_reply_days,
                      "report_item": report_item},
        )
        record(congress=congress, actor=by, action="proposals.configured", subject=str(congress),
               data={"opens_at": opens_at, "closes_at": closes_at,
                     "min_seconders": min_seconders, "min_joint": min_joint,
                     "categories": cleaned, "second_reply_days": second_reply_days,
                     "report_item": report_item.pk if report_item else None})
    return settings


def show_on_screen(*, congress: Congress, on: bool, by) -> ProposalSettings:
    with transaction.atomic():
        settings, _created = ProposalSettings.objects.get_or_create(congress=congress)
        ProposalSettings.objects.filter(pk=settings.pk).update(on_screen=on)
        settings.on_screen = on
        record(congress=congress, actor=by, action="proposals.screen", subject=str(congress),
               data={"on_screen": on})
        _event(congress)
    return settings


def add_department(*, congress: Congress, name: str, by) -> Department:
    name = _text(name, field=_("Department"), limit=100)
    with transaction.atomic():
        try:
            with transaction.atomic():
                department = Department.objects.create(congress=congress, name=name)
        except IntegrityError:
            raise Refused(_("The department %(name)s exists already.") % {"name": name}) from None
        record(congress=congress, actor=by, action="proposals.department_added", subject=name)
    return department


def add_department_member(*, department: Department, username: str, password: str = "",
                          by) -> DepartmentMember:
    """Give a user the department's role; a new user name makes the user with `password`."""
    username = _text(username, field=_("User name"), limit=150)
    users = get_user_model()
    with transaction.atomic():
        user = users.objects.filter(username=username).first()
        if user is None:
            if len(password) < 8:
                raise Refused(_("Password: at least 8 characters for a new user."))
            user = users.objects.create_user(username=username, password=password)
        member, created = DepartmentMember.objects.get_or_create(department=department, user=user)
        if created:
            record(congress=department.congress_id, actor=by,
                   action="proposals.department_member_added", subject=department.name,
                   data={"user": username})
    return member


# ---- collection ----------------------------------------------------------------------------

def _clean_proposal(congress, *, title, case, measures, category) -> dict:
    return {
        "title": _text(title, field=_("Title"), limit=TITLE_MAX),
        "case": _text(case, field=_("Case (案由)"), limit=TEXT_MAX),
        "measures": _text(measures, field=_("Suggested measures"), limit=TEXT_MAX),
        "category": _check_category(congress, category),
    }


def _signers(proposer: Delegate, others: Sequence[Delegate]) -> list[Delegate]:
    unique = []
    for delegate in others:
        rules.check_seconder(proposer_id=proposer.pk, delegate_id=delegate.pk)
        _check_signer(delegate, proposer.congress)
        if delegate not in unique:
            unique.append(delegate)
    return unique


def write_proposal(
    *, proposer: Delegate, title: str, case: str, measures: str, category: str, joint: bool,
    invite: Sequence[Delegate] = (), by, now: dt.datetime | None = None,
) -> Proposal:
    """A delegate's draft: it gathers its seconders (or joint signers) and is then handed in
    with `submit`. The invited delegates confirm on their own phones."""
    congress = proposer.congress
    _check_window(congress, now)
    _check_signer(proposer, congress)
    fields = _clean_proposal(congress, title=title, case=case, measures=measures,
                             category=category)
    invited = _signers(proposer, invite)
    kind = SignatureKind.JOINT if joint else SignatureKind.SECONDER
    with transaction.atomic():
        proposal = Proposal.objects.create(
            congress=congress, proposer=proposer, joint=joint, created_at=now or timezone.now(),
            created_by=by, **fields,
        )
        Signature.objects.bulk_create(
            Signature(proposal=proposal, delegate=d, kind=kind, invited=True) for d in invited
        )
        record(congress=congress, actor=by, action="proposal.written", subject=proposal.title,
               data={"proposal": proposal.pk, "proposer": proposer.number, "joint": joint,
                     "invited": [d.number for d in invited]})
        _event(proposal)
    return proposal


def invite(*, proposal: Proposal, delegates: Sequence[Delegate], by) -> list[Signature]:
    """The proposer asks more delegates to second (or sign) the draft."""
    if not proposal.is_draft:
        raise rules.StepNotAllowed(state=proposal.state, step="invite")
    invited = _signers(proposal.proposer, delegates)
    kind = SignatureKind.JOINT if proposal.joint else SignatureKind.SECONDER
    with transaction.atomic():
        existing = set(proposal.signatures.values_list("delegate_id", flat=True))
        made = Signature.objects.bulk_create(
            Signature(proposal=proposal, delegate=d, kind=kind, invited=True)
            for d in invited if d.pk not in existing
        )
        if made:
            record(congress=proposal.congress_id, actor=by, action="proposal.invited",
                   subject=proposal.title,
                   data={"proposal": proposal.pk,
                         "invited": [s.delegate.number for s in made]})
            _event(proposal)
    return made


def second(*, proposal: Proposal, delegate: Delegate, by,
           now: dt.datetime | None = None) -> Signature:
    """The delegate confirms their support: an invitation they received, or a draft they
    picked from the list. Only the delegate themselves confirms (the view passes the
    logged-in delegate); a second confirmation is refused."""
    congress = proposal.congress
    _check_window(congress, now)
    if not proposal.is_draft:
        raise Refused(_("This proposal was handed in already; it takes no more seconders."))
    rules.check_seconder(proposer_id=proposal.proposer_id, delegate_id=delegate.pk)
    _check_signer(delegate, congress)
    at = now or timezone.now()
    kind = SignatureKind.JOINT if proposal.joint else SignatureKind.SECONDER
    with transaction.atomic():
        # An invitation is confirmed by compare-and-set; a confirmed one stays as it was.
        confirmed = Signature.objects.filter(
            proposal=proposal, delegate=delegate, confirmed_at__isnull=True
        ).update(confirmed_at=at)
        if not confirmed:
            try:
                with transaction.atomic():
                    Signature.objects.create(proposal=proposal, delegate=delegate, kind=kind,
                                             confirmed_at=at)
            except IntegrityError:
                raise Refused(_("You have already seconded this proposal.")) from None
        signature = Signature.objects.get(proposal=proposal, delegate=delegate)
        record(congress=congress, actor=by, action="proposal.seconded", subject=proposal.title,
               data={"proposal": proposal.pk, "delegate": delegate.number,
                     "kind": signature.kind})
        _event(proposal)
    return signature


def _number(congress: Congress) -> int:
    return (Proposal.objects.filter(congress=congress).aggregate(n=Max("number"))["n"] or 0) + 1


def _hand_in(proposal: Proposal, *, at: dt.datetime) -> Proposal:
    """Give the proposal its number and move it to submitted. Two hand-ins at once may pick
    the same number; the unique constraint refuses the second, which takes the next."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _move(proposal, rules.SUBMIT, number=_number(proposal.congress),
                             submitted_at=at)
        except IntegrityError:
            continue
    raise Refused(_("The proposal could not be numbered; try again."))


def submit(*, proposal: Proposal, by, now: dt.datetime | None = None) -> Proposal:
    """The proposer hands the draft in, once enough delegates confirmed."""
    congress = proposal.congress
    _check_window(congress, now)
    with transaction.atomic():
        proposal = _locked(proposal)
        confirmed = proposal.signatures.filter(confirmed_at__isnull=False).count()
        rules.check_support(rules=settings_of(congress).support, joint=proposal.joint,
                            confirmed=confirmed)
        proposal = _hand_in(proposal, at=now or timezone.now())
        record(congress=congress, actor=by, action="proposal.submitted",
               subject=_subject(proposal),
               data={"proposal": proposal.pk, "number": proposal.number,
                     "signatures": confirmed})
        _event(proposal)
    return proposal


def enter_paper(
    *, proposer: Delegate, title: str, case: str, measures: str, category: str, joint: bool,
    signers: Sequence[Delegate], by, now: dt.datetime | None = None,
) -> Proposal:
    """The desk enters a proposal handed in on paper, its signatures on the paper: it is
    handed in at once, or refused whole."""
    congress = proposer.congress
    _check_window(congress, now)
    _check_signer(proposer, congress)
    fields = _clean_proposal(congress, title=title, case=case, measures=measures,
                             category=category)
    others = _signers(proposer, signers)
    rules.check_support(rules=settings_of(congress).support, joint=joint, confirmed=len(others))
    at = now or timezone.now()
    kind = SignatureKind.JOINT if joint else SignatureKind.SECONDER
    with transaction.atomic():
        proposal = Proposal.objects.create(
            congress=congress, proposer=proposer, joint=joint, on_paper=True, created_at=at,
            created_by=by, **fields,
        )
        Signature.objects.bulk_create(
            Signature(proposal=proposal, delegate=d, kind=kind, confirmed_at=at) for d in others
        )
        proposal = _hand_in(proposal, at=at)
        record(congress=congress, actor=by, action="proposal.entered_on_paper",
               subject=_subject(proposal),
               data={"proposal": proposal.pk, "number": proposal.number,
                     "proposer": proposer.number, "joint": joint,
                     "signers": [d.number for d in others]})
        _event(proposal)
    return proposal


# ---- review --------------------------------------------------------------------------------

def _review(proposal: Proposal, step: str, *, by, reason: str = "", action: str,
            into: Proposal | None = None) -> Proposal:
    with transaction.atomic():
        proposal = _move(proposal, step, reason=reason, reviewed_by=by,
                         reviewed_at=timezone.now(), merged_into=into)
        data = {"proposal": proposal.pk, "reason": reason}
        if into is not None:
            data["into"] = into.number
        record(congress=proposal.congress_id, actor=by, action=action,
               subject=_subject(proposal), data=data)
        _event(proposal)
    return proposal


def register(*, proposal: Proposal, by, reason: str = "") -> Proposal:
    reason = _text(reason, field=pgettext("proposal", "Reason"), limit=REASON_MAX, required=False)
    return _review(proposal, rules.REGISTER, by=by, reason=reason, action="proposal.registered")


def decline(*, proposal: Proposal, reason: str, by) -> Proposal:
    reason = _text(reason, field=_("Reason for not registering"), limit=REASON_MAX)
    return _review(proposal, rules.DECLINE, by=by, reason=reason,
                   action="proposal.not_registered")


def to_opinion(*, proposal: Proposal, by, reason: str = "") -> Proposal:
    reason = _text(reason, field=pgettext("proposal", "Reason"), limit=REASON_MAX, required=False)
    return _review(proposal, rules.TO_OPINION, by=by, reason=reason, action="proposal.opinion")


def merge(*, proposal: Proposal, into: Proposal, by, reason: str = "") -> Proposal:
    reason = _text(reason, field=pgettext("proposal", "Reason"), limit=REASON_MAX, required=False)
    rules.check_merge_target(source_id=proposal.pk, target_id=into.pk, target_state=into.state,
                             same_congress=into.congress_id == proposal.congress_id)
    return _review(proposal, rules.MERGE, by=by, reason=reason, action="proposal.merged",
                   into=into)


# ---- handling ------------------------------------------------------------------------------

def assign(*, proposal: Proposal, departments: Sequence[Department], lead: Department,
           deadline: dt.date, by) -> Proposal:
    """交办: to the departments, `lead` among them answering the proposer, by `deadline`.
    Assigning again while handled adds departments (the lead stays the lead)."""
    if lead not in departments:
        raise Refused(_("The lead department must be one of the assigned departments."))
    if any(d.congress_id != proposal.congress_id for d in departments):
        raise Refused(_("A department of another congress cannot handle this proposal."))
    if deadline < timezone.localdate():
        raise Refused(_("Reply due: the date has passed."))
    with transaction.atomic():
        proposal = _locked(proposal)
        first = proposal.state == rules.REGISTERED
        existing = {a.department_id: a for a in proposal.assignments.all()}
        if not first and lead.pk not in existing:
            raise Refused(_("The proposal has its lead department already."))
        now = timezone.now()
        for department in departments:
            if department.pk not in existing:
                Assignment.objects.create(proposal=proposal, department=department,
                                          lead=first and department == lead, assigned_at=now,
                                          assigned_by=by)
        proposal = _move(proposal, rules.ASSIGN, deadline=deadline)
        record(congress=proposal.congress_id, actor=by, action="proposal.assigned",
               subject=_subject(proposal),
               data={"proposal": proposal.pk, "departments": [d.name for d in departments],
                     "lead": lead.name, "deadline": deadline})
        _event(proposal)
    return proposal


def reply(*, proposal: Proposal, department: Department, text: str, by) -> Reply:
    """答复 by one assigned department; the lead's reply puts it before the proposer."""
    text = _text(text, field=_("Reply"), limit=REPLY_MAX)
    assignment = Assignment.objects.filter(proposal=proposal, department=department).first()
    if assignment is None:
        raise Refused(_("This proposal is not assigned to %(department)s.")
                      % {"department": department.name})
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.state not in rules.AWAITING_REPLY:
            raise rules.StepNotAllowed(state=proposal.state, step=rules.REPLY)
        try:
            with transaction.atomic():
                answer = Reply.objects.create(assignment=assignment, round=proposal.round,
                                              text=text, replied_at=timezone.now(),
                                              replied_by=by)
        except IntegrityError:
            raise Refused(_("%(department)s has replied to this proposal already.")
                          % {"department": department.name}) from None
        if assignment.lead:
            proposal = _move(proposal, rules.REPLY)
        record(congress=proposal.congress_id, actor=by, action="proposal.replied",
               subject=_subject(proposal),
               data={"proposal": proposal.pk, "department": department.name,
                     "lead": assignment.lead, "round": answer.round})
        _event(proposal)
    return answer


def record_verdict(*, proposal: Proposal, verdict: str, note: str = "", by) -> Proposal:
    """The proposer's 满意/基本满意/不满意 on the reply; the first 不满意 reopens it."""
    note = _text(note, field=pgettext("proposal", "Note"), limit=REASON_MAX, required=False)
    with transaction.atomic():
        proposal = _locked(proposal)
        target = rules.after_verdict(state=proposal.state, verdict=verdict,
                                     reopenings=proposal.round - 1)
        ProposerVerdict.objects.create(proposal=proposal, round=proposal.round, verdict=verdict,
                                       note=note, at=timezone.now())
        changes = {"state": target}
        if target == rules.REOPENED:
            days = settings_of(proposal.congress).second_reply_days
            changes.update(round=proposal.round + 1,
                           deadline=timezone.localdate() + dt.timedelta(days=days))
        updated = Proposal.objects.filter(pk=proposal.pk, state=proposal.state,
                                          round=proposal.round).update(**changes)
        if not updated:
            raise Refused(_("The proposal was changed meanwhile; reload the page."))
        proposal.refresh_from_db()
        record(congress=proposal.congress_id, actor=by, action="proposal.verdict",
               subject=_subject(proposal),
               data={"proposal": proposal.pk, "verdict": verdict, "note": note,
                     "state": target})
        _event(proposal)
    return proposal

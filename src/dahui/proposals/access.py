"""Access gates for proposals. Each loads what is asked for, checks what the user may do with
it and returns it, or raises PermissionDenied (Http404 when it does not exist).

Roles come from `congress.access.roles_of`, plus "department" for a user who answers for
one of the congress's departments (`DepartmentMember`). A department user sees only the
proposals assigned to their department; a delegate sees their own proposals, those they
were asked to support and the drafts open for seconding; the proposals committee and the
secretariat see every proposal handed in.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dahui.congress.access import ATTENDING, DELEGATE, roles_of
from dahui.congress.models import Congress, Role
from dahui.proposals.models import Department, Proposal
from dahui.rules import proposals as rules

DEPARTMENT = "department"  # answers for a department (承办单位)


class ProposalNeed(StrEnum):
    COLLECT = "collect"  # write, second and follow one's own proposals (the phone pages)
    OVERSEE = "oversee"  # every proposal handed in, the overdue list, the reports
    REVIEW = "review"  # register, decline, merge, turn into an opinion, assign
    MANAGE = "manage"  # collection window, categories, departments, paper entry, screen
    ANSWER = "answer"  # the department's list and replies


NEEDS: dict[ProposalNeed, frozenset[str]] = {
    # 列席 reach the pages to be told, in words, that they do not sign proposals.
    ProposalNeed.COLLECT: frozenset({DELEGATE, ATTENDING}),
    ProposalNeed.OVERSEE: frozenset({Role.SECRETARIAT, Role.PROPOSALS}),
    ProposalNeed.REVIEW: frozenset({Role.PROPOSALS}),
    ProposalNeed.MANAGE: frozenset({Role.SECRETARIAT}),
    ProposalNeed.ANSWER: frozenset({DEPARTMENT}),
}


def proposal_roles(user, congress: Congress) -> frozenset[str]:
    roles = set(roles_of(user, congress))
    staff_session = (user.is_authenticated and user.is_active
                     and not getattr(user, "delegate_only", False))
    if staff_session and Department.objects.filter(
        congress=congress, members__user_id=user.pk
    ).exists():
        roles.add(DEPARTMENT)
    return frozenset(roles)


def may(user, congress: Congress, need: ProposalNeed) -> bool:
    return bool(proposal_roles(user, congress) & NEEDS[need])


def load_congress(congress_id: int) -> Congress:
    try:
        return Congress.objects.get(pk=congress_id)
    except (Congress.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no congress {congress_id}") from None


def access_proposals(user, congress_id: int, *, need: ProposalNeed) -> Congress:
    congress = load_congress(congress_id)
    if not may(user, congress, need):
        raise PermissionDenied(f"needs {need.value} on proposals of congress {congress_id}")
    return congress


def _proposal(proposal_id: int) -> Proposal:
    try:
        return Proposal.objects.select_related("congress", "proposer").get(pk=proposal_id)
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no proposal {proposal_id}") from None


def answering_department(user, proposal: Proposal) -> Department | None:
    """The user's department among those the proposal is assigned to (None if none)."""
    if not user.is_authenticated or getattr(user, "delegate_only", False):
        return None
    return Department.objects.filter(
        assignments__proposal=proposal, members__user_id=user.pk
    ).order_by("-assignments__lead", "name").first()


def _own(user, proposal: Proposal) -> bool:
    return user.is_authenticated and proposal.proposer.user_id == user.pk


def _signatory(user, proposal: Proposal) -> bool:
    return user.is_authenticated and proposal.signatures.filter(delegate__user_id=user.pk).exists()


def may_read(user, proposal: Proposal) -> bool:
    roles = proposal_roles(user, proposal.congress)
    if _own(user, proposal) or _signatory(user, proposal):
        return True
    if proposal.state == rules.DRAFT:
        # A draft is open to the delegates who might second it, nobody else.
        return bool(roles & NEEDS[ProposalNeed.COLLECT])
    if roles & NEEDS[ProposalNeed.OVERSEE]:
        return True
    return answering_department(user, proposal) is not None


def access_proposal(user, proposal_id: int, *, need: ProposalNeed | None = None) -> Proposal:
    """`need` None: reading the proposal. COLLECT: acting on it as a delegate (seconding
    any draft one may read; the proposer's own steps are checked by `require_proposer`)."""
    proposal = _proposal(proposal_id)
    if not may_read(user, proposal):
        raise PermissionDenied(f"may not read proposal {proposal_id}")
    if need is not None and not may(user, proposal.congress, need):
        raise PermissionDenied(f"needs {need.value} on proposal {proposal_id}")
    return proposal


def require_proposer(user, proposal: Proposal) -> None:
    if not _own(user, proposal) or DELEGATE not in roles_of(user, proposal.congress):
        raise PermissionDenied("only the proposer takes this step")


def access_reply(user, proposal_id: int) -> tuple[Proposal, Department]:
    """A department user answering: the proposal must be assigned to their department."""
    proposal = _proposal(proposal_id)
    department = answering_department(user, proposal)
    if department is None:
        raise PermissionDenied(f"proposal {proposal_id} is not assigned to the user's department")
    return proposal, department

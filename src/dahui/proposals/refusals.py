"""The rules' refusals of a proposal step as the person at the phone or desk reads them."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from dahui import rules
from dahui.proposals.models import ProposalState
from dahui.rules import proposals as proposal_rules


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def refusal_message(error: Exception) -> str:
    if isinstance(error, proposal_rules.NotEnoughSupport):
        if error.joint:
            return _("A joint proposal needs %(required)s delegates besides the proposer to "
                     "confirm; %(have)s have confirmed.") % {"required": error.required,
                                                              "have": error.have}
        return _("The proposal needs at least %(required)s seconders who confirmed; "
                 "%(have)s have confirmed.") % {"required": error.required, "have": error.have}
    if isinstance(error, proposal_rules.MayNotSign):
        if error.status == "attending":
            return _("Non-voting attendees (列席) do not propose or second proposals.")
        return _("Only delegates with a vote propose or second proposals.")
    if isinstance(error, proposal_rules.OwnProposal):
        return _("You cannot second your own proposal.")
    if isinstance(error, proposal_rules.CollectionClosed):
        if error.opens_at is None or error.closes_at is None:
            return _("Proposals are not being collected: the secretariat has not set the "
                     "collection time.")
        if error.not_yet:
            return _("Proposal collection opens at %(opens)s.") % {"opens": _when(error.opens_at)}
        return _("Proposal collection closed at %(closes)s.") % {
            "closes": _when(error.closes_at)}
    if isinstance(error, proposal_rules.BadMergeTarget):
        return {
            "itself": _("A proposal cannot be merged into itself."),
            "another congress": _("The proposal to merge into belongs to another congress."),
        }.get(error.reason, _("A proposal can only be merged into a registered proposal."))
    if isinstance(error, proposal_rules.StepNotAllowed):
        return _("Not possible now: the proposal is %(state)s.") % {
            "state": ProposalState(error.state).label}
    if isinstance(error, rules.InvalidSetting):
        return _("Not a valid setting: %(detail)s.") % {"detail": error}
    if isinstance(error, ValueError | rules.RulesError):
        return str(error)
    raise error

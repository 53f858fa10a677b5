"""`{% ballot_publication poll %}`: how a poll's ballots are published, and (for the
secretariat, before the vote opens) the form to change it."""

from __future__ import annotations

from django import template

from dahui.elections.access import may_set_up
from dahui.elections.models import Method, PollState
from dahui.voting.publication import publishes_every_ballot

register = template.Library()


@register.inclusion_tag("voting/_ballot_publication.html", takes_context=True)
def ballot_publication(context, poll) -> dict:
    request = context["request"]
    shown = poll.method == Method.ELECTRONIC
    return {
        "shown": shown, "poll": poll, "csrf_token": context.get("csrf_token"),
        "every_ballot": shown and publishes_every_ballot(poll),
        "may_change": shown and poll.state == PollState.DRAFT
        and may_set_up(request.user, poll.congress),
    }


@register.simple_tag(takes_context=True)
def may_download_ballots(context, poll) -> bool:
    from dahui.voting.publication import may_download_ballots as allowed

    return allowed(context["request"].user, poll)

"""Whether a plain poll publishes every ballot (`ballots.jsonl`) or its counts only.

Counts only is the default. Every ballot's full marking pattern lets a coercer demand an
unlikely pattern (marks on seven candidates in a chosen way, a chosen write-in) and check
afterwards that it is there; the counts cannot be used so. The scrutineers, observers,
presidium and secretariat can always download the ballots of a counted poll, to recount
them with `dahui tally`; delegates can only where the poll was set, before it opened, to
publish every ballot (docs/threat-model.md).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dahui.audit.services import record
from dahui.congress.access import roles_of
from dahui.elections.access import STAFF_RESULT
from dahui.elections.errors import WrongState
from dahui.elections.models import Poll, PollState
from dahui.voting.models import BallotPublication


def publishes_every_ballot(poll: Poll) -> bool:
    return BallotPublication.objects.filter(poll=poll).exists()


def may_download_ballots(user: Any, poll: Poll) -> bool:
    """Staff once the poll is counted; anyone else with the result only if the poll
    publishes every ballot and its result is published."""
    if roles_of(user, poll.congress) & STAFF_RESULT:
        return True
    return poll.state == PollState.PUBLISHED and publishes_every_ballot(poll)


def set_ballot_publication(*, poll: Poll, every_ballot: bool, by: Any) -> None:
    """Decided before the poll opens, so that voters know how their ballot is published."""
    with transaction.atomic():
        if not Poll.objects.select_for_update().filter(pk=poll.pk,
                                                       state=PollState.DRAFT).exists():
            raise WrongState(_("How the ballots are published is set before the vote opens."))
        if every_ballot:
            BallotPublication.objects.get_or_create(poll=poll)
        else:
            BallotPublication.objects.filter(poll=poll).delete()
        record(congress=poll.congress_id, actor=by, action="poll.ballot_publication",
               subject=f"poll:{poll.pk}",
               data={"title": poll.title, "every_ballot": every_ballot})

"""Who may do what with a poll's scans.

Counters (and the scrutineers) upload; the scrutineers decide what a doubtful page says;
the secretariat and the presidium see the progress and the pages; once the poll is counted
the scans are part of the record, downloaded as the ballots are (observers included).
Everyone else gets 403; a poll that does not exist 404.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dahui.congress.access import roles_of
from dahui.congress.models import Role
from dahui.elections.access import PollNeed, access_poll, counting_role, poll_allows
from dahui.elections.models import Method, Poll, ScrutineerRole


class ScanNeed(StrEnum):
    UPLOAD = "upload"
    DECIDE = "decide"
    SEE = "see"


WATCHING = frozenset({Role.SECRETARIAT, Role.PRESIDIUM})


def scans_allow(user, poll: Poll, need: ScanNeed) -> bool:
    if poll.method != Method.PAPER:
        return False
    counts = poll_allows(user, poll, PollNeed.COUNT)
    if need == ScanNeed.UPLOAD:
        return counts
    if need == ScanNeed.DECIDE:
        return counts and counting_role(user, poll) in (
            ScrutineerRole.CHIEF, ScrutineerRole.SCRUTINEER)
    return counts or bool(roles_of(user, poll.congress) & WATCHING)


def access_scans(user, poll_id: int, *, need: ScanNeed) -> Poll:
    try:
        poll = Poll.objects.select_related("congress", "election", "motion").get(pk=poll_id)
    except (Poll.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(f"no poll {poll_id}") from None
    if not scans_allow(user, poll, need):
        raise PermissionDenied(f"needs scans {need.value} on poll {poll_id}")
    return poll


def access_scan_record(user, poll_id: int) -> Poll:
    """The scans in the election record: as the ballots file (`record/ballots.jsonl`)."""
    from dahui.elections.selectors import COUNTED_STATES
    from dahui.voting.publication import may_download_ballots

    poll = access_poll(user, poll_id, need=PollNeed.RESULT)
    if poll.method != Method.PAPER or poll.state not in COUNTED_STATES:
        raise Http404("the scans are in the record once the paper poll is counted")
    if not may_download_ballots(user, poll):
        raise PermissionDenied("this poll publishes its counts only")
    return poll

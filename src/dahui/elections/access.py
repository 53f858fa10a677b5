"""Access gates for elections, motions and polls. Each loads the object, checks what the
user may do with it and returns it, or raises PermissionDenied (Http404 if it is missing).

Roles come from `congress.access.roles_of`. Counting work (paper entry, confirmation) goes
by the election's own scrutineer assignments, not the congress-wide role alone.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dahui.congress.access import ATTENDING, DELEGATE, roles_of
from dahui.congress.auth_backends import is_delegate_only
from dahui.congress.models import Role
from dahui.elections.models import Election, Poll, PollState, Scrutineer


class PollNeed(StrEnum):
    SET_UP = "set_up"  # create elections and motions, candidates, scrutineers, polls
    RUN = "run"  # open, close, count, publish, decide runoffs
    COUNT = "count"  # enter paper ballots, settle mismatches, confirm the count
    RESULT = "result"  # see the result and its documents
    VOTE = "vote"  # cast a ballot


STAFF_RESULT = frozenset({
    Role.SECRETARIAT, Role.PRESIDIUM, Role.CHIEF_SCRUTINEER, Role.SCRUTINEER, Role.COUNTER,
    Role.OBSERVER,
})
NEEDS = {
    PollNeed.SET_UP: frozenset({Role.SECRETARIAT}),
    PollNeed.RUN: frozenset({Role.SECRETARIAT, Role.PRESIDIUM}),
    PollNeed.VOTE: frozenset({DELEGATE}),
}


def _load(model, pk: int, *related: str):
    try:
        return model.objects.select_related(*related).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no {model.__name__} {pk}") from None


# Strongest first: a person holding two congress roles counts with the stronger one.
_COUNTING_ROLES = (Role.CHIEF_SCRUTINEER, Role.SCRUTINEER, Role.COUNTER)


def counting_role(user, poll: Poll) -> str | None:
    """The role in which `user` counts `poll`: an election's own scrutineer assignment; for a
    motion (which has no scrutineers of its own) the congress's scrutineers and counters."""
    if not getattr(user, "is_authenticated", False):
        return None
    if poll.election_id is not None:
        return (
            Scrutineer.objects.filter(election_id=poll.election_id, user_id=user.pk)
            .values_list("role", flat=True)
            .first()
        )
    roles = roles_of(user, poll.congress)
    return next((str(role) for role in _COUNTING_ROLES if role in roles), None)


def poll_allows(user, poll: Poll, need: PollNeed) -> bool:
    roles = roles_of(user, poll.congress)
    if need == PollNeed.COUNT:
        # Counting is staff work: a badge or access-code session never counts.
        return not is_delegate_only(user) and counting_role(user, poll) is not None
    if need == PollNeed.RESULT:
        if poll.state == PollState.PUBLISHED:
            return bool(roles & (STAFF_RESULT | {DELEGATE, ATTENDING}))
        return bool(roles & STAFF_RESULT)
    return bool(roles & NEEDS[need])


def access_poll(user, poll_id: int, *, need: PollNeed) -> Poll:
    poll = _load(Poll, poll_id, "congress", "election", "motion", "session")
    if not poll_allows(user, poll, need):
        raise PermissionDenied(f"needs {need.value} on poll {poll_id}")
    return poll


def access_election(user, election_id: int, *, need: PollNeed) -> Election:
    election = _load(Election, election_id, "congress")
    roles = roles_of(user, election.congress)
    if need == PollNeed.RESULT:
        allowed = bool(roles & STAFF_RESULT) or (
            bool(roles & {DELEGATE, ATTENDING})
            and election.polls.filter(state=PollState.PUBLISHED).exists()
        )
    else:
        allowed = bool(roles & NEEDS[need])
    if not allowed:
        raise PermissionDenied(f"needs {need.value} on election {election_id}")
    return election


def may_set_up(user, congress) -> bool:
    return bool(roles_of(user, congress) & NEEDS[PollNeed.SET_UP])


def may_run(user, congress) -> bool:
    return bool(roles_of(user, congress) & NEEDS[PollNeed.RUN])


def require_run(user, congress) -> None:
    if not may_run(user, congress):
        raise PermissionDenied("needs run")

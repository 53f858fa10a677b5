"""Double entry under load on PostgreSQL: people entering the same ballot at once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from dahui.elections import services
from dahui.elections.errors import Refused, WrongState
from dahui.elections.models import Method, PaperEntry, Scrutineer
from dahui.elections.paper import (
    enter_paper_ballot,
    mismatches,
    paper_content,
    positions,
    unsettled_positions,
)
from tests.concurrency import all_at_once, fresh_pool_afterwards  # noqa: F401 (autouse)
from tests.elections.conftest import staff_election
from tests.elections.people import build_world, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
POSITIONS = 30


def test_three_people_entering_every_position_at_once_never_make_three_entries(postgres):
    world = build_world()
    election = staff_election(world)
    third = make_user("third-counter")
    Scrutineer.objects.create(election=election, user=third, role="counter")
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.PAPER, by=world.secretariat
    )
    services.open_poll(poll=poll, by=world.secretariat)
    services.record_paper_counts(poll=poll, issued=8, returned=POSITIONS, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    people = [*world.counters, third]
    first = poll.candidates.order_by("order").first().rules_id
    reading = paper_content(marks={first: "for"}, write_ins=[])
    User = get_user_model()

    def enter(i: int) -> object:
        position, who = divmod(i, len(people))
        return enter_paper_ballot(poll=poll, position=position + 1, content=reading,
                                  by=User.objects.get(pk=people[who].pk))

    outcomes = all_at_once(POSITIONS * len(people), enter)
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(e, Refused) for e in errors), errors
    assert len(errors) == POSITIONS  # one refusal per position: the third person
    for p in positions(poll=poll):
        assert len(p.entries) == 2
        assert len({e.counter_id for e in p.entries}) == 2
    # Every position agreed and is settled, none is left in between.
    assert unsettled_positions(poll=poll) == []
    assert mismatches(poll=poll) == []
    assert PaperEntry.objects.filter(poll=poll).count() == 2 * POSITIONS
    services.count_poll(poll=poll, by=world.secretariat)


def test_an_assignment_racing_the_open_is_either_before_it_or_refused(postgres):
    world = build_world()
    election = staff_election(world)
    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    late = [make_user(f"late-{i}") for i in range(6)]

    def act(i: int) -> object:
        if i == 0:
            return services.open_poll(poll=poll, by=world.secretariat)
        return services.assign_scrutineer(election=election, user=late[i - 1],
                                          role="scrutineer", by=world.secretariat)

    outcomes = all_at_once(7, act)
    assert not isinstance(outcomes[0], Exception), outcomes[0]
    refused = [o for o in outcomes[1:] if isinstance(o, Exception)]
    assert all(isinstance(o, WrongState) for o in refused), refused
    poll.refresh_from_db()
    # Nobody was added after the open: each assignment that succeeded committed first.
    from dahui.audit.models import AuditEntry

    log = list(AuditEntry.objects.filter(congress_id=world.congress.pk).order_by("seq")
               .values_list("action", flat=True))
    opened_at = log.index("poll.opened")
    assert "scrutineer.assigned" not in log[opened_at:]

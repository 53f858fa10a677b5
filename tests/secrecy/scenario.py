"""A 100-voter electronic election, cast and closed through the services, and what an
attacker would look for afterwards in the raw database storage.

`run_poll` is used in-process (PostgreSQL) and, through `python -m tests.secrecy.scenario`,
in a fresh process on its own SQLite file (the test database of the suite lives in memory).
Every voter's ballot has its own marking pattern, so a ballot's content names its voter
within the test: finding a voter's id beside a content, or the casting order in the
storage order, is a link.
"""

from __future__ import annotations

import json
import sys
import uuid
from dataclasses import asdict, dataclass


@dataclass
class Cast:
    delegate_id: int
    key: str
    tracker: str
    content: dict


def _pattern(number: int, candidates: list[str]) -> dict[str, str]:
    """The base-3 digits of `number` as marks (0 abstain, 1 for, 2 against)."""
    marks = {}
    for rules_id in candidates:
        number, digit = divmod(number, 3)
        if digit:
            marks[rules_id] = "for" if digit == 1 else "against"
    return marks


def run_poll(*, voters: int = 100, term: int = 77) -> dict:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dahui.congress.models import (
        Attendance,
        Congress,
        CongressRole,
        Delegate,
        Delegation,
        Organisation,
        PlenarySession,
        Role,
    )
    from dahui.elections import services as elections
    from dahui.elections.models import Method
    from dahui.voting.services import cast_ballot

    users = get_user_model().objects
    organisation, _created = Organisation.objects.get_or_create(name="保密测试总工会")
    congress = Congress.objects.create(
        organisation=organisation, title=f"保密测试大会{term}", term_number=term,
        starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 2),
        screen_token=uuid.uuid4().hex)
    session = PlenarySession.objects.create(congress=congress, number=1, title="全体会议",
                                            starts_at=timezone.now() - dt.timedelta(hours=1))
    delegation = Delegation.objects.create(congress=congress, name="全体")
    secretary = users.create_user(username=f"secrecy-secretary-{term}")
    CongressRole.objects.create(congress=congress, user=secretary, role=Role.SECRETARIAT)
    delegates = []
    for n in range(voters):
        user = users.create_user(username=f"secrecy-{term}-{n}")
        delegates.append(Delegate.objects.create(
            congress=congress, number=f"{n:05d}", name=f"代表{n}", gender="F",
            ethnicity="汉族", birth_date=dt.date(1980, 1, 1), id_tail=f"{n:04d}",
            work_unit="单位", delegation=delegation, credential_status="confirmed",
            access_code=f"S{term}{n:06d}", user=user))
        Attendance.objects.create(session=session, delegate=delegates[-1],
                                  checked_in_at=timezone.now(), method="desk")
    election = elections.create_election(
        congress=congress, title="第三届委员会委员", body="committee", seats=5, by=secretary)
    for delegate in delegates[:6]:
        elections.add_candidate(election=election, name=delegate.name, delegate=delegate,
                                by=secretary)
    poll = elections.create_election_poll(election=election, session=session,
                                          method=Method.ELECTRONIC, by=secretary)
    candidates = [c.rules_id for c in poll.candidates.order_by("order")]
    elections.open_poll(poll=poll, by=secretary)
    casts = []
    for number, delegate in enumerate(delegates, start=1):
        key = str(uuid.uuid4())
        content = {"marks": _pattern(number, candidates)}
        receipt = cast_ballot(poll=poll, voter=delegate, choices=content,
                              idempotency_key=key)
        casts.append(Cast(delegate_id=delegate.pk, key=key, tracker=receipt.tracker,
                          content=content))
    elections.close_poll(poll=poll, by=secretary)
    return {"poll_id": poll.pk, "casts": [asdict(c) for c in casts]}


def rank_correlation(first: list, second: list) -> float:
    """Spearman's rho of two orderings of the same distinct items."""
    rank = {item: index for index, item in enumerate(second)}
    n = len(first)
    squares = sum((index - rank[item]) ** 2 for index, item in enumerate(first))
    return 1 - 6 * squares / (n * (n * n - 1))


def main() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    print(json.dumps(run_poll(voters=int(sys.argv[1]) if len(sys.argv) > 1 else 100)),
          flush=True)
    # Keep the connection open, as a running server does, while the files are copied:
    # SQLite checkpoints and deletes the log when the last connection closes.
    sys.stdin.readline()


if __name__ == "__main__":
    main()

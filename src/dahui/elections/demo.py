"""The demo congress's votes: the two reports put to the vote and the two elections.

Candidates are drawn from the formal delegates, never from anyone holding a scrutineer or
counter role; the congress's scrutineers are assigned to both elections. Every row is made
through the services, so the demo's audit log starts with the set-up.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from dahui.congress.access import SCRUTINEERS
from dahui.congress.models import AgendaKind, Congress, Delegate, DelegateStatus, Role
from dahui.elections import services
from dahui.elections.models import Body, Method, MotionKind

SEED = 20261218
REPORTS = (
    ("关于临汾市总工会第二届委员会工作报告的决议", "第二届委员会工作报告"),
    ("关于临汾市总工会第二届经费审查委员会工作报告的决议", "经费审查委员会工作报告"),
)
# The election rules are adopted by show of hands before the elections (举手表决): the
# presidium enters the totals and counts them.
ELECTION_RULES = ("关于通过《临汾市总工会第三次代表大会选举办法》的决定", "选举办法")
ELECTIONS = (
    # title, body, seats, candidates (≥ ⌈seats × 1.05⌉ and ≥ seats + 1), agenda words
    ("临汾市总工会第三届委员会委员", Body.COMMITTEE, 21, 23, "第三届委员会"),
    ("临汾市总工会第三届经费审查委员会委员", Body.FUNDS_REVIEW, 7, 8, "经费审查委员会委员"),
)


def _agenda_item(congress: Congress, kind: str, words: str):
    return congress.agenda_items.filter(kind=kind, title__contains=words).first()


def _session_of(item, congress: Congress):
    return (item.session if item and item.session else None) or congress.sessions.order_by(
        "number").last()


@transaction.atomic
def seed_elections(*, congress: Congress) -> str:
    """Add the demo's motions and elections to `congress` (once); return a summary."""
    if congress.elections.exists() or congress.motions.exists():
        return summary(congress)
    by = get_user_model().objects.filter(is_superuser=True).first()
    rng = random.Random(SEED)
    for title, words in REPORTS:
        item = _agenda_item(congress, AgendaKind.REPORT, words)
        motion = services.create_motion(
            congress=congress, title=title, kind=MotionKind.REPORT, agenda_item=item, by=by
        )
        services.create_motion_poll(
            motion=motion, session=_session_of(item, congress), method=Method.ELECTRONIC, by=by
        )
    title, words = ELECTION_RULES
    item = _agenda_item(congress, AgendaKind.MOTION, words)
    motion = services.create_motion(
        congress=congress, title=title, kind=MotionKind.ELECTION_RULES, agenda_item=item, by=by
    )
    services.create_motion_poll(
        motion=motion, session=_session_of(item, congress), method=Method.TOTALS, by=by
    )
    counting_users = set(
        congress.roles.filter(role__in=SCRUTINEERS).values_list("user_id", flat=True)
    )
    pool = [
        d for d in Delegate.objects.filter(congress=congress, status=DelegateStatus.FORMAL)
        .select_related("delegation").order_by("number")
        if d.credential_confirmed and d.user_id not in counting_users
    ]
    rng.shuffle(pool)
    scrutineers = list(
        congress.roles.filter(role__in=SCRUTINEERS).select_related("user").order_by("id")
    )
    for title, body, seats, count, words in ELECTIONS:
        item = _agenda_item(congress, AgendaKind.ELECTION, words)
        election = services.create_election(
            congress=congress, title=title, body=body, seats=seats, agenda_item=item, by=by
        )
        chosen, pool = pool[:count], pool[count:]
        for delegate in chosen:
            services.add_candidate(
                election=election, name=delegate.name, delegate=delegate,
                bio=f"{delegate.work_unit}{delegate.position}（{delegate.delegation.name}）",
                by=by,
            )
        for held in scrutineers:
            role = {Role.CHIEF_SCRUTINEER: "chief_scrutineer", Role.SCRUTINEER: "scrutineer",
                    Role.COUNTER: "counter"}[held.role]
            services.assign_scrutineer(election=election, user=held.user, role=role, by=by)
        services.create_election_poll(
            election=election, session=_session_of(item, congress), method=Method.ELECTRONIC,
            by=by,
        )
    return summary(congress)


def summary(congress: Congress) -> str:
    lines = [
        f"Votes (secretariat: /c/{congress.pk}/votes/; delegates: /c/{congress.pk}/vote/):"
    ]
    for motion in congress.motions.order_by("order"):
        lines.append(f"  motion    {motion.title}")
    for election in congress.elections.order_by("order"):
        lines.append(
            f"  election  {election.title}: {election.seats} seats, "
            f"{election.candidates.count()} candidates"
        )
    return "\n".join(lines)

"""The demo congress's appraisal: the outgoing committee's leaders (民主评议), ready to vote.

The four leaders of the second committee (主席, two 副主席, 经审会主任) are drawn from the
presidium by a seeded generator, so every run appraises the same people. The vote is by
phone in the first session, filed under the second committee's work report; it opens when
the presidium opens it, as every other demo vote does. Rows are made through the services,
so the audit log records the set-up.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from dahui.appraisal import services
from dahui.appraisal.models import Appraisal
from dahui.congress.models import AgendaKind, Congress, Delegate, Role
from dahui.elections.models import Method

SEED = 20261219
TITLE = "对临汾市总工会第二届委员会领导班子成员的民主评议"
POSITIONS = ("主席", "副主席", "副主席", "经费审查委员会主任")


@transaction.atomic
def seed_appraisal(*, congress: Congress) -> str:
    """Add the demo's appraisal of the outgoing leaders to `congress` (once)."""
    if Appraisal.objects.filter(congress=congress).exists():
        return summary(congress)
    by = get_user_model().objects.filter(is_superuser=True).first()
    presidium = list(
        Delegate.objects.filter(
            congress=congress, user__congress_roles__congress=congress,
            user__congress_roles__role=Role.PRESIDIUM,
        ).order_by("number").distinct()
    )
    if len(presidium) < len(POSITIONS):
        return summary(congress)
    leaders = random.Random(SEED).sample(presidium, len(POSITIONS))
    item = congress.agenda_items.filter(
        kind=AgendaKind.REPORT, title__contains="第二届委员会工作报告"
    ).first()
    appraisal = services.create_appraisal(
        congress=congress, title=TITLE, agenda_item=item, by=by
    )
    for delegate, position in zip(leaders, POSITIONS, strict=True):
        services.add_subject(appraisal=appraisal, name=delegate.name, position=position, by=by)
    session = (item.session if item and item.session else None) \
        or congress.sessions.order_by("number").first()
    services.create_appraisal_poll(
        appraisal=appraisal, session=session, method=Method.ELECTRONIC, by=by
    )
    return summary(congress)


def summary(congress: Congress) -> str:
    lines = [f"Appraisals (/c/{congress.pk}/appraisals/):"]
    for appraisal in Appraisal.objects.filter(congress=congress):
        names = "、".join(f"{s.name}（{s.position}）" for s in appraisal.subjects.all())
        lines.append(f"  appraisal {appraisal.title}: {names}")
    return "\n".join(lines)

"""Rehearsal (彩排) polls: marked at set-up (`Poll.rehearsal`), labelled on every screen
and phone that shows them, left out of the minutes, the election records, the
announcements and the lists of results (see `selectors.published_polls`, `day_facts`,
`election_outcome(rehearsals=False)`), and deleted with one action of the secretariat.

What is deleted: the rehearsal poll with every round held after it for the same motion,
election or appraisal (their ballots, participations and keys go with them), and then the
motion, election or appraisal itself when no poll of it is left. The audit log keeps the
entry of the deletion (it is append-only: the rehearsal's own entries stay in the chain)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from dahui.audit.services import record
from dahui.elections.errors import Refused
from dahui.elections.models import Poll, RunoffDecision
from dahui.live.events import AgendaMoved, publish_on_commit


def _subject_of(poll: Poll):
    return poll.election or poll.motion or poll.appraisal


def delete_rehearsal(*, poll: Poll, by: Any) -> dict[str, Any]:
    """Delete a rehearsal poll (and its later rounds, and its subject when nothing else is
    left of it). Refuses a poll that is not a rehearsal. Returns what was deleted."""
    with transaction.atomic():
        # Only the poll's row is locked: PostgreSQL cannot lock the nullable side of the
        # outer joins that bring its election, motion or appraisal along.
        locked = (Poll.objects.select_for_update(of=("self",))
                  .select_related("election", "motion", "appraisal")
                  .filter(pk=poll.pk).first())
        if locked is None:
            raise Refused(_("This poll no longer exists."))
        if not locked.rehearsal:
            raise Refused(_("Only a rehearsal poll can be deleted; this poll is a real vote."))
        subject = _subject_of(locked)
        rounds = Poll.objects.filter(
            congress_id=locked.congress_id, rehearsal=True, round__gte=locked.round,
            election_id=locked.election_id, motion_id=locked.motion_id,
            appraisal_id=locked.appraisal_id,
        )
        deleted = list(rounds.order_by("round").values_list("pk", "round"))
        titles = locked.title
        RunoffDecision.objects.filter(next_poll__in=rounds).delete()
        rounds.delete()
        subject_deleted = False
        if subject is not None and not subject.polls.exists():
            try:
                with transaction.atomic():
                    subject.delete()
                    subject_deleted = True
            except (ProtectedError, RestrictedError, IntegrityError):
                subject_deleted = False
        record(
            congress=locked.congress_id, actor=by, action="poll.rehearsal_deleted",
            subject=f"poll:{locked.pk}",
            data={"title": titles, "polls": [pk for pk, _round in deleted],
                  "subject_deleted": subject_deleted},
        )
        congress = locked.congress
        publish_on_commit(AgendaMoved(congress_id=congress.pk,
                                      item_id=getattr(congress, "current_item_id", None)))
    return {"polls": [pk for pk, _round in deleted], "subject_deleted": subject_deleted}

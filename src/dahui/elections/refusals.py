"""Refusals as the person at the screen reads them, in their language.

The rules core's exceptions carry English text and the numbers behind them; this turns the
known ones into translated sentences with those numbers, and passes any other through.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from dahui import rules
from dahui.elections.errors import Refused


def refusal_message(error: Exception) -> str:
    if isinstance(error, rules.OverVote):
        return _(
            "Over-vote: %(marks)s for marks and %(write_ins)s write-ins exceed the %(seats)s "
            "seats. Mark at most %(seats)s people for."
        ) % {"marks": error.for_marks, "write_ins": error.write_ins, "seats": error.seats}
    if isinstance(error, rules.ContestTooSmall):
        return _(
            "%(candidates)s candidates for %(seats)s seats: the contest rule needs at least "
            "%(required)s."
        ) % {"candidates": error.candidates, "seats": error.seats, "required": error.required}
    if isinstance(error, rules.TotalsExceedIssued):
        return _(
            "For + against + abstain = %(total)s exceeds the %(issued)s ballots issued."
        ) % {"total": error.total, "issued": error.issued}
    if isinstance(error, rules.WriteInVoid):
        return _("The write-in %(name)s would not count: %(reason)s.") % {
            "name": error.name, "reason": error.reason,
        }
    if isinstance(error, rules.WriteInsNotAllowed):
        return _("This election does not allow write-ins.")
    if isinstance(error, rules.UnknownCandidate | rules.UnknownMark):
        return _("The ballot is not filled in correctly: %(detail)s.") % {"detail": error}
    if isinstance(error, rules.UnknownGrade):
        return _("%(subject)s: “%(grade)s” is not a grade of this appraisal (%(scale)s). "
                 "Nothing was stored.") % {
            "subject": error.subject, "grade": error.grade, "scale": "/".join(error.scale),
        }
    if isinstance(error, rules.UnknownSubject):
        return _("“%(subject)s” is not appraised in this ballot. Nothing was stored.") % {
            "subject": error.subject_id,
        }
    if isinstance(error, rules.PollClosed):
        return _("This poll is not open for voting.")
    if isinstance(error, rules.NotEntitled):
        return _("You have no vote in this congress.")
    if isinstance(error, Refused | rules.RulesError | ValueError):
        return str(error)
    raise error

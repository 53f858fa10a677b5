"""The ballot as a client sent it (form fields or the same names in JSON) → service choices.

A field that cannot be read is refused with its name (`BadBallotField`, answered 400), never
dropped: a mark `"FOR"`, an unknown candidate id or a write-in that is no name would
otherwise turn into a blank ballot the voter did not mean. A JSON client (`strict`) may send
only the fields of the form; a form post also carries the page's own fields (CSRF, step).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from dahui import rules
from dahui.elections import counting
from dahui.elections.models import Poll

MARKS = frozenset(mark.value for mark in rules.Mark)
VOTES = frozenset(vote.value for vote in rules.Vote)
ENVELOPE = frozenset({"credential", "key"})
# A person's name is at most the rules core's limit (rule 4). Much longer raw input is
# refused before normalising, so a megabyte is never worked on.
NAME_MAX = rules.PERSON_NAME_MAX
RAW_NAME_MAX = 200


class BadBallotField(ValueError):
    """One field of a posted ballot cannot be read; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _text(data: Mapping[str, Any], field: str) -> str:
    value = data.get(field, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadBallotField(field, _("give a text value"))
    return value


def write_in_name(raw: str, *, field: str) -> str:
    """A written name in the rules core's normal form, or `BadBallotField`."""
    if len(raw) > RAW_NAME_MAX:
        raise BadBallotField(field, _("a name is at most %(max)s characters")
                             % {"max": NAME_MAX})
    try:
        name = rules.normalise_name(raw)
    except (rules.RulesError, ValueError) as error:
        raise BadBallotField(field, str(error)) from None
    if not name:
        raise BadBallotField(field, _("the name is empty once invisible characters are "
                                      "removed"))
    if len(name) > NAME_MAX:
        raise BadBallotField(field, _("a name is at most %(max)s characters")
                             % {"max": NAME_MAX})
    return name


def choices_from(data: Mapping[str, Any], poll: Poll, *, strict: bool = False
                 ) -> dict[str, Any]:
    """Marks per candidate (`mark-<id>`: for/against/abstain), write-ins beside 不赞成
    (`write_in-<id>`), a motion's `vote`, or an appraisal's grade per subject
    (`grade-<id>`). `strict`: any other field is refused too."""
    if poll.appraisal_id:
        return _appraisal_choices(data, strict=strict)
    if poll.motion_id:
        allowed = {"vote"}
    else:
        ids = [c.rules_id for c in counting.poll_candidates(poll)]
        allowed = {f"mark-{i}" for i in ids} | {f"write_in-{i}" for i in ids}
    for field in data:
        if field in allowed or field in ENVELOPE:
            continue
        if strict or (isinstance(field, str) and field.startswith(("mark-", "write_in-"))):
            raise BadBallotField(str(field)[:60] or '""', _("not a field of this ballot"))
    if poll.motion_id:
        vote = _text(data, "vote").strip()
        if vote and vote not in VOTES:
            raise BadBallotField("vote", _("give for, against or abstain"))
        return {"vote": vote or None}
    marks, write_ins = {}, []
    for rules_id in ids:
        field = f"mark-{rules_id}"
        mark = _text(data, field).strip()
        if mark and mark not in MARKS:
            raise BadBallotField(field, _("give for, against or abstain"))
        if mark in ("for", "against"):
            marks[rules_id] = mark
        field = f"write_in-{rules_id}"
        raw = _text(data, field)
        # Only white space or invisible characters: nothing was written (rule 4); a raw
        # value too long to normalise goes on to be refused by its length.
        if len(raw) > RAW_NAME_MAX or rules.normalize_name(raw):
            write_ins.append(write_in_name(raw, field=field))
    return {"marks": marks, "write_ins": write_ins}


GRADE_MAX = 20  # as long as a grade of any scale may be (Appraisal.scale's entries)


def _appraisal_choices(data: Mapping[str, Any], *, strict: bool) -> dict[str, Any]:
    """`grade-<subject id>`: one grade of the scale, or empty for not graded (不评).

    Whether the subject is in the poll and the grade on its scale is the rules core's
    decision (`UnknownSubject`, `UnknownGrade`), made when the ballot is checked."""
    grades: dict[str, str] = {}
    for field in data:
        if field in ENVELOPE:
            continue
        if isinstance(field, str) and field.startswith("grade-") and len(field) <= 60:
            grade = _text(data, field).strip()
            if len(grade) > GRADE_MAX:
                raise BadBallotField(field, _("not a grade of this ballot"))
            grades[field.removeprefix("grade-")] = grade
        elif strict or (isinstance(field, str) and field.startswith("grade-")):
            raise BadBallotField(str(field)[:60] or '""', _("not a field of this ballot"))
    return {"grades": grades}

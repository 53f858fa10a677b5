"""Every write to appraisals (民主评议) and scoring panels (评分).

An appraisal's vote is an `elections.Poll`: opening, casting, closing, counting, confirming
and publishing it are the election services' own steps. This module sets up what only an
appraisal has (its subjects and scale, the poll that votes on it) and the keypad or
show-of-hands totals per subject and grade. Every decision is the rules core's
(`rules.appraisal`, `rules.scoring`); every change is in the audit log.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui import rules
from dahui.appraisal.models import (
    DEFAULT_FLAG_ABOVE,
    SCALES,
    Appraisal,
    AppraisalSubject,
    AppraisalTotal,
    PanelEntry,
    PanelJudge,
    PanelScore,
    Scale,
    ScoringPanel,
    SubjectKind,
)
from dahui.audit.services import record
from dahui.congress.models import DEFAULT_QUORUM, AgendaItem, Congress, PlenarySession
from dahui.elections import counting
from dahui.elections.errors import NotAllowed, Refused, WrongState
from dahui.elections.models import Method, Poll, PollState

GRADE_MAX = 20
NAME_MAX = 60
UNIT_MAX = 100


SETTING_MAX = 10  # a fraction setting such as "2/3", as stored


def _printable(*texts: str) -> None:
    """Control characters have no place in a title, a name or a grade: they cannot be
    printed, and XML (the .xlsx and the PDFs' text) cannot hold most of them."""
    for text in texts:
        controls = sorted({c for c in text or "" if unicodedata.category(c) in ("Cc", "Cs")})
        if controls:
            raise Refused(
                _("%(text)s holds invisible control characters (%(codes)s); type it again.")
                % {"text": "".join(c for c in text if c not in controls)[:30],
                   "codes": " ".join(f"U+{ord(c):04X}" for c in controls)})


def _fits(**settings: str) -> None:
    """A setting longer than its column is refused by name before anything is stored."""
    for name, value in settings.items():
        if len(value) > (GRADE_MAX if name == "flag_grade" else SETTING_MAX):
            raise Refused(_("%(field)s: %(value)s is too long.")
                          % {"field": name, "value": value[:20]})


def _scale(scale: str, custom: Sequence[str]) -> tuple[str, ...]:
    if scale == Scale.CUSTOM:
        grades = tuple(str(g).strip() for g in custom if str(g).strip())
        long = [g for g in grades if len(g) > GRADE_MAX]
        if long:
            raise Refused(_("Grade %(grade)s is longer than %(max)s characters.")
                          % {"grade": long[0][:30], "max": GRADE_MAX})
        return grades
    if scale not in SCALES:
        raise Refused(_("Unknown scale %(scale)s.") % {"scale": scale})
    return tuple(SCALES[Scale(scale)])


def create_appraisal(
    *,
    congress: Congress,
    title: str,
    by: Any,
    subject_kind: str = SubjectKind.PERSON,
    scale: str = Scale.COMPETENCE,
    custom_scale: Sequence[str] = (),
    quorum: str = DEFAULT_QUORUM,
    flag_grade: str = "",
    flag_above: str = DEFAULT_FLAG_ABOVE,
    agenda_item: AgendaItem | None = None,
) -> Appraisal:
    """An appraisal with its scale (best first), quorum and outcome flag, as the rules core
    accepts them (a bad setting is refused with the core's reason, nothing stored)."""
    _printable(title, quorum, flag_grade, flag_above, *custom_scale)
    if subject_kind not in SubjectKind.values:
        raise Refused(_("Unknown kind of subject %(kind)s.") % {"kind": subject_kind})
    appraisal = Appraisal(
        congress=congress, title=(title or "").strip(), subject_kind=subject_kind,
        scale=list(_scale(scale, custom_scale)), quorum=(quorum or "").strip(),
        flag_grade=(flag_grade or "").strip(), flag_above=(flag_above or "").strip(),
        agenda_item=agenda_item,
    )
    if not appraisal.title:
        raise Refused(_("The appraisal needs a title."))
    if len(appraisal.title) > 200:
        raise Refused(_("The title is longer than 200 characters."))
    _fits(quorum=appraisal.quorum, flag_above=appraisal.flag_above,
          flag_grade=appraisal.flag_grade)
    try:
        counting.appraisal_rules(appraisal)
    except (ValueError, rules.RulesError) as error:
        raise Refused(_("The appraisal's settings are not valid: %(reason)s")
                      % {"reason": error}) from None
    with transaction.atomic():
        appraisal.order = (congress.appraisals.aggregate(m=Max("order"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                appraisal.save()
        except IntegrityError:
            raise Refused(_("An appraisal titled %(title)s already exists.")
                          % {"title": appraisal.title}) from None
        record(
            congress=congress, actor=by, action="appraisal.created",
            subject=f"appraisal:{appraisal.pk}",
            data={"title": appraisal.title, "subject_kind": subject_kind,
                  "scale": appraisal.scale, "quorum": appraisal.quorum,
                  "flag_grade": appraisal.flag_grade, "flag_above": appraisal.flag_above},
        )
    return appraisal


def _refuse_after_open(appraisal: Appraisal) -> None:
    states = Poll.objects.select_for_update().filter(appraisal=appraisal) \
        .values_list("state", flat=True)
    if any(state != PollState.DRAFT for state in states):
        raise WrongState(_("Ballots have been issued for %(title)s: its list can no longer "
                           "change.") % {"title": appraisal.title})


def add_subject(
    *, appraisal: Appraisal, name: str, by: Any, position: str = ""
) -> AppraisalSubject:
    """Put a person or department on the appraisal's list, while no ballot is issued."""
    name = (name or "").strip()
    position = (position or "").strip()
    _printable(name, position)
    if not name:
        raise Refused(_("The person or department needs a name."))
    if len(name) > NAME_MAX or len(position) > NAME_MAX:
        raise Refused(_("A name or position is at most %(max)s characters.")
                      % {"max": NAME_MAX})
    if appraisal.subject_kind == SubjectKind.PERSON:
        try:
            name = rules.check_person_name(name)
        except rules.RulesError as error:
            raise Refused(_("%(name)s is not a person's name: %(reason)s")
                          % {"name": name[:30], "reason": error}) from None
    with transaction.atomic():
        _refuse_after_open(appraisal)
        order = (appraisal.subjects.aggregate(m=Max("order"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                subject = AppraisalSubject.objects.create(
                    appraisal=appraisal, name=name, position=position, order=order
                )
        except IntegrityError:
            raise Refused(_("%(name)s is already on the list of %(title)s.")
                          % {"name": name, "title": appraisal.title}) from None
        record(
            congress=appraisal.congress_id, actor=by, action="appraisal.subject_added",
            subject=f"appraisal:{appraisal.pk}", data={"name": name, "position": position},
        )
    return subject


def remove_subject(*, subject: AppraisalSubject, by: Any) -> None:
    appraisal = subject.appraisal
    with transaction.atomic():
        _refuse_after_open(appraisal)
        record(
            congress=appraisal.congress_id, actor=by, action="appraisal.subject_removed",
            subject=f"appraisal:{appraisal.pk}", data={"name": subject.name},
        )
        subject.delete()


def create_appraisal_poll(
    *, appraisal: Appraisal, session: PlenarySession, method: str, by: Any
) -> Poll:
    """The vote on an appraisal: by phone, paper or keypad/show-of-hands totals."""
    if method not in Method.values:
        raise Refused(_("Unknown voting method %(method)s.") % {"method": method})
    if session.congress_id != appraisal.congress_id:
        raise Refused(_("That session is not one of this congress."))
    if not appraisal.subjects.exists():
        raise Refused(_("Put at least one person or department on the list first."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                poll = Poll.objects.create(
                    congress=appraisal.congress, appraisal=appraisal, session=session,
                    method=method,
                )
        except IntegrityError:
            raise Refused(_("This appraisal already has its vote.")) from None
        record(
            congress=appraisal.congress_id, actor=by, action="poll.created",
            subject=f"poll:{poll.pk}",
            data={"title": poll.title, "round": poll.round, "method": method,
                  "subjects": [s.name for s in counting.ballot_subjects(poll)]},
        )
    return poll


def enter_appraisal_totals(
    *, poll: Poll, returned: int, totals: Mapping[str, Mapping[str, int]], by: Any
) -> Poll:
    """Keypad or show-of-hands totals: ballots returned, and per subject (rules id) the
    count of each grade. Checked by the rules core against the poll before anything is
    stored; entered again, they replace the earlier entry (until the count)."""
    if not poll.appraisal_id or poll.method != Method.TOTALS:
        raise Refused(_("Totals are entered only for a show-of-hands or keypad vote."))
    if returned < 0 or any(n < 0 for by_grade in totals.values() for n in by_grade.values()):
        raise Refused(_("Totals cannot be negative."))
    if returned > (poll.issued or 0):
        raise Refused(_("%(returned)s ballots returned exceed the %(issued)s issued.")
                      % {"returned": returned, "issued": poll.issued or 0})
    subjects = {s.rules_id: s for s in counting.appraisal_subjects(poll)}
    try:
        contents = counting.appraisal_totals_contents(returned=returned, totals=totals)
    except ValueError as error:
        name = subjects[str(error)].name if str(error) in subjects else str(error)
        raise Refused(
            _("%(name)s: the grades add up to more than the %(returned)s ballots returned.")
            % {"name": name, "returned": returned}
        ) from None
    # Unknown subjects and grades off the scale are the rules core's refusal.
    counting.check_appraisal_contents(poll, contents)
    with transaction.atomic():
        if Poll.objects.filter(pk=poll.pk, state=PollState.CLOSED).update(
            returned=returned
        ) != 1:
            raise WrongState(_("Totals are entered after the vote is closed."))
        AppraisalTotal.objects.filter(poll=poll).delete()
        AppraisalTotal.objects.bulk_create(
            AppraisalTotal(poll=poll, subject=subjects[sid], grade=grade, count=count)
            for sid, by_grade in totals.items() for grade, count in by_grade.items()
        )
        poll.refresh_from_db()
        record(
            congress=poll.congress_id, actor=by, action="appraisal.totals_entered",
            subject=f"poll:{poll.pk}",
            data={"title": poll.title, "returned": returned,
                  "totals": {subjects[sid].name: dict(by_grade)
                             for sid, by_grade in totals.items()}},
        )
    return poll


# ---------------------------------------------------------------- scoring panels (评分)


def create_panel(
    *, congress: Congress, title: str, by: Any, low: str = "0", high: str = "100",
    decimals: int = 1, exclude_same_unit: bool = False,
) -> ScoringPanel:
    _printable(title, low, high)
    panel = ScoringPanel(
        congress=congress, title=(title or "").strip(), low=(low or "").strip(),
        high=(high or "").strip(), decimals=decimals, exclude_same_unit=exclude_same_unit,
    )
    if not panel.title:
        raise Refused(_("The panel needs a title."))
    if len(panel.title) > 200:
        raise Refused(_("The title is longer than 200 characters."))
    _fits(low=panel.low, high=panel.high)
    from dahui.appraisal.scoring import panel_rules

    try:
        panel_rules(panel)
    except (ValueError, rules.RulesError) as error:
        raise Refused(_("The panel's settings are not valid: %(reason)s")
                      % {"reason": error}) from None
    with transaction.atomic():
        try:
            with transaction.atomic():
                panel.save()
        except IntegrityError:
            raise Refused(_("A panel titled %(title)s already exists.")
                          % {"title": panel.title}) from None
        record(congress=congress, actor=by, action="panel.created",
               subject=f"panel:{panel.pk}",
               data={"title": panel.title, "low": panel.low, "high": panel.high,
                     "decimals": decimals, "exclude_same_unit": exclude_same_unit})
    return panel


def _refuse_if_published(panel: ScoringPanel) -> None:
    if ScoringPanel.objects.filter(pk=panel.pk, published_at__isnull=False).exists():
        raise WrongState(_("The panel's result is published: nothing can change."))


def add_judge(*, panel: ScoringPanel, user: Any, name: str, by: Any, unit: str = "") -> PanelJudge:
    name = (name or user.get_full_name() or user.get_username()).strip()
    unit = (unit or "").strip()
    _printable(name, unit)
    if len(name) > NAME_MAX or len(unit) > UNIT_MAX:
        raise Refused(_("A judge's name is at most %(name)s characters and the unit at most "
                        "%(unit)s.") % {"name": NAME_MAX, "unit": UNIT_MAX})
    with transaction.atomic():
        _refuse_if_published(panel)
        try:
            with transaction.atomic():
                judge = PanelJudge.objects.create(panel=panel, user=user, name=name,
                                                  unit=unit)
        except IntegrityError:
            raise Refused(_("%(name)s is already a judge of this panel.")
                          % {"name": name}) from None
        record(congress=panel.congress_id, actor=by, action="panel.judge_added",
               subject=f"panel:{panel.pk}", data={"name": name, "unit": judge.unit})
    return judge


def add_entry(
    *, panel: ScoringPanel, title: str, by: Any, unit: str = "",
    authors: Sequence[PanelJudge] = (),
) -> PanelEntry:
    """An entry; judges among its authors are a declared conflict and never score it."""
    title = (title or "").strip()
    _printable(title, unit)
    if not title:
        raise Refused(_("The entry needs a title."))
    if len(title) > 200 or len((unit or "").strip()) > UNIT_MAX:
        raise Refused(_("An entry's title is at most 200 characters and its unit at most "
                        "%(unit)s.") % {"unit": UNIT_MAX})
    if any(judge.panel_id != panel.pk for judge in authors):
        raise Refused(_("An author named as a judge must be a judge of this panel."))
    with transaction.atomic():
        _refuse_if_published(panel)
        order = (panel.entries.aggregate(m=Max("order"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                entry = PanelEntry.objects.create(panel=panel, title=title,
                                                  unit=(unit or "").strip(), order=order)
        except IntegrityError:
            raise Refused(_("An entry titled %(title)s already exists.")
                          % {"title": title}) from None
        entry.authors.set(authors)
        record(congress=panel.congress_id, actor=by, action="panel.entry_added",
               subject=f"panel:{panel.pk}",
               data={"title": title, "unit": entry.unit,
                     "authors": [judge.name for judge in authors]})
    return entry


def enter_score(*, entry: PanelEntry, judge: PanelJudge, score: str, by: Any) -> PanelScore:
    """A judge's own score for an entry. The rules core refuses a score off the scale or
    from a judge in conflict (`InvalidScore`, `ConflictedScore`): nothing is stored."""
    from dahui.appraisal.scoring import check_score

    if judge.user_id != getattr(by, "pk", None):
        raise NotAllowed(_("Only the judge enters their own scores."))
    if entry.panel_id != judge.panel_id:
        raise Refused(_("That entry is not one of this panel's."))
    text = (score or "").strip()
    check_score(entry=entry, judge=judge, score=text)
    with transaction.atomic():
        _refuse_if_published(entry.panel)
        stored, created = PanelScore.objects.update_or_create(
            judge=judge, entry=entry, defaults={"score": text}
        )
        record(congress=entry.panel.congress_id, actor=by, action="panel.score_entered",
               subject=f"panel:{entry.panel_id}",
               data={"entry": entry.title, "judge": judge.name, "score": text,
                     "changed": not created})
    return stored


def publish_panel(*, panel: ScoringPanel, by: Any) -> ScoringPanel:
    """Publish the ranking once every entry is complete; scores are frozen from then on."""
    from dahui.appraisal.scoring import panel_result

    result = panel_result(panel)
    incomplete = [e.title for e in result.entries if e.status == "incomplete"]
    if incomplete:
        raise Refused(_("Scores are still missing for %(titles)s.")
                      % {"titles": "、".join(incomplete[:5])})
    with transaction.atomic():
        if ScoringPanel.objects.filter(pk=panel.pk, published_at__isnull=True).update(
            published_at=timezone.now()
        ) != 1:
            raise WrongState(_("The panel's result is already published."))
        panel.refresh_from_db()
        record(congress=panel.congress_id, actor=by, action="panel.published",
               subject=f"panel:{panel.pk}",
               data={"title": panel.title,
                     "ranking": [(e.rank, e.title, e.shown) for e in result.entries]})
    return panel

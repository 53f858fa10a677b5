"""Every write to the congress: each function is one change, atomic, audited, and publishes
its live event on commit. Views, the CLI and the demo call these; nothing else writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
from fractions import Fraction

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dahui.audit.services import record
from dahui.congress import login_throttle
from dahui.congress.models import (
    DEFAULT_QUORUM,
    WITHDRAWN_CREDENTIALS,
    AgendaDocument,
    AgendaItem,
    AgendaKind,
    Attendance,
    CheckInMethod,
    Congress,
    CongressRole,
    CredentialStatus,
    Delegate,
    DelegateToken,
    Delegation,
    LeaveRequest,
    LeaveStatus,
    MinutesKind,
    MinutesState,
    Organisation,
    PlenarySession,
    SessionMinutes,
)
from dahui.congress.roster_import import RosterPlan, RosterRefused, RosterRow, roster_fingerprint
from dahui.live.events import AgendaMoved, AttendanceChanged, RosterChanged, publish_on_commit

ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a desk
ACCESS_CODE_LENGTH = 8
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class ServiceError(ValueError):
    """A refused change, with a message fit to show the user."""


# ---- congress set-up -----------------------------------------------------------------


def create_congress(
    *,
    organisation_name: str,
    title: str,
    term_number: int,
    starts_on: dt.date,
    ends_on: dt.date,
    venue: str = "",
    invitees_vote: bool = False,
    quorum: str = DEFAULT_QUORUM,
    language: str = settings.LANGUAGE_CODE,
    by,
) -> Congress:
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Unknown language “%(value)s” for the hall screen.")
                           % {"value": language})
    try:
        fraction = Fraction(quorum)
    except (ValueError, ZeroDivisionError):
        raise ServiceError(_("Quorum “%(value)s” is not a fraction.") % {"value": quorum}) from None
    if not 0 < fraction <= 1:
        raise ServiceError(_("Quorum must be more than 0 and at most 1."))
    if ends_on < starts_on:
        raise ServiceError(_("The last day is before the first day."))
    with transaction.atomic():
        organisation, _created = Organisation.objects.get_or_create(name=organisation_name)
        congress = Congress.objects.create(
            organisation=organisation, title=title, term_number=term_number,
            starts_on=starts_on, ends_on=ends_on, venue=venue, invitees_vote=invitees_vote,
            quorum=quorum, screen_token=secrets.token_urlsafe(24), language=language,
        )
        record(congress=congress, actor=by, action="congress.created", subject=title,
               data={"term_number": term_number, "invitees_vote": invitees_vote,
                     "quorum": quorum, "language": language})
    return congress


def add_session(
    *, congress: Congress, number: int, title: str, starts_at: dt.datetime, by
) -> PlenarySession:
    with transaction.atomic():
        session = PlenarySession.objects.create(
            congress=congress, number=number, title=title, starts_at=starts_at
        )
        record(congress=congress, actor=by, action="session.added", subject=title,
               data={"number": number, "starts_at": starts_at})
    return session


def add_delegations(*, congress: Congress, names: list[str], by) -> list[Delegation]:
    """Add delegations by name (existing names are left alone), in the given order."""
    names = [name.strip() for name in names if name.strip()]
    with transaction.atomic():
        order = congress.delegations.aggregate(m=Max("order"))["m"] or 0
        added = []
        for name in dict.fromkeys(names):
            if congress.delegations.filter(name=name).exists():
                continue
            order += 1
            added.append(Delegation.objects.create(congress=congress, name=name, order=order))
        if added:
            record(congress=congress, actor=by, action="delegations.added",
                   subject=_("%(count)d delegations") % {"count": len(added)},
                   data={"count": len(added), "names": [d.name for d in added]})
    return added


def grant_role(*, congress: Congress, user, role: str, by) -> CongressRole:
    with transaction.atomic():
        granted, created = CongressRole.objects.get_or_create(
            congress=congress, user=user, role=role
        )
        if created:
            record(congress=congress, actor=by, action="role.granted",
                   subject=user.get_username(), data={"role": role})
    return granted


def revoke_role(*, congress: Congress, user, role: str, by) -> bool:
    with transaction.atomic():
        deleted, _rows = CongressRole.objects.filter(
            congress=congress, user=user, role=role
        ).delete()
        if deleted:
            record(congress=congress, actor=by, action="role.revoked",
                   subject=user.get_username(), data={"role": role})
    return bool(deleted)


# ---- roster --------------------------------------------------------------------------


def _new_access_code() -> str:
    while True:
        code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))
        if not Delegate.objects.filter(access_code=code).exists():
            return code


def _delegate_user(congress: Congress, access_code: str):
    user = get_user_model()(username=f"d{congress.pk}-{access_code}")
    user.set_unusable_password()
    user.save()
    return user


def _next_numbers(congress: Congress, taken: set[str]):
    """Free credential numbers: 001, 002 … (three digits, or more past 999)."""
    candidate = 0
    while True:
        candidate += 1
        number = f"{candidate:03d}"
        if number not in taken:
            taken.add(number)
            yield number


def _row_fields(row: RosterRow, delegations: dict[str, Delegation]) -> dict:
    return {
        "name": row.name,
        "gender": row.gender,
        "ethnicity": row.ethnicity,
        "birth_date": dt.date.fromisoformat(row.birth_date),
        "id_tail": row.id_tail,
        "work_unit": row.work_unit,
        "position": row.position,
        "delegation": delegations[row.delegation],
        "categories": list(row.categories),
        "status": row.status,
    }


def _refuse_removing_delegates_with_history(removed) -> None:
    """A delegate who has checked in, asked for leave, been issued a ballot or stood as a
    candidate is part of the congress's record: dropping them from a re-imported sheet must
    not erase that record. The secretariat rejects or replaces them in credentials review."""
    from django.db.models.deletion import Collector

    problems = []
    for delegate in removed:
        collector = Collector(using="default")
        try:
            collector.collect([delegate])
        except Exception:  # ProtectedError / RestrictedError: a vote or candidacy refers to them
            has_history = True
        else:
            # Cascades arrive either as collected objects or as "fast delete" querysets.
            disposable = {Delegate._meta.label, "congress.DelegateToken"}
            has_history = any(
                model._meta.label not in disposable and objs
                for model, objs in collector.data.items()
            ) or any(
                qs.model._meta.label not in disposable and qs.exists()
                for qs in collector.fast_deletes
            )
        if has_history:
            problems.append(
                _(
                    "Delegate %(number)s %(name)s is missing from the file but already has "
                    "attendance, leave, voting or candidacy records; reject or replace them in "
                    "credentials review instead of removing them."
                )
                % {"number": delegate.number, "name": delegate.name}
            )
    if problems:
        raise RosterRefused(problems)


def apply_roster(*, congress: Congress, plan: RosterPlan, by, source: str = "") -> dict:
    """Apply a previewed plan, all or nothing, if the roster is still the one it was made on."""
    with transaction.atomic():
        # Lock the congress row so two imports cannot interleave between check and write.
        Congress.objects.select_for_update().filter(pk=congress.pk).first()
        if roster_fingerprint(congress) != plan.fingerprint:
            raise RosterRefused(
                [_("The roster changed since this preview was made; upload the file again.")]
            )
        delegations = {d.name: d for d in congress.delegations.all()}
        missing = {
            row.delegation for row in [*plan.adds, *(c.row for c in plan.changes)]
        } - delegations.keys()
        if missing:
            raise RosterRefused(
                [_("No delegation named “%(value)s” in this congress.") % {"value": name}
                 for name in sorted(missing)]
            )
        removed = Delegate.objects.filter(
            congress=congress, pk__in=[pk for pk, _n, _name in plan.removals]
        )
        _refuse_removing_delegates_with_history(removed)
        get_user_model().objects.filter(
            pk__in=removed.exclude(user=None).values("user_id")
        ).delete()
        removed.delete()
        # Park changed numbers first: two delegates swapping numbers must not collide midway.
        renumbered = [c for c in plan.changes if any(f[0] == "number" for f in c.fields)]
        for change in renumbered:
            Delegate.objects.filter(pk=change.delegate_id).update(number=f"~{change.delegate_id}")
        for change in plan.changes:
            Delegate.objects.filter(pk=change.delegate_id, congress=congress).update(
                number=change.row.number or Delegate.objects.get(pk=change.delegate_id).number,
                **_row_fields(change.row, delegations),
            )
        taken = set(Delegate.objects.filter(congress=congress).values_list("number", flat=True))
        taken |= {row.number for row in plan.adds if row.number}
        numbers = _next_numbers(congress, taken)
        for row in plan.adds:
            code = _new_access_code()
            Delegate.objects.create(
                congress=congress,
                number=row.number or next(numbers),
                access_code=code,
                user=_delegate_user(congress, code),
                **_row_fields(row, delegations),
            )
        summary = {
            "added": len(plan.adds),
            "changed": len(plan.changes),
            "removed": len(plan.removals),
            "unchanged": plan.unchanged,
        }
        record(congress=congress, actor=by, action="roster.imported", subject=source,
               data={**summary, "removed_numbers": [n for _pk, n, _name in plan.removals]})
        publish_on_commit(RosterChanged(congress_id=congress.pk))
    return summary


# ---- credentials review --------------------------------------------------------------


def decide_credential(
    *, delegate: Delegate, decision: str, by, replacement: Delegate | None = None,
    note: str = "",
) -> Delegate:
    """Confirm, reject or replace (with a link to the replacement) a delegate's credential."""
    if decision not in (
        CredentialStatus.CONFIRMED, CredentialStatus.REJECTED, CredentialStatus.REPLACED,
        CredentialStatus.PENDING,
    ):
        raise ServiceError(_("Unknown credential decision “%(value)s”.") % {"value": decision})
    if decision == CredentialStatus.REPLACED:
        if replacement is None:
            raise ServiceError(_("A replaced delegate needs the delegate who replaces them."))
        if replacement.congress_id != delegate.congress_id or replacement.pk == delegate.pk:
            raise ServiceError(_("The replacement must be another delegate of this congress."))
        if replacement.credential_status in WITHDRAWN_CREDENTIALS:
            raise ServiceError(_("The replacement's own credential is rejected or replaced."))
    elif replacement is not None:
        raise ServiceError(_("Only a replaced delegate has a replacement."))
    with transaction.atomic():
        previous = delegate.credential_status
        delegate.credential_status = decision
        delegate.replaced_by = replacement
        Delegate.objects.filter(pk=delegate.pk).update(
            credential_status=decision, replaced_by=replacement
        )
        record(congress=delegate.congress_id, actor=by, action="credential.decided",
               subject=f"{delegate.number} {delegate.name}",
               data={"from": previous, "to": decision, "note": note,
                     "replacement": replacement.number if replacement else None})
        publish_on_commit(RosterChanged(congress_id=delegate.congress_id))
    return delegate


def confirm_pending_credentials(*, congress: Congress, by) -> int:
    """Confirm every pending credential at once (the committee's report adopted as a whole)."""
    with transaction.atomic():
        pending = Delegate.objects.filter(
            congress=congress, credential_status=CredentialStatus.PENDING
        )
        numbers = list(pending.values_list("number", flat=True))
        count = pending.update(credential_status=CredentialStatus.CONFIRMED)
        if count:
            record(congress=congress, actor=by, action="credential.confirmed_all",
                   subject=_("%(count)d credentials") % {"count": count},
                   data={"numbers": numbers})
            publish_on_commit(RosterChanged(congress_id=congress.pk))
    return count


# ---- login tokens --------------------------------------------------------------------


def issue_token(*, delegate: Delegate, by) -> DelegateToken:
    """A new QR login token; the previous one stops working at once."""
    with transaction.atomic():
        now = timezone.now()
        revoked = DelegateToken.objects.filter(
            delegate=delegate, revoked_at__isnull=True
        ).update(revoked_at=now)
        token = DelegateToken.objects.create(delegate=delegate, key=secrets.token_urlsafe(24))
        if revoked:
            record(congress=delegate.congress_id, actor=by, action="token.reissued",
                   subject=f"{delegate.number} {delegate.name}", data={})
    return token


def ensure_tokens(*, congress: Congress, by) -> int:
    """Give every delegate without a live token one (before printing credentials)."""
    live = DelegateToken.objects.filter(revoked_at__isnull=True).values("delegate_id")
    without = Delegate.objects.filter(congress=congress).exclude(pk__in=live)
    with transaction.atomic():
        created = DelegateToken.objects.bulk_create(
            [DelegateToken(delegate=d, key=secrets.token_urlsafe(24)) for d in without]
        )
        if created:
            record(congress=congress, actor=by, action="tokens.issued",
                   subject=_("%(count)d login tokens") % {"count": len(created)}, data={})
    return len(created)


def revoke_token(*, delegate: Delegate, by) -> bool:
    with transaction.atomic():
        revoked = DelegateToken.objects.filter(
            delegate=delegate, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if revoked:
            record(congress=delegate.congress_id, actor=by, action="token.revoked",
                   subject=f"{delegate.number} {delegate.name}", data={})
    return bool(revoked)


class LoginLocked(ServiceError):
    pass


class LoginRefused(ServiceError):
    pass


def delegate_by_access_code(*, access_code: str, id_tail: str, address: str | None) -> Delegate:
    """Check an access code + ID tail, after the wait its failures call for (login_throttle)."""
    code = access_code.strip().upper().replace("-", "").replace(" ", "")
    tail = id_tail.strip().upper()
    wait = login_throttle.seconds_to_wait(code=code, address=address)
    if wait:
        raise LoginLocked(
            _("Too many failed attempts with this code. Wait %(seconds)d seconds and try "
              "again, or ask the secretariat desk.") % {"seconds": wait}
        )
    delegate = (
        Delegate.objects.select_related("user").filter(access_code=code, id_tail=tail).first()
    )
    if delegate is None or delegate.user is None or not delegate.user.is_active:
        login_throttle.record_failure(code=code, address=address)
        raise LoginRefused(_("The access code or the last 4 characters of the ID do not match."))
    if delegate.credential_status in WITHDRAWN_CREDENTIALS:
        raise LoginRefused(_("This credential is no longer valid; ask the secretariat desk."))
    login_throttle.clear(code=code)
    return delegate


# ---- check-in and leave --------------------------------------------------------------
def _refuse_control_characters(text: str) -> None:
    """PostgreSQL cannot store a NUL, and no control character belongs in a typed reason."""
    controls = sorted({c for c in text if unicodedata.category(c) in ("Cc", "Cs")})
    if controls:
        raise ServiceError(
            _("the text holds invisible control characters (%(codes)s); type it again.")
            % {"codes": " ".join(f"U+{ord(c):04X}" for c in controls)})



def _check_in_refusal(delegate: Delegate, session: PlenarySession) -> str | None:
    if delegate.congress_id != session.congress_id:
        return _("This credential belongs to another congress.")
    if delegate.credential_status in WITHDRAWN_CREDENTIALS:
        return _("%(name)s's credential is %(status)s: not admitted.") % {
            "name": delegate.name, "status": delegate.get_credential_status_display()}
    return None


def _record_check_in(attendance: Attendance, delegate: Delegate, session: PlenarySession, by):
    # One entry per person: who came decides the ballots issued, so each arrival is in the log.
    record(congress=session.congress_id, actor=by, action="check_in.recorded",
           subject=f"{delegate.number} {delegate.name}",
           data={"session": session.number, "method": attendance.method})


def check_in(
    *, delegate: Delegate, session: PlenarySession, by, method: str = CheckInMethod.DESK
) -> tuple[Attendance, bool]:
    """Record a delegate's arrival; a repeated scan returns the first record unchanged."""
    refusal = _check_in_refusal(delegate, session)
    if refusal:
        raise ServiceError(refusal)
    if method not in CheckInMethod.values:
        raise ServiceError(_("Unknown check-in method “%(value)s”.") % {"value": method})
    existing = Attendance.objects.filter(session=session, delegate=delegate).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=session, delegate=delegate, checked_in_at=timezone.now(), by=by,
                method=method,
            )
            _record_check_in(attendance, delegate, session, by)
            publish_on_commit(
                AttendanceChanged(congress_id=session.congress_id, session_id=session.pk)
            )
    except IntegrityError:
        # Two scanners read the same card at once: the other one won, which is the same.
        return Attendance.objects.get(session=session, delegate=delegate), False
    return attendance, True


def check_in_many(
    *, delegates: list[Delegate], session: PlenarySession, by,
    method: str = CheckInMethod.DESK,
) -> int:
    """Check in a list at once (a delegation's list ticked off at the desk): one transaction,
    one audit entry per person checked in; those already in or refused are skipped."""
    if method not in CheckInMethod.values:
        raise ServiceError(_("Unknown check-in method “%(value)s”.") % {"value": method})
    with transaction.atomic():
        present = set(
            Attendance.objects.filter(session=session).values_list("delegate_id", flat=True)
        )
        now = timezone.now()
        created = 0
        for delegate in delegates:
            if delegate.pk in present or _check_in_refusal(delegate, session):
                continue
            present.add(delegate.pk)
            attendance = Attendance.objects.create(
                session=session, delegate=delegate, checked_in_at=now, by=by, method=method
            )
            _record_check_in(attendance, delegate, session, by)
            created += 1
        if created:
            publish_on_commit(
                AttendanceChanged(congress_id=session.congress_id, session_id=session.pk)
            )
    return created


def undo_check_in(*, delegate: Delegate, session: PlenarySession, reason: str, by) -> bool:
    """Take back a check-in made by mistake (the wrong person ticked, a card scanned for a
    neighbour); the reason is kept in the audit log with the record that is removed."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give a reason for undoing the check-in."))
    if len(reason) > 200:
        raise ServiceError(_("The reason is at most 200 characters."))
    _refuse_control_characters(reason)
    with transaction.atomic():
        attendance = (
            Attendance.objects.select_for_update().filter(session=session, delegate=delegate)
            .first()
        )
        if attendance is None:
            return False
        attendance.delete()
        record(congress=session.congress_id, actor=by, action="check_in.undone",
               subject=f"{delegate.number} {delegate.name}",
               data={"session": session.number, "reason": reason,
                     "method": attendance.method,
                     "checked_in_at": attendance.checked_in_at.isoformat(timespec="seconds")})
        publish_on_commit(
            AttendanceChanged(congress_id=session.congress_id, session_id=session.pk)
        )
    return True


def request_leave(
    *, delegate: Delegate, session: PlenarySession, reason: str, by
) -> LeaveRequest:
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give a reason for the leave request."))
    if delegate.congress_id != session.congress_id:
        raise ServiceError(_("This session belongs to another congress."))
    with transaction.atomic():
        leave, created = LeaveRequest.objects.get_or_create(
            session=session, delegate=delegate,
            defaults={"reason": reason[:200], "requested_at": timezone.now()},
        )
        if not created:
            if leave.status != LeaveStatus.PENDING:
                raise ServiceError(_("The leave request was already decided."))
            LeaveRequest.objects.filter(pk=leave.pk).update(reason=reason[:200])
            leave.reason = reason[:200]
        record(congress=session.congress_id, actor=by, action="leave.requested",
               subject=f"{delegate.number} {delegate.name}",
               data={"session": session.number, "reason": leave.reason})
    return leave


def decide_leave(*, leave: LeaveRequest, approve: bool, by) -> LeaveRequest:
    status = LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED
    with transaction.atomic():
        # Compare-and-set: a second click (or a second clerk) finds it already decided.
        updated = LeaveRequest.objects.filter(pk=leave.pk, status=LeaveStatus.PENDING).update(
            status=status, decided_by=by, decided_at=timezone.now()
        )
        if not updated:
            raise ServiceError(_("The leave request was already decided."))
        leave.refresh_from_db()
        record(congress=leave.session.congress_id, actor=by, action="leave.decided",
               subject=f"{leave.delegate.number} {leave.delegate.name}",
               data={"session": leave.session.number, "status": status})
        publish_on_commit(
            AttendanceChanged(congress_id=leave.session.congress_id, session_id=leave.session_id)
        )
    return leave


def record_leave(
    *, delegate: Delegate, session: PlenarySession, reason: str, by
) -> LeaveRequest:
    """The secretariat records a delegate's leave (a phone call, a note from the delegation):
    approved at once, or a pending request of theirs approved with this reason."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give a reason for the leave."))
    if len(reason) > 200:
        raise ServiceError(_("The reason is at most 200 characters."))
    _refuse_control_characters(reason)
    if delegate.congress_id != session.congress_id:
        raise ServiceError(_("This session belongs to another congress."))
    if delegate.credential_status in WITHDRAWN_CREDENTIALS:
        raise ServiceError(_("%(name)s's credential is withdrawn; no leave is needed.")
                           % {"name": delegate.name})
    with transaction.atomic():
        if Attendance.objects.filter(session=session, delegate=delegate).exists():
            raise ServiceError(
                _("%(name)s is checked in for this session; undo the check-in first.")
                % {"name": delegate.name}
            )
        now = timezone.now()
        leave, created = LeaveRequest.objects.get_or_create(
            session=session, delegate=delegate,
            defaults={"reason": reason, "requested_at": now, "status": LeaveStatus.APPROVED,
                      "decided_by": by, "decided_at": now},
        )
        if not created:
            if leave.status == LeaveStatus.APPROVED:
                raise ServiceError(_("%(name)s is already on leave for this session.")
                                   % {"name": delegate.name})
            LeaveRequest.objects.filter(pk=leave.pk).update(
                reason=reason, status=LeaveStatus.APPROVED, decided_by=by, decided_at=now
            )
            leave.refresh_from_db()
        record(congress=session.congress_id, actor=by, action="leave.recorded",
               subject=f"{delegate.number} {delegate.name}",
               data={"session": session.number, "reason": reason})
        publish_on_commit(
            AttendanceChanged(congress_id=session.congress_id, session_id=session.pk)
        )
    return leave


# ---- agenda --------------------------------------------------------------------------


def add_agenda_item(
    *, congress: Congress, kind: str, title: str, presenter: str = "",
    session: PlenarySession | None = None, by,
) -> AgendaItem:
    if kind not in AgendaKind.values:
        raise ServiceError(_("Unknown agenda item type “%(value)s”.") % {"value": kind})
    if not title.strip():
        raise ServiceError(_("An agenda item needs a title."))
    if session is not None and session.congress_id != congress.pk:
        raise ServiceError(_("This session belongs to another congress."))
    with transaction.atomic():
        order = (congress.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
        item = AgendaItem.objects.create(
            congress=congress, session=session, order=order, kind=kind, title=title.strip(),
            presenter=presenter.strip(),
        )
        record(congress=congress, actor=by, action="agenda.added", subject=item.title,
               data={"kind": kind, "order": order})
    return item


def _voted_on(item: AgendaItem) -> bool:
    """Has a vote (motion or election round) of this item been opened? From then on the item
    is part of the record: its title, type and session are what the results refer to."""
    # Through the reverse relations the elections app declares, so the congress app needs no
    # import of it.
    return AgendaItem.objects.filter(
        Q(pk=item.pk, elections__polls__opened_at__isnull=False)
        | Q(pk=item.pk, motions__polls__opened_at__isnull=False)
    ).exists()


def update_agenda_item(
    *, item: AgendaItem, kind: str, title: str, presenter: str = "",
    session: PlenarySession | None = None, by,
) -> AgendaItem:
    """Correct an agenda item (a typo in the title, the presenter, the session), until it has
    been voted on."""
    title, presenter = title.strip(), presenter.strip()
    if kind not in AgendaKind.values:
        raise ServiceError(_("Unknown agenda item type “%(value)s”.") % {"value": kind})
    if not title:
        raise ServiceError(_("An agenda item needs a title."))
    if len(title) > 200 or len(presenter) > 100:
        raise ServiceError(_("The title is at most 200 characters, the presenter 100."))
    if session is not None and session.congress_id != item.congress_id:
        raise ServiceError(_("This session belongs to another congress."))
    with transaction.atomic():
        AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
        if _voted_on(item):
            raise ServiceError(
                _("“%(title)s” has been voted on; its record can no longer be changed.")
                % {"title": item.title}
            )
        before = {"kind": item.kind, "title": item.title, "presenter": item.presenter,
                  "session": item.session.number if item.session else None}
        AgendaItem.objects.filter(pk=item.pk).update(
            kind=kind, title=title, presenter=presenter, session=session
        )
        item.refresh_from_db()
        after = {"kind": kind, "title": title, "presenter": presenter,
                 "session": session.number if session else None}
        record(congress=item.congress_id, actor=by, action="agenda.changed", subject=title,
               data={"from": before, "to": after})
        publish_on_commit(AgendaMoved(congress_id=item.congress_id, item_id=None))
    return item


def remove_agenda_item(*, item: AgendaItem, by) -> None:
    """Take an item off the agenda, until it has been voted on; the rest is renumbered."""
    with transaction.atomic():
        AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
        if _voted_on(item):
            raise ServiceError(
                _("“%(title)s” has been voted on and stays on the agenda.")
                % {"title": item.title}
            )
        AgendaItem.objects.filter(pk=item.pk).delete()
        for position, other in enumerate(
            AgendaItem.objects.filter(congress_id=item.congress_id).order_by("order", "pk"),
            start=1,
        ):
            if other.order != position:
                AgendaItem.objects.filter(pk=other.pk).update(order=position)
        record(congress=item.congress_id, actor=by, action="agenda.removed", subject=item.title,
               data={"kind": item.kind, "order": item.order})
        publish_on_commit(AgendaMoved(congress_id=item.congress_id, item_id=None))


def move_agenda_item(*, item: AgendaItem, offset: int, by) -> None:
    """Move an item up (offset −1) or down (+1) the agenda; the list is renumbered 1…n."""
    with transaction.atomic():
        items = list(
            AgendaItem.objects.filter(congress_id=item.congress_id).order_by("order", "pk")
        )
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = max(0, min(len(items) - 1, index + offset))
        if target == index:
            return
        items.insert(target, items.pop(index))
        for position, other in enumerate(items, start=1):
            if other.order != position:
                AgendaItem.objects.filter(pk=other.pk).update(order=position)
        record(congress=item.congress_id, actor=by, action="agenda.reordered",
               subject=item.title, data={"from": index + 1, "to": target + 1})
        publish_on_commit(AgendaMoved(congress_id=item.congress_id, item_id=None))


def set_current_item(*, congress: Congress, item: AgendaItem | None, by) -> None:
    """Point the hall screen (and everyone) at an agenda item, or at none."""
    if item is not None and item.congress_id != congress.pk:
        raise ServiceError(_("This agenda item belongs to another congress."))
    with transaction.atomic():
        since = timezone.now()
        Congress.objects.filter(pk=congress.pk).update(current_item=item,
                                                       current_item_since=since)
        congress.current_item, congress.current_item_since = item, since
        record(congress=congress, actor=by, action="agenda.current",
               subject=item.title if item else "—", data={"item": item.pk if item else None})
        publish_on_commit(AgendaMoved(congress_id=congress.pk, item_id=item.pk if item else None))


def attach_document(*, item: AgendaItem, title: str, upload: UploadedFile, by) -> AgendaDocument:
    """Attach a PDF (checked by its content, not its name) of at most MAX_DOCUMENT_BYTES."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ServiceError(
            _("The file is %(size)d MB; at most %(max)d MB is accepted.")
            % {"size": upload.size // (1024 * 1024), "max": MAX_DOCUMENT_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ServiceError(_("Only PDF documents are accepted; this file is not a PDF."))
    title = (title or upload.name.rsplit(".", 1)[0]).strip()[:200]
    with transaction.atomic():
        document = AgendaDocument(item=item, title=title, size=upload.size)
        document.file.save(f"item{item.pk}.pdf", upload, save=False)
        try:
            document.full_clean(exclude=["file"])
        except ValidationError as error:
            document.file.delete(save=False)
            raise ServiceError("; ".join(error.messages)) from None
        document.save()
        record(congress=item.congress_id, actor=by, action="document.attached",
               subject=title, data={"item": item.title, "size": upload.size})
    return document


# ---- minutes -------------------------------------------------------------------------

MAX_MINUTES_CHARS = 50_000


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def save_minutes(
    *, session: PlenarySession, kind: str, text: str, by
) -> SessionMinutes:
    """Store the edited minutes (or press summary) of a session; refused once final."""
    if kind not in MinutesKind.values:
        raise ServiceError(_("Unknown document type “%(value)s”.") % {"value": kind})
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ServiceError(_("The text is empty; nothing was saved."))
    if len(text) > MAX_MINUTES_CHARS:
        raise ServiceError(_("The text is %(length)d characters; at most %(max)d are kept.")
                           % {"length": len(text), "max": MAX_MINUTES_CHARS})
    with transaction.atomic():
        now = timezone.now()
        minutes, created = SessionMinutes.objects.select_for_update().get_or_create(
            session=session, kind=kind,
            defaults={"text": text, "updated_at": now, "updated_by": by},
        )
        if not created:
            if minutes.is_final:
                raise ServiceError(
                    _("This text is final. Take it back to draft before changing it.")
                )
            if minutes.text == text:
                return minutes
            SessionMinutes.objects.filter(pk=minutes.pk).update(
                text=text, updated_at=now, updated_by=by
            )
            minutes.refresh_from_db()
        record(congress=session.congress_id, actor=by, action="minutes.saved",
               subject=f"{session.title} {minutes.get_kind_display()}",
               data={"session": session.number, "kind": kind, "characters": len(text),
                     "sha256": _text_digest(text)})
    return minutes


def finalise_minutes(*, minutes: SessionMinutes, by) -> SessionMinutes:
    """Draft → final: the text as it now stands is the session's record."""
    with transaction.atomic():
        updated = SessionMinutes.objects.filter(
            pk=minutes.pk, state=MinutesState.DRAFT
        ).update(state=MinutesState.FINAL, finalised_at=timezone.now(), finalised_by=by)
        if not updated:
            raise ServiceError(_("This text is already final."))
        minutes.refresh_from_db()
        record(congress=minutes.session.congress_id, actor=by, action="minutes.finalised",
               subject=f"{minutes.session.title} {minutes.get_kind_display()}",
               data={"session": minutes.session.number, "kind": minutes.kind,
                     "sha256": _text_digest(minutes.text)})
    return minutes


def reopen_minutes(*, minutes: SessionMinutes, reason: str, by) -> SessionMinutes:
    """Final → draft again, to correct it; the reason is kept in the audit log."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give a reason for taking the final text back to draft."))
    if len(reason) > 200:
        raise ServiceError(_("The reason is at most 200 characters."))
    _refuse_control_characters(reason)
    with transaction.atomic():
        updated = SessionMinutes.objects.filter(
            pk=minutes.pk, state=MinutesState.FINAL
        ).update(state=MinutesState.DRAFT, finalised_at=None, finalised_by=None)
        if not updated:
            raise ServiceError(_("This text is a draft already."))
        minutes.refresh_from_db()
        record(congress=minutes.session.congress_id, actor=by, action="minutes.reopened",
               subject=f"{minutes.session.title} {minutes.get_kind_display()}",
               data={"session": minutes.session.number, "kind": minutes.kind,
                     "reason": reason})
    return minutes

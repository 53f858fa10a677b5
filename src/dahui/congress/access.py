"""Access gates: one per object type. Each loads the object, checks what the user may do
with it and returns it, or raises PermissionDenied (Http404 when it does not exist).

A user's roles in a congress come from their CongressRoles, plus "delegate" or "attending"
(列席) when the user is a delegate of that congress whose credential is not rejected or
replaced. A superuser counts as secretariat everywhere. What each role may do is the table
NEEDS below: pages and actions ask for one Need, never for a role.
"""

from __future__ import annotations

import hmac
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dahui.congress.auth_backends import is_delegate_only
from dahui.congress.models import (
    WITHDRAWN_CREDENTIALS,
    AgendaDocument,
    AgendaItem,
    Congress,
    Delegate,
    DelegateStatus,
    LeaveRequest,
    PlenarySession,
    Role,
)

DELEGATE = "delegate"  # 正式代表 or 特邀代表 of the congress
ATTENDING = "attending"  # 列席: reads, never votes

STAFF_ROLES = frozenset(Role.values)
SCRUTINEERS = frozenset({Role.CHIEF_SCRUTINEER, Role.SCRUTINEER, Role.COUNTER})
ALL_ROLES = STAFF_ROLES | {DELEGATE, ATTENDING}


class Need(StrEnum):
    VIEW = "view"  # the congress's pages for participants: agenda, documents
    DESK = "desk"  # the staff dashboard and attendance figures
    MANAGE = "manage"  # roster import/export, agenda editing, credentials PDF, tokens
    CREDENTIALS = "credentials"  # credentials review and the composition report
    CHECK_IN = "check_in"  # the door scanner and desk check-in, leave decisions
    MOVE_AGENDA = "move_agenda"  # move the current-item pointer
    REQUEST_LEAVE = "request_leave"  # a delegate asks for leave for themselves


NEEDS: dict[Need, frozenset[str]] = {
    Need.VIEW: ALL_ROLES,
    Need.DESK: STAFF_ROLES,
    Need.MANAGE: frozenset({Role.SECRETARIAT}),
    Need.CREDENTIALS: frozenset({Role.SECRETARIAT, Role.CREDENTIALS}),
    Need.CHECK_IN: frozenset({Role.SECRETARIAT}),
    Need.MOVE_AGENDA: frozenset({Role.SECRETARIAT, Role.PRESIDIUM}),
    Need.REQUEST_LEAVE: frozenset({DELEGATE, ATTENDING}),
}



def roles_of(user: AbstractBaseUser | AnonymousUser, congress: Congress) -> frozenset[str]:
    """Every role the user holds in this congress (empty for an outsider)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles: set[str] = set()
    if not is_delegate_only(user):  # a badge or access-code session carries no staff role
        roles.update(
            congress.roles.filter(user_id=user.pk).values_list("role", flat=True)
        )
    if user.is_superuser:
        roles.add(Role.SECRETARIAT)
    delegate = Delegate.objects.filter(user_id=user.pk, congress=congress).first()
    if delegate is not None and delegate.credential_status not in WITHDRAWN_CREDENTIALS:
        roles.add(ATTENDING if delegate.status == DelegateStatus.ATTENDING else DELEGATE)
    return frozenset(roles)


def may(user: AbstractBaseUser | AnonymousUser, congress: Congress, need: Need) -> bool:
    return bool(roles_of(user, congress) & NEEDS[need])


def _require(user: AbstractBaseUser | AnonymousUser, congress: Congress, need: Need) -> None:
    if not may(user, congress, need):
        raise PermissionDenied(f"needs {need.value} in congress {congress.pk}")


def _get(model, pk: int, **select):
    try:
        return model.objects.select_related(*select.get("related", ())).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no {model.__name__} {pk}") from None


def access_congress(user, congress_id: int, *, need: Need = Need.VIEW) -> Congress:
    congress = _get(Congress, congress_id)
    _require(user, congress, need)
    return congress


def access_session(user, session_id: int, *, need: Need = Need.VIEW) -> PlenarySession:
    session = _get(PlenarySession, session_id, related=("congress",))
    _require(user, session.congress, need)
    return session


def access_delegate(user, delegate_id: int, *, need: Need) -> Delegate:
    """A delegate may always VIEW their own record; anything else goes by the table."""
    delegate = _get(Delegate, delegate_id, related=("congress", "delegation"))
    own = user.is_authenticated and delegate.user_id == user.pk
    if need == Need.VIEW and own:
        return delegate
    if need == Need.VIEW:
        need = Need.DESK  # other people's records are for staff only
    _require(user, delegate.congress, need)
    return delegate


def access_agenda_item(user, item_id: int, *, need: Need = Need.VIEW) -> AgendaItem:
    item = _get(AgendaItem, item_id, related=("congress",))
    _require(user, item.congress, need)
    return item


def access_document(user, document_id: int) -> AgendaDocument:
    document = _get(AgendaDocument, document_id, related=("item__congress",))
    _require(user, document.item.congress, Need.VIEW)
    return document


def access_leave_request(user, leave_id: int, *, need: Need) -> LeaveRequest:
    leave = _get(LeaveRequest, leave_id, related=("session__congress", "delegate"))
    _require(user, leave.session.congress, need)
    return leave


def access_screen(congress_id: int, token: str) -> Congress:
    """The hall screen opens by its token alone (a projector has nobody logged in)."""
    congress = _get(Congress, congress_id)
    if not hmac.compare_digest(congress.screen_token.encode(), token.encode()):
        raise PermissionDenied("wrong hall screen token")
    return congress

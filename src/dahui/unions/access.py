"""Access gates of the unions: who may see and do what in which union.

A user's roles in a union come from their UnionRoles: `staff` of a higher union makes them
`higher` (直管) in that union and in every grassroots union under it; `staff` and
`preparatory` of a grassroots union hold only there. A superuser counts as `higher`
everywhere. What each role may do is the table NEEDS: pages and actions ask for one Need.
A grassroots union's people never reach another union: an object of another union is a 403.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from dahui.congress.auth_backends import is_delegate_only
from dahui.unions.models import (
    ChairElection,
    ChairTerm,
    Objection,
    Union,
    UnionKind,
    UnionRole,
    UnionRoleKind,
)

HIGHER = "higher"  # staff of the higher union above (or of this higher union itself)
STAFF = UnionRoleKind.STAFF.value  # the grassroots union's own staff
PREPARATORY = UnionRoleKind.PREPARATORY.value  # the election's preparatory group (筹备组)
ALL_ROLES = frozenset({HIGHER, STAFF, PREPARATORY})


class Need(StrEnum):
    VIEW = "view"  # the union's pages: roster, elections and their record
    ROSTER = "roster"  # import the member roster
    RUN = "run"  # the election's stages: nominations, list, notice, objections, vote
    APPROVE = "approve"  # the higher union's approval of a candidate list (Art 11)
    OVERSEE = "oversee"  # the 直管 view, the chairs' register and its entries


NEEDS: dict[Need, frozenset[str]] = {
    Need.VIEW: ALL_ROLES,
    Need.ROSTER: frozenset({HIGHER, STAFF}),
    Need.RUN: frozenset({STAFF, PREPARATORY}),
    Need.APPROVE: frozenset({HIGHER}),
    Need.OVERSEE: frozenset({HIGHER}),
}


def roles_of(user: AbstractBaseUser | AnonymousUser, union: Union) -> frozenset[str]:
    """Every role the user holds in this union (empty for anyone else)."""
    if not user.is_authenticated or not user.is_active or is_delegate_only(user):
        return frozenset()
    if user.is_superuser:
        return frozenset({HIGHER})
    above = union.pk if union.kind == UnionKind.HIGHER else union.parent_id
    roles: set[str] = set()
    for union_id, role in UnionRole.objects.filter(
        Q(union_id=union.pk) | Q(union_id=above, role=UnionRoleKind.STAFF), user_id=user.pk
    ).values_list("union_id", "role"):
        roles.add(HIGHER if union_id == above else role)
    return frozenset(roles)


def may(user, union: Union, need: Need) -> bool:
    return bool(roles_of(user, union) & NEEDS[need])


def _require(user, union: Union, need: Need) -> None:
    if not may(user, union, need):
        raise PermissionDenied(f"needs {need.value} in union {union.pk}")


def _get(model, pk, *related):
    try:
        return model.objects.select_related(*related).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"no {model.__name__} {pk}") from None


def access_union(user, union_id: int, *, need: Need = Need.VIEW) -> Union:
    union = _get(Union, union_id, "parent")
    _require(user, union, need)
    return union


def access_election(user, election_id: int, *, need: Need = Need.VIEW) -> ChairElection:
    election = _get(ChairElection, election_id, "union", "union__parent")
    _require(user, election.union, need)
    return election


def access_objection(user, objection_id: int, *, need: Need = Need.RUN) -> Objection:
    objection = _get(Objection, objection_id, "election__union", "election__union__parent")
    _require(user, objection.election.union, need)
    return objection


def access_term(user, term_id: int, *, need: Need = Need.OVERSEE) -> ChairTerm:
    term = _get(ChairTerm, term_id, "union", "union__parent")
    _require(user, term.union, need)
    return term


def unions_of(user) -> list[Union]:
    """The unions the user may open: their own, and every one under a higher union they staff."""
    if not user.is_authenticated or is_delegate_only(user):
        return []
    if user.is_superuser:
        return list(Union.objects.select_related("parent"))
    held = UnionRole.objects.filter(user_id=user.pk)
    own = set(held.values_list("union_id", flat=True))
    higher = set(held.filter(role=UnionRoleKind.STAFF, union__kind=UnionKind.HIGHER)
                 .values_list("union_id", flat=True))
    return list(Union.objects.filter(Q(pk__in=own) | Q(parent_id__in=higher))
                .select_related("parent"))


def access_notice(election_id: int, token: str) -> ChairElection:
    """The public 公示 page opens by its token alone, and only while there is a notice."""
    import hmac

    election = _get(ChairElection, election_id, "union")
    if not hmac.compare_digest(election.notice_token.encode(), str(token).encode()):
        raise Http404("wrong notice token")
    if election.notice_posted_on is None:
        raise Http404("no notice posted")
    return election

"""Access gates of the group discussions.

Congress-wide pages ask for a `Need` in the congress (roles from `congress.access.roles_of`);
one group's pages ask for a `GroupNeed`, decided by the user's congress roles together with
what they are in that group: a member (a delegate of the group), its convener (召集人) or its
recorder (记录人). A group's recorder or convener writes its summaries; nobody else does,
the secretariat included.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dahui.congress.access import ALL_ROLES, roles_of
from dahui.congress.models import AgendaItem, Congress, Role
from dahui.groups.models import DiscussionGroup, GroupMember, GroupRole, GroupRoleKind

MEMBER = "group_member"
CONVENER = "group_convener"
RECORDER = "group_recorder"
LEADS = frozenset({Role.SECRETARIAT, Role.PRESIDIUM})


class Need(StrEnum):
    LIST = "list"  # the list of groups with their rooms and times
    ORGANISE = "organise"  # make, regroup, rename groups; conveners, recorders, sittings
    READ_ALL = "read_all"  # every group's summaries side by side, and their export
    BULLETIN = "bulletin"  # make, issue and download the 简报


NEEDS: dict[Need, frozenset[str]] = {
    Need.LIST: ALL_ROLES,
    Need.ORGANISE: frozenset({Role.SECRETARIAT}),
    Need.READ_ALL: LEADS,
    Need.BULLETIN: frozenset({Role.SECRETARIAT}),
}


class GroupNeed(StrEnum):
    SEE = "see"  # the group's page: members, sittings, its summaries
    WRITE = "write"  # write and submit the group's summaries
    REOPEN = "reopen"  # take a submitted summary back to draft


GROUP_NEEDS: dict[GroupNeed, frozenset[str]] = {
    GroupNeed.SEE: frozenset({MEMBER, CONVENER, RECORDER}) | LEADS,
    GroupNeed.WRITE: frozenset({CONVENER, RECORDER}),
    GroupNeed.REOPEN: frozenset({CONVENER}),
}


def group_roles_of(
    user: AbstractBaseUser | AnonymousUser, group: DiscussionGroup
) -> frozenset[str]:
    """The user's congress roles plus what they are in this group."""
    roles = set(roles_of(user, group.congress))
    if not roles:  # an outsider, or a delegate whose credential was withdrawn
        return frozenset()
    for held in GroupRole.objects.filter(group=group, user_id=user.pk).values_list("role",
                                                                                  flat=True):
        roles.add(CONVENER if held == GroupRoleKind.CONVENER else RECORDER)
    if GroupMember.objects.filter(group=group, delegate__user_id=user.pk).exists():
        roles.add(MEMBER)
    return frozenset(roles)


def may(user, congress: Congress, need: Need) -> bool:
    return bool(roles_of(user, congress) & NEEDS[need])


def may_in_group(user, group: DiscussionGroup, need: GroupNeed) -> bool:
    return bool(group_roles_of(user, group) & GROUP_NEEDS[need])


def access_groups(user, congress_id: int, *, need: Need) -> Congress:
    try:
        congress = Congress.objects.get(pk=congress_id)
    except (Congress.DoesNotExist, OverflowError):
        raise Http404(f"no congress {congress_id}") from None
    if not may(user, congress, need):
        raise PermissionDenied(f"needs {need.value} for the groups of congress {congress.pk}")
    return congress


def access_group(user, congress_id: int, group_id: int, *, need: GroupNeed | Need
                 ) -> DiscussionGroup:
    """The group if the user may `need` there; a congress-wide Need is checked in its
    congress (the secretariat organising any group)."""
    try:
        group = DiscussionGroup.objects.select_related("congress").get(
            pk=group_id, congress_id=congress_id
        )
    except (DiscussionGroup.DoesNotExist, ValueError, TypeError, OverflowError):
        # OverflowError: an id beyond SQLite's integers in the path is no group either.
        raise Http404(f"no group {group_id}") from None
    allowed = (may(user, group.congress, need) if isinstance(need, Need)
               else may_in_group(user, group, need))
    if not allowed:
        raise PermissionDenied(f"needs {need.value} in group {group.pk}")
    return group


def agenda_item_of(congress: Congress, item_id: int) -> AgendaItem:
    try:
        return congress.agenda_items.get(pk=item_id)
    except (AgendaItem.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(f"no agenda item {item_id}") from None

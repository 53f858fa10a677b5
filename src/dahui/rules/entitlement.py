"""Who counts in 应到会人数 (entitled): the voters of the congress."""

from __future__ import annotations

from dahui.rules.errors import UnknownDelegateStatus

FORMAL = "formal"  # 正式代表
INVITED = "invited"  # 特邀代表
ATTENDING = "attending"  # 列席


def is_entitled(*, status: str, credential_confirmed: bool, invitees_vote: bool) -> bool:
    """Whether a delegate has a vote (and so counts in entitled).

    A 正式代表 votes once the credentials committee has confirmed them. A 特邀代表 votes only
    where the congress grants invitees a vote, and, like everyone on the roster the
    congress counts, only once the credentials committee has confirmed them: a rejected or
    replaced invitee must not count in 应到 either. A 列席 attendee never votes.
    """
    if status == FORMAL:
        return credential_confirmed
    if status == INVITED:
        return invitees_vote and credential_confirmed
    if status == ATTENDING:
        return False
    raise UnknownDelegateStatus(status)

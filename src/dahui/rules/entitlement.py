"""Who counts in 应到会人数 (entitled): the voters of the congress."""

from __future__ import annotations

from dahui.rules.errors import UnknownDelegateStatus

FORMAL = "formal"  # 正式代表
INVITED = "invited"  # 特邀代表
ATTENDING = "attending"  # 列席


def is_entitled(*, status: str, credential_confirmed: bool, invitees_vote: bool) -> bool:
    """Whether a delegate has a vote (and so counts in entitled).

    A 正式代表 votes once the credentials committee has confirmed them. A 特邀代表 votes only
    where the congress grants invitees a vote; invitees are not elected delegates, so the
    credentials review does not apply to them and `credential_confirmed` is not asked. A 列席
    attendee never votes.
    """
    if status == FORMAL:
        return credential_confirmed
    if status == INVITED:
        return invitees_vote
    if status == ATTENDING:
        return False
    raise UnknownDelegateStatus(status)

"""Who is entitled (应到): confirmed 正式代表, 特邀代表 where granted a vote, never 列席."""

import pytest

from dahui.rules import UnknownDelegateStatus, is_entitled


@pytest.mark.parametrize(
    ("status", "confirmed", "invitees_vote", "entitled"),
    [
        ("formal", True, False, True),
        ("formal", False, True, False),
        ("invited", True, True, True),
        ("invited", False, True, False),
        ("invited", True, False, False),
        ("attending", True, True, False),
    ],
)
def test_entitlement_by_status(status, confirmed, invitees_vote, entitled):
    assert (
        is_entitled(status=status, credential_confirmed=confirmed, invitees_vote=invitees_vote)
        is entitled
    )


def test_an_unknown_status_is_refused():
    with pytest.raises(UnknownDelegateStatus):
        is_entitled(status="observer", credential_confirmed=True, invitees_vote=True)

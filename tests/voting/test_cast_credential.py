"""The cast credential: issued for a poll and a delegate, refused when anything is off."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from dahui.voting import cast_credential
from dahui.voting.cast_credential import CredentialRefused, issue, verify

NOW = 1_800_000_000.0


def test_a_fresh_credential_names_its_delegate():
    assert verify(issue(poll_id=7, delegate_id=42, now=NOW), poll_id=7, now=NOW) == 42


def test_a_credential_is_good_until_it_expires_and_not_after():
    credential = issue(poll_id=7, delegate_id=42, now=NOW)
    last_second = NOW + cast_credential.LIFETIME_SECONDS
    assert verify(credential, poll_id=7, now=last_second) == 42
    with pytest.raises(CredentialRefused, match="expired"):
        verify(credential, poll_id=7, now=last_second + 1)


def test_a_credential_for_another_poll_is_refused():
    with pytest.raises(CredentialRefused, match="another poll"):
        verify(issue(poll_id=7, delegate_id=42, now=NOW), poll_id=8, now=NOW)


@pytest.mark.parametrize("change", [
    lambda c: c.replace("7.42.", "7.43.", 1),          # another delegate
    lambda c: c.replace("7.42.", "8.42.", 1),          # another poll, same MAC
    lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"),  # the MAC itself
    lambda c: c.rsplit(".", 1)[0],                      # no MAC
    lambda c: "",
])
def test_a_tampered_credential_is_refused(change):
    credential = issue(poll_id=7, delegate_id=42, now=NOW)
    with pytest.raises(CredentialRefused):
        verify(change(credential), poll_id=7, now=NOW)


def test_a_credential_made_with_another_key_is_refused():
    with override_settings(SECRET_KEY="another-key-entirely"):
        foreign = issue(poll_id=7, delegate_id=42, now=NOW)
    with pytest.raises(CredentialRefused, match="bad signature"):
        verify(foreign, poll_id=7, now=NOW)


def test_a_credential_made_before_a_key_rotation_still_casts():
    old, old_key = issue(poll_id=7, delegate_id=42, now=NOW), settings.SECRET_KEY
    with override_settings(SECRET_KEY="the-new-key", SECRET_KEY_FALLBACKS=[old_key]):
        assert verify(old, poll_id=7, now=NOW) == 42

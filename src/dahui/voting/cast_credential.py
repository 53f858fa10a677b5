"""The cast credential: who may post a ballot to the lean cast endpoint, without a session.

The review page is rendered for a logged-in delegate (session auth, the poll's access
gate). It embeds `poll.delegate.expires.mac`, where `mac` is an HMAC-SHA256 of the rest
under a key derived from `SECRET_KEY` (Django's `salted_hmac`, with this module's salt, so
the key serves nothing else). The cast endpoint checks the credential instead of loading
the session row and the user row, which was half the CPU of a cast.

What the credential does not decide: whether the delegate may cast. The cast's one
statement still holds the poll FOR SHARE, checks the frozen electorate (and the
delegate's credential status and account) and inserts under the unique constraint, so a
credential for a delegate who is not eligible, or who has voted, stores nothing.

What it carries is not secret and links no ballot: the tracker is made from the ballot
and a random nonce, and nothing of the credential is stored.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "dahui.voting.cast_credential"

# Long enough to read the review page and press "cast" again after a 503; short enough
# that a credential copied from a phone is of little use later. A voter whose credential
# expired goes back to the ballot and reviews it again.
LIFETIME_SECONDS = 20 * 60


class CredentialRefused(Exception):
    """Missing, malformed, tampered, expired, or for another poll."""


def _mac(payload: str, secret: str) -> str:
    return salted_hmac(SALT, payload, secret=secret, algorithm="sha256").hexdigest()


def issue(*, poll_id: int, delegate_id: int, now: float | None = None) -> str:
    expires = int(now if now is not None else time.time()) + LIFETIME_SECONDS
    payload = f"{poll_id}.{delegate_id}.{expires}"
    return f"{payload}.{_mac(payload, settings.SECRET_KEY)}"


def verify(credential: str, *, poll_id: int, now: float | None = None) -> int:
    """The delegate id the credential was issued to for `poll_id`, or `CredentialRefused`.

    The MAC is compared in constant time and checked before anything else is believed;
    keys in `SECRET_KEY_FALLBACKS` are accepted, so rotating the key does not refuse the
    casts of a poll in progress.
    """
    payload, _dot, mac = credential.rpartition(".")
    if not payload or not mac:
        raise CredentialRefused("malformed")
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(constant_time_compare(mac, _mac(payload, secret)) for secret in secrets):
        raise CredentialRefused("bad signature")
    try:
        poll, delegate, expires = (int(part) for part in payload.split("."))
    except ValueError:
        raise CredentialRefused("malformed") from None
    if poll != poll_id:
        raise CredentialRefused("another poll")
    if expires < (now if now is not None else time.time()):
        raise CredentialRefused("expired")
    return delegate

"""How long an access-code login must wait after failures: per code, and per client address.

The code (8 characters of a 32-letter alphabet, 40 bits) together with the ID tail makes
blind guessing hopeless; what needs slowing down is (a) guessing the ID tail of a code that
someone has seen, and (b) one address trying many codes. A hall behind one NAT shares one
address, so an address is never locked as a whole:

- Per code: `FREE_PER_CODE` failures are free; after that each attempt on the code waits
  `CODE_BASE_DELAY` × 2^(failures − free), at most `MAX_CODE_DELAY`, counted from the code's
  last failure. Only that code waits: whoever sends the attempts.
- Per address: after `FREE_PER_ADDRESS` failures from an address, every code tried from it
  must wait, counted from *that code's own* last failure, a delay that grows with the
  address's failures (`address_spacing`, at most `MAX_ADDRESS_SPACING`). A code that has
  never failed has no last failure, so it never waits: a delegate who never failed is
  never held up by others on the same network, and one who mistyped waits at most
  `MAX_ADDRESS_SPACING` after their own last failure, however long the flood goes on.
  From a flooding address each code gets one evaluated try per spacing, instead of the
  `FREE_PER_CODE` quick tries an ordinary address has.

Failures older than `WINDOW` are forgotten; a successful login clears the code's failures.
The policy is the pure function `wait_for`; `seconds_to_wait` reads the failure records.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import Count, Max
from django.utils import timezone

from dahui.congress.models import LoginFailure

WINDOW = dt.timedelta(minutes=15)
FREE_PER_CODE = 5
CODE_BASE_DELAY = dt.timedelta(seconds=30)
MAX_CODE_DELAY = dt.timedelta(minutes=15)
FREE_PER_ADDRESS = 20
MAX_ADDRESS_SPACING = dt.timedelta(seconds=60)


def code_delay(code_failures: int) -> dt.timedelta:
    """The wait after a code's last failure, given its failures in the window."""
    if code_failures < FREE_PER_CODE:
        return dt.timedelta(0)
    steps = min(code_failures - FREE_PER_CODE, 10)
    return min(CODE_BASE_DELAY * 2**steps, MAX_CODE_DELAY)


def address_spacing(address_failures: int) -> dt.timedelta:
    """Between two tries of one code from an address with this many failures: 2 s, 4 s …"""
    if address_failures < FREE_PER_ADDRESS:
        return dt.timedelta(0)
    steps = min((address_failures - FREE_PER_ADDRESS) // 10, 10)
    return min(dt.timedelta(seconds=2) * 2**steps, MAX_ADDRESS_SPACING)


def wait_for(
    *,
    now: dt.datetime,
    code_failures: int,
    code_last_failure: dt.datetime | None,
    address_failures: int,
) -> dt.timedelta:
    """How long this attempt must still wait (zero: check the code now)."""
    if code_last_failure is None:
        return dt.timedelta(0)
    delay = max(code_delay(code_failures), address_spacing(address_failures))
    return max(code_last_failure + delay - now, dt.timedelta(0))


def seconds_to_wait(*, code: str, address: str | None) -> int:
    now = timezone.now()
    recent = LoginFailure.objects.filter(at__gte=now - WINDOW)
    of_code = recent.filter(access_code=code).aggregate(n=Count("id"), last=Max("at"))
    address_failures = recent.filter(address=address).count() if address else 0
    wait = wait_for(
        now=now, code_failures=of_code["n"], code_last_failure=of_code["last"],
        address_failures=address_failures,
    )
    return math.ceil(wait.total_seconds())


def record_failure(*, code: str, address: str | None) -> None:
    LoginFailure.objects.create(access_code=code[:64], address=address)


def clear(*, code: str) -> None:
    LoginFailure.objects.filter(access_code=code).delete()

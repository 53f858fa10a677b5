"""Logging in: staff passwords throttled (django-axes), delegate codes throttled per code and
per address without locking a hall's shared address, and a credential never opening staff
powers."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from dahui.congress import login_throttle, services
from dahui.congress.models import LoginFailure, Role
from dahui.elections import services as election_services
from dahui.elections.models import Method, PollState
from tests.elections.conftest import staff_election
from tests.elections.people import build_world

HALL = "10.20.30.40"  # one NAT address for a whole hall


def _code_login(client: Client, code: str, tail: str, address: str = HALL):
    return client.post("/code/", {"access_code": code, "id_tail": tail}, REMOTE_ADDR=address)


def _age_failures(**filters) -> None:
    """Move recorded failures into the past, as if time had passed."""
    for failure in LoginFailure.objects.filter(**filters):
        LoginFailure.objects.filter(pk=failure.pk).update(at=failure.at - dt.timedelta(hours=1))


# ---- the policy -------------------------------------------------------------------------


def test_a_code_that_never_failed_never_waits_whatever_its_address_did():
    now = timezone.now()
    assert login_throttle.wait_for(
        now=now, code_failures=0, code_last_failure=None, address_failures=10_000
    ) == dt.timedelta(0)


def test_delays_grow_with_failures_and_stop_at_their_caps():
    code = [login_throttle.code_delay(n) for n in range(0, 30)]
    assert code[: login_throttle.FREE_PER_CODE] == [dt.timedelta(0)] * login_throttle.FREE_PER_CODE
    assert all(a <= b for a, b in itertools.pairwise(code))
    assert code[login_throttle.FREE_PER_CODE + 1] > code[login_throttle.FREE_PER_CODE]
    assert code[-1] == login_throttle.MAX_CODE_DELAY
    spacing = [login_throttle.address_spacing(n) for n in range(0, 500)]
    assert spacing[login_throttle.FREE_PER_ADDRESS - 1] == dt.timedelta(0)
    assert spacing[login_throttle.FREE_PER_ADDRESS] > dt.timedelta(0)
    assert all(a <= b for a, b in itertools.pairwise(spacing))
    assert spacing[-1] == login_throttle.MAX_ADDRESS_SPACING


@given(
    code_failures=st.integers(0, 10_000),
    address_failures=st.integers(0, 10_000),
    ago=st.integers(0, 3600),
    never_failed=st.booleans(),
)
def test_the_wait_is_bounded_and_zero_for_a_code_that_never_failed(
    code_failures, address_failures, ago, never_failed
):
    now = timezone.now()
    wait = login_throttle.wait_for(
        now=now, code_failures=0 if never_failed else code_failures,
        code_last_failure=None if never_failed else now - dt.timedelta(seconds=ago),
        address_failures=address_failures,
    )
    if never_failed:
        assert wait == dt.timedelta(0)
    assert dt.timedelta(0) <= wait <= max(
        login_throttle.MAX_CODE_DELAY, login_throttle.MAX_ADDRESS_SPACING
    )
    if code_failures < login_throttle.FREE_PER_CODE:
        # Below the code's own limit, the address alone never holds it past its cap.
        assert wait <= login_throttle.MAX_ADDRESS_SPACING


# ---- delegate access-code login -------------------------------------------------------------


def test_a_flood_of_failures_from_the_hall_does_not_keep_another_delegate_out(
    add_delegates, delegate_record
):
    client = Client()
    for i in range(300):
        assert _code_login(client, f"GUESS{i:04d}", "1234").status_code == 403
    # The same address, a delegate whose code never failed: in at once, no wait.
    response = _code_login(Client(), delegate_record.access_code, "032X")
    assert response.status_code == 302
    assert response.url == f"/c/{delegate_record.congress_id}/"


def test_the_flooders_own_target_code_is_slowed_from_the_flooding_address(delegate_record):
    for i in range(login_throttle.FREE_PER_ADDRESS + 10):
        _code_login(Client(), f"GUESS{i:04d}", "1234")
    # One wrong tail on the victim's code from the flooding address …
    assert _code_login(Client(), delegate_record.access_code, "0000").status_code == 403
    # … and the next try of that code from there waits (even with the right tail) …
    held = _code_login(Client(), delegate_record.access_code, "032X")
    assert held.status_code == 429
    assert "秒" in held.content.decode()
    # … while from elsewhere the code has had only one failure: no wait.
    assert _code_login(Client(), delegate_record.access_code, "032X", "10.1.1.1").status_code == 302


def test_a_delegate_who_mistyped_in_a_flooded_hall_waits_at_most_the_address_cap(
    delegate_record,
):
    code = delegate_record.access_code
    assert _code_login(Client(), code, "0000").status_code == 403
    LoginFailure.objects.bulk_create(
        [LoginFailure(access_code=f"GUESS{i}", address=HALL) for i in range(5000)]
    )
    assert _code_login(Client(), code, "032X").status_code == 429
    # Once the cap has passed since their own failure, the flood no longer holds them.
    LoginFailure.objects.filter(access_code=code).update(
        at=timezone.now() - login_throttle.MAX_ADDRESS_SPACING - dt.timedelta(seconds=1)
    )
    assert _code_login(Client(), code, "032X").status_code == 302


def test_wrong_tails_for_one_code_make_it_wait_longer_each_time(delegate_record):
    code = delegate_record.access_code
    waits = []
    for attempt in range(login_throttle.FREE_PER_CODE + 3):
        address = f"10.0.{attempt}.1"  # spread over addresses: the code itself is throttled
        with pytest.raises((services.LoginRefused, services.LoginLocked)):
            services.delegate_by_access_code(access_code=code, id_tail="0000", address=address)
        waits.append(login_throttle.seconds_to_wait(code=code, address="10.9.9.9"))
        if waits[-1]:
            # Let the wait pass (within the window) so the next wrong tail is counted.
            LoginFailure.objects.filter(access_code=code).update(
                at=timezone.now() - dt.timedelta(minutes=14, seconds=59)
            )
    assert waits[: login_throttle.FREE_PER_CODE - 1] == [0] * (login_throttle.FREE_PER_CODE - 1)
    assert 0 < waits[login_throttle.FREE_PER_CODE - 1] < waits[login_throttle.FREE_PER_CODE]


def test_right_tail_is_refused_while_the_code_waits_and_accepted_after(delegate_record):
    code = delegate_record.access_code
    for _ in range(login_throttle.FREE_PER_CODE):
        with pytest.raises(services.LoginRefused):
            services.delegate_by_access_code(access_code=code, id_tail="0000", address="10.0.0.2")
    with pytest.raises(services.LoginLocked):
        services.delegate_by_access_code(access_code=code, id_tail="032X", address="10.0.0.3")
    _age_failures(access_code=code)
    assert services.delegate_by_access_code(
        access_code=code, id_tail="032X", address="10.0.0.3"
    ) == delegate_record
    assert not LoginFailure.objects.filter(access_code=code).exists()  # cleared on success


# ---- staff password login (django-axes) ----------------------------------------------------


@pytest.fixture
def mishu(db):
    return get_user_model().objects.create_user(username="mishu", password="right-password-1")


def _password_login(client: Client, username: str, password: str, address: str = HALL):
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_300_wrong_passwords_then_the_right_one_is_refused(mishu):
    client = Client()
    for i in range(300):
        response = _password_login(client, "mishu", f"guess-{i}", f"10.{i // 250}.{i % 250}.9")
        assert response.status_code in (200, 429)
    response = _password_login(client, "mishu", "right-password-1", "10.77.0.1")
    assert response.status_code == 429
    assert "密码错误次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_for_many_names_from_the_halls_address_lock_nobody_else_out(
    mishu, settings
):
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT * 3):
        _password_login(client, f"user{i}", "nope")
    # Same address (the hall's NAT), a name that never failed: it logs in.
    assert _password_login(client, "mishu", "right-password-1").status_code == 302


def test_the_lock_ends_after_the_cool_off(mishu, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_login(client, "mishu", "wrong")
    assert _password_login(client, "mishu", "right-password-1").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    assert _password_login(client, "mishu", "right-password-1").status_code == 302


def test_a_few_typing_mistakes_do_not_lock_a_staff_member_out(mishu, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _password_login(client, "mishu", "wrong").status_code == 200
    assert _password_login(client, "mishu", "right-password-1").status_code == 302


# ---- a credential opens a delegate's session only --------------------------------------


@pytest.fixture
def presidium_delegate_world(db):
    world = build_world()
    delegate = world.delegates[0]
    world.congress.roles.create(user=delegate.user, role=Role.PRESIDIUM)
    delegate.user.set_password("presidium-password-1")
    delegate.user.save()
    return world, delegate


@pytest.mark.parametrize("action", ["open", "close", "publish"])
def test_presidium_members_badge_cannot_open_close_or_publish_a_poll(
    presidium_delegate_world, action
):
    world, delegate = presidium_delegate_world
    election = staff_election(world)
    poll = election_services.create_election_poll(
        election=election, session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    if action in ("close", "publish"):
        election_services.open_poll(poll=poll, by=world.secretariat)
    if action == "publish":
        election_services.close_poll(poll=poll, by=world.secretariat)
        election_services.count_poll(poll=poll, by=world.secretariat)
    poll.refresh_from_db()
    before = poll.state
    token = services.issue_token(delegate=delegate, by=None)
    badge = Client()
    assert badge.get(f"/d/{token.key}").status_code == 302
    response = badge.post(f"/polls/{poll.pk}/do/", {"action": action})
    assert response.status_code == 403
    poll.refresh_from_db()
    assert poll.state == before
    # The same person with the staff password has the presidium's powers.
    staff = Client()
    assert staff.post("/login/", {"username": delegate.user.username,
                                  "password": "presidium-password-1"}).status_code == 302
    if action == "open":
        staff.post(f"/polls/{poll.pk}/do/", {"action": "open"})
        poll.refresh_from_db()
        assert poll.state == PollState.OPEN


def test_access_code_session_of_a_staff_delegate_is_a_delegate_session(
    presidium_delegate_world,
):
    world, delegate = presidium_delegate_world
    client = Client()
    assert _code_login(client, delegate.access_code, delegate.id_tail).status_code == 302
    assert client.get(f"/c/{world.congress.pk}/agenda/").status_code == 200  # a delegate page
    assert client.get(f"/c/{world.congress.pk}/votes/").status_code == 403  # staff page


def test_a_superusers_badge_does_not_open_the_admin(presidium_delegate_world):
    world, delegate = presidium_delegate_world
    get_user_model().objects.filter(pk=delegate.user_id).update(is_superuser=True, is_staff=True)
    token = services.issue_token(delegate=delegate, by=None)
    client = Client()
    client.get(f"/d/{token.key}")
    assert client.get("/admin/").status_code == 302  # to the admin's own login
    assert client.get(f"/c/{world.congress.pk}/roster/").status_code == 403


def test_a_scrutineers_badge_cannot_confirm_the_count(presidium_delegate_world):
    world, _ = presidium_delegate_world
    election = staff_election(world)
    delegate = world.delegates[-1]  # not a candidate
    world.congress.roles.create(user=delegate.user, role=Role.SCRUTINEER)
    election_services.assign_scrutineer(
        election=election, user=delegate.user, role="scrutineer", by=world.secretariat
    )
    poll = election_services.create_election_poll(
        election=election, session=world.session, method=Method.ELECTRONIC,
        by=world.secretariat,
    )
    token = services.issue_token(delegate=delegate, by=None)
    client = Client()
    client.get(f"/d/{token.key}")
    assert client.post(f"/polls/{poll.pk}/do/", {"action": "confirm"}).status_code == 403

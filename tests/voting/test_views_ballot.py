"""The phone's ballot pages: stroke order, 修改 keeps the marks, why someone has no ballot,
the receipt's short tracker, the published results in the vote list."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dahui.congress.models import (
    CredentialStatus,
    DelegateStatus,
    LeaveRequest,
    LeaveStatus,
)
from dahui.elections import services
from dahui.elections.models import Method
from tests.elections.people import make_delegate


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names_in_order(page: str) -> list[str]:
    return re.findall(r'class="ballot-row" data-candidate="([^"]+)"', page)


@pytest.fixture
def open_election(world, election_poll):
    return services.open_poll(poll=election_poll, by=world.secretariat)


def test_the_phone_ballot_lists_candidates_in_surname_stroke_order(world, open_election):
    # Nominated 王敏, 李强, 张伟, 刘洋; strokes: 王 4, 刘 6, 李 7 (横 first), 张 7 (乛 first).
    page = client_for(world.delegate("王敏").user).get(
        reverse("voting:ballot", args=[open_election.pk])).content.decode()
    assert _names_in_order(page) == ["王敏", "刘洋", "李强", "张伟"]


def test_the_review_page_lists_the_ballot_in_stroke_order_too(world, open_election):
    ids = {c.name: c.rules_id for c in open_election.candidates.all()}
    page = client_for(world.delegate("王敏").user).post(
        reverse("voting:ballot", args=[open_election.pk]),
        {"key": str(uuid.uuid4()), "step": "review", f"mark-{ids['张伟']}": "for"},
    ).content.decode()
    rows = re.findall(r"<tr><td>([^<]+)</td>", page)
    assert rows == ["王敏", "刘洋", "李强", "张伟"]


def test_change_on_the_review_page_brings_the_marks_back_with_the_same_key(
    world, open_election
):
    ids = {c.name: c.rules_id for c in open_election.candidates.all()}
    client = client_for(world.delegate("王敏").user)
    key = str(uuid.uuid4())
    url = reverse("voting:ballot", args=[open_election.pk])
    review = client.post(url, {"key": key, "step": "review", f"mark-{ids['李强']}": "for",
                               f"mark-{ids['刘洋']}": "against",
                               f"write_in-{ids['刘洋']}": "赵磊"}).content.decode()
    assert f'formaction="{url}"' in review
    assert "history.back" not in review
    page = client.post(url, {"key": key, "step": "edit", f"mark-{ids['李强']}": "for",
                             f"mark-{ids['刘洋']}": "against",
                             f"write_in-{ids['刘洋']}": "赵磊"}).content.decode()
    assert re.search(rf'name="mark-{ids["李强"]}" value="for" checked', page)
    assert re.search(rf'name="mark-{ids["刘洋"]}" value="against" checked', page)
    assert 'value="赵磊"' in page
    assert f'value="{key}"' in page


def _no_ballot(client, poll) -> str:
    response = client.get(reverse("voting:ballot", args=[poll.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="no-ballot"' in page
    assert "没有选票" in page
    assert 'class="ballot-row"' not in page
    return page


def test_a_non_voting_attendee_is_told_in_chinese_why_there_is_no_ballot(world, open_election):
    page = _no_ballot(client_for(world.attending.user), open_election)
    assert "列席" in page
    assert "Forbidden" not in page


def test_an_invited_delegate_without_a_vote_is_told_why(world, open_election):
    invited = make_delegate(world.congress, world.delegates[0].delegation, "孙特邀",
                            status=DelegateStatus.INVITED)
    assert "特邀代表" in _no_ballot(client_for(invited.user), open_election)


def test_an_absent_delegate_is_told_they_were_not_checked_in(world, open_election):
    absent = world.delegate("周涛")  # the ninth delegate: not checked in
    page = _no_ballot(client_for(absent.user), open_election)
    assert "尚未" in page
    assert "签到" in page
    assert world.session.title in page


def test_a_delegate_on_leave_is_told_so(world, election_poll):
    on_leave = world.delegate("吴霞")
    LeaveRequest.objects.create(session=world.session, delegate=on_leave, reason="出差",
                                status=LeaveStatus.APPROVED, requested_at=timezone.now())
    poll = services.open_poll(poll=election_poll, by=world.secretariat)
    assert "请假" in _no_ballot(client_for(on_leave.user), poll)


def test_a_withdrawn_credential_is_told_so(world, open_election):
    replaced = world.delegate("王敏")
    replaced.credential_status = CredentialStatus.REPLACED
    replaced.save(update_fields=["credential_status"])
    assert "撤销" in _no_ballot(client_for(replaced.user), open_election)


def test_staff_who_are_no_delegates_still_get_no_ballot_page(world, open_election):
    response = client_for(world.secretariat).get(
        reverse("voting:ballot", args=[open_election.pk]))
    assert response.status_code == 403


def test_an_entitled_delegate_checked_in_gets_the_ballot(world, open_election):
    response = client_for(world.delegate("王敏").user).get(
        reverse("voting:ballot", args=[open_election.pk]))
    assert response.status_code == 200
    assert 'class="ballot-row"' in response.content.decode()


def test_the_receipt_shows_the_short_tracker_beside_the_full_one(world, open_election):
    client = client_for(world.delegate("王敏").user)
    page = client.post(reverse("voting:ballot", args=[open_election.pk]),
                       {"key": str(uuid.uuid4()), "step": "cast"}).content.decode()
    tracker = re.search(r'data-tracker="([0-9a-f]{64})"', page).group(1)
    short = re.search(r'id="tracker-short"[^>]*>([^<]+)<', page).group(1)
    assert short == f"{tracker[:4]} {tracker[4:8]} {tracker[8:10]}"


def test_the_vote_list_links_to_each_published_result(world, motion_poll):
    poll = services.open_poll(poll=motion_poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    services.count_poll(poll=poll, by=world.secretariat)
    client = client_for(world.delegate("王敏").user)
    url = reverse("voting:current", args=[world.congress.pk])
    result = reverse("elections:result", args=[poll.pk])
    assert result not in client.get(url).content.decode()
    services.publish_poll(poll=poll, by=world.secretariat)
    assert result in client.get(url).content.decode()
    assert client.get(result).status_code == 200


def test_paper_entry_form_follows_the_ballot_order(world, election):
    poll = services.create_election_poll(election=election, session=world.session,
                                         method=Method.PAPER, by=world.secretariat)
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    page = client_for(world.counters[0]).get(
        reverse("elections:paper", args=[poll.pk])).content.decode()
    assert re.findall(r"<tr><td>([^<]+)</td>", page)[:4] == ["王敏", "刘洋", "李强", "张伟"]

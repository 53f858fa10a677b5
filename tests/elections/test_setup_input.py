"""Bad input on the set-up pages is a 400 naming the field, and nothing is stored."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dahui.elections.models import Candidate, Election, Motion, Poll, Scrutineer
from tests.elections.test_views import client_for


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def motion_form(world, **fields) -> dict:
    return {"title": "关于工作报告的决议", "kind": "report", "method": "electronic",
            "session": world.session.pk, "threshold_base": "entitled", **fields}


def election_form(**fields) -> dict:
    return {"title": "第三届委员会委员", "body": "committee", "seats": "3", "quorum": "2/3",
            "min_excess": "1/20", "threshold_base": "entitled", "write_ins": "on", **fields}


def post_motion(world, **fields):
    return client_for(world.secretariat).post(
        reverse("elections:new-motion", args=[world.congress.pk]), motion_form(world, **fields)
    )


def post_election(world, **fields):
    return client_for(world.secretariat).post(
        reverse("elections:new-election", args=[world.congress.pk]), election_form(**fields)
    )


def test_a_300_character_election_title_is_refused_naming_the_title(world):
    response = post_election(world, title="委" * 300)
    assert response.status_code == 400
    assert said(response).startswith(("标题：", "名称："))
    assert "200" in said(response)
    assert not Election.objects.exists()


def test_a_300_character_motion_title_is_refused_and_no_poll_is_made(world):
    response = post_motion(world, title="决" * 300)
    assert response.status_code == 400
    assert not Motion.objects.exists()
    assert not Poll.objects.exists()


@pytest.mark.parametrize("field", ["kind", "threshold_base", "method"])
def test_an_unknown_motion_setting_is_refused_not_stored(world, field):
    response = post_motion(world, **{field: "bogus"})
    assert response.status_code == 400
    assert "bogus" in said(response)
    assert not Motion.objects.exists()


@pytest.mark.parametrize("field", ["body", "threshold_base"])
def test_an_unknown_election_setting_is_refused_not_stored(world, field):
    response = post_election(world, **{field: "bogus"})
    assert response.status_code == 400
    assert "bogus" in said(response)
    assert not Election.objects.exists()


@pytest.mark.parametrize("seats", ["1" * 30, "abc", "0", "-3", "1e3"])
def test_seats_that_are_not_a_sensible_whole_number_are_refused(world, seats):
    response = post_election(world, seats=seats)
    assert response.status_code == 400
    assert "应选名额" in said(response)
    assert not Election.objects.exists()


def test_a_long_quorum_is_refused_before_the_database(world):
    response = post_election(world, quorum="1/" + "9" * 30)
    assert response.status_code == 400
    assert "法定人数" in said(response)
    assert not Election.objects.exists()


def test_a_bad_session_is_refused_naming_the_session(world):
    for session in ("abc", "9" * 30, "-1"):
        response = post_motion(world, session=session)
        assert response.status_code == 400
        assert "会议" in said(response)
    assert not Motion.objects.exists()


def add(world, election, **fields):
    return client_for(world.secretariat).post(
        reverse("elections:election", args=[election.pk]), {"action": "add_candidate", **fields}
    )


def test_a_60_character_candidate_name_is_refused(world, election):
    before = election.candidates.count()
    response = add(world, election, who="姚" * 60)
    assert response.status_code == 400
    assert "代表证号或姓名" in said(response)
    assert election.candidates.count() == before


def test_a_31_character_candidate_name_is_refused_and_30_accepted(world, election):
    assert add(world, election, who="姚" * 31).status_code == 400
    assert add(world, election, who="姚" * 30).status_code == 302
    assert election.candidates.filter(name="姚" * 30).exists()


@pytest.mark.parametrize("who", ["   ", "\u3000\u3000", "\t"])
def test_a_name_with_nothing_visible_is_refused(world, election, who):
    before = election.candidates.count()
    response = add(world, election, who=who)
    assert response.status_code == 400
    assert election.candidates.count() == before


def test_a_candidate_name_is_stored_normalised_and_found_on_the_roster(world, election):
    election.candidates.filter(name="王敏").delete()
    assert add(world, election, who=" 王 敏 ").status_code == 302
    candidate = election.candidates.get(name="王敏")
    assert candidate.delegate == world.delegate("王敏")
    assert add(world, election, who="ＡＢ　Ｃ").status_code == 302  # NFKC, spaces removed
    assert election.candidates.filter(name="ABC").exists()


def test_a_long_biography_is_refused(world, election):
    response = add(world, election, who="赵磊", bio="简" * 501)
    assert response.status_code == 400
    assert "简介" in said(response)
    assert not election.candidates.filter(name="赵磊").exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "remove_candidate", "candidate": "abc"},
        {"action": "remove_candidate", "candidate": "9" * 30},
        {"action": "assign_scrutineer", "user": "abc", "role": "counter"},
        {"action": "assign_scrutineer", "user": "9" * 30, "role": "counter"},
        {"action": "create_round", "session": "9" * 30, "method": "electronic"},
        {"action": "create_round", "session": "abc", "method": "electronic"},
        {"action": "bogus"},
    ],
)
def test_bad_ids_and_actions_on_the_election_page_are_a_400(world, election, fields):
    candidates, scrutineers = Candidate.objects.count(), Scrutineer.objects.count()
    response = client_for(world.secretariat).post(
        reverse("elections:election", args=[election.pk]), fields
    )
    assert response.status_code == 400
    assert said(response)
    assert Candidate.objects.count() == candidates
    assert Scrutineer.objects.count() == scrutineers
    assert not Poll.objects.exists()


def test_assigning_an_unknown_role_is_refused(world, election):
    response = client_for(world.secretariat).post(
        reverse("elections:election", args=[election.pk]),
        {"action": "assign_scrutineer", "user": world.counters[0].pk, "role": "bogus"},
    )
    assert response.status_code == 400
    assert "职责" in said(response)


# Any text in any field: a 2xx, 3xx or 400, never a server error (the test client re-raises
# the exception a 500 would have come from).
TEXT = st.text(max_size=80) | st.sampled_from(["", "0", "-1", "9" * 30, "bogus", "1/0", "on"])
MOTION_FIELDS = ("title", "kind", "method", "session", "threshold_base")
ELECTION_FIELDS = ("title", "body", "seats", "quorum", "min_excess", "threshold_base",
                   "write_ins")
PAGE_FIELDS = ("action", "who", "bio", "candidate", "user", "role", "session", "method")
FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _fields(names):
    return st.fixed_dictionaries({}, optional={name: TEXT for name in names})


def _clean(data: dict) -> dict:
    # The test client cannot send NUL; browsers never do either.
    return {k: v.replace("\x00", "") for k, v in data.items()}


@FUZZ
@given(data=_fields(MOTION_FIELDS))
def test_any_text_in_the_motion_form_never_gives_a_server_error(world, data):
    response = client_for(world.secretariat).post(
        reverse("elections:new-motion", args=[world.congress.pk]), _clean(data)
    )
    assert response.status_code in (302, 400)


@FUZZ
@given(data=_fields(ELECTION_FIELDS))
def test_any_text_in_the_election_form_never_gives_a_server_error(world, data):
    response = client_for(world.secretariat).post(
        reverse("elections:new-election", args=[world.congress.pk]), _clean(data)
    )
    assert response.status_code in (302, 400)
    for election in Election.objects.all():
        assert len(election.title) <= 200
        assert election.body in {
            "committee", "funds_review", "chair", "vice_chair", "other"}


@FUZZ
@given(data=_fields(PAGE_FIELDS))
def test_any_text_on_the_election_page_never_gives_a_server_error(world, election, data):
    response = client_for(world.secretariat).post(
        reverse("elections:election", args=[election.pk]), _clean(data)
    )
    assert response.status_code in (302, 400)
    assert all(0 < len(c.name) <= 30 for c in Candidate.objects.all())


def test_a_title_or_biography_with_control_characters_is_refused(world, election):
    response = post_election(world, title="第三届\x01委员会")
    assert response.status_code == 400
    assert "控制字符" in said(response)
    assert not Election.objects.filter(title__contains="\x01").exists()
    assert add(world, election, who="赵磊", bio="一线\x07职工").status_code == 400
    assert not election.candidates.filter(name="赵磊").exists()


@pytest.mark.parametrize("who", ["姚\u200b伟", "\u202e姚伟\u202c", "姚\u00ad伟", "姚\ufe00伟",
                                 "\ufeff姚伟"])
def test_a_candidate_name_with_invisible_characters_is_stored_without_them(
    world, election, who
):
    assert add(world, election, who=who).status_code == 302
    assert election.candidates.filter(name="姚伟").exists()
    assert add(world, election, who="姚伟").status_code == 302  # the same person: refused
    assert election.candidates.filter(name="姚伟").count() == 1


@pytest.mark.parametrize("who", ["\u200b", "\u202e\u202c", "\u00ad \u200d"])
def test_a_candidate_name_of_invisible_characters_only_is_refused(world, election, who):
    before = election.candidates.count()
    response = add(world, election, who=who)
    assert response.status_code == 400
    assert "姓名中没有可见的字符" in said(response)
    assert election.candidates.count() == before


def test_a_megabyte_write_in_or_reason_on_a_paper_entry_is_refused_not_stored(world, election):
    from dahui.elections import services
    from dahui.elections.models import Method, PaperEntry

    poll = services.create_election_poll(
        election=election, session=world.session, method=Method.PAPER, by=world.secretariat
    )
    services.open_poll(poll=poll, by=world.secretariat)
    services.close_poll(poll=poll, by=world.secretariat)
    url = reverse("elections:paper", args=[poll.pk])
    counter = client_for(world.counters[0])
    for fields in ({"write_in": ["赵" * 1_000_000]}, {"invalid_reason": "污" * 201}):
        response = counter.post(url, {"position": "1", **fields}, follow=True)
        assert "最多" in said(response) or "最多" in response.content.decode()
    assert not PaperEntry.objects.filter(poll=poll).exists()
    counter.post(url, {"position": "1", "write_in": ["赵" * 40]})  # void, entered as written
    assert PaperEntry.objects.get(poll=poll).content["write_ins"] == ["赵" * 40]

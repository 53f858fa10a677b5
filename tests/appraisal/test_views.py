"""The appraisal pages through HTTP: the phone ballot refuses a grade outside the scale or
an unknown person with a Chinese message and stores nothing; the totals page; the paper
entry page; a judge's bad score."""

from __future__ import annotations

import uuid

from django.test import Client
from django.urls import reverse

from dahui.appraisal import services
from dahui.appraisal.models import AppraisalTotal, PanelScore
from dahui.elections import services as polls
from dahui.elections.models import Method
from dahui.voting.models import CastBallot, Participation
from tests.appraisal.conftest import subject_ids
from tests.elections.people import make_user


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_the_phone_ballot_lists_every_grade_and_not_graded(world, appraisal_poll):
    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    page = client_for(world.delegate("王敏").user).get(
        reverse("voting:ballot", args=[appraisal_poll.pk])).content.decode()
    for text in ("优秀", "称职", "基本称职", "不称职", "不评", "主席"):
        assert text in page
    assert page.index("王敏") < page.index("刘洋") < page.index("李强") < page.index("张伟")


def test_a_grade_outside_the_scale_from_the_phone_is_refused_in_chinese(world, appraisal_poll):
    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    ids = subject_ids(appraisal_poll)
    client = client_for(world.delegate("王敏").user)
    url = reverse("voting:ballot", args=[appraisal_poll.pk])
    for step in ("review", "cast"):
        response = client.post(url, {"key": str(uuid.uuid4()), "step": step,
                                      f"grade-{ids['李强']}": "满意"})
        assert response.status_code in (409, 422)
        text = response.content.decode()
        assert "李强" in text
        assert "不是本次评议的等次" in text
    response = client.post(url, {"key": str(uuid.uuid4()), "step": "cast",
                                  "grade-s0": "优秀"})
    assert response.status_code in (409, 422)
    assert "不是本次评议的对象" in response.content.decode()
    assert not CastBallot.objects.filter(poll=appraisal_poll).exists()
    assert not Participation.objects.filter(poll=appraisal_poll).exists()


def test_the_lean_cast_endpoint_refuses_a_bad_grade_as_json(world, appraisal_poll):
    from dahui.voting import cast_credential

    polls.open_poll(poll=appraisal_poll, by=world.secretariat)
    delegate = world.delegate("王敏")
    ids = subject_ids(appraisal_poll)
    response = client_for(delegate.user).post(
        reverse("voting:cast", args=[appraisal_poll.pk]),
        data={"credential": cast_credential.issue(poll_id=appraisal_poll.pk,
                                                  delegate_id=delegate.pk),
              "key": str(uuid.uuid4()), f"grade-{ids['王敏']}": "很好"},
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500
    assert "error" in response.json()
    assert not CastBallot.objects.filter(poll=appraisal_poll).exists()


def _closed_totals_poll(world, appraisal):
    poll = services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                          method=Method.TOTALS, by=world.secretariat)
    polls.open_poll(poll=poll, by=world.secretariat)
    polls.close_poll(poll=poll, by=world.secretariat)
    return poll


def test_totals_are_entered_per_person_and_grade_on_the_totals_page(world, appraisal):
    poll = _closed_totals_poll(world, appraisal)
    ids = subject_ids(poll)
    client = client_for(world.secretariat)
    url = reverse("appraisal:totals", args=[poll.pk])
    assert "各等次票数" in client.get(url).content.decode()
    data = {"returned": "8", f"total-{ids['王敏']}-0": "6", f"total-{ids['王敏']}-3": "2"}
    assert client.post(url, data).status_code == 302
    assert {(t.subject.name, t.grade): t.count for t in AppraisalTotal.objects.filter(
        poll=poll, count__gt=0)} == {("王敏", "优秀"): 6, ("王敏", "不称职"): 2}


def test_totals_above_the_ballots_returned_are_refused_naming_the_person(world, appraisal):
    poll = _closed_totals_poll(world, appraisal)
    ids = subject_ids(poll)
    response = client_for(world.secretariat).post(
        reverse("appraisal:totals", args=[poll.pk]),
        {"returned": "3", f"total-{ids['张伟']}-1": "4"},
    )
    assert response.status_code == 422
    assert "张伟" in response.content.decode()
    assert not AppraisalTotal.objects.filter(poll=poll).exists()
    response = client_for(world.secretariat).post(
        reverse("appraisal:totals", args=[poll.pk]),
        {"returned": "3", f"total-{ids['张伟']}-1": "两"},
    )
    assert response.status_code == 422
    assert not AppraisalTotal.objects.filter(poll=poll).exists()


def test_the_paper_entry_page_offers_each_person_and_grade(world, appraisal):
    poll = services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                          method=Method.PAPER, by=world.secretariat)
    polls.open_poll(poll=poll, by=world.secretariat)
    polls.close_poll(poll=poll, by=world.secretariat)
    ids = subject_ids(poll)
    page = client_for(world.counters[0]).get(reverse("elections:paper", args=[poll.pk]))
    assert page.status_code == 200
    assert f'name="grade-{ids["张伟"]}" value="不称职"' in page.content.decode()
    response = client_for(world.counters[0]).post(
        reverse("elections:paper", args=[poll.pk]),
        {"position": "1", f"grade-{ids['张伟']}": "不称职"},
    )
    assert response.status_code == 302
    assert poll.paper_entries.get().content == {"grades": {ids["张伟"]: "不称职"}}


def test_a_judges_bad_score_is_refused_in_chinese(world):
    panel = services.create_panel(congress=world.congress, title="五小创新成果评审",
                                  by=world.secretariat)
    user = make_user(f"judge-{world.congress.pk}")
    services.add_judge(panel=panel, user=user, name="赵评", by=world.secretariat)
    entry = services.add_entry(panel=panel, title="高炉节能改造", by=world.secretariat)
    client = client_for(user)
    response = client.post(reverse("appraisal:panel", args=[panel.pk]),
                           {"action": "score", "entry": str(entry.pk), "score": "120"},
                           follow=True)
    assert "不是有效的分数" in response.content.decode()
    assert not PanelScore.objects.exists()

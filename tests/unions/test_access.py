"""Every page and action of the unions for every role: the higher union's staff reach all of
its unions, a grassroots union's people only their own, the congress's people none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dahui.congress import services as congress_services
from dahui.congress.models import Role
from dahui.unions import services
from dahui.unions.access import Need, may, roles_of, unions_of
from dahui.unions.models import Stage

OK = (200, 302)


@pytest.fixture
def congress_people(root):
    congress = congress_services.create_congress(
        organisation_name="测试市总工会", title="测试代表大会", term_number=1,
        starts_on=dt.date(2026, 12, 18), ends_on=dt.date(2026, 12, 19), by=root)
    made = {}
    for role in (Role.SECRETARIAT, Role.SCRUTINEER, Role.OBSERVER):
        user = get_user_model().objects.create_user(username=f"congress_{role}", password="pw")
        congress_services.grant_role(congress=congress, user=user, role=role, by=root)
        made[f"congress_{role}"] = user
    return made


@pytest.fixture
def everyone(people, congress_people):
    return {**people, **congress_people}


# role → may open 华翔's pages (VIEW), import its roster, run its election, approve, oversee
EXPECTED = {
    "city_staff": {Need.VIEW, Need.ROSTER, Need.APPROVE, Need.OVERSEE},
    "huaxiang_staff": {Need.VIEW, Need.ROSTER, Need.RUN},
    "huaxiang_prep": {Need.VIEW, Need.RUN},
    "liheng_staff": set(),
    "outsider": set(),
    "congress_secretariat": set(),
    "congress_scrutineer": set(),
    "congress_observer": set(),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_the_needs_table_for_every_role_in_a_grassroots_union(everyone, huaxiang, who):
    granted = {need for need in Need if may(everyone[who], huaxiang, need)}
    assert granted == EXPECTED[who]


def test_a_grassroots_union_never_sees_another_unions_data(people, huaxiang, liheng, city):
    assert roles_of(people["liheng_staff"], huaxiang) == frozenset()
    assert roles_of(people["huaxiang_staff"], liheng) == frozenset()
    assert {u.name for u in unions_of(people["liheng_staff"])} == {liheng.name}
    assert {u.name for u in unions_of(people["city_staff"])} == {
        city.name, huaxiang.name, liheng.name}
    assert not may(people["huaxiang_staff"], city, Need.OVERSEE)


def pages(huaxiang, city, election):
    return {
        Need.VIEW: [reverse("unions:home", args=[huaxiang.pk]),
                    reverse("unions:election", args=[election.pk]),
                    reverse("unions:papers", args=[election.pk])],
        Need.ROSTER: [reverse("unions:members-import", args=[huaxiang.pk]),
                      reverse("unions:members-template", args=[huaxiang.pk])],
        Need.OVERSEE: [reverse("unions:oversight", args=[city.pk]),
                       reverse("unions:register-xlsx", args=[city.pk])],
    }


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_page_answers_by_the_table(client, everyone, huaxiang, city, election, who):
    client.force_login(everyone[who])
    for need, urls in pages(huaxiang, city, election).items():
        allowed = need in EXPECTED[who] or (need == Need.OVERSEE and who == "city_staff")
        for url in urls:
            status = client.get(url).status_code
            assert (status in OK) == allowed, (who, url, status)


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_action_answers_by_the_table(client, everyone, election, who):
    """An action the role may not take is a 403 and moves nothing."""
    client.force_login(everyone[who])
    actions = {"open-nomination": Need.RUN, "approve": Need.APPROVE, "register": Need.OVERSEE}
    for action, need in actions.items():
        response = client.post(reverse("unions:action", args=[election.pk, action]))
        if need in EXPECTED[who]:
            assert response.status_code in (302, 400), (who, action)
        else:
            assert response.status_code == 403, (who, action)
    election.refresh_from_db()
    expected = Stage.NOMINATION if Need.RUN in EXPECTED[who] else Stage.PREPARATORY
    assert election.stage == expected


def test_anonymous_is_sent_to_the_login(client, election):
    response = client.get(reverse("unions:election", args=[election.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_public_notice_opens_by_its_token_only_once_posted(client, approved, people):
    url = reverse("unions:notice", args=[approved.pk, approved.notice_token])
    assert client.get(url).status_code == 404  # not posted yet
    services.post_notice(election=approved, posted_on=dt.date(2026, 12, 1),
                         vote_on=dt.date(2026, 12, 8), by=people["huaxiang_prep"])
    assert client.get(url).status_code == 200
    wrong = reverse("unions:notice", args=[approved.pk, "x" * 22])
    assert client.get(wrong).status_code == 404

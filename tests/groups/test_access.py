"""Every role on every group discussion page and action: allowed ones get through, others
are refused (403; an anonymous visitor is sent to the login page)."""

from __future__ import annotations

import pytest
from django.test import Client

from dahui.groups import services

SECRETARIAT = {"the_secretary", "the_admin"}
LEADS = SECRETARIAT | {"the_chair"}
WRITERS = {"the_convener", "the_recorder"}
COAL = WRITERS | {"a_member"}
PARTICIPANTS = LEADS | COAL | {"another_groups_delegate", "the_scrutineer", "the_observer"}
PEOPLE = sorted(PARTICIPANTS | {"an_outsider", "anonymous"})


@pytest.fixture
def ids(groups_world):
    services.save_summary(group=groups_world.coal, item=groups_world.report, text="讨论",
                          present=3, submit=True, by=groups_world.people["the_recorder"])
    sitting = groups_world.coal.sittings.get()
    return {"c": groups_world.congress.pk, "g": groups_world.coal.pk,
            "e": groups_world.education.pk, "i": groups_world.report.pk, "s": sitting.pk,
            "d1": groups_world.delegates["孙立"].number}


CASES = [
    ("list of groups", "get", "/c/{c}/groups/", None, PARTICIPANTS),
    ("groups from delegations", "post", "/c/{c}/groups/from-delegations/", {}, SECRETARIAT),
    ("add a group", "post", "/c/{c}/groups/add/", {"name": "新组"}, SECRETARIAT),
    ("a group's page", "get", "/c/{c}/groups/{g}/", None, LEADS | COAL),
    ("rename", "post", "/c/{c}/groups/{g}/rename/", {"name": "煤炭组"}, SECRETARIAT),
    ("move a delegate in", "post", "/c/{c}/groups/{e}/move/", {"numbers": "{d1}"},
     SECRETARIAT),
    ("split", "post", "/c/{c}/groups/{g}/split/", {"name": "二组", "numbers": "{d1}"},
     SECRETARIAT),
    ("merge", "post", "/c/{c}/groups/{e}/merge/", {"into": "{g}"}, SECRETARIAT),
    ("assign a role", "post", "/c/{c}/groups/{g}/role/", {"role": "convener", "user": "0"},
     set()),  # user 0 exists for nobody: the secretariat gets 400, everyone else 403
    ("schedule", "post", "/c/{c}/groups/{e}/sitting/",
     {"item": "{i}", "room": "第五会议室", "starts_at": "2026-12-19T09:00",
      "ends_at": "2026-12-19T11:00"}, SECRETARIAT),
    ("read a summary", "get", "/c/{c}/groups/{g}/items/{i}/", None, LEADS | COAL),
    ("reopen a summary", "post", "/c/{c}/groups/{g}/items/{i}/",
     {"action": "reopen", "reason": "补充"}, {"the_convener"}),
    ("side by side", "get", "/c/{c}/discussions/{i}/", None, LEADS),
    ("export side by side", "get", "/c/{c}/discussions/{i}/summaries.xlsx", None, LEADS),
    ("bulletins", "get", "/c/{c}/bulletins/", None, SECRETARIAT),
    ("bulletin preview", "get", "/c/{c}/bulletins/2026-12-18/preview.pdf", None, SECRETARIAT),
    ("issue a bulletin", "post", "/c/{c}/bulletins/2026-12-18/issue/", {}, SECRETARIAT),
]


def _fill(value, ids):
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("name", "method", "url", "data", "allowed"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_role_is_allowed_or_refused(groups_world, ids, person, name, method, url, data,
                                         allowed):
    client = Client()
    if person != "anonymous":
        client.force_login(groups_world.people[person])
    url = _fill(url, ids)
    response = client.get(url) if method == "get" else client.post(url, _fill(data, ids))
    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    elif person in allowed:
        assert response.status_code in ((200,) if method == "get" else (200, 302)), (
            f"{person} should be allowed to {name}: {response.status_code}")
    elif name == "assign a role" and person in SECRETARIAT:
        assert response.status_code == 400
    else:
        assert response.status_code == 403, f"{person} must be refused: {name}"


WRITE = {"action": "save", "text": "代表们一致认为报告实事求是", "present": "3"}


@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_recorder_and_convener_write_a_summary(groups_world, person):
    client = Client()
    if person != "anonymous":
        client.force_login(groups_world.people[person])
    url = f"/c/{groups_world.congress.pk}/groups/{groups_world.coal.pk}/items/" \
          f"{groups_world.report.pk}/"
    response = client.post(url, WRITE)
    if person == "anonymous" or person in WRITERS:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
        assert groups_world.coal.summaries.count() == 0


def test_a_bulletin_download_is_for_the_secretariat(groups_world):
    secretary, chair = groups_world.people["the_secretary"], groups_world.people["the_chair"]
    client = Client()
    client.force_login(secretary)
    client.post(f"/c/{groups_world.congress.pk}/bulletins/2026-12-18/issue/")
    assert client.get(f"/c/{groups_world.congress.pk}/bulletins/1.pdf").status_code == 200
    client.force_login(chair)
    assert client.get(f"/c/{groups_world.congress.pk}/bulletins/1.pdf").status_code == 403


def test_a_group_of_another_congress_is_not_found_here(groups_world):
    client = Client()
    client.force_login(groups_world.people["the_secretary"])
    response = client.get(f"/c/{groups_world.congress.pk + 1}/groups/{groups_world.coal.pk}/")
    assert response.status_code == 404

"""Every appraisal and scoring page and action, for every role.

Roles: delegate, 列席, secretariat, presidium, the congress's chief scrutineer, scrutineer
and counter, an observer, an outsider, and a judge of the scoring panel (a user with no
congress role)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dahui.appraisal import services
from dahui.elections import services as polls
from dahui.elections.models import Method
from tests.appraisal.conftest import make_appraisal, subject_ids
from tests.elections.people import make_user

ROLES = ["delegate", "attending", "secretariat", "presidium", "chief", "scrutineer", "counter",
         "observer", "outsider", "judge"]
STAFF = {"secretariat", "presidium", "chief", "scrutineer", "counter", "observer"}
PARTICIPANTS = STAFF | {"delegate", "attending"}


@pytest.fixture
def place(world):
    judge = make_user(f"judge-{world.congress.pk}")
    users = {
        "delegate": world.delegate("王敏").user, "attending": world.attending.user,
        "secretariat": world.secretariat, "presidium": world.presidium, "chief": world.chief,
        "scrutineer": world.scrutineer, "counter": world.counters[0],
        "observer": make_user(f"observer-{world.congress.pk}", congress=world.congress,
                              role="observer"),
        "outsider": make_user(f"outsider-{world.congress.pk}"), "judge": judge,
    }
    appraisal = make_appraisal(world)
    totals = services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                            method=Method.TOTALS, by=world.secretariat)
    polls.open_poll(poll=totals, by=world.secretariat)
    polls.close_poll(poll=totals, by=world.secretariat)
    ids = subject_ids(totals)
    services.enter_appraisal_totals(poll=totals, returned=8, totals={ids["王敏"]: {"优秀": 8}},
                                    by=world.secretariat)
    polls.count_poll(poll=totals, by=world.secretariat)
    panel = services.create_panel(congress=world.congress, title="五小创新成果评审",
                                  by=world.secretariat)
    panel_judge = services.add_judge(panel=panel, user=judge, name="赵评", by=world.secretariat)
    entry = services.add_entry(panel=panel, title="高炉节能改造", by=world.secretariat)
    return {"users": users, "appraisal": appraisal, "poll": totals, "panel": panel,
            "judge": panel_judge, "entry": entry, "world": world}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def status(place, role, method, url, data=None) -> int:
    client = client_for(place["users"][role])
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


PAGES = {
    # name: (method, url builder, data, who may)
    "list": ("get", lambda p: reverse("appraisal:list", args=[p["world"].congress.pk]),
             None, STAFF),
    "create": ("post", lambda p: reverse("appraisal:list", args=[p["world"].congress.pk]),
               {"title": "部门满意度测评"}, {"secretariat"}),
    "appraisal": ("get", lambda p: reverse("appraisal:appraisal", args=[p["appraisal"].pk]),
                  None, STAFF),
    "add_subject": ("post", lambda p: reverse("appraisal:appraisal", args=[p["appraisal"].pk]),
                    {"action": "add_subject", "name": "陈静"}, {"secretariat"}),
    "totals": ("get", lambda p: reverse("appraisal:totals", args=[p["poll"].pk]), None,
               {"secretariat", "presidium"}),
    "enter_totals": ("post", lambda p: reverse("appraisal:totals", args=[p["poll"].pk]),
                     {"returned": "1"}, {"secretariat", "presidium"}),
    "result_pdf": ("get", lambda p: reverse("appraisal:result-pdf", args=[p["poll"].pk]),
                   None, STAFF),
    "result_xlsx": ("get", lambda p: reverse("appraisal:result-xlsx", args=[p["poll"].pk]),
                    None, STAFF),
    "poll_page": ("get", lambda p: reverse("elections:poll", args=[p["poll"].pk]), None,
                  STAFF),
    "result_page": ("get", lambda p: reverse("elections:result", args=[p["poll"].pk]), None,
                    STAFF),
    "confirm": ("post", lambda p: reverse("elections:poll-action", args=[p["poll"].pk]),
                {"action": "confirm"}, {"chief", "scrutineer", "counter"}),
    "remove_subject": ("post",
                       lambda p: reverse("appraisal:appraisal", args=[p["appraisal"].pk]),
                       lambda p: {"action": "remove_subject",
                                  "subject": str(p["appraisal"].subjects.first().pk)},
                       {"secretariat"}),
    "create_poll": ("post", lambda p: reverse("appraisal:appraisal", args=[p["appraisal"].pk]),
                    {"action": "create_poll", "session": "0", "method": "paper"},
                    {"secretariat"}),
    "ballot": ("get", lambda p: reverse("voting:ballot", args=[p["poll"].pk]), None,
               {"delegate"}),
    "paper": ("get", lambda p: reverse("elections:paper", args=[p["poll"].pk]), None,
              {"chief", "scrutineer", "counter"}),
    "panel": ("get", lambda p: reverse("appraisal:panel", args=[p["panel"].pk]), None,
              STAFF | {"judge"}),
    "score": ("post", lambda p: reverse("appraisal:panel", args=[p["panel"].pk]),
              {"action": "score", "entry": "", "score": "88.5"}, {"judge"}),
    "add_entry": ("post", lambda p: reverse("appraisal:panel", args=[p["panel"].pk]),
                  {"action": "add_entry", "title": "轧机在线检测"}, {"secretariat"}),
    "add_judge": ("post", lambda p: reverse("appraisal:panel", args=[p["panel"].pk]),
                  {"action": "add_judge", "user": "0"}, {"secretariat"}),
    "publish_panel": ("post", lambda p: reverse("appraisal:panel", args=[p["panel"].pk]),
                      {"action": "publish"}, {"secretariat"}),
    "panel_pdf": ("get", lambda p: reverse("appraisal:panel-pdf", args=[p["panel"].pk]),
                  None, STAFF | {"judge"}),
    "panel_xlsx": ("get", lambda p: reverse("appraisal:panel-xlsx", args=[p["panel"].pk]),
                   None, STAFF | {"judge"}),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_page_and_action_admits_exactly_its_roles(place, role):
    """Admitted: the page answers or the action is taken or refused on its merits (a 4xx
    other than 403/404, e.g. totals after the count); otherwise 403 or 404."""
    wrong = []
    for page, (method, url, data, allowed) in PAGES.items():
        if page == "score":
            data = {**data, "entry": str(place["entry"].pk)}
        if callable(data):
            data = data(place)
        code = status(place, role, method, url(place), data)
        admitted = code not in (403, 404)
        if admitted != (role in allowed):
            wrong.append((page, code))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_a_published_appraisal_result_is_open_to_participants_not_outsiders(place, role):
    world, poll = place["world"], place["poll"]
    polls.confirm_poll(poll=poll, by=world.chief)
    polls.publish_poll(poll=poll, by=world.secretariat)
    for name in ("elections:result", "appraisal:result-pdf", "appraisal:result-xlsx"):
        code = status(place, role, "get", reverse(name, args=[poll.pk]))
        if role in PARTICIPANTS:
            assert code == 200, (role, name)
        else:
            assert code == 403, (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_a_published_ranking_is_open_to_participants_and_the_judge(place, role):
    world = place["world"]
    services.enter_score(entry=place["entry"], judge=place["judge"], score="90",
                         by=place["users"]["judge"])
    services.publish_panel(panel=place["panel"], by=world.secretariat)
    code = status(place, role, "get", reverse("appraisal:panel-pdf", args=[place["panel"].pk]))
    if role in PARTICIPANTS | {"judge"}:
        assert code == 200, role
    else:
        assert code == 403, role

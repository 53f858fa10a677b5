"""Every role on every proposal page and action: allowed ones get through, a refusal the
issue names is answered in words (400, nothing stored), everyone else gets 403, and an
anonymous visitor is sent to the login page.

The people: a delegate (陈静), the proposer (王敏), a 列席 attendee, the proposals
committee, a user of the department the proposal is assigned to (劳动保护部) and one of
another department (经济工作部), the secretariat, a scrutineer, an observer, an outsider.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from dahui.proposals import services
from tests.proposals.conftest import draft, registered, submitted

DELEGATE, PROPOSER, ATTENDING = "delegate", "proposer", "attending"
COMMITTEE, ASSIGNED, OTHER_DEPT = "committee", "assigned_department", "other_department"
SECRETARIAT, SCRUTINEER, OBSERVER, OUTSIDER = "secretariat", "scrutineer", "observer", "outsider"
PEOPLE = [DELEGATE, PROPOSER, ATTENDING, COMMITTEE, ASSIGNED, OTHER_DEPT, SECRETARIAT,
          SCRUTINEER, OBSERVER, OUTSIDER, "anonymous"]
DELEGATES = {DELEGATE, PROPOSER}
COLLECTORS = DELEGATES | {ATTENDING}
OVERSEERS = {COMMITTEE, SECRETARIAT}
DEPARTMENTS = {ASSIGNED, OTHER_DEPT}


@pytest.fixture
def world(pw):
    the_draft = draft(pw, invite=("李强", "张伟"), title="草稿")
    for name in ("李强", "张伟"):
        services.second(proposal=the_draft, delegate=pw.delegate(name), by=None)
    handed_in = submitted(pw, seconders=("李强", "张伟"), title="待审")
    waiting = registered(pw, seconders=("李强", "张伟"), title="待交办")
    handled = registered(pw, seconders=("李强", "张伟"), title="办理中")
    services.assign(proposal=handled, departments=[pw.safety], lead=pw.safety,
                    deadline=timezone.localdate(), by=pw.committee)
    answered = registered(pw, seconders=("李强", "张伟"), title="已答复")
    services.assign(proposal=answered, departments=[pw.safety], lead=pw.safety,
                    deadline=timezone.localdate(), by=pw.committee)
    services.reply(proposal=answered, department=pw.safety, text="已办。", by=pw.safety_user)
    outsider = get_user_model().objects.create_user(username="outsider", password="x-outsider")
    people = {
        DELEGATE: pw.delegate("陈静").user, PROPOSER: pw.delegate("王敏").user,
        ATTENDING: pw.attending.user, COMMITTEE: pw.committee, ASSIGNED: pw.safety_user,
        OTHER_DEPT: pw.economy_user, SECRETARIAT: pw.secretariat, SCRUTINEER: pw.scrutineer,
        OBSERVER: pw.observer, OUTSIDER: outsider,
    }
    ids = {"c": pw.congress.pk, "draft": the_draft.pk, "submitted": handed_in.pk,
           "registered": waiting.pk, "handled": handled.pk, "answered": answered.pk,
           "safety": pw.safety.pk, "economy": pw.economy.pk}
    return people, ids


NEW = {"title": "关于职工食堂的建议", "category": "职工生活", "case": "食堂价格偏高。",
       "measures": "引入竞争。", "joint": "seconders", "invite": ""}
# (name, method, url, data, allowed, refused in words)
CASES = [
    ("proposals home", "get", "/c/{c}/proposals/", None,
     COLLECTORS | OVERSEERS | DEPARTMENTS, set()),
    ("a delegate's own page", "get", "/c/{c}/proposals/mine/", None, COLLECTORS, set()),
    ("new proposal form", "get", "/c/{c}/proposals/new/", None, COLLECTORS, set()),
    ("write a proposal", "post", "/c/{c}/proposals/new/", NEW, DELEGATES, {ATTENDING}),
    ("a draft", "get", "/c/{c}/proposals/{draft}/", None, COLLECTORS, set()),
    ("second a draft", "post", "/c/{c}/proposals/{draft}/second/", {}, {DELEGATE},
     {PROPOSER, ATTENDING}),
    ("hand in a draft", "post", "/c/{c}/proposals/{draft}/submit/", {}, {PROPOSER}, set()),
    ("ask more delegates", "post", "/c/{c}/proposals/{draft}/invite/", {"invite": "陈静"},
     {PROPOSER}, set()),
    ("a proposal handed in", "get", "/c/{c}/proposals/{submitted}/", None,
     {PROPOSER} | OVERSEERS, set()),
    ("review a proposal", "post", "/c/{c}/proposals/{submitted}/review/",
     {"decision": "register"}, {COMMITTEE}, set()),
    ("assign a proposal", "post", "/c/{c}/proposals/{registered}/assign/",
     {"departments": ["{safety}"], "lead": "{safety}", "deadline": "2099-01-01"},
     {COMMITTEE}, set()),
    ("a proposal being handled", "get", "/c/{c}/proposals/{handled}/", None,
     {PROPOSER, ASSIGNED} | OVERSEERS, set()),
    ("reply to a proposal", "post", "/c/{c}/proposals/{handled}/reply/", {"text": "答复"},
     {ASSIGNED}, set()),
    ("record a verdict", "post", "/c/{c}/proposals/{answered}/verdict/",
     {"verdict": "satisfied"}, {PROPOSER}, set()),
    ("all proposals", "get", "/c/{c}/proposals/all/", None, OVERSEERS, set()),
    ("department's proposals", "get", "/c/{c}/proposals/department/", None, DEPARTMENTS,
     set()),
    ("settings", "get", "/c/{c}/proposals/settings/", None, {SECRETARIAT}, set()),
    ("change settings", "post", "/c/{c}/proposals/settings/",
     {"opens_at": "2026-01-01T08:00", "closes_at": "2099-01-01T08:00", "min_seconders": "2",
      "min_joint": "3", "second_reply_days": "30", "categories": "其他"}, {SECRETARIAT},
     set()),
    ("counts on the hall screen", "post", "/c/{c}/proposals/settings/screen/", {"on": "1"},
     {SECRETARIAT}, set()),
    ("add a department", "post", "/c/{c}/proposals/settings/departments/",
     {"name": "女职工部"}, {SECRETARIAT}, set()),
    ("add a department user", "post",
     "/c/{c}/proposals/settings/departments/{economy}/members/",
     {"username": "new-dept-user", "password": "long-enough-pw"}, {SECRETARIAT}, set()),
    ("paper proposal form", "get", "/c/{c}/proposals/paper/", None, {SECRETARIAT}, set()),
    ("enter a paper proposal", "post", "/c/{c}/proposals/paper/",
     {**NEW, "proposer": "陈静", "invite": "杨帆 赵磊"}, {SECRETARIAT}, set()),
    ("review report PDF", "get", "/c/{c}/proposals/review-report.pdf", None, OVERSEERS, set()),
    ("review report Excel", "get", "/c/{c}/proposals/review-report.xlsx", None, OVERSEERS,
     set()),
    ("handling report PDF", "get", "/c/{c}/proposals/handling-report.pdf", None, OVERSEERS,
     set()),
    ("handling report Excel", "get", "/c/{c}/proposals/handling-report.xlsx", None,
     OVERSEERS, set()),
]


def _fill(value, ids):
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize(("name", "method", "url", "data", "allowed", "in_words"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_role_is_allowed_or_refused(world, name, method, url, data, allowed, in_words):
    """One world per page or action; each person's request is rolled back after it, so
    every person meets the same state."""
    people, ids = world
    url = _fill(url, ids)
    for person in PEOPLE:
        client = Client()
        if person != "anonymous":
            client.force_login(people[person])
        with transaction.atomic():
            response = (client.get(url) if method == "get"
                        else client.post(url, _fill(data, ids)))
            transaction.set_rollback(True)
        if person == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/login/")
        elif person in allowed:
            assert response.status_code in (200, 302), (
                f"{person} should be allowed to {name}: {response.status_code}"
            )
        elif person in in_words:
            assert response.status_code == 400, f"{person} must be refused in words: {name}"
            page = response.content.decode()
            assert "提案" in page or "附议" in page
        else:
            assert response.status_code == 403, (
                f"{person} must be refused: {name} ({response.status_code})"
            )

"""Every role on every congress page and action: allowed ones get through, others are refused.

A refused logged-in user gets 403; an anonymous visitor is sent to the login page.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dahui.congress import services
from tests.congress.conftest import row, staff

SECRETARIAT = {"the_secretary", "the_admin"}
CREDENTIALS = SECRETARIAT | {"a_credentials_member"}
MOVERS = SECRETARIAT | {"the_chair"}
STAFF = SECRETARIAT | {"the_chair", "a_credentials_member", "the_chief_scrutineer",
                       "a_scrutineer", "a_counter", "an_observer"}
DELEGATES = {"a_delegate", "attending_delegate"}
PARTICIPANTS = STAFF | DELEGATES
PEOPLE = sorted(PARTICIPANTS | {"an_outsider", "anonymous"})


@pytest.fixture
def world(congress, first_session, add_delegates, the_admin):
    (other,) = add_delegates([row("其他代表", "7777")])
    item = services.add_agenda_item(congress=congress, kind="report", title="工作报告",
                                    by=the_admin)
    document = services.attach_document(
        item=item, title="报告", upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=the_admin,
    )
    leave = services.request_leave(delegate=other, session=first_session, reason="病假",
                                   by=None)
    token = services.issue_token(delegate=other, by=the_admin)
    return {"c": congress.pk, "s": first_session.pk, "d": other.pk, "i": item.pk,
            "doc": document.pk, "leave": leave.pk, "token": token.key}


# (name, method, url, data, who may)
CASES = [
    ("congress home", "get", "/c/{c}/", None, PARTICIPANTS),
    ("roster", "get", "/c/{c}/roster/", None, STAFF),
    ("roster import page", "get", "/c/{c}/roster/import/", None, SECRETARIAT),
    ("roster template", "get", "/c/{c}/roster/template.xlsx", None, SECRETARIAT),
    ("roster export", "get", "/c/{c}/roster/export.xlsx", None, SECRETARIAT),
    ("delegations", "get", "/c/{c}/delegations/", None, SECRETARIAT),
    ("add delegations", "post", "/c/{c}/delegations/", {"names": "卫生"}, SECRETARIAT),
    ("another delegate's record", "get", "/c/{c}/delegates/{d}/", None, STAFF),
    ("reissue a login link", "post", "/c/{c}/delegates/{d}/token/", {"action": "reissue"},
     SECRETARIAT),
    ("credentials review", "get", "/c/{c}/credentials/", None, CREDENTIALS),
    ("decide a credential", "post", "/c/{c}/delegates/{d}/credential/",
     {"decision": "confirmed"}, CREDENTIALS),
    ("confirm all credentials", "post", "/c/{c}/credentials/confirm-all/", {}, CREDENTIALS),
    ("composition report", "get", "/c/{c}/composition/", None, CREDENTIALS),
    ("composition PDF", "get", "/c/{c}/composition.pdf", None, CREDENTIALS),
    ("credentials PDF", "get", "/c/{c}/credentials.pdf", None, SECRETARIAT),
    ("check-in desk", "get", "/c/{c}/s/{s}/check-in/?q=其他", None, SECRETARIAT),
    ("check in at the desk", "post", "/c/{c}/s/{s}/check-in/do/", {"delegate": "{d}"},
     SECRETARIAT),
    ("door scanner", "get", "/c/{c}/s/{s}/scanner/", None, SECRETARIAT),
    ("scan a credential", "json", "/c/{c}/s/{s}/scan/", {"text": "http://x/d/{token}"},
     SECRETARIAT),
    ("attendance", "get", "/c/{c}/s/{s}/attendance/", None, STAFF),
    ("attendance figures", "get", "/c/{c}/s/{s}/attendance.json", None, STAFF),
    ("decide leave", "post", "/c/{c}/leave/{leave}/decide/", {"approve": "1"}, SECRETARIAT),
    ("ask for leave", "post", "/c/{c}/leave/", {"session": "{s}", "reason": "出差"}, DELEGATES),
    ("agenda", "get", "/c/{c}/agenda/", None, PARTICIPANTS),
    ("add an agenda item", "post", "/c/{c}/agenda/", {"kind": "speech", "title": "发言"},
     SECRETARIAT),
    ("move an agenda item", "post", "/c/{c}/agenda/{i}/move/", {"up": "1"}, SECRETARIAT),
    ("make an item current", "post", "/c/{c}/agenda/{i}/current/", {}, MOVERS),
    ("clear the current item", "post", "/c/{c}/agenda/clear-current/", {}, MOVERS),
    ("download a document", "get", "/c/{c}/documents/{doc}/", None, PARTICIPANTS),
]


def _fill(value, world):
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    return value.format(**world) if isinstance(value, str) else value


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("name", "method", "url", "data", "allowed"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_role_is_allowed_or_refused(request, world, person, name, method, url, data,
                                         allowed):
    client = Client()
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    url = _fill(url, world)
    if method == "get":
        response = client.get(url)
    elif method == "json":
        response = client.post(url, json.dumps(_fill(data, world)),
                               content_type="application/json")
    else:
        response = client.post(url, _fill(data, world))
    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    elif person in allowed:
        assert response.status_code in ((200,) if method != "post" else (200, 302)), (
            f"{person} should be allowed to {name}"
        )
    else:
        assert response.status_code == 403, f"{person} must be refused: {name}"


def test_a_delegate_sees_their_own_record_but_not_anothers(world, a_delegate, delegate_record):
    client = Client()
    client.force_login(a_delegate)
    assert client.get(f"/c/{world['c']}/delegates/{delegate_record.pk}/").status_code == 200
    assert client.get(f"/c/{world['c']}/delegates/{world['d']}/").status_code == 403


def test_a_rejected_delegate_loses_access(world, a_delegate, delegate_record):
    services.decide_credential(delegate=delegate_record, decision="rejected", by=None)
    client = Client()
    client.force_login(a_delegate)
    assert client.get(f"/c/{world['c']}/agenda/").status_code == 403


def test_hall_screen_opens_with_its_token_only(congress):
    client = Client()
    assert client.get(f"/screen/{congress.pk}/{congress.screen_token}/").status_code == 200
    snapshot = client.get(f"/screen/{congress.pk}/{congress.screen_token}/snapshot.json")
    assert snapshot.json()["title"] == congress.title
    assert client.get(f"/screen/{congress.pk}/wrong-token/").status_code == 403
    assert client.get(f"/screen/{congress.pk}/wrong-token/snapshot.json").status_code == 403


def test_staff_roles_of_another_congress_give_nothing_here(world, the_admin):
    other = services.create_congress(
        organisation_name="别的总工会", title="别的大会", term_number=1,
        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 2), by=the_admin,
    )
    stranger = staff("stranger")
    services.grant_role(congress=other, user=stranger, role="secretariat", by=the_admin)
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/c/{world['c']}/roster/").status_code == 403
    assert client.get(f"/c/{other.pk}/roster/").status_code == 200

"""The credentials review table: searched and filtered on the server; a rejection needs a
reason and a confirmation; the form sends back only to the review table."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from django.test import Client

from dahui.audit.models import AuditEntry
from dahui.congress import services
from dahui.congress.models import Delegate
from tests.congress.conftest import row


@pytest.fixture
def roster(add_delegates):
    return add_delegates([
        row("王秀英", "0001", work_unit="霍州煤电"), row("李强", "0002", work_unit="汾西矿业"),
        row("张伟", "0003", delegation="教育", work_unit="临汾一中"),
        row("刘洋", "0004", delegation="教育", status="invited", work_unit="山西师大"),
        row("赵磊", "0005", status="attending", work_unit="霍州煤电"),
    ])


def _shown(client, congress, query: str) -> list[str]:
    page = client.get(f"/c/{congress.pk}/credentials/?{query}").content.decode()
    return [d.name for d in Delegate.objects.order_by("number") if f'id="d{d.pk}"' in page]


def test_the_table_is_searched_and_filtered_by_query_parameters(
    roster, congress, a_credentials_member
):
    services.decide_credential(delegate=roster[1], decision="confirmed", by=None)
    client = Client()
    client.force_login(a_credentials_member)
    assert _shown(client, congress, "") == ["王秀英", "李强", "张伟", "刘洋", "赵磊"]
    assert _shown(client, congress, "q=霍州") == ["王秀英", "赵磊"]
    assert _shown(client, congress, f"q={roster[2].number}") == ["张伟"]
    assert _shown(client, congress, "credential=confirmed") == ["李强"]
    assert _shown(client, congress, "status=invited") == ["刘洋"]
    education = congress.delegations.get(name="教育").pk
    assert _shown(client, congress, f"delegation={education}&credential=pending") == [
        "张伟", "刘洋"]
    # Nonsense in the query string is ignored, never a 500.
    response = client.get(f"/c/{congress.pk}/credentials/?delegation=abc&credential=x")
    assert response.status_code == 200


def test_the_review_page_has_no_inline_script(roster, congress, a_credentials_member):
    client = Client()
    client.force_login(a_credentials_member)
    page = client.get(f"/c/{congress.pk}/credentials/").content.decode()
    assert "<script>" not in page
    assert " onclick=" not in page
    assert " onchange=" not in page


def test_a_rejection_without_reason_or_confirmation_is_refused(
    roster, congress, a_credentials_member
):
    client = Client()
    client.force_login(a_credentials_member)
    url = f"/c/{congress.pk}/delegates/{roster[0].pk}/credential/"
    no_reason = client.post(url, {"decision": "rejected", "confirm": "1"}, follow=True)
    assert "不予确认的原因" in no_reason.content.decode()
    client.post(url, {"decision": "rejected", "note": "未经选举产生"})
    roster[0].refresh_from_db()
    assert roster[0].credential_status == "pending"
    client.post(url, {"decision": "rejected", "note": "未经选举产生", "confirm": "1"})
    roster[0].refresh_from_db()
    assert roster[0].credential_status == "rejected"
    entry = AuditEntry.objects.filter(action="credential.decided").last()
    assert entry.data["note"] == "未经选举产生"
    # The badge says 不予确认 (a credential's word), not 未通过 (a failed motion's).
    page = client.get(f"/c/{congress.pk}/credentials/?credential=rejected").content.decode()
    assert '<span class="badge rejected">不予确认</span>' in page


def test_the_decision_form_returns_only_to_the_review_table(
    roster, congress, a_credentials_member
):
    client = Client()
    client.force_login(a_credentials_member)
    url = f"/c/{congress.pk}/delegates/{roster[0].pk}/credential/"
    away = client.post(url, {"decision": "confirmed", "next": "https://evil.example/"})
    assert away["Location"] == f"/c/{congress.pk}/credentials/"
    kept = client.post(url, {"decision": "confirmed",
                             "next": f"/c/{congress.pk}/credentials/?q=王"})
    assert unquote(kept["Location"]) == f"/c/{congress.pk}/credentials/?q=王"


def test_the_door_scanner_answers_number_delegation_and_standing(
    roster, congress, first_session, the_secretary
):
    services.confirm_pending_credentials(congress=congress, by=the_secretary)
    client = Client()
    client.force_login(the_secretary)
    answers = {}
    for delegate in (roster[0], roster[3], roster[4]):
        token = services.issue_token(delegate=delegate, by=the_secretary)
        response = client.post(f"/c/{congress.pk}/s/{first_session.pk}/scan/",
                               json.dumps({"text": f"http://h/d/{token.key}"}),
                               content_type="application/json")
        answers[delegate.name] = response.json()["delegate"]
    assert answers["王秀英"]["number"] == roster[0].number
    assert answers["王秀英"]["delegation"] == "煤炭"
    assert (answers["王秀英"]["status"], answers["王秀英"]["votes"]) == ("formal", True)
    assert (answers["刘洋"]["status_label"], answers["刘洋"]["votes"]) == ("特邀代表", False)
    assert (answers["赵磊"]["status_label"], answers["赵磊"]["votes"]) == ("列席代表", False)

"""Desk check-in and delegation names: bad input is a 400 naming the field, not a 500."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import translation

from dahui.congress.models import Attendance


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize("value", ["abc", "9" * 30, "-1", "", "1.5"])
def test_a_delegate_id_that_is_not_a_number_is_a_400_naming_the_field(
    congress, first_session, the_admin, value
):
    client = Client()
    client.force_login(the_admin)
    response = client.post(
        f"/c/{congress.pk}/s/{first_session.pk}/check-in/do/", {"delegate": value, "q": "王"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "代表：" in page or any("代表：" in str(m) for m in get_messages(response.wsgi_request))
    assert not Attendance.objects.exists()


def test_a_good_desk_check_in_keeps_the_search_in_the_address(
    congress, first_session, the_admin, add_delegates
):
    from tests.congress.conftest import row

    (wang,) = add_delegates([row("王敏", "0011")])
    client = Client()
    client.force_login(the_admin)
    response = client.post(
        f"/c/{congress.pk}/s/{first_session.pk}/check-in/do/",
        {"delegate": wang.pk, "q": "王&x=1"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("check-in/?q=%E7%8E%8B%26x%3D1")
    assert Attendance.objects.filter(delegate=wang, session=first_session).exists()


def test_a_delegation_name_longer_than_its_column_is_a_400_and_nothing_is_added(
    congress, the_admin
):
    client = Client()
    client.force_login(the_admin)
    before = congress.delegations.count()
    response = client.post(f"/c/{congress.pk}/delegations/",
                           {"names": "机关\n" + "长" * 101 + "\n教育"})
    assert response.status_code == 400
    assert "第 2 行：代表团名称最多 100 个字。" in response.content.decode()
    assert congress.delegations.count() == before


def test_many_delegations_at_once_fit_the_audit_log(congress, the_admin):
    from dahui.audit.models import AuditEntry

    client = Client()
    client.force_login(the_admin)
    names = [f"第{n}代表团" + "名" * 80 for n in range(12)]
    response = client.post(f"/c/{congress.pk}/delegations/", {"names": "\n".join(names)})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="delegations.added").order_by("seq").last()
    assert len(entry.subject) <= 255
    assert entry.data["names"] == names

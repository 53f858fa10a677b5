"""The desk check-in refuses a delegate id that is not a number with a 400, not a 500."""

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

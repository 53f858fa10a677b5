"""Page behaviour beyond access: refused uploads, the preview/apply round trip, code login."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from dahui.congress import login_throttle, services
from dahui.congress.models import Delegate
from dahui.congress.roster_import import COLUMNS


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    workbook.active.append([c.heading for c in COLUMNS])
    for r in rows:
        workbook.active.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = ["", "王秀英", "女", "汉族", "1978-05-12", "032X", "霍州煤电", "", "煤炭", "", ""]


def test_a_refused_upload_lists_the_problems_and_stores_nothing(congress, the_secretary):
    client = Client()
    client.force_login(the_secretary)
    bad = [*GOOD[:8], "航天", "", ""]
    response = client.post(f"/c/{congress.pk}/roster/import/",
                           {"file": SimpleUploadedFile("r.xlsx", _xlsx([bad]))})
    assert response.status_code == 400
    assert "本次大会没有名为“航天”的代表团" in response.content.decode()
    assert Delegate.objects.count() == 0


def test_upload_previews_and_apply_stores(congress, the_secretary):
    client = Client()
    client.force_login(the_secretary)
    response = client.post(f"/c/{congress.pk}/roster/import/",
                           {"file": SimpleUploadedFile("r.xlsx", _xlsx([GOOD]))})
    assert response.status_code == 200
    assert Delegate.objects.count() == 0
    response = client.post(f"/c/{congress.pk}/roster/import/apply/")
    assert response.status_code == 302
    assert list(Delegate.objects.values_list("name", flat=True)) == ["王秀英"]
    # The preview is used once: applying again has nothing to apply.
    client.post(f"/c/{congress.pk}/roster/import/apply/")
    assert Delegate.objects.count() == 1


def test_code_login_logs_in_and_locks_after_repeated_failures(delegate_record):
    client = Client()
    for _ in range(login_throttle.FREE_PER_CODE):
        wrong = client.post("/code/", {"access_code": delegate_record.access_code,
                                       "id_tail": "0000"})
        assert wrong.status_code == 403
    locked = client.post("/code/", {"access_code": delegate_record.access_code,
                                    "id_tail": "032X"})
    assert locked.status_code == 429
    assert "登录码错误次数过多" in locked.content.decode()


def test_code_login_with_the_right_code_opens_the_delegate_page(delegate_record):
    client = Client()
    response = client.post("/code/", {"access_code": delegate_record.access_code,
                                      "id_tail": "032x"}, follow=True)
    assert response.status_code == 200
    assert delegate_record.name in response.content.decode()


def test_qr_link_logs_in_until_revoked(delegate_record):
    token = services.issue_token(delegate=delegate_record, by=None)
    client = Client()
    response = client.get(f"/d/{token.key}")
    assert response.status_code == 302
    assert response["Location"] == f"/c/{delegate_record.congress_id}/"
    services.revoke_token(delegate=delegate_record, by=None)
    assert Client().get(f"/d/{token.key}").status_code == 403

"""Careless and hostile input in a real browser: the re-import preview names changed columns
in Chinese, a hostile roster is refused cell by cell, an over-long candidate name is refused
with the field named. Screenshots at phone and hall-screen sizes go to tests/artifacts/."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook

from dahui.congress.models import Role
from dahui.congress.roster_import import COLUMNS
from dahui.elections import services as election_services
from tests.browser.conftest import log_in, off_loop
from tests.browser.test_congress_setup import NAMES, PASSWORD, congress, imported  # noqa: F401

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def roster(*, work_unit="山西焦煤霍州煤电集团", first_position="班长") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.heading for c in COLUMNS])
    for i, (name, gender, delegation) in enumerate(NAMES):
        sheet.append(["", name, gender, "汉族", f"19{70 + i}-0{i + 1}-1{i}", f"12{i}{i}",
                      work_unit if i == 0 else "山西焦煤霍州煤电集团",
                      first_position if i == 0 else "班长", delegation, "一线职工", "正式"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def hostile_csv() -> bytes:
    lines = [",".join(c.heading for c in COLUMNS)]
    for i, (name, gender, delegation) in enumerate(NAMES):
        unit, position = ("霍州\x01煤电", "@SUM(1+1)") if i == 0 else ("霍州煤电", "班长")
        lines.append(",".join(["", name, gender, "汉族", f"19{70 + i}-0{i + 1}-1{i}",
                               f"12{i}{i}", unit, position, delegation, "一线职工", "正式"]))
    return "\r\n".join(lines).encode()


def upload(page, site, congress_id, data: bytes, name="代表名册.xlsx") -> None:
    page.goto(f"{site}/c/{congress_id}/roster/import/")
    page.set_input_files("input[type=file]", files=[
        {"name": name, "buffer": data, "mimeType": XLSX}])
    page.click("#upload")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("size", "width", "height"),
                         [("phone", 390, 844), ("screen", 1920, 1080)])
def test_bad_input_is_refused_in_words_the_secretariat_reads(
    site, congress, chromium_browser, screenshot, size, width, height  # noqa: F811
):
    imported(congress)
    context = chromium_browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, site, username="mishu", password=PASSWORD)

    upload(page, site, congress.pk, roster(work_unit="霍州煤电集团"))
    preview = page.inner_text("#preview")
    assert "工作单位：山西焦煤霍州煤电集团 → 霍州煤电集团" in preview
    assert "work_unit" not in preview
    screenshot(page, f"input-01-reimport-preview-{size}")

    upload(page, site, congress.pk, hostile_csv(), name="代表名册.csv")
    text = page.inner_text("main")
    assert "第 2 行 G 列" in text
    assert "控制字符" in text
    assert "第 2 行 H 列" in text
    assert "公式" in text
    screenshot(page, f"input-02-hostile-roster-refused-{size}")

    election = off_loop(_election, congress)
    page.goto(f"{site}/elections/{election.pk}/")
    page.fill("#c-who", "姚" * 60)
    page.click("form:has(#c-who) button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "姓名最多 30 个字" in page.inner_text("main")
    screenshot(page, f"input-03-long-candidate-refused-{size}")
    context.close()


def _election(congress):  # noqa: F811
    admin = get_user_model().objects.get(username="root")
    assert congress.roles.filter(role=Role.SECRETARIAT).exists()
    return election_services.create_election(
        congress=congress, title="第三届委员会委员", body="committee", seats=3, by=admin
    )

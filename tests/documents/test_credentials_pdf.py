"""The credentials PDF and the composition report PDF."""

from __future__ import annotations

import re

import pytest

from dahui.congress.composition import composition
from dahui.documents.composition_pdf import composition_pdf
from dahui.documents.credentials_pdf import Card, credentials_pdf
from tests.documents.pdf_text import latin_strings

TITLE = "临汾市总工会第三次代表大会"


def cards(count: int) -> list[Card]:
    return [
        Card(name="欧阳秀英" if i % 2 else "王伟", delegation="非公企业", number=f"{i + 1:03d}",
             status="formal", login_url=f"http://127.0.0.1:8000/d/{'k' * 28}{i:04d}")
        for i in range(count)
    ]


def test_eight_cards_fit_a_page():
    pdf = credentials_pdf(cards(17), title=TITLE)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 3


def test_the_chinese_font_is_embedded_not_referenced():
    pdf = credentials_pdf(cards(1), title=TITLE)
    # An embedded TrueType subset carries its glyphs as a FontFile2 stream.
    assert b"/FontFile2" in pdf
    assert b"STSong-Light" not in pdf


@pytest.mark.slow
def test_298_cards_fill_38_pages():
    # How long it takes is measured by bench/credentials_bench.py, not here.
    pdf = credentials_pdf(cards(298), title=TITLE)
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 38


def test_composition_report_counts_shares_and_renders(congress, add_delegates, the_admin):
    from dahui.congress.models import Gender
    from tests.congress.conftest import row

    add_delegates([row("甲", "0001", gender=Gender.FEMALE), row("乙", "0002"),
                   row("丙", "0003", ethnicity="回族", delegation="教育")])
    report = composition(congress)
    assert report.basis == 3
    gender = {line.label: (line.count, line.percent) for line in report.tables[0].lines}
    assert gender == {"男": (2, "66.7%"), "女": (1, "33.3%")}
    ethnicity = {line.label: line.count for line in report.tables[4].lines}
    assert ethnicity["回族"] == 1
    assert ethnicity["少数民族（合计）"] == 1
    pdf = composition_pdf(report, title=TITLE, headings={
        "report": "代表构成情况", "basis": "统计基数", "label": "类别", "count": "人数",
        "share": "占比"})
    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in pdf


def test_each_card_prints_its_access_code_beside_the_qr_code():
    codes = ["ABCDEFGH", "K2M3N4P5", "ZZZZ9999"]
    printed = credentials_pdf(
        [Card(name="王伟", delegation="煤炭", number=f"00{i}", status="formal",
              login_url=f"http://x/d/{'k' * 28}{i}", access_code=code)
         for i, code in enumerate(codes)],
        title=TITLE,
    )
    strings = latin_strings(printed)
    assert {"ABCD-EFGH", "K2M3-N4P5", "ZZZZ-9999"} <= set(strings)


def test_the_downloaded_credentials_carry_every_delegates_code(
    add_delegates, congress, the_admin
):
    from django.test import Client

    from tests.congress.conftest import row

    delegates = add_delegates([row("甲", "0001"), row("乙", "0002"), row("丙", "0003")])
    client = Client()
    client.force_login(the_admin)
    response = client.get(f"/c/{congress.pk}/credentials.pdf")
    assert response.status_code == 200
    strings = set(latin_strings(response.content))
    for delegate in delegates:
        code = delegate.access_code
        assert f"{code[:4]}-{code[4:]}" in strings

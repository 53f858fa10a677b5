"""The .xlsx exports: text stays text, characters XML refuses never break them, the first
delegate is on row 2, and the counts speak Chinese."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dahui.congress.models import Delegate
from dahui.documents.results_xlsx import results_xlsx
from dahui.documents.roster_xlsx import roster_export, roster_template

HOSTILE = ['=HYPERLINK("http://evil.example","点击")', "+1+2", "@SUM(A1)", "-1+1", "王\x01敏",
           "\x0b\x1f赵磊"]


def cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_the_template_has_the_heading_on_row_1_and_the_example_on_row_2():
    sheet = load_workbook(io.BytesIO(roster_template())).worksheets[0]
    assert sheet.max_row == 2
    assert sheet["B1"].value == "姓名"
    assert sheet["B2"].value == "王秀英"
    assert sheet["A2"].number_format == "@"  # 001 keeps its zeros


def roster(congress, names):
    delegation = congress.delegations.get(name="煤炭")
    return [
        Delegate.objects.create(
            congress=congress, number=f"{n:03d}", name=name, gender="F", ethnicity="汉族",
            birth_date=dt.date(1980, 1, 1), id_tail=f"{n:04d}", work_unit=name,
            delegation=delegation, access_code=f"CODE{n:04d}",
        )
        for n, name in enumerate(names, start=1)
    ]


def test_the_export_puts_the_first_delegate_on_row_2(congress):
    roster(congress, ["王敏", "李强", "张伟"])
    sheet = load_workbook(io.BytesIO(roster_export(Delegate.objects.order_by("number")))).active
    assert sheet.max_row == 4
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == ["王敏", "李强", "张伟"]
    assert sheet["A2"].value == "001"
    assert sheet["A2"].number_format == "@"


def test_the_export_writes_hostile_names_as_text_and_never_fails(congress):
    roster(congress, HOSTILE)
    data = roster_export(Delegate.objects.order_by("number"))
    sheet = load_workbook(io.BytesIO(data)).active
    names = [sheet.cell(row=r, column=2) for r in range(2, 2 + len(HOSTILE))]
    assert [c.data_type for c in names] == ["s"] * len(HOSTILE)
    assert names[0].value == HOSTILE[0]
    assert names[4].value == "王\ufffd敏"
    assert all(c.data_type != "f" for c in cells(data))
    assert b"<f>" not in _sheet_xml(data)


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    return b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets"))


def result(**extra):
    base = {
        "status": "runoff", "seats": 3, "entitled": 10, "issued": 9, "returned": 9,
        "valid": 8, "invalid": 1, "threshold": 6,
        "results": [
            {"id": "c1", "name": "王敏", "for": 8, "against": 0, "abstain": 0,
             "write_in": False, "elected": True},
            {"id": "c2", "name": "李强", "for": 5, "against": 2, "abstain": 1,
             "write_in": False, "elected": False},
            *[{"id": f"write-in:{n}", "name": n, "for": 3, "write_in": True, "elected": False}
              for n in HOSTILE],
        ],
        "elected": ["c1"], "unfilled": 2,
        "runoff": {"reason": "shortage", "seats": 2,
                   "candidates": ["c2", f"write-in:{HOSTILE[0]}"]},
    }
    return {**base, **extra}


def values(data: bytes) -> list:
    return [c.value for c in cells(data) if c.value is not None]


CODES = {"runoff", "elected", "shortage", "tie", "no_quorum", "void", "passed", "rejected"}


def test_counts_workbook_writes_write_ins_as_text_and_never_fails():
    data = results_xlsx(title="第三届委员会委员", rounds=[("第一轮投票", result())])
    assert HOSTILE[0] in values(data)
    assert "王\ufffd敏" in values(data)
    assert all(c.data_type != "f" for c in cells(data))
    assert b"<f>" not in _sheet_xml(data)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({}, "另行选举"),
        ({"runoff": {"reason": "tie", "seats": 1, "candidates": ["c2"]}}, "再次投票"),
        ({"status": "elected", "runoff": None}, "当选名额已选满"),
        ({"status": "no_quorum", "results": [], "runoff": None}, "不足法定人数"),
        ({"status": "void", "results": [], "runoff": None}, "选举无效"),
    ],
)
def test_counts_workbook_says_the_outcome_in_chinese_never_as_a_code(extra, words):
    data = results_xlsx(title="第三届委员会委员", rounds=[("第一轮投票", result(**extra))])
    texts = [v for v in values(data) if isinstance(v, str)]
    assert any(words in t for t in texts)
    assert not CODES & set(texts)
    assert not any(code in t for t in texts for code in ("runoff", "shortage", "no_quorum"))

"""The count report: signature cells beside the in-app confirmations, Chinese line breaking."""

from __future__ import annotations

import subprocess

from dahui.documents.count_report import Confirmation, count_report_pdf
from dahui.documents.text_layout import CLOSING

RESULT = {
    "status": "runoff", "seats": 3, "entitled": 298, "issued": 281, "returned": 281,
    "valid": 279, "invalid": 2, "threshold": 150,
    "runoff": {"reason": "shortage", "seats": 1, "candidates": ["c2"]},
    "results": [{"id": "c1", "name": "王敏", "for": 270, "against": 5, "abstain": 4,
                 "write_in": False, "elected": True}],
}


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_each_scrutineer_has_a_signature_cell_confirmed_or_not(tmp_path):
    pdf = count_report_pdf(
        congress_name="临汾市总工会第三次代表大会", title="第三届委员会委员",
        rounds=[("第一轮投票", RESULT)],
        confirmations=[Confirmation("钱监", "总监票人（第一轮投票）", "2026-12-02 10:31"),
                       Confirmation("孙监", "监票人", "")],
        date_text="2026年12月2日",
    )
    text = _text(pdf, tmp_path)
    assert "手写签名" in text
    assert "钱监" in text
    assert "2026-12-02 10:31" in text
    assert "孙监" in text
    assert "未确认" in text


def test_a_long_title_never_starts_a_line_with_closing_punctuation(tmp_path):
    title = "关于选举产生临汾市总工会第三届委员会委员、经费审查委员会委员，以及女职工委员会的" * 3
    pdf = count_report_pdf(
        congress_name="临汾市总工会第三次代表大会", title=title,
        rounds=[("第一轮投票", RESULT)], confirmations=[], date_text="2026年12月2日",
    )
    lines = [line.strip() for line in _text(pdf, tmp_path).splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in CLOSING]

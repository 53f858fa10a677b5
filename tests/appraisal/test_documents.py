"""The appraisal's minutes line, result PDF and Excel, and the printed ballot."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from dahui.appraisal import documents, services
from dahui.documents.minutes import minutes_text
from dahui.elections import records
from dahui.elections import services as polls
from dahui.elections.models import Method
from dahui.elections.selectors import day_facts
from tests.appraisal.conftest import subject_ids


@pytest.fixture
def published(world, appraisal):
    poll = services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                          method=Method.TOTALS, by=world.secretariat)
    polls.open_poll(poll=poll, by=world.secretariat)
    polls.close_poll(poll=poll, by=world.secretariat)
    ids = subject_ids(poll)
    services.enter_appraisal_totals(
        poll=poll, returned=6,
        totals={ids["王敏"]: {"优秀": 4, "称职": 2}, ids["张伟"]: {"称职": 3, "不称职": 3}},
        by=world.secretariat,
    )
    polls.count_poll(poll=poll, by=world.secretariat)
    polls.confirm_poll(poll=poll, by=world.chief)
    polls.publish_poll(poll=poll, by=world.secretariat)
    return poll


def test_the_minutes_give_each_persons_grades_and_the_flag(world, published):
    text = minutes_text(day_facts(world.congress, world.session))
    assert "四、民主评议" in text
    assert "王敏：优秀4票（66.7%）、称职2票（33.3%）、基本称职0票（0.0%）、不称职0票（0.0%）、" \
           "不评0票（0.0%）。" in text
    assert "“不称职”票超过有效票的1/3的：张伟。" in text
    # 刘洋 and 李强 were not graded on any ballot.
    assert "刘洋：优秀0票（0.0%）" in text


def test_the_result_workbook_holds_every_count_and_share(published):
    data = documents.appraisal_xlsx(title=published.title, result=published.result)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "姓名/单位")
    assert header[1:3] == ["优秀票数", "优秀比例"]
    zhang = next(r for r in rows if r and r[0] == "张伟")
    assert zhang[7:9] == [3, "50.0%"]
    assert zhang[-1] == "超过"
    assert [r[0] for r in rows[rows.index(header) + 1:]] == ["王敏", "刘洋", "李强", "张伟"]


def test_the_result_pdf_and_the_printed_ballots_are_pdfs(world, published, appraisal):
    pdf = documents.appraisal_pdf(congress_name=world.congress.title, title=published.title,
                                  result=published.result, date_text="2026年12月18日")
    assert pdf.startswith(b"%PDF")
    ballots = documents.appraisal_ballots_pdf(
        congress_name=world.congress.title, title=published.title,
        scale=appraisal.scale, names=["王敏", "刘洋"], count=3,
    )
    assert ballots.startswith(b"%PDF")
    with pytest.raises(ValueError, match="1 to 5000"):
        documents.appraisal_ballots_pdf(congress_name="x", title="x", scale=["好", "差"],
                                        names=["王敏"], count=0)


def test_a_paper_appraisal_prints_its_ballots_through_the_poll_records(world):
    from tests.appraisal.conftest import make_appraisal

    appraisal = make_appraisal(world, scale="satisfaction")
    poll = services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                          method=Method.PAPER, by=world.secretariat)
    assert records.paper_ballots(poll, count=2).startswith(b"%PDF")

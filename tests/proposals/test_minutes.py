"""The minutes of the session that hears the proposals committee's report carry its figures."""

from __future__ import annotations

from dahui.congress.models import AgendaItem, AgendaKind
from dahui.documents.minutes import minutes_text
from dahui.elections.selectors import day_facts
from dahui.proposals import services
from tests.proposals.conftest import open_collection, registered, submitted


def _report_item(pw) -> AgendaItem:
    return AgendaItem.objects.create(
        congress=pw.congress, session=pw.session, order=90, kind=AgendaKind.REPORT,
        title="听取和审议提案审查委员会关于代表提案审查情况的报告",
    )


def test_the_session_hearing_the_proposals_report_records_the_committees_figures(pw):
    item = _report_item(pw)
    open_collection(pw.congress, pw.secretariat, report_item=item)
    registered(pw)
    declined = submitted(pw, proposer="李强", seconders=("王敏", "张伟"), title="关于食堂的建议")
    services.decline(proposal=declined, reason="属于企业日常管理事项，转有关部门研究。",
                     by=pw.committee)
    submitted(pw, proposer="张伟", seconders=("王敏", "李强"), title="关于职工疗休养的建议")

    text = minutes_text(day_facts(pw.congress, pw.session))

    assert "代表提案" in text
    assert ("大会共收到代表提案3件，经提案审查委员会审查，立案1件，并案处理0件，"
            "作为意见建议处理0件，不予立案1件，尚在审查1件。") in text


def test_no_proposals_section_where_the_report_is_not_heard(pw):
    registered(pw)

    text = minutes_text(day_facts(pw.congress, pw.session))

    assert "代表提案" not in text

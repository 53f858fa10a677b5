"""Secret nomination ballots, and the chairs' register with its reminders and export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dahui.unions import selectors, services
from dahui.unions.errors import Refused
from dahui.unions.models import Nomination, NominationMethod, Stage

from .conftest import branch


def test_secret_nomination_ballots_belong_to_no_branch_and_make_the_list(huaxiang, people):
    prep = people["huaxiang_prep"]
    election = services.start_election(
        union=huaxiang, title="无记名推荐", formed_on=dt.date(2026, 11, 2),
        preparatory_group="陈静", method=NominationMethod.BALLOT, by=prep)
    services.open_nomination(election=election, by=prep)
    with pytest.raises(Refused):
        services.nominate(election=election, branch=branch(huaxiang, "一车间分会"),
                          numbers=["1001"], by=prep)
    for numbers in (["1001", "1003"], ["1001"], ["1003", "1004"], ["1001", "1004"]):
        services.nominate(election=election, branch=None, numbers=numbers, by=prep)
    assert Nomination.objects.filter(election=election, branch__isnull=True).count() == 4
    with pytest.raises(Refused, match="推荐数相同"):
        services.draw_up_candidates(election=election, by=prep)
    services.draw_up_candidates(election=election, include_ties=True, by=prep)
    election.refresh_from_db()
    assert election.stage == Stage.CANDIDATES
    # 1001 named on three ballots, 1003 and 1004 on two each: a tie at the cut for place 2.
    assert {c.member.number for c in election.candidates.all()} == {"1001", "1003", "1004"}


def test_the_register_reminds_of_terms_ending_and_vacancies(city, huaxiang, liheng, people):
    today = dt.date(2026, 12, 2)
    services.add_register_entry(union=huaxiang, name="郭建华", elected_on=dt.date(2022, 3, 1),
                                term_years=5, by=people["city_staff"])
    left = services.add_register_entry(union=liheng, name="马国强",
                                       elected_on=dt.date(2024, 1, 5), term_years=5,
                                       by=people["city_staff"])
    services.record_vacancy(term=left, vacated_on=dt.date(2026, 10, 15),
                            by=people["city_staff"])
    lines = {line.term.name: line.reminder for line in selectors.register(city, today=today)}
    assert lines["郭建华"] == "任期将于 2027-03-01 届满：请筹备换届选举"
    assert lines["马国强"] == "主席空缺：须于 2027-01-15 前补选"


def test_the_register_exports_as_xlsx(client, city, huaxiang, people):
    services.add_register_entry(union=huaxiang, name="=郭建华", elected_on=dt.date(2022, 3, 1),
                                term_years=5, by=people["city_staff"])
    client.force_login(people["city_staff"])
    response = client.get(reverse("unions:register-xlsx", args=[city.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("工会", "主席", "当选日期")
    assert rows[2][0] == "临汾华翔实业有限公司工会"
    assert rows[2][1] == "=郭建华"  # text, never a formula
    assert sheet.cell(row=3, column=2).data_type == "s"

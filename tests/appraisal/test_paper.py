"""Paper appraisal ballots through the existing double entry: two counters per ballot, a
mismatch settled by a scrutineer, two marks for one person void that person's grade."""

from __future__ import annotations

import pytest

from dahui import rules
from dahui.appraisal import services
from dahui.elections import services as polls
from dahui.elections.errors import Refused
from dahui.elections.models import Method, PaperEntry
from dahui.elections.paper import (
    enter_paper_ballot,
    mismatches,
    paper_content,
    reading_rows,
    settle_mismatch,
)
from tests.appraisal.conftest import subject_ids


@pytest.fixture
def paper_poll(world, appraisal):
    poll = services.create_appraisal_poll(appraisal=appraisal, session=world.session,
                                          method=Method.PAPER, by=world.secretariat)
    polls.open_poll(poll=poll, by=world.secretariat)
    polls.close_poll(poll=poll, by=world.secretariat)
    polls.record_paper_counts(poll=poll, issued=8, returned=3, by=world.secretariat)
    return poll


def enter_twice(world, poll, position, content):
    for counter in world.counters:
        enter_paper_ballot(poll=poll, position=position, content=content, by=counter)


def test_paper_ballots_entered_twice_are_counted_by_the_rules(world, paper_poll):
    ids = subject_ids(paper_poll)
    enter_twice(world, paper_poll, 1, paper_content(
        grades={ids["王敏"]: ["优秀"], ids["张伟"]: ["不称职"]}))
    # Two marks for 王敏 on one ballot: his grade on it is void, 张伟's still counts.
    enter_twice(world, paper_poll, 2, paper_content(
        grades={ids["王敏"]: ["优秀", "称职"], ids["张伟"]: ["不称职"]}))
    enter_twice(world, paper_poll, 3, paper_content(invalid_reason="写有姓名"))
    polls.count_poll(poll=paper_poll, by=world.secretariat)
    result = paper_poll.result
    assert (result["valid"], result["invalid"]) == (2, 1)
    by_name = {s["name"]: {g["grade"]: g["count"] for g in s["grades"]}
               for s in result["subjects"]}
    assert by_name["王敏"]["优秀"] == 1
    assert by_name["王敏"]["not_graded"] == 1
    assert by_name["张伟"]["不称职"] == 2


def test_a_mismatch_is_shown_per_person_and_settled_by_a_scrutineer(world, paper_poll):
    ids = subject_ids(paper_poll)
    enter_paper_ballot(poll=paper_poll, position=1, by=world.counters[0],
                       content=paper_content(grades={ids["李强"]: ["称职"]}))
    enter_paper_ballot(poll=paper_poll, position=1, by=world.counters[1],
                       content=paper_content(grades={ids["李强"]: ["基本称职"]}))
    [mismatch] = mismatches(poll=paper_poll)
    rows = {row.label: row for row in reading_rows(paper_poll, mismatch.entries)}
    assert rows["李强"].readings == ("称职", "基本称职")
    assert rows["李强"].differs
    assert not rows["王敏"].differs
    settle_mismatch(poll=paper_poll, position=1, by=world.chief,
                    content=paper_content(grades={ids["李强"]: ["称职"]}))
    assert mismatches(poll=paper_poll) == []


def test_a_grade_off_the_scale_on_paper_is_refused_and_nothing_is_stored(world, paper_poll):
    ids = subject_ids(paper_poll)
    with pytest.raises(rules.UnknownGrade):
        enter_paper_ballot(poll=paper_poll, position=1, by=world.counters[0],
                           content=paper_content(grades={ids["李强"]: ["满意"]}))
    with pytest.raises(rules.UnknownSubject):
        enter_paper_ballot(poll=paper_poll, position=1, by=world.counters[0],
                           content=paper_content(grades={"s0": ["优秀"]}))
    with pytest.raises(Refused):
        enter_paper_ballot(poll=paper_poll, position=1, by=world.counters[0],
                           content=paper_content(vote="for"))
    assert not PaperEntry.objects.filter(poll=paper_poll).exists()

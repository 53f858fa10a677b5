"""A scoring panel (评分), e.g. a 五小 innovation contest: named judges, declared conflicts,
the rules core's trimmed mean, exact scores shown to two decimals, shared ranks."""

from __future__ import annotations

import pytest

from dahui import rules
from dahui.appraisal import services
from dahui.appraisal.models import PanelScore
from dahui.appraisal.scoring import panel_result
from dahui.audit.models import AuditEntry
from dahui.elections.errors import NotAllowed, Refused, WrongState
from tests.elections.people import make_user


@pytest.fixture
def contest(world):
    panel = services.create_panel(congress=world.congress, title="五小创新成果评审",
                                  by=world.secretariat)
    judges = [
        services.add_judge(panel=panel, user=make_user(f"judge{world.congress.pk}-{n}"),
                           name=name, by=world.secretariat)
        for n, name in enumerate(["赵评", "钱评", "孙评", "李评", "周评"])
    ]
    entries = [
        services.add_entry(panel=panel, title="高炉节能改造", by=world.secretariat,
                           authors=[judges[0]]),
        services.add_entry(panel=panel, title="轧机在线检测", by=world.secretariat),
        services.add_entry(panel=panel, title="皮带防跑偏", by=world.secretariat),
    ]
    return panel, judges, entries


def score(judge, entry, value):
    return services.enter_score(entry=entry, judge=judge, score=value, by=judge.user)


def test_the_highest_and_lowest_are_dropped_from_five_scores_and_ties_share_a_rank(
    world, contest
):
    panel, judges, (furnace, mill, belt) = contest
    for judge, value in zip(judges[1:], ["90", "80", "85.5", "70"], strict=True):
        score(judge, furnace, value)  # four scores (the author does not score): plain mean
    for judge, value in zip(judges, ["60", "95", "88", "88", "88"], strict=True):
        score(judge, mill, value)  # five scores: 60 and 95 dropped → 88
    for judge, value in zip(judges, ["88", "88", "88", "100", "0"], strict=True):
        score(judge, belt, value)  # → 88, tied with the mill
    result = panel_result(panel)
    by_title = {e.title: e for e in result.entries}
    assert by_title["轧机在线检测"].shown == "88.00"
    assert by_title["皮带防跑偏"].rank == by_title["轧机在线检测"].rank == 1
    assert by_title["高炉节能改造"].rank == 3
    assert by_title["高炉节能改造"].shown == "81.38"  # (90+80+85.5+70)/4 = 81.375
    assert by_title["高炉节能改造"].dropped_high is None
    assert by_title["高炉节能改造"].excluded[0].reasons == ("author",)
    services.publish_panel(panel=panel, by=world.secretariat)
    with pytest.raises(WrongState):
        score(judges[1], mill, "50")
    actions = set(AuditEntry.objects.filter(congress_id=world.congress.pk)
                  .values_list("action", flat=True))
    assert {"panel.created", "panel.judge_added", "panel.entry_added", "panel.score_entered",
            "panel.published"} <= actions


def test_an_author_may_not_score_their_entry_and_nothing_is_stored(world, contest):
    _panel, judges, (furnace, _mill, _belt) = contest
    with pytest.raises(rules.ConflictedScore):
        score(judges[0], furnace, "99")
    assert not PanelScore.objects.exists()


@pytest.mark.parametrize("value", ["101", "87.55", "八十", "-1", "", "1e2"])
def test_a_score_off_the_scale_is_refused_and_nothing_is_stored(world, contest, value):
    _panel, judges, (_furnace, mill, _belt) = contest
    with pytest.raises(rules.InvalidScore):
        score(judges[1], mill, value)
    assert not PanelScore.objects.exists()


def test_only_the_judge_enters_their_own_score(world, contest):
    _panel, judges, (_furnace, mill, _belt) = contest
    with pytest.raises(NotAllowed):
        services.enter_score(entry=mill, judge=judges[1], score="80", by=world.secretariat)


def test_a_ranking_with_missing_scores_is_not_published(world, contest):
    panel, judges, (_furnace, mill, _belt) = contest
    score(judges[1], mill, "80")
    with pytest.raises(Refused):
        services.publish_panel(panel=panel, by=world.secretariat)
    entries = {e.title: e for e in panel_result(panel).entries}
    assert entries["轧机在线检测"].status == "incomplete"
    assert entries["轧机在线检测"].rank is None


def test_a_judge_changes_their_score_until_publication(world, contest):
    _panel, judges, (_furnace, mill, _belt) = contest
    score(judges[1], mill, "80")
    score(judges[1], mill, "82.5")
    assert PanelScore.objects.get().score == "82.5"

"""The demo's group discussions: made once, through the services, two summaries submitted."""

from __future__ import annotations

from dahui.groups.demo import DEMO_PASSWORD, seed_groups
from dahui.groups.models import DiscussionGroup, DiscussionSummary, GroupRole


def test_seed_groups_makes_the_groups_roles_sittings_and_two_summaries(groups_world):
    DiscussionGroup.objects.filter(congress=groups_world.congress).delete()
    text = seed_groups(congress=groups_world.congress)
    groups = DiscussionGroup.objects.filter(congress=groups_world.congress)
    assert sorted(groups.values_list("name", flat=True)) == ["教育", "煤炭"]
    assert GroupRole.objects.filter(group__in=groups).count() == 4
    summaries = DiscussionSummary.objects.filter(group__in=groups, item=groups_world.report)
    assert summaries.count() == 2
    assert all(s.is_final and s.present for s in summaries)
    assert "jilu1" in text
    assert DEMO_PASSWORD in text
    recorder = GroupRole.objects.get(group__name="煤炭", role="recorder").user
    assert recorder.username == "jilu1"
    assert recorder.check_password(DEMO_PASSWORD)

    again = seed_groups(congress=groups_world.congress)
    assert DiscussionSummary.objects.filter(group__in=groups).count() == 2
    assert "jilu1" in again

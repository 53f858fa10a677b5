"""Whatever a client posts, a ballot field is either read as the voter wrote it or refused
by name: a mark or a write-in is never dropped into a blank ballot."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dahui.elections import counting
from dahui.rules import normalize_name
from dahui.voting.choices import BadBallotField, choices_from

IDS = ["c1", "c2", "c3"]
POLL = SimpleNamespace(motion_id=None, appraisal_id=None)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6,
)
field_names = st.sampled_from(
    [f"mark-{i}" for i in IDS] + [f"write_in-{i}" for i in IDS]
    + ["marks", "mark-c9", "vote", "write_ins", "key", "credential"]) | st.text(max_size=12)
marks = st.sampled_from(["for", "against", "abstain", "", "FOR", " for ", "x"])


@pytest.fixture(autouse=True)
def three_candidates(monkeypatch):
    monkeypatch.setattr(counting, "poll_candidates",
                        lambda poll: [SimpleNamespace(rules_id=i) for i in IDS])


@given(st.dictionaries(field_names, json_values | marks, max_size=8))
def test_every_field_is_read_or_refused_by_name(data):
    try:
        choices = choices_from(data, POLL, strict=True)
    except BadBallotField as error:
        refused = error.field
    else:
        refused = None
    if refused is not None:
        assert refused  # the field is always named
        return
    for rules_id in IDS:
        mark = data.get(f"mark-{rules_id}")
        if isinstance(mark, str) and mark.strip() in ("for", "against"):
            assert choices["marks"][rules_id] == mark.strip()
        else:
            assert rules_id not in choices["marks"]
    written = [data.get(f"write_in-{i}") for i in IDS]
    assert len(choices["write_ins"]) == sum(
        1 for name in written if isinstance(name, str) and normalize_name(name))

from hypothesis import given, settings
from hypothesis import strategies as st

from dahui import rules
from dahui.crypto.outcome import election_of, result_from_counts

from .conftest import COMMITTEE

MARKS = st.sampled_from(["for", "against", "abstain"])


def _valid_ballots(seats, ids):
    ballot = st.fixed_dictionaries({i: MARKS for i in ids}).filter(
        lambda marks: sum(m == "for" for m in marks.values()) <= seats
    )
    return st.lists(ballot, min_size=0, max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    seats=st.integers(1, 3),
    entitled=st.integers(1, 50),
    ballots=st.data(),
)
def test_the_result_from_counts_is_the_result_the_rules_core_gives_for_the_ballots(
    seats, entitled, ballots
):
    ids = ["c1", "c2", "c3", "c4"]
    manifest = {
        **COMMITTEE,
        "seats": seats,
        "entitled": max(entitled, 40),
        "issued": 40,
        "candidates": [{"id": i, "name": n} for i, n in zip(ids, "王李张刘", strict=True)],
        "rules": {"min_excess": "0"},
    }
    marks = ballots.draw(_valid_ballots(seats, ids))
    counts = {
        i: (sum(m[i] == "for" for m in marks), sum(m[i] == "against" for m in marks)) for i in ids
    }
    direct = rules.tally_election(election_of(manifest), [rules.Ballot(marks=m) for m in marks])
    assert result_from_counts(manifest, counts, len(marks)) == rules.result_to_json(direct)

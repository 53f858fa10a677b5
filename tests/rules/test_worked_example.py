"""The worked example of RULES.md, exactly."""

from dahui.rules import Ballot, Candidate, Election, Runoff, result_to_json, tally_election

from .factories import ballot

WORKED = Election(
    title="第三届委员会委员",
    seats=3,
    entitled=10,
    issued=9,
    candidates=(
        Candidate("c1", "王敏"),
        Candidate("c2", "李强"),
        Candidate("c3", "张伟"),
        Candidate("c4", "刘洋"),
    ),
)
WORKED_BALLOTS = (
    [ballot(for_="c1 c2 c3")] * 5
    + [ballot(for_="c1 c3 c4")]
    + [ballot(for_="c1 c4")] * 2
    + [Ballot(invalid=True)]
)


def test_worked_example_elects_c1_and_c3_and_calls_a_shortage_runoff_between_c2_and_c4():
    result = tally_election(WORKED, WORKED_BALLOTS)
    assert result.status == "runoff"
    assert (result.returned, result.valid, result.invalid) == (9, 8, 1)
    assert result.quorum_required == 7
    assert result.threshold == 6
    assert [(line.id, line.for_) for line in result.results] == [
        ("c1", 8),
        ("c3", 6),
        ("c2", 5),
        ("c4", 3),
    ]
    assert result.elected == ("c1", "c3")
    assert result.unfilled == 1
    assert result.runoff == Runoff(reason="shortage", seats=1, candidates=("c2", "c4"))


def test_worked_example_json_has_the_documented_shape():
    data = result_to_json(tally_election(WORKED, WORKED_BALLOTS))
    assert data["results"][0] == {
        "id": "c1",
        "name": "王敏",
        "for": 8,
        "against": 0,
        "abstain": 0,
        "write_in": False,
        "elected": True,
    }
    assert data["runoff"] == {"reason": "shortage", "seats": 1, "candidates": ["c2", "c4"]}
    assert list(data) == [
        "title", "status", "seats", "entitled", "issued", "returned", "quorum_required",
        "valid", "invalid", "threshold", "results", "elected", "unfilled", "runoff",
    ]  # fmt: skip

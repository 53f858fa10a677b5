"""The result of an election from its decrypted per-candidate counts, by the rules core.

Homomorphic counting yields per-candidate `for` and `against` totals, not ballots, and the
rules core counts ballots. This adapter rebuilds a set of ballots with exactly those totals
and hands them to `dahui.rules.tally_election`, so every threshold, ranking and runoff
decision stays in the rules core. The `for` marks are laid out cyclically across the ballots
(candidate after candidate, continuing where the previous one stopped), which gives every
ballot at most ⌈Σ for / returned⌉ ≤ seats `for` marks: the proofs guarantee the real ballots
had no over-vote, and the rebuilt ones have none either. Every cast ballot is valid: one
without valid proofs is never accepted into the ballot box.
"""

from __future__ import annotations

from typing import Any

from dahui import rules
from dahui.crypto.canonical import canonical_json


class CountsError(ValueError):
    """Counts that no set of valid ballots can have."""


def election_of(manifest: dict[str, Any]) -> rules.Election | rules.Motion:
    return rules.parse_election(canonical_json(manifest).decode(), source="manifest")


def result_from_counts(
    manifest: dict[str, Any], counts: dict[str, tuple[int, int]], returned: int
) -> dict[str, Any]:
    """RULES.md result JSON for `returned` ballots with counts id → (for, against)."""
    election = election_of(manifest)
    if isinstance(election, rules.Motion):
        for_, against = counts["motion"]
        _check_pair("motion", for_, against, returned)
        result = rules.tally_motion_totals(
            election, for_=for_, against=against, abstain=returned - for_ - against
        )
        return rules.result_to_json(result)
    marks: list[dict[str, str]] = [{} for _ in range(returned)]
    position = 0
    for candidate in election.candidates:
        for_, against = counts[candidate.id]
        _check_pair(candidate.id, for_, against, returned)
        for k in range(for_):
            marks[(position + k) % returned][candidate.id] = "for"
        for k in range(for_, for_ + against):
            marks[(position + k) % returned][candidate.id] = "against"
        position = (position + for_) % max(returned, 1)
    total_for = sum(counts[c.id][0] for c in election.candidates)
    if total_for > election.seats * returned:
        raise CountsError(f"{total_for} for votes cannot come from {returned} valid ballots")
    ballots = [rules.Ballot(marks=m) for m in marks]
    return rules.result_to_json(rules.tally_election(election, ballots))


def _check_pair(what: str, for_: int, against: int, returned: int) -> None:
    if for_ < 0 or against < 0 or for_ + against > returned:
        raise CountsError(f"{what}: for {for_} + against {against} exceeds {returned} ballots")

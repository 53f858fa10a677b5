"""The result of an election from its decrypted per-candidate counts, by the rules core.

Homomorphic counting yields per-candidate `for` and `against` totals, not ballots; the rules
core decides from such totals (`tally_election_totals`), so every threshold, ranking and
runoff decision stays there. Every cast ballot is valid: one without valid proofs is never
accepted into the ballot box.
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
    try:
        result = rules.tally_election_totals(election, returned=returned, counts=counts)
    except rules.RulesError as error:
        raise CountsError(str(error)) from None
    return rules.result_to_json(result)


def _check_pair(what: str, for_: int, against: int, returned: int) -> None:
    if for_ < 0 or against < 0 or for_ + against > returned:
        raise CountsError(f"{what}: for {for_} + against {against} exceeds {returned} ballots")

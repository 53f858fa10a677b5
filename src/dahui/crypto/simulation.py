"""A mock election, end to end, with real cryptography: the scrutineers' devices generate the
key, voters encrypt and cast (or spoil), the scrutineers decrypt the totals, the rules core
decides, and the record is written. Tests and the benchmark use it; so can a demonstration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dahui.crypto.ballot import encrypt_ballot
from dahui.crypto.ballot_box import BallotBox
from dahui.crypto.ceremony import CeremonyParameters, KeyCeremony
from dahui.crypto.context import manifest_digest
from dahui.crypto.device import ScrutineerDevice
from dahui.crypto.nonces import NonceSource, system_nonces
from dahui.crypto.record import write_record


@dataclass
class MockElection:
    box: BallotBox
    devices: dict[int, ScrutineerDevice]


def run_key_ceremony(
    manifest: dict[str, Any],
    scrutineers: tuple[str, ...],
    threshold: int,
    *,
    nonces: NonceSource = system_nonces,
    devices: dict[int, ScrutineerDevice] | None = None,
) -> tuple[KeyCeremony, dict[int, ScrutineerDevice]]:
    parameters = CeremonyParameters(manifest_digest(manifest), scrutineers, threshold)
    if devices is None:
        devices = {
            i: ScrutineerDevice(index=i, parameters=parameters, nonces=nonces)
            for i in parameters.indices
        }
    ceremony = KeyCeremony(parameters)
    for device in devices.values():
        ceremony.announce(device.announcement())
    for device in devices.values():
        ceremony.deal(device.dealing(ceremony.announcements))
    for device in devices.values():
        for complaint in device.complaints(ceremony):
            ceremony.complain(complaint)
    for device in devices.values():
        for answer in device.answers(ceremony):
            ceremony.answer(answer)
    for device in devices.values():
        device.finish(ceremony)
    return ceremony, devices


def open_election(
    manifest: dict[str, Any],
    scrutineers: tuple[str, ...] = ("王敏", "李强", "张伟", "刘洋", "陈静"),
    threshold: int = 3,
    *,
    nonces: NonceSource = system_nonces,
) -> MockElection:
    ceremony, devices = run_key_ceremony(manifest, scrutineers, threshold, nonces=nonces)
    return MockElection(BallotBox(manifest, ceremony), devices)


def vote(
    election: MockElection,
    choices: Iterable[Mapping[str, str]],
    *,
    spoil_every: int = 0,
    nonces: NonceSource = system_nonces,
) -> None:
    """Every choice is cast; with spoil_every = k, every k-th voter first spoils a ballot."""
    for n, marks in enumerate(choices, start=1):
        if spoil_every and n % spoil_every == 0:
            ballot, secrets = encrypt_ballot(election.box.context, marks, nonces=nonces)
            election.box.spoil_ballot(ballot, secrets)
        ballot, _ = encrypt_ballot(election.box.context, marks, nonces=nonces)
        election.box.cast_ballot(ballot)


def close_and_publish(
    election: MockElection, directory: Path, *, present: Iterable[int] | None = None
) -> Path:
    """The scrutineers in `present` (default: all) decrypt; the record goes to `directory`."""
    box = election.box
    totals = box.totals()
    indices = list(present) if present is not None else sorted(election.devices)
    shares = {i: election.devices[i].decrypt(box.context, totals) for i in indices}
    counts = box.decrypt(totals, shares)
    result = box.result(counts)
    return write_record(
        directory, box=box, totals=totals, shares=shares, counts=counts, result=result
    )

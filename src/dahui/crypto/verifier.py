"""`dahui verify`: check an election record from first principles, trusting nothing in it.

Steps: the format and the election digest; the key ceremony transcript (every proof, every
complaint, the joint key and verification keys re-derived); every cast ballot (points decoded
and checked, every proof), in parallel over chunks of ballots.jsonl on all cores; the tracker
chain; the spoiled ballots (Benaloh audit); the encrypted totals; every decryption share and
its proof; the counts (baby-step giant-step on the combined shares); and the result, recomputed
by the rules core from the counts. A finding names the step, where (ballot number and tracker,
candidate, scrutineer) and what failed; verification continues past it so one run shows all.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from dahui.crypto import elgamal, group
from dahui.crypto.ballot import (
    BallotError,
    BallotSecrets,
    EncryptedBallot,
    audit_problems,
    ballot_problems,
    selection_ids,
)
from dahui.crypto.ballot_v1 import EncryptedBallotV1, ballot_problems_v1
from dahui.crypto.batch import (
    BatchVerifier,
    EngineUnavailable,
    default_engine,
    native_available,
)
from dahui.crypto.ceremony import CeremonyError, CeremonyResult, KeyCeremony
from dahui.crypto.context import ElectionContext, manifest_digest
from dahui.crypto.decryption import DecryptionShare, lagrange_at_zero, share_is_valid
from dahui.crypto.dlog import BabyStepGiantStep, DiscreteLogError
from dahui.crypto.elgamal import Ciphertext
from dahui.crypto.outcome import CountsError, result_from_counts
from dahui.crypto.record import FORMAT, READABLE_VERSIONS, record_paths
from dahui.crypto.tracker import chain_start, next_tracker

# Messages are English msgids; the command's report translates them (locale/zh_Hans).
BALLOT_PROBLEM = "ballot {number} (tracker {tracker}): {selection}: {proof} proof fails"


class RecordUnreadable(ValueError):
    """The record cannot be read at all (missing file, not JSON, wrong format).

    `where` is "file:line" and `field` the field at fault ("" for the whole file), so the
    command prints `file:line: field: message`.
    """

    def __init__(self, where: str, field: str, message: str) -> None:
        self.where = where
        self.field = field
        self.message = message
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


def _load_record(record_file: Path) -> Any:
    try:
        text = record_file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise RecordUnreadable(
            f"{record_file}:1", "", f"not UTF-8 text (byte {error.start})"
        ) from None
    except OSError as error:
        raise RecordUnreadable(f"{record_file}:1", "", error.strerror or str(error)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordUnreadable(
            f"{record_file}:{error.lineno}",
            "",
            f"malformed JSON: {error.msg} (column {error.colno})",
        ) from None
    except RecursionError:
        raise RecordUnreadable(f"{record_file}:1", "", "JSON nested too deeply") from None
    except ValueError:
        # int() refuses numbers of more than sys.get_int_max_str_digits() digits.
        raise RecordUnreadable(f"{record_file}:1", "", "a number has too many digits") from None


@dataclass(frozen=True)
class Finding:
    step: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Verification:
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    # How the run went (engine, version, seconds per step): for the benchmark, not the report.
    timing: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.findings

    def fail(self, step: str, message: str, **params: Any) -> None:
        self.findings.append(Finding(step, message, params))


def verify_record(
    location: Path, *, workers: int | None = None, engine: str | None = None
) -> Verification:
    """Verify the record at `location`. `engine` checks the ballots' proofs: "native" (the
    compiled batch verifier) or "python"; by default native when it is built. Both give the
    same verdicts."""
    record_file, ballots_file = record_paths(location)
    record = _load_record(record_file)
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise RecordUnreadable(f"{record_file}:1", "format", f"not a {FORMAT}")
    version = record.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        shown = json.dumps(version, ensure_ascii=True)[:40]
        readable = " and ".join(str(v) for v in READABLE_VERSIONS)
        raise RecordUnreadable(
            f"{record_file}:1", "version", f"version {shown}, this verifier reads {readable}"
        )
    if not ballots_file.is_file():
        raise RecordUnreadable(f"{ballots_file}:1", "", "missing")
    out = Verification()
    engine = engine or default_engine()
    if engine == "native" and not native_available():
        raise EngineUnavailable("the native verifier (dahui_native) is not built")
    # Version-1 proofs carry no commitments: only the Python path checks them.
    out.timing.update(engine=engine if version >= 2 else "python", version=version)
    try:
        _verify(record, ballots_file, out, workers or os.cpu_count() or 1, engine)
    except (group.GroupError, BallotError) as error:
        out.fail("format", "record is malformed: {error}", error=str(error))
    except OSError as error:
        raise RecordUnreadable(f"{ballots_file}:1", "", error.strerror or str(error)) from None
    except Exception as error:
        # A record of the right format and version whose fields have the wrong shape
        # (a list for an object, a string for a count, nesting the code does not expect):
        # verification fails, naming the error, rather than stopping with a traceback.
        out.fail("format", "record is malformed: {error}", error=_short(repr(error)))
    return out


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _verify(
    record: dict[str, Any], ballots_file: Path, out: Verification, workers: int, engine: str
) -> None:
    started = time.perf_counter()
    version = record["version"]
    ballot_class: Any = EncryptedBallot if version >= 2 else EncryptedBallotV1
    problems_of: Any = ballot_problems if version >= 2 else ballot_problems_v1
    manifest = record["manifest"]
    digest = manifest_digest(manifest)
    if record["election_digest"] != digest.hex():
        out.fail("manifest", "the election digest does not match the manifest")

    # Key ceremony
    try:
        ceremony = KeyCeremony.from_json(record["ceremony"])
        key = ceremony.result()
    except (CeremonyError, group.GroupError, KeyError, TypeError) as error:
        out.fail("ceremony", "the key ceremony transcript fails: {error}", error=str(error))
        return
    if ceremony.parameters.election_digest != digest:
        out.fail("ceremony", "the key ceremony was held for another election")
    recorded_key = record["key"]
    if recorded_key["public_key"] != key.public_key.hex():
        out.fail("ceremony", "the public key is not the one the ceremony produced")
    if list(recorded_key["qualified"]) != list(key.qualified):
        out.fail("ceremony", "the qualified scrutineers differ from the transcript's")
    for j, vk in key.verification_keys.items():
        if recorded_key["verification_keys"].get(str(j)) != vk.hex():
            out.fail("ceremony", "scrutineer {scrutineer}: verification key differs", scrutineer=j)
    out.summary["scrutineers"] = len(ceremony.parameters.scrutineers)
    out.summary["qualified"] = len(key.qualified)
    context = ElectionContext(manifest, key.public_key)
    out.timing["ceremony"] = time.perf_counter() - started

    # Cast ballots, in parallel
    started = time.perf_counter()
    ids = selection_ids(manifest)
    digests, trackers, sums = _verify_ballots(context, ballots_file, out, workers, version, engine)
    returned = len(digests)
    out.summary["ballots"] = returned
    out.timing["ballots"] = time.perf_counter() - started
    started = time.perf_counter()

    # Tracker chain
    previous = chain_start(digest)
    for n, (ballot_digest, claimed) in enumerate(zip(digests, trackers, strict=True), start=1):
        if next_tracker(digest, previous, ballot_digest).hex() != claimed:
            out.fail(
                "trackers",
                "ballot {number} (tracker {tracker}): the tracker does not follow from the "
                "ballot and the tracker before it",
                number=n,
                tracker=claimed[:16],
            )
        previous = bytes.fromhex(claimed)
    board = record["ballots"]
    if board["count"] != returned:
        out.fail(
            "trackers",
            "the record announces {announced} ballots, ballots.jsonl holds {found}",
            announced=board["count"],
            found=returned,
        )
    if board["last_tracker"] != previous.hex():
        out.fail("trackers", "the last tracker is not the end of the chain")

    # Spoiled ballots (cast-or-audit): as many as the board announces, each once, none cast.
    spoiled_entries = record["spoiled"]
    announced_spoiled = board.get("spoiled")
    if type(announced_spoiled) is not int:
        out.fail("spoiled", "the record does not announce how many ballots were spoiled")
    elif announced_spoiled != len(spoiled_entries):
        out.fail(
            "spoiled",
            "the record announces {announced} spoiled ballots, its spoiled list holds {found}",
            announced=announced_spoiled,
            found=len(spoiled_entries),
        )
    cast_digests = set(digests)
    seen_spoiled: dict[str, int] = {}
    for n, entry in enumerate(spoiled_entries, start=1):
        where = f"spoiled[{n}]"
        ballot = ballot_class.from_json(entry["ballot"], where=where)
        secrets = BallotSecrets.from_json(entry["revealed"], where=where)
        if ballot.digest().hex() != entry["digest"]:
            out.fail("spoiled", "spoiled ballot {number}: digest differs", number=n)
        spoiled_digest = ballot.digest()
        if spoiled_digest.hex() in seen_spoiled:
            out.fail(
                "spoiled",
                "spoiled ballot {number} repeats spoiled ballot {first}",
                number=n,
                first=seen_spoiled[spoiled_digest.hex()],
            )
        seen_spoiled.setdefault(spoiled_digest.hex(), n)
        if spoiled_digest in cast_digests:
            out.fail("spoiled", "spoiled ballot {number} was also cast", number=n)
        for problem in problems_of(context, ballot):
            out.fail(
                "spoiled",
                "spoiled ballot {number}: {selection}: {proof} proof fails",
                number=n,
                selection=problem.selection or "-",
                proof=problem.proof,
            )
        for problem in audit_problems(context, ballot, secrets):
            out.fail(
                "spoiled",
                "spoiled ballot {number}: {selection} does not encrypt the revealed mark",
                number=n,
                selection=problem,
            )
    out.summary["spoiled"] = len(spoiled_entries)

    # Encrypted totals
    totals: list[Ciphertext] = []
    if [t["id"] for t in record["totals"]] != ids:
        out.fail("totals", "the totals do not list the ballot's selections")
        return
    for n, entry in enumerate(record["totals"]):
        for k, mark in enumerate(("for", "against")):
            recorded = Ciphertext.from_json(entry[mark], where=f"totals[{n}].{mark}")
            if recorded != sums[2 * n + k]:
                out.fail(
                    "totals",
                    "{selection} {mark}: the encrypted total is not the sum of the ballots",
                    selection=entry["id"],
                    mark=mark,
                )
            totals.append(sums[2 * n + k])

    out.timing["trackers-spoiled-totals"] = time.perf_counter() - started

    # Decryption shares and counts
    started = time.perf_counter()
    counts = _verify_decryption(record, context, ceremony, key, totals, ids, returned, out)
    out.timing["decryption"] = time.perf_counter() - started
    if counts is None:
        return

    # Result by the rules core
    try:
        result = result_from_counts(manifest, counts, returned)
    except (CountsError, ValueError) as error:
        out.fail("result", "the counts cannot be a valid outcome: {error}", error=str(error))
        return
    if result != record["result"]:
        differing = sorted(
            k
            for k in set(result) | set(record["result"])
            if result.get(k) != record["result"].get(k)
        )
        out.fail(
            "result",
            "the published result differs from the rules core's on: {fields}",
            fields=", ".join(differing),
        )


def _verify_decryption(
    record: dict[str, Any],
    context: ElectionContext,
    ceremony: KeyCeremony,
    key: CeremonyResult,
    totals: list[Ciphertext],
    ids: list[str],
    returned: int,
    out: Verification,
) -> dict[str, tuple[int, int]] | None:
    threshold = ceremony.parameters.threshold
    valid: dict[int, dict[int, DecryptionShare]] = {n: {} for n in range(len(totals))}
    for entry in record["decryption"]:
        scrutineer = entry["scrutineer"]
        if len(entry["shares"]) != len(totals):
            out.fail(
                "decryption",
                "scrutineer {scrutineer}: shares for {found} totals, there are {expected}",
                scrutineer=scrutineer,
                found=len(entry["shares"]),
                expected=len(totals),
            )
            continue
        for n, data in enumerate(entry["shares"]):
            share = DecryptionShare.from_json(data, where=f"decryption[{scrutineer}][{n}]")
            if share.scrutineer != scrutineer or not share_is_valid(
                context, share, totals[n], key.verification_keys
            ):
                out.fail(
                    "decryption",
                    "scrutineer {scrutineer}: decryption share for {selection} {mark} fails "
                    "its proof",
                    scrutineer=scrutineer,
                    selection=ids[n // 2],
                    mark=("for", "against")[n % 2],
                )
            else:
                valid[n][scrutineer] = share
    solver = BabyStepGiantStep(returned)
    values: list[int] = []
    for n, ciphertext in enumerate(totals):
        used = sorted(valid[n])[:threshold]
        what = {"selection": ids[n // 2], "mark": ("for", "against")[n % 2]}
        if len(used) < threshold:
            out.fail(
                "decryption",
                "{selection} {mark}: valid shares from {found} scrutineers, {needed} needed",
                found=len(used),
                needed=threshold,
                **what,
            )
            return None
        mask = group.IDENTITY
        for i in used:
            mask = group.add(mask, group.mul(lagrange_at_zero(i, used), valid[n][i].share))
        try:
            values.append(solver.solve(group.sub(ciphertext.beta, mask)))
        except DiscreteLogError:
            out.fail("decryption", "{selection} {mark}: the decrypted total is no count", **what)
            return None
    counts = {i: (values[2 * n], values[2 * n + 1]) for n, i in enumerate(ids)}
    recorded = {c["id"]: c for c in record["counts"]}
    for i, (for_, against) in counts.items():
        entry = recorded.get(i)
        expected = {"for": for_, "against": against, "abstain": returned - for_ - against}
        if entry is None or any(entry.get(k) != v for k, v in expected.items()):
            out.fail(
                "counts",
                "{selection}: published counts differ from the decryption "
                "(for {for_}, against {against})",
                selection=i,
                for_=for_,
                against=against,
            )
    out.summary["totals"] = len(totals)
    return counts


# Parallel part: each worker reads its own byte range of ballots.jsonl.


def _chunks(path: Path, workers: int) -> list[tuple[int, int]]:
    size = path.stat().st_size
    chunk = max(1 << 16, size // (workers * 16) + 1)
    return [(start, min(start + chunk, size)) for start in range(0, size, chunk)] or [(0, 0)]


def _lines(path: Path, start: int, end: int) -> Iterator[bytes]:
    """The lines that begin in [start, end)."""
    with path.open("rb") as f:
        if start:
            f.seek(start - 1)
            if f.read(1) != b"\n":
                f.readline()
        while f.tell() < end:
            line = f.readline()
            if not line:
                break
            yield line


_worker: dict[str, Any] = {}


def _init_worker(manifest: dict[str, Any], public_key: bytes, version: int, engine: str) -> None:
    _worker.update(context=ElectionContext(manifest, public_key), version=version, engine=engine)


def _check_chunk(job: tuple[str, int, int]) -> dict[str, Any]:
    """Verify the ballots of one chunk: their digests, claimed trackers, problems, sums."""
    context: ElectionContext = _worker["context"]
    path, start, end = job
    if _worker["version"] < 2:
        return _check_chunk_v1(context, Path(path), start, end)
    checker = BatchVerifier(context, _worker["engine"])
    trackers: list[str] = []
    loads = orjson.loads
    for local, line in enumerate(_lines(Path(path), start, end)):
        tracker = "?"
        try:
            entry = loads(line)
            tracker = str(entry["tracker"])[:64]
            ballot = entry["ballot"]
        except Exception as error:
            message = str(error) if isinstance(error, ValueError | KeyError) else repr(error)
            trackers.append(tracker)
            checker.add_unreadable(local, _short(message))
            continue
        trackers.append(tracker)
        checker.add(local, ballot)
    outcomes = checker.outcomes()
    digests: list[bytes] = []
    problems: list[tuple[int, str, str, str]] = []
    for local, tracker in enumerate(trackers):
        outcome = outcomes[local]
        digests.append(outcome.digest)
        for selection, proof in outcome.problems:
            problems.append((local, tracker, selection, proof))
    return {
        "digests": digests,
        "trackers": trackers,
        "problems": problems,
        "sums": checker.totals(),
    }


def _check_chunk_v1(context: ElectionContext, path: Path, start: int, end: int) -> dict[str, Any]:
    width = 2 * len(selection_ids(context.manifest))
    sums = [elgamal.ZERO] * width
    digests: list[bytes] = []
    trackers: list[str] = []
    problems: list[tuple[int, str, str, str]] = []
    for local, line in enumerate(_lines(path, start, end)):
        tracker = "?"
        try:
            entry = json.loads(line)
            tracker = str(entry["tracker"])[:64]
            ballot = EncryptedBallotV1.from_json(entry["ballot"], where="ballot")
        except Exception as error:
            # Deep nesting (RecursionError), a number too long to convert, a list where an
            # object belongs: the line is named, the other ballots are still checked.
            message = str(error) if isinstance(error, ValueError | KeyError) else repr(error)
            problems.append((local, tracker, "-", f"unreadable: {_short(message)}"))
            digests.append(b"")
            trackers.append(tracker)
            continue
        digests.append(ballot.digest())
        trackers.append(tracker)
        for problem in ballot_problems_v1(context, ballot):
            problems.append((local, tracker, problem.selection or "-", problem.proof))
        if len(ballot.selections) * 2 == width:
            for n, s in enumerate(ballot.selections):
                sums[2 * n] = elgamal.add(sums[2 * n], s.for_)
                sums[2 * n + 1] = elgamal.add(sums[2 * n + 1], s.against)
    return {"digests": digests, "trackers": trackers, "problems": problems, "sums": sums}


def _verify_ballots(
    context: ElectionContext,
    path: Path,
    out: Verification,
    workers: int,
    version: int,
    engine: str,
) -> tuple[list[bytes], list[str], list[Ciphertext]]:
    jobs = [(str(path), start, end) for start, end in _chunks(path, workers)]
    width = 2 * len(selection_ids(context.manifest))
    sums = [elgamal.ZERO] * width
    digests: list[bytes] = []
    trackers: list[str] = []
    initargs = (context.manifest, context.public_key, version, engine)
    if workers > 1 and len(jobs) > 1:
        pool_context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with pool_context.Pool(workers, initializer=_init_worker, initargs=initargs) as pool:
            parts = list(pool.imap(_check_chunk, jobs))
    else:
        _init_worker(*initargs)
        parts = [_check_chunk(job) for job in jobs]
    for part in parts:
        offset = len(digests)
        for local, tracker, selection, proof in part["problems"]:
            if proof.startswith("unreadable"):
                out.fail(
                    "ballots",
                    "ballot {number} (tracker {tracker}): {error}",
                    number=offset + local + 1,
                    tracker=tracker[:16],
                    error=proof,
                )
            else:
                out.fail(
                    "ballots",
                    BALLOT_PROBLEM,
                    number=offset + local + 1,
                    tracker=tracker[:16],
                    selection=selection,
                    proof=proof,
                )
        digests += part["digests"]
        trackers += part["trackers"]
        sums = [elgamal.add(x, y) for x, y in zip(sums, part["sums"], strict=True)]
    return digests, trackers, sums

"""The exchange formats of RULES.md (ELECTION.json, BALLOTS.jsonl, the result JSON).

Pure functions over text that the caller has already read: they never open files. Input
that cannot be read raises `ExchangeError` listing every problem found, each naming the
file, the line and the field. Nothing is guessed: an unknown field, a float where a
fraction is meant, or a duplicate key in a JSON object is a problem, not a default.

Input that would break a reader rather than inform it is refused the same way: nesting
deeper than MAX_DEPTH in ELECTION.json (or deeper than the decoder follows on a ballot
line), a number of more digits than Python converts, a fraction with a zero
denominator or with digits other than ASCII 0–9 ("２/３" is refused: it is not what a
scrutineer's software writes, and the reader does not guess), a string holding a lone
surrogate (JSON's "\ud800", which no UTF-8 file can carry), a count above MAX_COUNT, and a
candidate id starting with "write-in:", the prefix that marks a write-in in the result (a
runoff round that takes a write-in person, whose id in `runoff_election` keeps that
prefix, is written to ELECTION.json with an id of the scrutineers' choosing).

A runoff round with fewer candidates than rule 2 asks (rule 9 took everyone there was)
cannot be written in this format, since reading it applies the contest rule.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any

from dahui.rules.contest import min_candidates
from dahui.rules.errors import ExchangeError, Problem
from dahui.rules.json_positions import value_lines
from dahui.rules.model import (
    Ballot,
    Candidate,
    Election,
    ElectionResult,
    ElectionRules,
    Motion,
    MotionBallot,
    MotionResult,
    MotionRules,
    ThresholdBase,
)
from dahui.rules.motion import MotionCount
from dahui.rules.names import (
    WRITE_IN_PREFIX,
    has_lone_surrogate,
    name_problem,
)
from dahui.rules.tally import ElectionCount

_FRACTION = re.compile(r"([0-9]{1,12})(?:/([0-9]{1,12})|\.([0-9]{1,12}))?")
# The same shape in any script's digits, to name the problem of "２/３" precisely.
_ANY_DIGITS_FRACTION = re.compile(r"\d+(?:/\d+|\.\d+)?")
MAX_DEPTH = 32
"""The deepest nesting of arrays and objects read; ELECTION.json needs four levels."""
MAX_COUNT = 10**9
"""The largest seats, entitled or issued read: more than any congress, small enough that
every figure derived from it stays printable."""
_MARK_VALUES = ("for", "against", "abstain")
_ELECTION_FIELDS = ("kind", "title", "seats", "entitled", "issued", "candidates", "rules")
_MOTION_FIELDS = ("kind", "title", "entitled", "issued", "rules")
_ELECTION_RULE_FIELDS = ("quorum", "min_excess", "threshold_base", "write_ins")
_MOTION_RULE_FIELDS = ("quorum", "threshold_base")
_ELECTION_BALLOT_FIELDS = frozenset(("marks", "write_ins", "invalid"))
_MOTION_BALLOT_FIELDS = frozenset(("vote", "invalid"))


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


_decode_checked = json.JSONDecoder(object_pairs_hook=_object_without_duplicates).decode


class _Unreadable(ValueError):
    """JSON that parses poorly or not at all for a reason other than its syntax."""


_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
_TOO_MANY_DIGITS = "a number has too many digits"


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than MAX_DEPTH (checked before decoding,
    so the decoder never recurses into a hostile file)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _guarded(decode, text: str) -> Any:
    """`decode(text)`, turning what is not a syntax error into `_Unreadable`."""
    if _too_deep(text):
        raise _Unreadable(_TOO_DEEP)
    try:
        return decode(text)
    except RecursionError:  # pragma: no cover - _too_deep stops this first
        raise _Unreadable(_TOO_DEEP) from None
    except json.JSONDecodeError:
        raise
    except _DuplicateKey:
        raise
    except ValueError:
        # int() refuses more than sys.get_int_max_str_digits() digits (4,300 by default).
        raise _Unreadable(_TOO_MANY_DIGITS) from None


def _decode(text: str) -> Any:
    return _guarded(_decode_checked, text)


def _surrogate_path(data: Any) -> tuple[str | int, ...] | None:
    """The path of the first string (or key) holding a lone surrogate, or None."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if has_lone_surrogate(value):
                return path
        elif isinstance(value, dict):
            for key, item in value.items():
                if has_lone_surrogate(key):
                    return (*path, key)
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
    return None


_SURROGATE_MESSAGE = "holds a lone surrogate (\\ud800–\\udfff escape), which is not text"
# Without the duplicate check: several times faster on a ballot line (see _ballot_lines).
_decode_fast = json.JSONDecoder().decode


def _path_text(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _article(kind: str) -> str:
    return "an election" if kind == "election" else "a motion"


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _ElectionReader:
    """Collects the problems of one ELECTION.json while reading its fields."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        try:
            self.lines = value_lines(text)
        except RecursionError:  # pragma: no cover - nesting is limited before this
            self.lines = {}

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        line = self.lines.get(path)
        probe = path
        while line is None and probe:
            probe = probe[:-1]
            line = self.lines.get(probe)
        self.problems.append(Problem(self.source, line or 1, _path_text(path), message))

    def fields(self, data: dict, path: tuple, allowed: tuple[str, ...], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem((*path, key), f"unknown field in {what}")

    def count(self, data: dict, key: str, *, minimum: int, required: bool = True) -> int | None:
        if key not in data:
            if required:
                self.problem((key,), "missing field")
            return None
        value = data[key]
        if not _is_count(value):
            self.problem((key,), f"must be a whole number, not {_shown(value)}")
            return None
        if value < 0:
            self.problem((key,), f"must not be negative, not {value}")
            return None
        if value < minimum:
            self.problem((key,), f"must be at least {minimum}, not {value}")
            return None
        if value > MAX_COUNT:
            self.problem((key,), f"must be at most {MAX_COUNT:,}")
            return None
        return value

    def text(self, data: dict, path: tuple, key: str) -> str | None:
        if key not in data:
            self.problem((*path, key), "missing field")
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), f"must be a non-empty string, not {_shown(value)}")
            return None
        return value

    def fraction(self, rules: dict, key: str) -> Fraction | None:
        value = rules[key]
        match = _FRACTION.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            if isinstance(value, str) and _ANY_DIGITS_FRACTION.fullmatch(value):
                self.problem(
                    ("rules", key),
                    "must be written with ASCII digits 0-9, at most 12 digits a part, not"
                    f" {_shown(value)}",
                )
                return None
            self.problem(
                ("rules", key),
                f'must be a fraction written as a string such as "2/3", not {_shown(value)}',
            )
            return None
        if match.group(2) is not None and int(match.group(2)) == 0:
            self.problem(("rules", key), f"has a zero denominator: {value}")
            return None
        return Fraction(value)

    def rules(self, data: dict, kind: str) -> dict[str, Any] | None:
        if "rules" not in data:
            return {}
        rules = data["rules"]
        if not isinstance(rules, dict):
            self.problem(("rules",), "must be an object")
            return None
        allowed = _ELECTION_RULE_FIELDS if kind == "election" else _MOTION_RULE_FIELDS
        self.fields(rules, ("rules",), allowed, f"the rules of {_article(kind)}")
        settings: dict[str, Any] = {}
        ok = True
        if "quorum" in rules:
            quorum = self.fraction(rules, "quorum")
            if quorum is not None and not 0 < quorum <= 1:
                self.problem(("rules", "quorum"), f"must be more than 0 and at most 1: {quorum}")
                quorum = None
            ok = ok and quorum is not None
            settings["quorum"] = quorum
        if "min_excess" in rules and kind == "election":
            min_excess = self.fraction(rules, "min_excess")
            ok = ok and min_excess is not None
            settings["min_excess"] = min_excess
        if "threshold_base" in rules:
            base = rules["threshold_base"]
            if base not in tuple(ThresholdBase):
                choices = ", ".join(b.value for b in ThresholdBase)
                self.problem(
                    ("rules", "threshold_base"), f"must be one of {choices}, not {_shown(base)}"
                )
                ok = False
            settings["threshold_base"] = base
        if "write_ins" in rules and kind == "election":
            if not isinstance(rules["write_ins"], bool):
                self.problem(("rules", "write_ins"), "must be true or false")
                ok = False
            settings["write_ins"] = rules["write_ins"]
        return settings if ok else None

    def candidates(self, data: dict) -> list[Candidate] | None:
        if "candidates" not in data:
            self.problem(("candidates",), "missing field")
            return None
        listed = data["candidates"]
        if not isinstance(listed, list):
            self.problem(("candidates",), 'must be a list of {"id", "name"} objects')
            return None
        candidates: list[Candidate] = []
        first_seen: dict[str, int] = {}
        ok = True
        for index, entry in enumerate(listed):
            path = ("candidates", index)
            if not isinstance(entry, dict):
                self.problem(path, 'must be an object with "id" and "name"')
                ok = False
                continue
            self.fields(entry, path, ("id", "name"), "a candidate")
            candidate_id = self.text(entry, path, "id")
            name = self.text(entry, path, "name")
            if candidate_id is not None and candidate_id.startswith(WRITE_IN_PREFIX):
                self.problem(
                    (*path, "id"),
                    f'must not start with "{WRITE_IN_PREFIX}", which marks a write-in',
                )
                ok = False
                candidate_id = None
            if name is not None and (why := name_problem(name)) is not None:
                self.problem((*path, "name"), f"is not a person's name: {why}")
                ok = False
                name = None
            if candidate_id is not None and candidate_id in first_seen:
                self.problem(
                    (*path, "id"),
                    f"duplicate candidate id {json.dumps(candidate_id, ensure_ascii=False)}"
                    f" (also candidates[{first_seen[candidate_id]}])",
                )
                ok = False
            elif candidate_id is not None:
                first_seen[candidate_id] = index
            if candidate_id is None or name is None or len(entry) > 2:
                ok = False
                continue
            candidates.append(Candidate(id=candidate_id, name=name))
        return candidates if ok else None


def parse_election(text: str, *, source: str) -> Election | Motion:
    """Read ELECTION.json (an election or a motion) from its text; `source` names the file."""
    try:
        data = _decode(text)
    except _DuplicateKey as error:
        raise ExchangeError(
            [Problem(source, 1, error.key, "duplicate key in one object")]
        ) from None
    except _Unreadable as error:
        raise ExchangeError([Problem(source, 1, "", str(error))]) from None
    except json.JSONDecodeError as error:
        problem = Problem(
            source, error.lineno, "", f"malformed JSON: {error.msg} (column {error.colno})"
        )
        raise ExchangeError([problem]) from None
    if not isinstance(data, dict):
        raise ExchangeError([Problem(source, 1, "", "the file must hold one JSON object")])
    reader = _ElectionReader(text, source)
    if (where := _surrogate_path(data)) is not None:
        reader.problem(where, _SURROGATE_MESSAGE)
        raise ExchangeError(reader.problems)
    kind = data.get("kind")
    if kind not in ("election", "motion"):
        message = (
            "missing field"
            if "kind" not in data
            else (f'must be "election" or "motion", not {_shown(kind)}')
        )
        reader.problem(("kind",), message)
        raise ExchangeError(reader.problems)
    if kind == "motion":
        for key in ("seats", "candidates"):
            if key in data:
                reader.problem((key,), f"a motion has no {key}")
    reader.fields(
        {k: v for k, v in data.items() if kind == "election" or k not in ("seats", "candidates")},
        (),
        _ELECTION_FIELDS if kind == "election" else _MOTION_FIELDS,
        _article(kind),
    )
    title = reader.text(data, (), "title")
    entitled = reader.count(data, "entitled", minimum=1)
    issued = reader.count(data, "issued", minimum=0)
    if entitled is not None and issued is not None and issued > entitled:
        reader.problem(("issued",), f"issued {issued} exceeds entitled {entitled}")
    settings = reader.rules(data, kind)
    if kind == "motion":
        if reader.problems:
            raise ExchangeError(reader.problems)
        return Motion(title=title, entitled=entitled, issued=issued, rules=MotionRules(**settings))
    seats = reader.count(data, "seats", minimum=1)
    candidates = reader.candidates(data)
    if seats is not None and candidates is not None and settings is not None:
        rules = ElectionRules(**settings)
        required = min_candidates(seats, rules.min_excess)
        if len(candidates) < required:
            reader.problem(
                ("candidates",),
                f"{len(candidates)} candidates for {seats} seats: the contest rule"
                f" (min_excess {rules.min_excess}) requires at least {required}",
            )
    if reader.problems:
        raise ExchangeError(reader.problems)
    return Election(
        title=title,
        seats=seats,
        entitled=entitled,
        issued=issued,
        candidates=tuple(candidates),
        rules=ElectionRules(**settings),
    )


def _ballot_lines(
    lines: Iterable[str], source: str, election: Election | Motion, problems: list[Problem]
) -> Iterator[tuple]:
    """Yield each readable ballot line as a tuple for the counter; append the problems.

    Election lines give (marks, write_ins, invalid, for_marks, against_marks), motion lines
    (vote, invalid). A line with a problem yields nothing.
    """
    is_election = isinstance(election, Election)
    known = frozenset(c.id for c in election.candidates) if is_election else frozenset()
    empty: dict = {}
    no_write_ins: list = []  # shared and never changed
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            continue
        # The guards of _guarded, by exception only: this loop runs once per ballot of a
        # large count, and a scan of every line for brackets would cost a fifth of the decode.
        # The decoder itself stops a hostile nesting with RecursionError; a shallower one
        # decodes and is refused for its shape below.
        try:
            data = _decode_fast(line)
        except json.JSONDecodeError:
            problems.append(Problem(source, number, "", _syntax_error(line)))
            continue
        except (ValueError, RecursionError) as error:
            message = "nested too deeply" if isinstance(error, RecursionError) else _TOO_MANY_DIGITS
            problems.append(Problem(source, number, "", message))
            continue
        if type(data) is not dict:
            problems.append(Problem(source, number, "", "a ballot must be a JSON object"))
            continue
        # "\\" alone is found at memchr speed; only a line with an escape is looked at again.
        if "\\" in line and "\\u" in line and (where := _surrogate_path(data)) is not None:
            problems.append(Problem(source, number, _path_text(where), _SURROGATE_MESSAGE))
            continue
        # A duplicate key leaves fewer keys than the line has colons. Colons inside strings
        # also differ, so a mismatch is decided by decoding again with the duplicate check.
        marks = data.get("marks")
        keys = len(data) + (len(marks) if type(marks) is dict else 0)
        if line.count(":") != keys:
            try:
                _decode_checked(line)
            except (RecursionError, json.JSONDecodeError):  # pragma: no cover - decoded above
                pass
            except _DuplicateKey as error:
                problems.append(Problem(source, number, error.key, "duplicate key in one object"))
                continue
        if is_election:
            # The common case first, checked by set operations in C: the hot path of a
            # count of a hundred thousand ballots.
            marks = data.get("marks", empty)
            write_ins = data.get("write_ins", no_write_ins)
            invalid = data.get("invalid", False)
            if (
                data.keys() <= _ELECTION_BALLOT_FIELDS
                and type(marks) is dict
                and marks.keys() <= known
                and type(invalid) is bool
                and type(write_ins) is list
                and (not write_ins or all(type(name) is str for name in write_ins))
            ):
                values = list(marks.values())
                for_marks = values.count("for")
                against_marks = values.count("against")
                if for_marks + against_marks + values.count("abstain") == len(values):
                    yield (marks, write_ins, invalid, for_marks, against_marks)
                    continue
            before = len(problems)
            _election_ballot_problems(data, number, source, known, problems)
            if len(problems) == before:  # pragma: no cover - the fast path accepts these
                raise AssertionError(f"{source}:{number}: ballot neither accepted nor refused")
        else:
            vote = data.get("vote")
            invalid = data.get("invalid", False)
            if (
                data.keys() <= _MOTION_BALLOT_FIELDS
                and (vote is None or vote in _MARK_VALUES)
                and type(invalid) is bool
            ):
                yield (vote, invalid)
                continue
            _motion_ballot_problems(data, number, source, problems)


def _shown(value: Any) -> str:
    """A value quoted in a message: scalars as JSON, containers by their kind only (a
    hostile value may be nested too deep to print, or be megabytes long)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:80] + "…"


def _syntax_error(line: str) -> str:
    """The decoder's message for one line, its column counted without the line ending."""
    try:
        _decode_checked(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return f"malformed JSON: {error.msg} (column {error.colno})"
    except _DuplicateKey as error:  # pragma: no cover - reported before the syntax error
        return f"duplicate key {error.key}"
    except (ValueError, RecursionError):  # pragma: no cover - the syntax error comes first
        return "malformed JSON"
    return "malformed JSON"  # pragma: no cover - the line failed to decode a moment ago


def _election_ballot_problems(
    data: dict,
    number: int,
    source: str,
    known: frozenset,
    problems: list[Problem],
) -> None:
    def problem(field: str, message: str) -> None:
        problems.append(Problem(source, number, field, message))

    if "vote" in data:
        problem("vote", "a motion ballot in an election (an election ballot has marks)")
    for key in data:
        if key not in _ELECTION_BALLOT_FIELDS and key != "vote":
            problem(key, "unknown field in an election ballot")
    marks = data.get("marks", {})
    if type(marks) is not dict:
        problem("marks", "must be an object of candidate id → for, against or abstain")
    else:
        for candidate_id, mark in marks.items():
            if candidate_id not in known:
                problem(
                    f"marks.{candidate_id}",
                    f"unknown candidate id {json.dumps(candidate_id, ensure_ascii=False)}",
                )
            if mark not in _MARK_VALUES:
                problem(
                    f"marks.{candidate_id}",
                    f"unknown mark {_shown(mark)}: use for, against or abstain",
                )
    write_ins = data.get("write_ins", [])
    if type(write_ins) is not list:
        problem("write_ins", "must be a list of names")
    else:
        # A blank, over-long or forbidden write-in is read and voided by the count (rule 4).
        for index, name in enumerate(write_ins):
            if type(name) is not str:
                problem(
                    f"write_ins[{index}]",
                    f"must be a name (text), not {_shown(name)}",
                )
    if type(data.get("invalid", False)) is not bool:
        problem("invalid", "must be true or false")


def _motion_ballot_problems(data: dict, number: int, source: str, problems: list) -> None:
    def problem(field: str, message: str) -> None:
        problems.append(Problem(source, number, field, message))

    for key in ("marks", "write_ins"):
        if key in data:
            problem(key, "an election ballot in a motion (a motion ballot has a vote)")
    for key in data:
        if key not in _MOTION_BALLOT_FIELDS and key not in ("marks", "write_ins"):
            problem(key, "unknown field in a motion ballot")
    vote = data.get("vote")
    if vote is not None and vote not in _MARK_VALUES:
        problem(
            "vote",
            f"unknown vote {_shown(vote)}: use for, against or abstain",
        )
    if type(data.get("invalid", False)) is not bool:
        problem("invalid", "must be true or false")


def parse_ballots(
    lines: Iterable[str], *, source: str, election: Election | Motion
) -> list[Ballot] | list[MotionBallot]:
    """Read BALLOTS.jsonl lines into ballots of `election` (an Election or a Motion)."""
    problems: list[Problem] = []
    if isinstance(election, Election):
        ballots: list = [
            Ballot(marks=marks, write_ins=tuple(write_ins), invalid=invalid)
            for marks, write_ins, invalid, _, _ in _ballot_lines(lines, source, election, problems)
        ]
    else:
        ballots = [
            MotionBallot(vote=vote, invalid=invalid)
            for vote, invalid in _ballot_lines(lines, source, election, problems)
        ]
    if problems:
        raise ExchangeError(problems)
    return ballots


def tally_lines(
    election: Election | Motion, lines: Iterable[str], *, source: str
) -> ElectionResult | MotionResult:
    """Count BALLOTS.jsonl lines straight into a result, one line at a time.

    The same rules as `tally_election` / `tally_motion` over `parse_ballots`, without
    holding every ballot in memory. Raises `ExchangeError` with every problem if any line
    cannot be read; no result is given then.
    """
    problems: list[Problem] = []
    if isinstance(election, Election):
        count = ElectionCount(election)
        add = count.add_counted
        for marks, write_ins, invalid, for_marks, against_marks in _ballot_lines(
            lines, source, election, problems
        ):
            add(marks, write_ins, invalid, for_marks, against_marks)
    else:
        motion_count = MotionCount(election)
        for vote, invalid in _ballot_lines(lines, source, election, problems):
            motion_count.add(vote, invalid)
    if problems:
        raise ExchangeError(problems)
    return count.result() if isinstance(election, Election) else motion_count.result()


def _fraction_text(value: Fraction) -> str:
    return str(value)


def election_to_json(election: Election | Motion) -> dict[str, Any]:
    """ELECTION.json for `election` (or a motion), every rule written out."""
    if isinstance(election, Motion):
        return {
            "kind": "motion",
            "title": election.title,
            "entitled": election.entitled,
            "issued": election.issued,
            "rules": {
                "quorum": _fraction_text(election.rules.quorum),
                "threshold_base": election.rules.threshold_base.value,
            },
        }
    return {
        "kind": "election",
        "title": election.title,
        "seats": election.seats,
        "entitled": election.entitled,
        "issued": election.issued,
        "candidates": [{"id": c.id, "name": c.name} for c in election.candidates],
        "rules": {
            "quorum": _fraction_text(election.rules.quorum),
            "min_excess": _fraction_text(election.rules.min_excess),
            "threshold_base": election.rules.threshold_base.value,
            "write_ins": election.rules.write_ins,
        },
    }


def ballot_to_json(ballot: Ballot | MotionBallot) -> dict[str, Any]:
    """One BALLOTS.jsonl line (as a dict) for `ballot`."""
    if isinstance(ballot, MotionBallot):
        data: dict[str, Any] = {}
        if ballot.vote is not None:
            data["vote"] = ballot.vote.value
    else:
        data = {"marks": {cid: mark.value for cid, mark in ballot.marks.items()}}
        if ballot.write_ins:
            data["write_ins"] = list(ballot.write_ins)
    if ballot.invalid:
        data["invalid"] = True
    return data


def result_to_json(result: ElectionResult | MotionResult) -> dict[str, Any]:
    """The result JSON of RULES.md."""
    if isinstance(result, MotionResult):
        return {
            "title": result.title,
            "status": result.status,
            "entitled": result.entitled,
            "issued": result.issued,
            "returned": result.returned,
            "quorum_required": result.quorum_required,
            "valid": result.valid,
            "invalid": result.invalid,
            "for": result.for_,
            "against": result.against,
            "abstain": result.abstain,
            "threshold": result.threshold,
        }
    return {
        "title": result.title,
        "status": result.status,
        "seats": result.seats,
        "entitled": result.entitled,
        "issued": result.issued,
        "returned": result.returned,
        "quorum_required": result.quorum_required,
        "valid": result.valid,
        "invalid": result.invalid,
        "threshold": result.threshold,
        "results": [
            {
                "id": line.id,
                "name": line.name,
                "for": line.for_,
                "against": line.against,
                "abstain": line.abstain,
                "write_in": line.write_in,
                "elected": line.elected,
            }
            for line in result.results
        ],
        "elected": list(result.elected),
        "unfilled": result.unfilled,
        "runoff": None
        if result.runoff is None
        else {
            "reason": result.runoff.reason,
            "seats": result.runoff.seats,
            "candidates": list(result.runoff.candidates),
        },
    }

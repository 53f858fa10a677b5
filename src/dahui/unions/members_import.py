"""The member roster of a grassroots union from a spreadsheet: columns, row checks, the plan.

As for the congress's delegates: the file is checked as a whole, every problem is listed by
row and column and nothing is stored unless the whole file is good (`MembersRefused`). A
good file becomes a `MembersPlan` (adds, changes, removals matched by the member number
工号) that the union's staff preview; `services.apply_members` applies it only if the
roster has not changed since (the fingerprint).

Built for 100,000 members: one pass over the rows, dictionaries keyed by number, and the
stored roster read as tuples (`values_list`), never as model instances.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any

from django.utils.translation import gettext as _

from dahui.congress.models import Gender
from dahui.congress.person_name import BadPersonName, clean_person_name
from dahui.documents.spreadsheet import SpreadsheetError, column_letter, read_table
from dahui.documents.table_rows import Column, cell_text, header_positions, id_tail, where
from dahui.unions.models import Candidate, Member, NominationName, Union

MAX_ROWS = 200_000
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # an .xlsx of 200,000 members unpacks to ~150 MB


FLAG_COLUMNS = (
    # The Art 6 facts: 是 / 否 (empty is 否).
    Column("executive", "企业行政负责人", False, "否"),
    Column("deputy_executive", "行政副职", False, "否"),
    Column("partner", "合伙人", False, "否"),
    Column("close_relative", "行政负责人或合伙人近亲属", False, "否"),
    Column("head_of_hr", "人力资源部门负责人", False, "否"),
    Column("foreign_employee", "外籍职工", False, "否"),
)
COLUMNS = (
    Column("number", "工号", True, "100231"),
    Column("name", "姓名", True, "王秀英"),
    Column("gender", "性别", True, "女"),
    Column("id_tail", "身份证号后四位", True, "032X"),
    Column("branch", "分会/小组", True, "采煤一队分会"),
    Column("position", "职务", False, "班长"),
    *FLAG_COLUMNS,
)
FLAGS = tuple(column.key for column in FLAG_COLUMNS)
HEADINGS = {column.key: column.heading for column in COLUMNS}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
GENDER_LABELS = {value: label for label, value in GENDERS.items()}
YES = {"是", "Y", "y", "1", "√"}
NO = {"", "否", "N", "n", "0"}


@dataclass(frozen=True)
class MemberRow:
    line: int
    number: str
    name: str
    gender: str
    id_tail: str
    branch: str
    position: str
    executive: bool
    deputy_executive: bool
    partner: bool
    close_relative: bool
    head_of_hr: bool
    foreign_employee: bool


FIELDS = tuple(f.name for f in fields(MemberRow) if f.name != "line")
STORED = ("pk", *(name if name != "branch" else "branch__name" for name in FIELDS))


@dataclass(frozen=True)
class Change:
    member_id: int
    number: str
    name: str
    fields: tuple[tuple[str, str, str], ...]  # (heading, old, new) for display


@dataclass
class MembersPlan:
    adds: list[MemberRow] = field(default_factory=list)
    changes: list[tuple[int, MemberRow]] = field(default_factory=list)  # (member id, row)
    shown_changes: list[Change] = field(default_factory=list)
    removals: list[tuple[int, str, str]] = field(default_factory=list)  # (id, number, name)
    new_branches: list[str] = field(default_factory=list)
    unchanged: int = 0
    fingerprint: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.adds or self.changes or self.removals)


class MembersRefused(ValueError):
    """The file is refused as a whole; `problems` are readable lines, in file order."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _flag(value: Any) -> bool | None:
    text = cell_text(value)
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def parse_members(data: bytes, filename: str) -> list[MemberRow]:
    """Read and check every row; raise MembersRefused listing every problem found."""
    try:
        table = read_table(data, filename, max_rows=MAX_ROWS,
                           max_unpacked_bytes=MAX_UNPACKED_BYTES)
    except SpreadsheetError as error:
        raise MembersRefused(
            [f"{where(row, col)}：{message}" for row, col, message in error.problems]
        ) from None
    positions, problems = header_positions(table.header, COLUMNS)
    if problems:
        raise MembersRefused(problems)

    letters = {key: column_letter(index) for key, index in positions.items()}
    required = [column.key for column in COLUMNS if column.required]
    flags = [key for key in FLAGS if key in positions]
    rows: list[MemberRow] = []
    seen_numbers: dict[str, int] = {}
    for line, values in table.rows:
        width = len(values)
        cells = {key: values[i] if i < width else None for key, i in positions.items()}
        row_problems: list[str] = []

        def problem(key: str, message: str, line: int = line, out: list = row_problems) -> None:
            out.append(f"{where(line, letters[key], HEADINGS[key])}：{message}")

        text = {key: cell_text(cells.get(key)) for key in ("number", "name", "gender",
                                                          "branch", "position")}
        for key in required:
            if (key != "id_tail" and not text[key]) or (key == "id_tail" and cells[key] is None):
                problem(key, _("required, but empty."))
        name = ""
        if text["name"]:
            try:
                name = clean_person_name(text["name"])
            except BadPersonName as error:
                problem("name", str(error))
        gender = GENDERS.get(text["gender"])
        if text["gender"] and gender is None:
            problem("gender", _("“%(value)s” is not 男 or 女.") % {"value": text["gender"]})
        tail = None
        if cells["id_tail"] is not None:
            tail = id_tail(cells["id_tail"])
            if tail is None:
                problem("id_tail", _("“%(value)s” is not the last 4 characters of an ID number.")
                        % {"value": cell_text(cells["id_tail"])})
        number = text["number"]
        if len(number) > 30:
            problem("number", _("longer than %(limit)d characters.") % {"limit": 30})
        elif number in seen_numbers:
            problem("number", _("member number %(number)s is also on row %(row)d.")
                    % {"number": number, "row": seen_numbers[number]})
        elif number:
            seen_numbers[number] = line
        for key, limit in (("branch", 100), ("position", 100)):
            if len(text[key]) > limit:
                problem(key, _("longer than %(limit)d characters.") % {"limit": limit})
        facts = dict.fromkeys(FLAGS, False)
        for key in flags:
            value = _flag(cells[key])
            if value is None:
                problem(key, _("“%(value)s” is not 是 or 否.") % {"value": cell_text(cells[key])})
            else:
                facts[key] = value
        if row_problems:
            problems += row_problems
            continue
        rows.append(MemberRow(line=line, number=number, name=name, gender=gender, id_tail=tail,
                              branch=text["branch"], position=text["position"], **facts))
    if problems:
        raise MembersRefused(problems)
    return rows


def _stored_rows(union: Union):
    return Member.objects.filter(union=union).order_by("pk").values_list(*STORED)


def members_fingerprint(union: Union) -> str:
    """A digest of the stored roster, so a plan is applied only to the roster it was made on."""
    digest = hashlib.sha256()
    for values in _stored_rows(union).iterator(chunk_size=5000):
        digest.update(json.dumps(values, ensure_ascii=False).encode())
    return digest.hexdigest()


def _shown(key: str, value: Any) -> str:
    if key == "gender":
        return GENDER_LABELS.get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def plan_members(rows: list[MemberRow], *, union: Union) -> MembersPlan:
    """Compare checked rows with the stored roster by member number."""
    stored = {values[1]: values for values in _stored_rows(union).iterator(chunk_size=5000)}
    plan = MembersPlan(fingerprint=members_fingerprint(union))
    branches = set(union.branches.values_list("name", flat=True))
    for row in rows:
        old = stored.pop(row.number, None)
        if row.branch not in branches:
            branches.add(row.branch)
            plan.new_branches.append(row.branch)
        if old is None:
            plan.adds.append(row)
            continue
        new = tuple(getattr(row, name) for name in FIELDS)
        if new == old[1:]:
            plan.unchanged += 1
            continue
        plan.changes.append((old[0], row))
        plan.shown_changes.append(Change(
            member_id=old[0], number=row.number, name=row.name,
            fields=tuple((HEADINGS[name], _shown(name, was), _shown(name, now))
                         for name, was, now in zip(FIELDS, old[1:], new, strict=True)
                         if was != now),
        ))
    plan.removals = sorted(((v[0], v[1], v[2]) for v in stored.values()), key=lambda r: r[1])
    if plan.removals:
        _refuse_removing_nominees(plan.removals)
    return plan


def _refuse_removing_nominees(removals: list[tuple[int, str, str]]) -> None:
    """A member nominated or on a candidate list stays on the roster: the record needs them."""
    ids = [pk for pk, _number, _name in removals]
    kept: set[int] = set()
    for start in range(0, len(ids), 900):  # SQLite allows at most 999 parameters
        chunk = ids[start:start + 900]
        kept |= set(NominationName.objects.filter(member_id__in=chunk)
                    .values_list("member_id", flat=True))
        kept |= set(Candidate.objects.filter(member_id__in=chunk)
                    .values_list("member_id", flat=True))
    if kept:
        raise MembersRefused([
            _("%(number)s %(name)s is not in the file, but was nominated in a chair election; "
              "the roster keeps them.") % {"number": number, "name": name}
            for pk, number, name in removals if pk in kept
        ])


def template_rows() -> list[list[str]]:
    return [[column.heading for column in COLUMNS], [column.example for column in COLUMNS]]

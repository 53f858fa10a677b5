"""Roster rows: the spreadsheet's columns, checking each row, and the plan of a re-import.

A file is checked as a whole: every problem is listed by row and column and nothing is
stored unless the whole file is good (`RosterRefused`). A good file becomes a `RosterPlan`
(adds, changes, removals matched by the stable key name + ID tail) that the secretariat
previews; `services.apply_roster` applies it only if the roster has not changed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from dahui.congress.models import (
    Category,
    Congress,
    Delegate,
    DelegateStatus,
    Gender,
)
from dahui.congress.person_name import BadPersonName, clean_person_name
from dahui.documents.spreadsheet import SpreadsheetError, column_letter, read_table
from dahui.documents.table_rows import Column, cell_text, header_positions, id_tail, where
from dahui.rules.names import normalise_name

MAX_ROWS = 10_000


COLUMNS = (
    Column("number", "代表证号", False, "001"),
    Column("name", "姓名", True, "王秀英"),
    Column("gender", "性别", True, "女"),
    Column("ethnicity", "民族", True, "汉族"),
    Column("birth_date", "出生日期", True, "1978-05-12"),
    Column("id_tail", "身份证号后四位", True, "032X"),
    Column("work_unit", "工作单位", True, "山西焦煤霍州煤电集团"),
    Column("position", "职务", False, "采煤队班长"),
    Column("delegation", "代表团", True, "煤炭"),
    Column("categories", "代表类别", False, "一线职工、劳动模范"),
    Column("status", "代表身份", False, "正式"),
)

HEADINGS = {column.key: column.heading for column in COLUMNS}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
STATUSES = {
    "正式": DelegateStatus.FORMAL,
    "正式代表": DelegateStatus.FORMAL,
    "特邀": DelegateStatus.INVITED,
    "特邀代表": DelegateStatus.INVITED,
    "列席": DelegateStatus.ATTENDING,
    "列席代表": DelegateStatus.ATTENDING,
}
CATEGORIES = {
    "一线职工": Category.FRONTLINE,
    "专业技术人员": Category.TECHNICIAN,
    "工会干部": Category.UNION_OFFICIAL,
    "企业负责人": Category.MANAGER,
    "劳动模范": Category.MODEL_WORKER,
    "农民工": Category.MIGRANT,
    "中共党员": Category.PARTY_MEMBER,
}
CATEGORY_LABELS = {value: label for label, value in CATEGORIES.items()}
GENDER_LABELS = {value: label for label, value in GENDERS.items()}
STATUS_LABELS = {
    DelegateStatus.FORMAL: "正式",
    DelegateStatus.INVITED: "特邀",
    DelegateStatus.ATTENDING: "列席",
}
FIELDS = ("number", "name", "gender", "ethnicity", "birth_date", "id_tail", "work_unit",
          "position", "delegation", "categories", "status")


@dataclass(frozen=True)
class RosterRow:
    line: int
    number: str  # "" when the file leaves it to be assigned
    name: str
    gender: str
    ethnicity: str
    birth_date: str  # ISO date
    id_tail: str
    work_unit: str
    position: str
    delegation: str
    categories: tuple[str, ...]
    status: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.id_tail)


@dataclass(frozen=True)
class Change:
    delegate_id: int
    row: RosterRow
    fields: tuple[tuple[str, str, str], ...]  # (field, old, new) for display

    @property
    def shown(self) -> tuple[tuple[str, str, str], ...]:
        """The changes as the secretariat reads them: the column's heading, never its key."""
        return tuple((HEADINGS.get(key, key), old, new) for key, old, new in self.fields)


@dataclass
class RosterPlan:
    adds: list[RosterRow] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    removals: list[tuple[int, str, str]] = field(default_factory=list)  # (id, number, name)
    unchanged: int = 0
    fingerprint: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.adds or self.changes or self.removals)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> RosterPlan:
        raw = json.loads(text)

        def row(data: dict[str, Any]) -> RosterRow:
            return RosterRow(**{**data, "categories": tuple(data["categories"])})

        return cls(
            adds=[row(item) for item in raw["adds"]],
            changes=[
                Change(
                    delegate_id=item["delegate_id"],
                    row=row(item["row"]),
                    fields=tuple(tuple(f) for f in item["fields"]),
                )
                for item in raw["changes"]
            ],
            removals=[tuple(item) for item in raw["removals"]],
            unchanged=raw["unchanged"],
            fingerprint=raw["fingerprint"],
        )


class RosterRefused(ValueError):
    """The file is refused as a whole; `problems` are readable lines, in file order."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


_where = where
_text = cell_text


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


_id_tail = id_tail


def parse_rows(data: bytes, filename: str, *, congress: Congress) -> list[RosterRow]:
    """Read and check every row; raise RosterRefused listing every problem found."""
    try:
        table = read_table(data, filename, max_rows=MAX_ROWS)
    except SpreadsheetError as error:
        raise RosterRefused(
            [f"{_where(row, col)}：{message}" for row, col, message in error.problems]
        ) from None

    positions, problems = header_positions(table.header, COLUMNS)
    if problems:
        raise RosterRefused(problems)

    delegations = set(congress.delegations.values_list("name", flat=True))
    today = dt.date.today()
    rows: list[RosterRow] = []
    seen_keys: dict[tuple[str, str], int] = {}
    seen_numbers: dict[str, int] = {}
    for line, values in table.rows:
        cells: dict[str, Any] = {
            key: values[index] if index < len(values) else None
            for key, index in positions.items()
        }
        row_problems: list[str] = []

        def problem(key: str, message: str, line: int = line, out: list = row_problems) -> None:
            column = next(c for c in COLUMNS if c.key == key)
            out.append(f"{_where(line, column_letter(positions[key]), column.heading)}：{message}")

        for column in COLUMNS:
            if column.required and not _text(cells.get(column.key)):
                problem(column.key, _("required, but empty."))
        name = ""
        if _text(cells.get("name")):
            try:
                name = clean_person_name(_text(cells.get("name")))
            except BadPersonName as error:
                problem("name", str(error))
        gender_text = _text(cells.get("gender"))
        gender = GENDERS.get(gender_text)
        if gender_text and gender is None:
            problem("gender", _("“%(value)s” is not 男 or 女.") % {"value": gender_text})
        birth = None
        if _text(cells.get("birth_date")):
            birth = _date(cells.get("birth_date"))
            if birth is None:
                problem(
                    "birth_date",
                    _("“%(value)s” is not a date (write it as 1978-05-12).")
                    % {"value": _text(cells.get("birth_date"))},
                )
            elif not dt.date(1920, 1, 1) <= birth <= today:
                problem("birth_date", _("%(value)s is not a possible birth date.")
                        % {"value": birth.isoformat()})
        id_tail = None
        if _text(cells.get("id_tail")):
            id_tail = _id_tail(cells.get("id_tail"))
            if id_tail is None:
                problem("id_tail", _("“%(value)s” is not the last 4 characters of an ID number.")
                        % {"value": _text(cells.get("id_tail"))})
        delegation = _text(cells.get("delegation"))
        if delegation and delegation not in delegations:
            problem("delegation", _("no delegation named “%(value)s” in this congress.")
                    % {"value": delegation})
        status = DelegateStatus.FORMAL
        status_text = _text(cells.get("status")) if "status" in positions else ""
        if status_text:
            status = STATUSES.get(status_text)
            if status is None:
                problem("status", _("“%(value)s” is not 正式, 特邀 or 列席.")
                        % {"value": status_text})
        categories: list[str] = []
        if "categories" in positions:
            for label in re.split(r"[、,，;；/\s]+", _text(cells.get("categories"))):
                if not label:
                    continue
                if label not in CATEGORIES:
                    problem("categories", _("unknown category “%(value)s”; use %(known)s.")
                            % {"value": label, "known": "、".join(CATEGORIES)})
                elif CATEGORIES[label] not in categories:
                    categories.append(CATEGORIES[label])
        number = _text(cells.get("number")) if "number" in positions else ""
        if number and len(number) > 20:
            problem("number", _("longer than 20 characters."))
        if number in seen_numbers:
            problem("number", _("credential number %(number)s is also on row %(row)d.")
                    % {"number": number, "row": seen_numbers[number]})
        elif number:
            seen_numbers[number] = line
        if name and id_tail:
            if (name, id_tail) in seen_keys:
                problem("name", _("%(name)s with ID tail %(tail)s is also on row %(row)d.")
                        % {"name": name, "tail": id_tail, "row": seen_keys[(name, id_tail)]})
            else:
                seen_keys[(name, id_tail)] = line
        for key, limit in (("ethnicity", 20), ("work_unit", 200), ("position", 100)):
            if len(_text(cells.get(key))) > limit:
                problem(key, _("longer than %(limit)d characters.") % {"limit": limit})
        if row_problems:
            problems += row_problems
            continue
        rows.append(
            RosterRow(
                line=line,
                number=number,
                name=name,
                gender=gender,
                ethnicity=_text(cells.get("ethnicity")),
                birth_date=birth.isoformat(),
                id_tail=id_tail,
                work_unit=_text(cells.get("work_unit")),
                position=_text(cells.get("position")),
                delegation=delegation,
                categories=tuple(categories),
                status=status,
            )
        )
    if problems:
        raise RosterRefused(problems)
    return rows


def roster_fingerprint(congress: Congress) -> str:
    """A digest of the stored roster, so a plan is applied only to the roster it was made on."""
    digest = hashlib.sha256()
    for values in (
        Delegate.objects.filter(congress=congress)
        .order_by("pk")
        .values_list("pk", "number", "name", "id_tail", "gender", "ethnicity", "birth_date",
                     "work_unit", "position", "delegation__name", "categories", "status")
    ):
        digest.update(json.dumps(values, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def _stored(delegate: Delegate) -> dict[str, Any]:
    return {
        "number": delegate.number,
        "name": delegate.name,
        "gender": delegate.gender,
        "ethnicity": delegate.ethnicity,
        "birth_date": delegate.birth_date.isoformat(),
        "id_tail": delegate.id_tail,
        "work_unit": delegate.work_unit,
        "position": delegate.position,
        "delegation": delegate.delegation.name,
        "categories": tuple(delegate.categories),
        "status": delegate.status,
    }


def plan_roster(rows: list[RosterRow], *, congress: Congress) -> RosterPlan:
    """Compare checked rows with the stored roster by name + ID tail."""
    stored = {
        (normalise_name(d.name), d.id_tail): d
        for d in Delegate.objects.filter(congress=congress).select_related("delegation")
    }
    plan = RosterPlan(fingerprint=roster_fingerprint(congress))
    final_numbers: dict[str, str] = {}
    problems: list[str] = []
    for row in rows:
        delegate = stored.pop(row.key, None)
        new = asdict(row)
        new["categories"] = tuple(row.categories)
        if delegate is None:
            plan.adds.append(row)
        else:
            old = _stored(delegate)
            if not row.number:
                new["number"] = old["number"]  # an empty number keeps the one assigned
            diffs = tuple(
                (name, _display(name, old[name]), _display(name, new[name]))
                for name in FIELDS
                if old[name] != new[name]
            )
            if diffs:
                plan.changes.append(
                    Change(delegate_id=delegate.pk, row=RosterRow(**new), fields=diffs)
                )
            else:
                plan.unchanged += 1
        number = new["number"]
        if number:
            if number in final_numbers:
                problems.append(
                    _("Row %(row)d: credential number %(number)s is kept by %(other)s.")
                    % {"row": row.line, "number": number, "other": final_numbers[number]}
                )
            final_numbers[number] = row.name
    plan.removals = sorted(
        ((d.pk, d.number, d.name) for d in stored.values()), key=lambda item: item[1]
    )
    if problems:
        raise RosterRefused(problems)
    return plan


def _display(name: str, value: Any) -> str:
    if name == "gender":
        return GENDER_LABELS.get(value, value)
    if name == "status":
        return STATUS_LABELS.get(value, value)
    if name == "categories":
        return "、".join(CATEGORY_LABELS.get(v, v) for v in value)
    return str(value)

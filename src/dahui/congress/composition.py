"""代表构成: counts and shares of the delegates by gender, category, delegation, age band and
ethnicity, for the credentials committee's report (page and PDF)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from dahui.congress.models import (
    WITHDRAWN_CREDENTIALS,
    Category,
    Congress,
    Delegate,
    DelegateStatus,
    Gender,
)

AGE_BANDS = ((0, 35), (36, 45), (46, 55), (56, 200))
MAJORITY_ETHNICITY = "汉族"


@dataclass(frozen=True)
class Line:
    label: str
    count: int
    share: Fraction  # of the basis; Fraction so the shares are exact, rounded only on display

    @property
    def percent(self) -> str:
        return f"{float(self.share) * 100:.1f}%"

    @property
    def bar(self) -> int:
        """The share as a whole percentage, for bar widths."""
        return round(float(self.share) * 100)


@dataclass(frozen=True)
class Table:
    title: str
    lines: list[Line]


@dataclass(frozen=True)
class Composition:
    basis: int
    basis_label: str
    tables: list[Table]


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _lines(counter: Counter, basis: int, order: list[str] | None = None) -> list[Line]:
    keys = order if order is not None else [k for k, _c in counter.most_common()]
    return [
        Line(label=key, count=counter[key], share=Fraction(counter[key], basis or 1))
        for key in keys
    ]


def composition(congress: Congress) -> Composition:
    """The composition of the 正式代表 whose credential stands (pending or confirmed)."""
    delegates = list(
        Delegate.objects.filter(congress=congress, status=DelegateStatus.FORMAL)
        .exclude(credential_status__in=WITHDRAWN_CREDENTIALS)
        .select_related("delegation")
    )
    basis = len(delegates)
    genders = Counter(str(Gender(d.gender).label) for d in delegates)
    categories = Counter(
        str(Category(c).label) for d in delegates for c in d.categories if c in Category.values
    )
    delegations = Counter(d.delegation.name for d in delegates)
    delegation_order = list(
        congress.delegations.filter(name__in=delegations).values_list("name", flat=True)
    )
    band_labels = [
        _("35 and under") if low == 0 else
        _("%(low)d and over") % {"low": low} if high >= 200 else f"{low}–{high}"
        for low, high in AGE_BANDS
    ]
    ages = Counter()
    for d in delegates:
        age = age_on(d.birth_date, congress.starts_on)
        for (low, high), label in zip(AGE_BANDS, band_labels, strict=True):
            if low <= age <= high:
                ages[label] += 1
    minority = _("ethnic minorities (total)")
    ethnicities = Counter(d.ethnicity for d in delegates)
    minority_count = sum(c for name, c in ethnicities.items() if name != MAJORITY_ETHNICITY)
    ethnicity_lines = _lines(ethnicities, basis)
    if minority_count:
        ethnicity_lines.append(
            Line(label=minority, count=minority_count, share=Fraction(minority_count, basis))
        )
    return Composition(
        basis=basis,
        basis_label=_("formal delegates (rejected and replaced credentials excluded)"),
        tables=[
            Table(_("Gender"), _lines(genders, basis, [str(g.label) for g in Gender])),
            Table(_("Category"), _lines(categories, basis)),
            Table(_("Delegation"), _lines(delegations, basis, delegation_order)),
            Table(_("Age at the opening"), _lines(ages, basis, band_labels)),
            Table(_("Ethnicity"), ethnicity_lines),
        ],
    )

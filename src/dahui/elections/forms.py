"""Forms for setting up votes: they parse and bound what the secretariat types; services
decide and write.

Every text field is capped at its column's length and every choice at its known values,
so a bad value is refused with the field's name before a service or the database sees it.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dahui.congress.models import DEFAULT_MIN_EXCESS, DEFAULT_QUORUM
from dahui.congress.person_name import BadPersonName, clean_person_name
from dahui.elections.models import (
    Body,
    Election,
    Method,
    Motion,
    MotionKind,
    ScrutineerRole,
    ThresholdBase,
)

MAX_SEATS = 999
MAX_ID = 2**31 - 1
MAX_BIO = 500


def _length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _printable(value: str) -> None:
    """Control characters have no place in a title or a biography: they cannot be printed,
    and XML (the .xlsx and the PDFs' text) cannot even hold most of them."""
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise forms.ValidationError(_("invisible control characters are not allowed."))


class InvalidInput(ValueError):
    """A form did not validate; the message names each field and what is wrong with it."""


def problems(form: forms.Form) -> list[str]:
    """Each error as "<field label>：<message>", in the reader's language."""
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            lines.append(f"{label}：{error}" if label else str(error))
    return lines


def parse(form: forms.Form) -> dict:
    """The form's cleaned data, or InvalidInput naming every field that is wrong."""
    if not form.is_valid():
        raise InvalidInput("\n".join(problems(form)))
    return form.cleaned_data


def report(request: HttpRequest, error: InvalidInput) -> None:
    for line in str(error).splitlines():
        messages.error(request, line)


class _SessionForm(forms.Form):
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), queryset=None)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = congress.sessions.all()


class MotionForm(_SessionForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=_length(Motion, "title"),
                            validators=[_printable])
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=MotionKind.choices,
                             required=False)
    threshold_base = forms.ChoiceField(label=gettext_lazy("Threshold base"),
                                       choices=ThresholdBase.choices, required=False)
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=Method.choices)
    rehearsal = forms.BooleanField(label=gettext_lazy("Rehearsal"), required=False)

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or MotionKind.REPORT

    def clean_threshold_base(self) -> str:
        return self.cleaned_data["threshold_base"] or ThresholdBase.ENTITLED


class ElectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=_length(Election, "title"),
                            validators=[_printable])
    body = forms.ChoiceField(label=gettext_lazy("Body"), choices=Body.choices, required=False)
    seats = forms.IntegerField(label=gettext_lazy("Seats"), min_value=1, max_value=MAX_SEATS)
    quorum = forms.CharField(label=gettext_lazy("Quorum"), required=False,
                             max_length=_length(Election, "quorum"))
    min_excess = forms.CharField(label=gettext_lazy("Minimum contest (差额)"), required=False,
                                 max_length=_length(Election, "min_excess"))
    threshold_base = forms.ChoiceField(label=gettext_lazy("Threshold base"),
                                       choices=ThresholdBase.choices, required=False)
    write_ins = forms.BooleanField(required=False)

    def clean_body(self) -> str:
        return self.cleaned_data["body"] or Body.COMMITTEE

    def clean_quorum(self) -> str:
        return self.cleaned_data["quorum"] or DEFAULT_QUORUM

    def clean_min_excess(self) -> str:
        return self.cleaned_data["min_excess"] or DEFAULT_MIN_EXCESS

    def clean_threshold_base(self) -> str:
        return self.cleaned_data["threshold_base"] or ThresholdBase.ENTITLED


class CandidateForm(forms.Form):
    # A credential number or a name; long enough for a name with stray spaces around it.
    who = forms.CharField(label=gettext_lazy("Delegate number or name"), max_length=100)
    bio = forms.CharField(label=gettext_lazy("Short biography"), required=False,
                          max_length=MAX_BIO, validators=[_printable])


def candidate_name(text: str) -> str:
    """A candidate's name as stored (normalised), or InvalidInput naming the field."""
    try:
        name = clean_person_name(text)
    except BadPersonName as error:
        raise InvalidInput(f"{_('Delegate number or name')}：{error}") from None
    return name


class CandidateChoiceForm(forms.Form):
    candidate = forms.IntegerField(label=gettext_lazy("Candidate"), min_value=1,
                                   max_value=MAX_ID)


class ScrutineerForm(forms.Form):
    user = forms.IntegerField(label=gettext_lazy("Person"), min_value=1, max_value=MAX_ID)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ScrutineerRole.choices)


class RoundForm(_SessionForm):
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=Method.choices[:2])
    rehearsal = forms.BooleanField(label=gettext_lazy("Rehearsal"), required=False)


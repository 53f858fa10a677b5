"""Forms for proposals: they parse and bound what people type, naming the field of every
problem; the services decide and write."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dahui.congress.models import Delegate
from dahui.proposals.models import CATEGORY_MAX, Department, Verdict
from dahui.rules.names import normalize_name

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
MAX_NAMES = 60
_SEPARATORS = re.compile(r"[\s,，、;；]+")


class InvalidInput(ValueError):
    """A form did not validate; the message names each field and what is wrong with it."""


def parse(form: forms.Form) -> dict:
    if not form.is_valid():
        lines = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else None
            lines.extend(f"{label}：{error}" if label else str(error) for error in errors)
        raise InvalidInput("\n".join(lines))
    return form.cleaned_data


def delegates_named(congress, text: str, *, field: str) -> list[Delegate]:
    """Delegates by credential number or name, separated by commas or spaces; every word
    that names nobody (or two people) is refused by name."""
    words = [w for w in _SEPARATORS.split(text or "") if w]
    if len(words) > MAX_NAMES:
        raise InvalidInput(_("%(field)s: at most %(count)s delegates at once.")
                           % {"field": field, "count": MAX_NAMES})
    found, problems = [], []
    for word in words:
        by_number = list(Delegate.objects.filter(congress=congress, number=word))
        matches = by_number or list(
            Delegate.objects.filter(congress=congress, name=normalize_name(word))
        )
        if not matches:
            problems.append(_("%(field)s: no delegate %(word)s in this congress.")
                            % {"field": field, "word": word})
        elif len(matches) > 1:
            problems.append(_("%(field)s: %(word)s names %(count)s delegates; give the "
                              "credential number.")
                            % {"field": field, "word": word, "count": len(matches)})
        elif matches[0] not in found:
            found.append(matches[0])
    if problems:
        raise InvalidInput("\n".join(problems))
    return found


class ProposalForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    category = forms.ChoiceField(label=pgettext_lazy("proposal", "Category"))
    case = forms.CharField(label=gettext_lazy("Case (案由)"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.CharField(label=gettext_lazy("Suggested measures"), max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    joint = forms.TypedChoiceField(
        label=gettext_lazy("Support"), coerce=lambda v: v == "joint", initial="seconders",
        widget=forms.RadioSelect,
        choices=(("seconders", gettext_lazy("with seconders (附议)")),
                 ("joint", gettext_lazy("jointly (联名)"))),
    )
    invite = forms.CharField(label=gettext_lazy("Delegates to ask"), required=False,
                             max_length=2000)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, c) for c in categories]


class PaperForm(ProposalForm):
    proposer = forms.CharField(label=gettext_lazy("Proposer"), max_length=50)
    invite = forms.CharField(label=gettext_lazy("Seconders or joint signers on the paper"),
                             max_length=2000)


class InviteForm(forms.Form):
    invite = forms.CharField(label=gettext_lazy("Delegates to ask"), max_length=2000)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("proposal", "Decision"), widget=forms.RadioSelect, choices=(
        ("register", gettext_lazy("register (立案)")),
        ("decline", gettext_lazy("do not register")),
        ("merge", gettext_lazy("merge into another proposal")),
        ("opinion", gettext_lazy("turn into an opinion (意见建议)")),
    ))
    reason = forms.CharField(label=pgettext_lazy("proposal", "Reason"), required=False,
                             max_length=2000)
    into = forms.IntegerField(label=gettext_lazy("Merge into (number)"), required=False,
                              min_value=1, max_value=2**31 - 1)


class AssignForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(label=gettext_lazy("Departments"),
                                                 queryset=Department.objects.none())
    lead = forms.ModelChoiceField(label=gettext_lazy("Lead department"),
                                  queryset=Department.objects.none())
    deadline = forms.DateField(label=gettext_lazy("Reply due"))

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Department.objects.filter(congress=congress)
        self.fields["departments"].queryset = queryset
        self.fields["lead"].queryset = queryset


class ReplyForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Reply"), max_length=8000, widget=forms.Textarea)


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=gettext_lazy("Your verdict"), choices=Verdict.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(label=pgettext_lazy("proposal", "Note"), required=False, max_length=2000)


class SettingsForm(forms.Form):
    opens_at = forms.DateTimeField(label=gettext_lazy("Collection opens"),
                                   input_formats=DATETIME_FORMATS)
    closes_at = forms.DateTimeField(label=gettext_lazy("Collection closes"),
                                    input_formats=DATETIME_FORMATS)
    min_seconders = forms.IntegerField(label=gettext_lazy("Seconders needed"), min_value=0,
                                       max_value=50)
    min_joint = forms.IntegerField(label=gettext_lazy("Delegates for a joint proposal"),
                                   min_value=2, max_value=50)
    second_reply_days = forms.IntegerField(label=gettext_lazy("Days for a second reply"),
                                           min_value=1, max_value=365)
    categories = forms.CharField(label=gettext_lazy("Categories (one a line)"),
                                 max_length=40 * (CATEGORY_MAX + 2), widget=forms.Textarea)
    report_item = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                     label=gettext_lazy("Agenda item of the proposals report"))


class DepartmentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Department"), max_length=100)


class MemberForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password (new users)"), required=False,
                               max_length=128)

"""The forms of the unions' pages: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dahui.unions.models import NominationMethod


class MembersUploadForm(forms.Form):
    file = forms.FileField(label=_("Member roster (.xlsx or .csv)"))


class StartElectionForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    formed_on = forms.DateField(label=_("preparatory group formed on"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    preparatory_group = forms.CharField(label=_("preparatory group members"), max_length=500,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(label=_("nomination method"), choices=NominationMethod.choices)
    places = forms.IntegerField(label=_("candidates on the list"), min_value=2, max_value=20,
                                initial=2)
    term_years = forms.IntegerField(label=_("term in years"), min_value=1, max_value=5,
                                    initial=5)


class NominationForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("branch"), queryset=None, required=False)
    numbers = forms.CharField(
        label=_("member numbers of the people nominated"), max_length=2000,
        help_text=_("One 工号 per line, or separated by commas."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches

    def numbers_list(self) -> list[str]:
        text = self.cleaned_data["numbers"]
        for separator in "，,、;；\r\t ":
            text = text.replace(separator, "\n")
        return [n for n in text.split("\n") if n.strip()]


class DecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("decision"), coerce=lambda v: v == "yes",
        choices=(("yes", _("approved")), ("no", _("not approved"))),
    )
    decided_by = forms.CharField(label=_("decided by"), max_length=200, required=False)
    note = forms.CharField(label=_("note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    posted_on = forms.DateField(label=_("notice posted on"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    vote_on = forms.DateField(label=_("vote on"),
                              widget=forms.DateInput(attrs={"type": "date"}))


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("objection"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    name = forms.CharField(label=_("your name (may be left empty)"), max_length=50,
                           required=False)
    contact = forms.CharField(label=_("how to reach you (may be left empty)"), max_length=50,
                              required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("answer"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class VoteForm(forms.Form):
    """The 会员大会's counted figures; one (for, against) pair per candidate is added."""

    voted_on = forms.DateField(label=_("vote on"), widget=forms.DateInput(attrs={"type": "date"}))
    entitled = forms.IntegerField(label=_("members entitled"), min_value=1)
    issued = forms.IntegerField(label=_("ballots issued"), min_value=0)
    returned = forms.IntegerField(label=_("ballots returned"), min_value=0)
    invalid = forms.IntegerField(label=_("invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            self.fields[f"for_{candidate.member_id}"] = forms.IntegerField(
                label=_("%(name)s: for") % {"name": candidate.member.name}, min_value=0)
            self.fields[f"against_{candidate.member_id}"] = forms.IntegerField(
                label=_("%(name)s: against") % {"name": candidate.member.name}, min_value=0,
                initial=0)

    def counts(self) -> dict[int, tuple[int, int]]:
        return {c.member_id: (self.cleaned_data[f"for_{c.member_id}"],
                              self.cleaned_data[f"against_{c.member_id}"])
                for c in self.candidates}


class DateForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))

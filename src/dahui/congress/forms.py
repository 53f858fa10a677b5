"""Forms for the congress pages: they parse input; services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dahui.congress.models import AgendaKind, CredentialStatus, DelegateStatus, Delegation


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class DelegationsForm(forms.Form):
    names = forms.CharField(
        label=_("Delegation names, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_names(self) -> list[str]:
        """The non-empty lines, each within the name column's length."""
        limit = Delegation._meta.get_field("name").max_length
        lines = self.cleaned_data["names"].splitlines()
        too_long = [n for n, line in enumerate(lines, start=1) if len(line.strip()) > limit]
        if too_long:
            raise forms.ValidationError(
                _("Line %(lines)s: a delegation name is at most %(limit)d characters.")
                % {"lines": "、".join(map(str, too_long)), "limit": limit}
            )
        return [line.strip() for line in lines if line.strip()]


class CredentialDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=CredentialStatus.choices)
    replacement_number = forms.CharField(
        label=_("Credential number of the replacement"), required=False, max_length=20
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
    confirm = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        # Withdrawing a credential takes a delegate's vote away: it needs a reason for the
        # committee's report and an explicit second confirmation, never a single click.
        if data.get("decision") == CredentialStatus.REJECTED:
            if not (data.get("note") or "").strip():
                self.add_error("note", _("Give the reason why the credential is not confirmed."))
            if not data.get("confirm"):
                self.add_error("confirm", _("Tick the box to confirm the rejection."))
        return data


class CredentialFilterForm(forms.Form):
    """The review table's search and filters, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    credential = forms.ChoiceField(label=_("Credential"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    delegation = forms.TypedChoiceField(label=_("Delegation"), required=False, coerce=int,
                                        empty_value=None)

    def __init__(self, *args, delegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credential"].choices = [("", _("All")), *CredentialStatus.choices]
        self.fields["status"].choices = [("", _("All")), *DelegateStatus.choices]
        self.fields["delegation"].choices = [("", _("All")),
                                             *[(d.pk, d.name) for d in delegations]]


class CodeLoginForm(forms.Form):
    access_code = forms.CharField(
        label=_("Access code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    id_tail = forms.CharField(
        label=_("Last 4 characters of your ID number"), max_length=4, min_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )


# Primary keys as typed in a request: bounded, so a 30-digit number is a form error and
# never reaches the database as an integer it cannot hold.
MAX_ID = 2**31 - 1


class DeskCheckInForm(forms.Form):
    delegate = forms.IntegerField(label=_("Delegate"), min_value=1, max_value=MAX_ID)
    q = forms.CharField(required=False, max_length=100)


class LeaveRequestForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=AgendaKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    presenter = forms.CharField(label=_("Presenter"), max_length=100, required=False)
    session = forms.TypedChoiceField(label=_("Session"), coerce=int, required=False,
                                     empty_value=None)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "—"), *[(s.pk, s.title) for s in sessions]]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("PDF document"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )

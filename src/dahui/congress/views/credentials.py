"""Credentials review, the composition report and the credentials PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from dahui.congress import selectors, services
from dahui.congress.access import Need, access_congress, access_delegate
from dahui.congress.composition import composition
from dahui.congress.forms import CredentialDecisionForm, CredentialFilterForm
from dahui.congress.models import (
    WITHDRAWN_CREDENTIALS,
    CredentialStatus,
    Delegate,
    DelegateToken,
)
from dahui.congress.views.nav import page_context
from dahui.documents.composition_pdf import composition_pdf
from dahui.documents.credentials_pdf import Card, credentials_pdf


@login_required
def review(request: HttpRequest, congress_id: int) -> HttpResponse:
    """The review table: searched and filtered on the server (the query string), so the
    ~300 rows need no script and a filtered view can be bookmarked or sent."""
    congress = access_congress(request.user, congress_id, need=Need.CREDENTIALS)
    delegations = list(congress.delegations.all())
    filters = CredentialFilterForm(request.GET or None, delegations=delegations)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    delegates = selectors.credential_review_rows(
        congress, query=criteria.get("q") or "", credential=criteria.get("credential") or "",
        status=criteria.get("status") or "", delegation_id=criteria.get("delegation"),
    )
    counts = {
        status: congress.delegates.filter(credential_status=status).count()
        for status in CredentialStatus.values
    }
    return render(
        request, "congress/credentials_review.html",
        page_context(request, congress, delegates=delegates, counts=counts, filters=filters,
                     total=sum(counts.values()), statuses=CredentialStatus.choices,
                     filtered=bool(request.GET and any(request.GET.values()))),
    )


@login_required
@require_POST
def decide(request: HttpRequest, congress_id: int, delegate_id: int) -> HttpResponse:
    delegate = access_delegate(request.user, delegate_id, need=Need.CREDENTIALS)
    if delegate.congress_id != congress_id:
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not back.startswith(f"/c/{congress_id}/credentials/"):
        back = f"/c/{congress_id}/credentials/"
    form = CredentialDecisionForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field in ("decision", "note", "confirm")
                  for e in form.errors.get(field, [])]
        messages.error(request, f"{delegate.number} {delegate.name}：" + " ".join(
            errors or [_("The decision was not understood.")]))
        return redirect(back)
    replacement = None
    number = form.cleaned_data["replacement_number"].strip()
    if number:
        replacement = Delegate.objects.filter(congress_id=congress_id, number=number).first()
        if replacement is None:
            messages.error(request, _("No delegate with credential number %(number)s.")
                           % {"number": number})
            return redirect(back)
    try:
        services.decide_credential(
            delegate=delegate, decision=form.cleaned_data["decision"], by=request.user,
            replacement=replacement, note=form.cleaned_data["note"],
        )
    except services.ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s: %(status)s.") % {
            "name": delegate.name, "status": delegate.get_credential_status_display()})
    # Only back to the review table (with its filters): never to an address from the form.
    return redirect(back)


@login_required
@require_POST
def confirm_all(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.CREDENTIALS)
    count = services.confirm_pending_credentials(congress=congress, by=request.user)
    messages.success(request, _("%(count)d pending credentials confirmed.") % {"count": count})
    return redirect("congress:credentials", congress.pk)


@login_required
def composition_page(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.CREDENTIALS)
    return render(
        request, "congress/composition.html",
        page_context(request, congress, report=composition(congress)),
    )


@login_required
def composition_download(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.CREDENTIALS)
    content = composition_pdf(
        composition(congress), title=congress.title,
        headings={"report": _("Composition of the delegates"), "basis": _("Basis"),
                  "label": _("Group"), "count": pgettext("headcount", "Count"),
                  "share": _("Share")},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="composition-{congress.pk}.pdf"'
    return response


@login_required
def credentials_download(request: HttpRequest, congress_id: int) -> HttpResponse:
    """Every delegate's card; delegates without a live login token get one first."""
    congress = access_congress(request.user, congress_id, need=Need.MANAGE)
    services.ensure_tokens(congress=congress, by=request.user)
    base = request.build_absolute_uri("/").rstrip("/")
    delegates = (
        DelegateToken.objects.filter(delegate__congress=congress, revoked_at__isnull=True)
        .exclude(
            delegate__credential_status__in=WITHDRAWN_CREDENTIALS
        )
        .order_by("delegate__number")
        .values_list("delegate__name", "delegate__delegation__name", "delegate__number",
                     "delegate__status", "key", "delegate__access_code")
    )
    content = credentials_pdf(
        [Card(name=n, delegation=d, number=no, status=s, login_url=f"{base}/d/{key}",
              access_code=code)
         for n, d, no, s, key, code in delegates],
        title=congress.title,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="credentials-{congress.pk}.pdf"'
    return response

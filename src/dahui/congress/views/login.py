"""Logging in: staff by password (Django's views), delegates by QR link or access code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dahui.congress import selectors, services
from dahui.congress.forms import CodeLoginForm
from dahui.congress.models import WITHDRAWN_CREDENTIALS

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _client_address(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: a forwarded-for header is whatever the client chose to send.
    return request.META.get("REMOTE_ADDR") or None


def _enter(request: HttpRequest, delegate) -> HttpResponse:
    login(request, delegate.user, backend=BACKEND)
    return redirect(reverse("congress:home", args=[delegate.congress_id]))


def token_login(request: HttpRequest, key: str) -> HttpResponse:
    """The QR on a credential opens this: a live token logs its delegate in."""
    delegate = selectors.delegate_for_token(key)
    if (
        delegate is None or delegate.user is None
        or delegate.credential_status in WITHDRAWN_CREDENTIALS
    ):
        return render(
            request, "congress/login_refused.html",
            {"reason": _("This login link is not valid (any more). Ask the secretariat desk "
                         "for a new credential, or log in with your access code.")},
            status=403,
        )
    return _enter(request, delegate)


@require_http_methods(["GET", "POST"])
def code_login(request: HttpRequest) -> HttpResponse:
    form = CodeLoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            delegate = services.delegate_by_access_code(
                access_code=form.cleaned_data["access_code"],
                id_tail=form.cleaned_data["id_tail"],
                address=_client_address(request),
            )
        except services.LoginLocked as error:
            messages.error(request, str(error))
            status = 429
        except services.LoginRefused as error:
            messages.error(request, str(error))
            status = 403
        else:
            return _enter(request, delegate)
    return render(request, "registration/code_login.html", {"form": form}, status=status)

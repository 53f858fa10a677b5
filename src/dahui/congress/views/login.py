"""Logging in: staff by password (Django's views), delegates by QR link or access code."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dahui.congress import auth_backends, selectors, services
from dahui.congress.forms import CodeLoginForm
from dahui.congress.models import WITHDRAWN_CREDENTIALS

# A credential opens a delegate's session only, never the staff powers of the same user.
BACKEND = auth_backends.PATH


def client_address(request: HttpRequest) -> str | None:
    """The address failures are counted under (also django-axes' AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR only: a forwarded-for header is whatever the client chose to send.
    """
    return request.META.get("REMOTE_ADDR") or None


def staff_login_locked(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' answer once a user name or an address has too many wrong passwords."""
    form = AuthenticationForm(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/login.html",
        {"form": form, "locked_message": _(
            "Too many wrong passwords for this user name or from this network. Wait "
            "%(minutes)d minutes and try again, or ask the secretariat to unlock it."
        ) % {"minutes": minutes}},
        status=429,
    )


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
                address=client_address(request),
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

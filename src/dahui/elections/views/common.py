"""What every election page needs: the congress page context and one way to report a refusal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from dahui import rules
from dahui.congress.views.nav import page_context
from dahui.elections.access import may_run, may_set_up
from dahui.elections.errors import Refused
from dahui.elections.refusals import refusal_message

REFUSALS = (Refused, rules.RulesError, ValueError)


def refuse(request: HttpRequest, error: Exception) -> None:
    messages.error(request, refusal_message(error))


def context(request: HttpRequest, congress, **extra) -> dict:
    return page_context(
        request, congress, may_set_up=may_set_up(request.user, congress),
        may_run=may_run(request.user, congress), **extra,
    )

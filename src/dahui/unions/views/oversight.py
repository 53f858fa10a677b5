"""The higher union's view (直管): every grassroots election, what waits for its approval,
the chairs' register with its reminders, and the register as .xlsx."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dahui.unions import selectors
from dahui.unions.access import Need, access_union
from dahui.unions.models import Stage
from dahui.unions.register_xlsx import register_xlsx
from dahui.unions.views.common import XLSX, attachment, page_context

IN_PROGRESS = [s for s in Stage.values if s != Stage.REGISTERED]


@login_required
def oversight(request: HttpRequest, union_id: int) -> HttpResponse:
    union = access_union(request.user, union_id, need=Need.OVERSEE)
    today = dt.date.today()
    elections = selectors.grassroots_elections(union)
    context = page_context(
        request, union,
        grassroots=union.children.all(),
        in_progress=elections.filter(stage__in=IN_PROGRESS),
        awaiting=selectors.awaiting_approval(union),
        finished=elections.filter(stage=Stage.REGISTERED),
        register=selectors.register(union, today=today),
        reminders=selectors.reminders(union, today=today),
    )
    return render(request, "unions/oversight.html", context)


@login_required
def register_export(request: HttpRequest, union_id: int) -> HttpResponse:
    union = access_union(request.user, union_id, need=Need.OVERSEE)
    content = register_xlsx(title=f"{union.name}工会主席名册",
                            lines=selectors.register(union, today=dt.date.today()))
    return attachment(content, f"{union.name}工会主席名册.xlsx", XLSX)

"""What every union page shows around its content: the union and what the user may do."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from dahui.unions.access import NEEDS, Need, roles_of
from dahui.unions.models import Union


def page_context(request: HttpRequest, union: Union, **extra) -> dict:
    roles = roles_of(request.user, union)
    return {
        "union": union,
        "union_roles": roles,
        "can": {need.value: bool(roles & NEEDS[need]) for need in Need},
        **extra,
    }


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

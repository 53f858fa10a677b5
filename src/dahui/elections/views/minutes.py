"""The draft minutes and the press summary of a session: generated, edited, printed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from dahui.congress.access import Need, access_congress
from dahui.documents.minutes import minutes_text, press_summary_text, text_pdf
from dahui.elections.selectors import day_facts
from dahui.elections.views.common import context


@login_required
def minutes(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.DESK)
    session = get_object_or_404(congress.sessions, pk=session_id)
    if request.method == "POST":
        which = "press" if request.POST.get("which") == "press" else "minutes"
        text = request.POST.get("text", "")
        title = "新闻通稿" if which == "press" else "会议纪要"
        response = HttpResponse(text_pdf(title=title, text=text), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{which}-{session.pk}.pdf"'
        return response
    facts = day_facts(congress, session)
    press = f"{congress.title}{session.title}新闻通稿\n" + press_summary_text(facts)
    return render(request, "elections/minutes.html", context(
        request, congress, session=session, minutes_text=minutes_text(facts), press_text=press,
    ))

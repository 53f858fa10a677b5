"""The minutes and the press summary of one plenary session: drafted from that session's
data, edited and saved by the secretariat, declared final (or taken back to draft), printed.

The generated text is only a starting point: once saved, the saved text is what the page
shows and the PDF prints, and a reload never loses an edit.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dahui.congress import services
from dahui.congress.access import Need, access_congress
from dahui.congress.models import MinutesKind, SessionMinutes
from dahui.documents.minutes import minutes_text, press_summary_text, text_pdf
from dahui.elections.selectors import day_facts
from dahui.elections.views.common import context
from dahui.groups.selectors import session_discussions

PDF_TITLES = {MinutesKind.MINUTES: "会议纪要", MinutesKind.PRESS: "新闻通稿"}


def _generated(congress, session) -> dict[str, str]:
    # The groups' submitted summaries of the session's items make a section of the minutes.
    facts = replace(day_facts(congress, session), discussions=session_discussions(session))
    return {
        MinutesKind.MINUTES: minutes_text(facts),
        MinutesKind.PRESS: f"{congress.title}{session.title}新闻通稿\n"
                           + press_summary_text(facts),
    }


@login_required
def minutes(request: HttpRequest, congress_id: int, session_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.DESK)
    session = get_object_or_404(congress.sessions, pk=session_id)
    saved = {m.kind: m for m in SessionMinutes.objects.filter(session=session)
             .select_related("updated_by", "finalised_by")}
    if request.method == "POST":
        access_congress(request.user, congress_id, need=Need.MANAGE)
        kind = request.POST.get("which", "")
        if kind not in MinutesKind.values:
            messages.error(request, _("Unknown document type “%(value)s”.") % {"value": kind})
            return redirect("elections:minutes", congress.pk, session.pk)
        action = request.POST.get("action", "save")
        try:
            if action == "finalise":
                if kind not in saved:
                    raise services.ServiceError(_("Save the text before declaring it final."))
                services.finalise_minutes(minutes=saved[kind], by=request.user)
                messages.success(request, _("The text is final."))
            elif action == "reopen":
                if kind not in saved:
                    raise services.ServiceError(_("Nothing saved yet."))
                services.reopen_minutes(minutes=saved[kind], by=request.user,
                                        reason=request.POST.get("reason", ""))
                messages.success(request, _("The text is a draft again."))
            else:
                services.save_minutes(session=session, kind=kind,
                                      text=request.POST.get("text", ""), by=request.user)
                messages.success(request, _("Saved."))
        except services.ServiceError as error:
            messages.error(request, str(error))
        return redirect(f"/c/{congress.pk}/s/{session.pk}/minutes/#{kind}")

    generated = _generated(congress, session)
    wanted = request.GET.get("pdf")
    if wanted in MinutesKind.values:
        stored = saved.get(wanted)
        text = stored.text if stored else generated[wanted]
        draft = not (stored and stored.is_final)
        response = HttpResponse(
            text_pdf(title=PDF_TITLES[wanted], text=text, draft=draft),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = (
            f'inline; filename="{wanted}-session-{session.number}.pdf"'
        )
        return response
    documents = [
        {"kind": kind, "label": label, "saved": saved.get(kind),
         "text": saved[kind].text if kind in saved else generated[kind]}
        for kind, label in MinutesKind.choices
    ]
    return render(request, "elections/minutes.html", context(
        request, congress, session=session, documents=documents,
        sessions=congress.sessions.all(),
        minutes_text=documents[0]["text"], press_text=documents[1]["text"],
    ))

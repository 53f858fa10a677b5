"""The agenda: everyone reads it; the secretariat edits it; the presidium moves the pointer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.congress import selectors, services
from dahui.congress.access import Need, access_agenda_item, access_congress, access_document
from dahui.congress.forms import AgendaItemForm, DocumentForm
from dahui.congress.views.nav import page_context


@login_required
def agenda(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.VIEW)
    sessions = list(congress.sessions.all())
    form = AgendaItemForm(request.POST or None, sessions=sessions)
    if request.method == "POST":
        access_congress(request.user, congress_id, need=Need.MANAGE)
        if form.is_valid():
            session = next((s for s in sessions if s.pk == form.cleaned_data["session"]), None)
            try:
                services.add_agenda_item(
                    congress=congress, kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"], presenter=form.cleaned_data["presenter"],
                    session=session, by=request.user,
                )
            except services.ServiceError as error:
                messages.error(request, str(error))
            return redirect("congress:agenda", congress.pk)
    items = list(selectors.agenda(congress))
    voted = selectors.voted_agenda_item_ids(congress)
    for item in items:
        item.voted = item.pk in voted
        item.edit_form = AgendaItemForm(
            sessions=sessions, prefix=f"item{item.pk}",
            initial={"kind": item.kind, "title": item.title, "presenter": item.presenter,
                     "session": item.session_id},
        )
    return render(
        request, "congress/agenda.html",
        page_context(request, congress, items=items, form=form, document_form=DocumentForm()),
    )


def _item(request: HttpRequest, congress_id: int, item_id: int, need: Need):
    item = access_agenda_item(request.user, item_id, need=need)
    if item.congress_id != congress_id:
        raise PermissionDenied
    return item


@login_required
@require_POST
def move(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = _item(request, congress_id, item_id, Need.MANAGE)
    services.move_agenda_item(item=item, offset=-1 if request.POST.get("up") else 1,
                              by=request.user)
    return redirect("congress:agenda", congress_id)


@login_required
@require_POST
def edit(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = _item(request, congress_id, item_id, Need.MANAGE)
    sessions = list(item.congress.sessions.all())
    form = AgendaItemForm(request.POST, sessions=sessions, prefix=f"item{item.pk}")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, f"{label}：{' '.join(errors)}")
        return redirect("congress:agenda", congress_id)
    session = next((s for s in sessions if s.pk == form.cleaned_data["session"]), None)
    try:
        services.update_agenda_item(
            item=item, kind=form.cleaned_data["kind"], title=form.cleaned_data["title"],
            presenter=form.cleaned_data["presenter"], session=session, by=request.user,
        )
    except services.ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Agenda item saved."))
    return redirect(f"/c/{congress_id}/agenda/#item-{item.pk}")


@login_required
@require_POST
def remove(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = _item(request, congress_id, item_id, Need.MANAGE)
    try:
        services.remove_agenda_item(item=item, by=request.user)
    except services.ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” was removed from the agenda.")
                         % {"title": item.title})
    return redirect("congress:agenda", congress_id)


@login_required
@require_POST
def make_current(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = _item(request, congress_id, item_id, Need.MOVE_AGENDA)
    services.set_current_item(congress=item.congress, item=item, by=request.user)
    return redirect("congress:agenda", congress_id)


@login_required
@require_POST
def clear_current(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, need=Need.MOVE_AGENDA)
    services.set_current_item(congress=congress, item=None, by=request.user)
    return redirect("congress:agenda", congress_id)


@login_required
@require_POST
def upload_document(request: HttpRequest, congress_id: int, item_id: int) -> HttpResponse:
    item = _item(request, congress_id, item_id, Need.MANAGE)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_document(item=item, title=form.cleaned_data["title"],
                                     upload=form.cleaned_data["file"], by=request.user)
        except services.ServiceError as error:
            messages.error(request, str(error))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("congress:agenda", congress_id)


@login_required
def document(request: HttpRequest, congress_id: int, document_id: int) -> FileResponse:
    found = access_document(request.user, document_id)
    if found.item.congress_id != congress_id:
        raise PermissionDenied
    return FileResponse(found.file.open("rb"), content_type="application/pdf",
                        filename=f"{found.title}.pdf")

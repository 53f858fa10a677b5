"""The unions a user may open, one union's home, and its member roster import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dahui.unions import services
from dahui.unions.access import Need, access_union, unions_of
from dahui.unions.errors import Refused
from dahui.unions.forms import MembersUploadForm, StartElectionForm
from dahui.unions.members_import import MembersRefused, template_rows
from dahui.unions.models import MemberUpload, UnionKind
from dahui.unions.views.common import XLSX, attachment, page_context

MAX_UPLOAD_BYTES = 40 * 1024 * 1024


@login_required
def union_list(request: HttpRequest) -> HttpResponse:
    return render(request, "unions/list.html", {"unions": unions_of(request.user)})


@login_required
def union_home(request: HttpRequest, union_id: int) -> HttpResponse:
    union = access_union(request.user, union_id)
    if union.kind == UnionKind.HIGHER:
        return redirect("unions:oversight", union.pk)
    context = page_context(
        request, union, members=union.members.count(),
        branches=union.branches.all(), elections=union.elections.all(),
        form=StartElectionForm(),
    )
    return render(request, "unions/home.html", context)


@login_required
@require_POST
def start_election(request: HttpRequest, union_id: int) -> HttpResponse:
    union = access_union(request.user, union_id, need=Need.RUN)
    form = StartElectionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            election = services.start_election(union=union, by=request.user, **form.cleaned_data)
        except Refused as refused:
            error = refused.message
        else:
            return redirect("unions:election", election.pk)
    context = page_context(request, union, members=union.members.count(),
                           branches=union.branches.all(), elections=union.elections.all(),
                           form=form, error=error)
    return render(request, "unions/home.html", context, status=400)


@login_required
def members_import(request: HttpRequest, union_id: int) -> HttpResponse:
    union = access_union(request.user, union_id, need=Need.ROSTER)
    form = MembersUploadForm(request.POST or None, request.FILES or None)
    context = page_context(request, union, form=form)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif form.cleaned_data["file"].size > MAX_UPLOAD_BYTES:
            context["problems"] = [_("The file is larger than 40 MB.")]
            status = 400
        else:
            upload = form.cleaned_data["file"]
            try:
                stored, plan = services.upload_members(union=union, data=upload.read(),
                                                       filename=upload.name, by=request.user)
            except MembersRefused as refused:
                context["problems"] = refused.problems
                status = 400
            else:
                context.update(plan=plan, upload=stored)
    return render(request, "unions/members_import.html", context, status=status)


@login_required
@require_POST
def members_apply(request: HttpRequest, union_id: int, upload_id: int) -> HttpResponse:
    union = access_union(request.user, union_id, need=Need.ROSTER)
    upload = MemberUpload.objects.filter(pk=upload_id, union=union).first()
    if upload is None:
        raise PermissionDenied("no such upload in this union")
    try:
        plan = services.apply_upload(upload=upload, by=request.user)
    except MembersRefused as refused:
        context = page_context(request, union, form=MembersUploadForm(),
                               problems=refused.problems)
        return render(request, "unions/members_import.html", context, status=400)
    from django.contrib import messages

    messages.success(request, _("Roster updated: %(a)d added, %(c)d changed, %(r)d removed.")
                     % {"a": len(plan.adds), "c": len(plan.changes), "r": len(plan.removals)})
    return redirect("unions:home", union.pk)


@login_required
def members_template(request: HttpRequest, union_id: int) -> HttpResponse:
    access_union(request.user, union_id, need=Need.ROSTER)
    from io import BytesIO

    from openpyxl import Workbook

    from dahui.documents.xlsx_cells import append_text_row

    workbook = Workbook()
    for row in template_rows():
        append_text_row(workbook.active, row)
    buffer = BytesIO()
    workbook.save(buffer)
    return attachment(buffer.getvalue(), "会员名册模板.xlsx", XLSX)

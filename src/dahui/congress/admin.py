"""Django admin for staff: a read-mostly view of the congress data.

Changes that the services audit (roster, credentials, tokens, agenda) should go through the
pages; the admin is for looking things up and for fixing what the pages do not cover.
"""

from django.contrib import admin

from dahui.congress.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Congress,
    CongressRole,
    Delegate,
    Delegation,
    LeaveRequest,
    Organisation,
    PlenarySession,
)


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ("title", "term_number", "starts_on", "venue", "invitees_vote")
    readonly_fields = ("screen_token", "current_item")


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "gender", "delegation", "status", "credential_status")
    list_filter = ("congress", "status", "credential_status", "delegation")
    search_fields = ("name", "number", "work_unit")
    readonly_fields = ("access_code", "user", "credential_status", "replaced_by")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("session", "delegate", "checked_in_at", "method")
    list_filter = ("session",)


@admin.register(CongressRole)
class CongressRoleAdmin(admin.ModelAdmin):
    list_display = ("congress", "user", "role")
    list_filter = ("congress", "role")


admin.site.register(Organisation)
admin.site.register(PlenarySession)
admin.site.register(Delegation)
admin.site.register(LeaveRequest)
admin.site.register(AgendaItem)
admin.site.register(AgendaDocument)

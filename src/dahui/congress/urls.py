from django.contrib.auth import views as auth_views
from django.urls import include, path

from dahui.congress.views import agenda, checkin, credentials, home, login, roster, screen

congress_patterns = [
    path("", home.congress_home, name="home"),
    path("roster/", roster.roster, name="roster"),
    path("roster/import/", roster.roster_import, name="roster-import"),
    path("roster/import/apply/", roster.roster_apply, name="roster-apply"),
    path("roster/template.xlsx", roster.roster_template_download, name="roster-template"),
    path("roster/export.xlsx", roster.roster_export_download, name="roster-export"),
    path("delegations/", roster.delegations, name="delegations"),
    path("delegates/<int:delegate_id>/", roster.delegate_detail, name="delegate"),
    path("delegates/<int:delegate_id>/token/", roster.delegate_token, name="delegate-token"),
    path("delegates/<int:delegate_id>/credential/", credentials.decide, name="credential-decide"),
    path("credentials/", credentials.review, name="credentials"),
    path("credentials/confirm-all/", credentials.confirm_all, name="credentials-confirm-all"),
    path("credentials.pdf", credentials.credentials_download, name="credentials-pdf"),
    path("composition/", credentials.composition_page, name="composition"),
    path("composition.pdf", credentials.composition_download, name="composition-pdf"),
    path("s/<int:session_id>/check-in/", checkin.desk, name="check-in"),
    path("s/<int:session_id>/check-in/do/", checkin.desk_check_in, name="check-in-do"),
    path("s/<int:session_id>/scanner/", checkin.scanner, name="scanner"),
    path("s/<int:session_id>/scan/", checkin.scan, name="scan"),
    path("s/<int:session_id>/attendance/", checkin.attendance, name="attendance"),
    path("s/<int:session_id>/attendance.json", checkin.attendance_json, name="attendance-json"),
    path("leave/", checkin.leave_request, name="leave-request"),
    path("leave/<int:leave_id>/decide/", checkin.leave_decide, name="leave-decide"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("agenda/<int:item_id>/move/", agenda.move, name="agenda-move"),
    path("agenda/<int:item_id>/current/", agenda.make_current, name="agenda-current"),
    path("agenda/clear-current/", agenda.clear_current, name="agenda-clear-current"),
    path("agenda/<int:item_id>/documents/", agenda.upload_document, name="agenda-document"),
    path("documents/<int:document_id>/", agenda.document, name="document"),
]

urlpatterns = [
    path("", home.front, name="front"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("code/", login.code_login, name="code-login"),
    path("d/<str:key>", login.token_login, name="token-login"),
    path("d/<str:key>/", login.token_login),
    path("screen/<int:congress_id>/<str:token>/", screen.screen, name="screen"),
    path("screen/<int:congress_id>/<str:token>/snapshot.json", screen.screen_snapshot,
         name="screen-snapshot"),
    path("c/<int:congress_id>/", include((congress_patterns, "congress"))),
]

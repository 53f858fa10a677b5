from django.urls import path

from dahui.unions.views import election, notice, oversight, unions

app_name = "unions"

urlpatterns = [
    path("unions/", unions.union_list, name="list"),
    path("unions/<int:union_id>/", unions.union_home, name="home"),
    path("unions/<int:union_id>/elections/new/", unions.start_election, name="start-election"),
    path("unions/<int:union_id>/members/import/", unions.members_import, name="members-import"),
    path("unions/<int:union_id>/members/import/<int:upload_id>/apply/", unions.members_apply,
         name="members-apply"),
    path("unions/<int:union_id>/members/template.xlsx", unions.members_template,
         name="members-template"),
    path("unions/<int:union_id>/oversight/", oversight.oversight, name="oversight"),
    path("unions/<int:union_id>/register.xlsx", oversight.register_export, name="register-xlsx"),
    path("chair/<int:election_id>/", election.election_page, name="election"),
    path("chair/<int:election_id>/papers.xlsx", election.election_papers, name="papers"),
    path("chair/<int:election_id>/<slug:action>/", election.election_action, name="action"),
    path("chair/objection/<int:objection_id>/answer/", election.answer_objection,
         name="answer"),
    path("gongshi/<int:election_id>/<str:token>/", notice.notice_page, name="notice"),
    path("gongshi/<int:election_id>/<str:token>/notice.pdf", notice.notice_document,
         name="notice-pdf"),
]

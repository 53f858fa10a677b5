from django.urls import path

from dahui.unions.views import election, notice, oversight, unions

app_name = "unions"

urlpatterns = [
    path("unions/", unions.union_list, name="list"),
    path("unions/<id:union_id>/", unions.union_home, name="home"),
    path("unions/<id:union_id>/elections/new/", unions.start_election, name="start-election"),
    path("unions/<id:union_id>/members/import/", unions.members_import, name="members-import"),
    path("unions/<id:union_id>/members/import/<id:upload_id>/apply/", unions.members_apply,
         name="members-apply"),
    path("unions/<id:union_id>/members/template.xlsx", unions.members_template,
         name="members-template"),
    path("unions/<id:union_id>/oversight/", oversight.oversight, name="oversight"),
    path("unions/<id:union_id>/register.xlsx", oversight.register_export, name="register-xlsx"),
    path("chair/<id:election_id>/", election.election_page, name="election"),
    path("chair/<id:election_id>/papers.xlsx", election.election_papers, name="papers"),
    path("chair/<id:election_id>/<slug:action>/", election.election_action, name="action"),
    path("chair/objection/<id:objection_id>/answer/", election.answer_objection,
         name="answer"),
    path("gongshi/<id:election_id>/<str:token>/", notice.notice_page, name="notice"),
    path("gongshi/<id:election_id>/<str:token>/notice.pdf", notice.notice_document,
         name="notice-pdf"),
]

from django.urls import path

from dahui.appraisal import views

app_name = "appraisal"
urlpatterns = [
    path("c/<id:congress_id>/appraisals/", views.appraisals, name="list"),
    path("appraisals/<id:appraisal_id>/", views.appraisal_page, name="appraisal"),
    path("polls/<id:poll_id>/appraisal-totals/", views.totals, name="totals"),
    path("polls/<id:poll_id>/appraisal.pdf", views.result_pdf, name="result-pdf"),
    path("polls/<id:poll_id>/appraisal.xlsx", views.result_xlsx, name="result-xlsx"),
    path("panels/<id:panel_id>/", views.panel_page, name="panel"),
    path("panels/<id:panel_id>/result.pdf", views.panel_pdf, name="panel-pdf"),
    path("panels/<id:panel_id>/result.xlsx", views.panel_xlsx, name="panel-xlsx"),
]

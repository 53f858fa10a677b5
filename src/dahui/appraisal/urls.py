from django.urls import path

from dahui.appraisal import views

app_name = "appraisal"
urlpatterns = [
    path("c/<int:congress_id>/appraisals/", views.appraisals, name="list"),
    path("appraisals/<int:appraisal_id>/", views.appraisal_page, name="appraisal"),
    path("polls/<int:poll_id>/appraisal-totals/", views.totals, name="totals"),
    path("polls/<int:poll_id>/appraisal.pdf", views.result_pdf, name="result-pdf"),
    path("polls/<int:poll_id>/appraisal.xlsx", views.result_xlsx, name="result-xlsx"),
    path("panels/<int:panel_id>/", views.panel_page, name="panel"),
    path("panels/<int:panel_id>/result.pdf", views.panel_pdf, name="panel-pdf"),
    path("panels/<int:panel_id>/result.xlsx", views.panel_xlsx, name="panel-xlsx"),
]

from django.urls import path

from dahui.groups.views import bulletin, pages

app_name = "groups"
urlpatterns = [
    path("c/<int:congress_id>/groups/", pages.index, name="index"),
    path("c/<int:congress_id>/groups/from-delegations/", pages.make_from_delegations,
         name="from-delegations"),
    path("c/<int:congress_id>/groups/add/", pages.add, name="add"),
    path("c/<int:congress_id>/groups/<int:group_id>/", pages.group_page, name="group"),
    path("c/<int:congress_id>/groups/<int:group_id>/<slug:action>/", pages.organise,
         name="organise"),
    path("c/<int:congress_id>/groups/<int:group_id>/items/<int:item_id>/", pages.summary,
         name="summary"),
    path("c/<int:congress_id>/discussions/<int:item_id>/", pages.side_by_side,
         name="side-by-side"),
    path("c/<int:congress_id>/discussions/<int:item_id>/summaries.xlsx",
         pages.side_by_side_xlsx, name="side-by-side-xlsx"),
    path("c/<int:congress_id>/bulletins/", bulletin.bulletins, name="bulletins"),
    path("c/<int:congress_id>/bulletins/<str:day>/preview.pdf", bulletin.preview,
         name="bulletin-preview"),
    path("c/<int:congress_id>/bulletins/<str:day>/issue/", bulletin.issue,
         name="bulletin-issue"),
    path("c/<int:congress_id>/bulletins/<int:number>.pdf", bulletin.download,
         name="bulletin-download"),
]

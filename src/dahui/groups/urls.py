from django.urls import path

from dahui.groups.views import bulletin, pages

app_name = "groups"
urlpatterns = [
    path("c/<id:congress_id>/groups/", pages.index, name="index"),
    path("c/<id:congress_id>/groups/from-delegations/", pages.make_from_delegations,
         name="from-delegations"),
    path("c/<id:congress_id>/groups/add/", pages.add, name="add"),
    path("c/<id:congress_id>/groups/<id:group_id>/", pages.group_page, name="group"),
    path("c/<id:congress_id>/groups/<id:group_id>/<slug:action>/", pages.organise,
         name="organise"),
    path("c/<id:congress_id>/groups/<id:group_id>/items/<id:item_id>/", pages.summary,
         name="summary"),
    path("c/<id:congress_id>/discussions/<id:item_id>/", pages.side_by_side,
         name="side-by-side"),
    path("c/<id:congress_id>/discussions/<id:item_id>/summaries.xlsx",
         pages.side_by_side_xlsx, name="side-by-side-xlsx"),
    path("c/<id:congress_id>/bulletins/", bulletin.bulletins, name="bulletins"),
    path("c/<id:congress_id>/bulletins/<str:day>/preview.pdf", bulletin.preview,
         name="bulletin-preview"),
    path("c/<id:congress_id>/bulletins/<str:day>/issue/", bulletin.issue,
         name="bulletin-issue"),
    path("c/<id:congress_id>/bulletins/<id:number>.pdf", bulletin.download,
         name="bulletin-download"),
]

from django.urls import path

from dahui.speakers import views

app_name = "speakers"
urlpatterns = [
    path("c/<id:congress_id>/speakers/", views.index, name="index"),
    path("c/<id:congress_id>/speakers/speeches.xlsx", views.export, name="export"),
    path("c/<id:congress_id>/speakers/<id:item_id>/", views.item_page, name="item"),
    path("c/<id:congress_id>/speakers/<id:item_id>/ask/", views.ask, name="ask"),
    path("c/<id:congress_id>/speakers/<id:item_id>/withdraw/", views.withdraw,
         name="withdraw"),
    path("c/<id:congress_id>/speakers/<id:item_id>/add/", views.add, name="add"),
    path("c/<id:congress_id>/speakers/<id:item_id>/settings/", views.list_settings,
         name="settings"),
    path("c/<id:congress_id>/speakers/<id:item_id>/draw/", views.draw, name="draw"),
    path("c/<id:congress_id>/speakers/speech/<id:speech_id>/<str:action>/",
         views.speech_action, name="speech"),
]

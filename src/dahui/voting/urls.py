from django.urls import path

from dahui.voting import cast_view, views

app_name = "voting"
urlpatterns = [
    path("c/<id:congress_id>/vote/", views.current, name="current"),
    path("vote/<id:poll_id>/", views.ballot, name="ballot"),
    path("vote/<id:poll_id>/cast", cast_view.cast, name="cast"),
    path("vote/<id:poll_id>/ballot-publication", views.ballot_publication,
         name="ballot-publication"),
]

from django.urls import path

from dahui.voting import cast_view, views

app_name = "voting"
urlpatterns = [
    path("c/<int:congress_id>/vote/", views.current, name="current"),
    path("vote/<int:poll_id>/", views.ballot, name="ballot"),
    path("vote/<int:poll_id>/cast", cast_view.cast, name="cast"),
    path("vote/<int:poll_id>/ballot-publication", views.ballot_publication,
         name="ballot-publication"),
]

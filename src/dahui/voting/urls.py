from django.urls import path

from dahui.voting import views

app_name = "voting"
urlpatterns = [
    path("c/<int:congress_id>/vote/", views.current, name="current"),
    path("vote/<int:poll_id>/", views.ballot, name="ballot"),
]

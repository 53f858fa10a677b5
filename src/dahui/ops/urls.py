from django.urls import path

from dahui.ops import views

app_name = "ops"
urlpatterns = [
    path("c/<id:congress_id>/status/", views.status, name="status"),
]

from django.urls import path

from dahui.live import views

app_name = "live"
urlpatterns = [
    path("<id:congress_id>/snapshot", views.snapshot, name="snapshot"),
]

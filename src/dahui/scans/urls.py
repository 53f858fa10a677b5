from django.urls import path

from dahui.scans import views

app_name = "scans"
urlpatterns = [
    path("polls/<int:poll_id>/scans/", views.scans_page, name="page"),
    path("polls/<int:poll_id>/scans/status.json", views.status, name="status"),
    path("polls/<int:poll_id>/scans/upload/", views.upload, name="upload"),
    path("polls/<int:poll_id>/scans/runs/<int:run_id>/finish/", views.finish, name="finish"),
    path("polls/<int:poll_id>/scans/runs/<int:run_id>/discard/", views.discard,
         name="discard"),
    path("polls/<int:poll_id>/scans/review/", views.review, name="review"),
    path("polls/<int:poll_id>/scans/pages/<int:page_id>/decide/", views.decide,
         name="decide"),
    path("polls/<int:poll_id>/scans/pages/<int:page_id>/page.png", views.page_image,
         name="page-image"),
    path("polls/<int:poll_id>/scans/pages/<int:page_id>/crop-<int:index>.png",
         views.crop_image, name="crop-image"),
    path("polls/<int:poll_id>/record/scans.zip", views.record_scans, name="record"),
]

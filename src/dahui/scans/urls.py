from django.urls import path

from dahui.scans import views

app_name = "scans"
urlpatterns = [
    path("polls/<id:poll_id>/scans/", views.scans_page, name="page"),
    path("polls/<id:poll_id>/scans/status.json", views.status, name="status"),
    path("polls/<id:poll_id>/scans/upload/", views.upload, name="upload"),
    path("polls/<id:poll_id>/scans/runs/<id:run_id>/finish/", views.finish, name="finish"),
    path("polls/<id:poll_id>/scans/runs/<id:run_id>/discard/", views.discard,
         name="discard"),
    path("polls/<id:poll_id>/scans/review/", views.review, name="review"),
    path("polls/<id:poll_id>/scans/pages/<id:page_id>/decide/", views.decide,
         name="decide"),
    path("polls/<id:poll_id>/scans/pages/<id:page_id>/page.png", views.page_image,
         name="page-image"),
    path("polls/<id:poll_id>/scans/pages/<id:page_id>/crop-<id:index>.png",
         views.crop_image, name="crop-image"),
    path("polls/<id:poll_id>/record/scans.zip", views.record_scans, name="record"),
]

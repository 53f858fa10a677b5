from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("live/", include("dahui.live.urls")),
    path("", include("dahui.congress.urls")),
    path("", include("dahui.elections.urls")),
    path("", include("dahui.scans.urls")),
    path("", include("dahui.voting.urls")),
    path("", include("dahui.groups.urls")),
    path("", include("dahui.appraisal.urls")),
    path("", include("dahui.speakers.urls")),
    path("", include("dahui.proposals.urls")),
    path("", include("dahui.unions.urls")),
    path("", include("dahui.ops.urls")),
]

# Each app adds its pages by listing them here as it lands.
urlpatterns += (
    static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) if settings.DEBUG else []
)

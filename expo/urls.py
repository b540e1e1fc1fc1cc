from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from expo import views

urlpatterns = [
    path("", include("expo.site_urls")),
    path("", include("pavilions.urls")),
    path("", include("exhibitors.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="liveness"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

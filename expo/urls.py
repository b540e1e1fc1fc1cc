from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from exhibitors.sitemaps import sitemaps as exhibitor_sitemaps
from expo import views
from expo.sitemaps import sitemaps as expo_sitemaps
from pavilions.sitemaps import sitemaps as pavilion_sitemaps
from programme.sitemaps import sitemaps as programme_sitemaps

# The project URLconf is the one place that joins the apps' sitemaps.
SITEMAPS = {**expo_sitemaps, **pavilion_sitemaps, **exhibitor_sitemaps, **programme_sitemaps}


def sitemap_index(request):
    """``/sitemap.xml``: the index of the sections' sitemaps, each page at most 50,000 URLs
    (``Sitemap.limit``), so that no file passes the protocol's limit however large the directory."""
    return sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap_section")


def sitemap_section(request, section):
    """``/sitemap-<section>.xml?p=N``: one section's pages in every language; 404 past the last."""
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)


sitemap_section.query_parameters = ("p",)  # Django's sitemap pages (expo.cache.known_parameters)

# Every public page in each language: English unprefixed, /zh-hans/... and /ru/... (core/languages.py).
urlpatterns = i18n_patterns(
    path("", include("expo.site_urls")),
    path("", include("pavilions.urls")),
    path("", include("exhibitors.urls")),
    path("", include("programme.urls")),
    path("", include("visits.urls")),
    # Share cards (og:image), drawn in the page's language: core/share_cards.py.
    path("share-cards/<slug:kind>/<slug:slug>.png", views.share_card, name="share_card"),
    path("share-cards/<slug:name>.png", views.page_share_card, name="page_share_card"),
    prefix_default_language=False,
)
urlpatterns += [
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
    # Icons; static/img/.
    path("favicon.ico", views.favicon, name="favicon"),
    path("apple-touch-icon.png", views.apple_touch_icon, name="apple_touch_icon"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="liveness"),
    path("admin/", admin.site.urls),
]

# Branded error pages that need no database (core/errors.py).
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

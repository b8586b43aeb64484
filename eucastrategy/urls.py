from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from core.history import views as history_views

from . import health, quality, sitemaps, views

handler400 = "eucastrategy.views.bad_request"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),  # one address, not per language
    # One address each, listing the pages in every language.
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    *i18n_patterns(
        path("", views.OverviewView.as_view(), name="home"),
        path("priorities/", include("priorities.urls.priorities")),
        path("themes/", include("priorities.urls.themes")),
        path("countries/", include("eucastrategy.country_urls")),
        path("meetings/", include("meetings.urls.meetings")),
        path("matrix/", include("meetings.urls.matrix")),
        path("commitments/", include("meetings.urls.commitments")),
        path("partners/", include("funding.urls.partners")),
        path("funding/", include("funding.urls.funding")),
        path("programmes/", include("funding.urls.programmes")),
        path("sources/", include("core.source_pages.urls")),
        path("data/", include("eucastrategy.open_data.urls")),
        path("api/", include("eucastrategy.api.urls")),
        path("quality/", quality.QualityView.as_view(), name="quality"),
        path("changes/", history_views.ChangesView.as_view(), name="changes"),
        path("changes/feed/", require_safe(history_views.ChangesFeed()), name="changes-feed"),
        path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
        path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

handler400 = "eucastrategy.views.bad_request"

urlpatterns = i18n_patterns(
    path("", views.OverviewView.as_view(), name="home"),
    path("priorities/", include("priorities.urls")),
    path("meetings/", include("meetings.urls")),
    path("partners/", include("funding.urls.partners")),
    path("funding/", include("funding.urls.funding")),
    path("programmes/", include("funding.urls.programmes")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

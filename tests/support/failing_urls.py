"""The site's URLs plus one that raises, for the 500 page's tests."""

from django.urls import path

from eucastrategy.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


urlpatterns = [path("fail/", fail), *site_urlpatterns]

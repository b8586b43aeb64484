"""This app's pages in the sitemap (put together in ``eucastrategy.sitemaps``)."""

from core.sitemaps import RecordSitemap

from .models import Country, PriorityArea, Theme

sitemaps = {
    "priorities": RecordSitemap(PriorityArea.objects.all()),
    "themes": RecordSitemap(Theme.objects.all()),
    "countries": RecordSitemap(Country.objects.all(), fields=("pk", "code")),
}

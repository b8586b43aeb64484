"""This app's pages in the sitemap (put together in ``eucastrategy.sitemaps``)."""

from core.sitemaps import RecordSitemap

from .models import Allocation, Organisation, Programme

sitemaps = {
    "partners": RecordSitemap(Organisation.objects.all()),
    "programmes": RecordSitemap(Programme.objects.all()),
    "funding": RecordSitemap(Allocation.objects.all(), fields=("pk",)),
}

"""This app's pages in the sitemap (put together in ``eucastrategy.sitemaps``)."""

from core.sitemaps import RecordSitemap

from .models import Commitment, Meeting

sitemaps = {
    "meetings": RecordSitemap(Meeting.objects.all()),
    "commitments": RecordSitemap(Commitment.objects.all()),
}

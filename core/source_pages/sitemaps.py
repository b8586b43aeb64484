"""The sources' pages in the sitemap (put together in ``eucastrategy.sitemaps``)."""

from ..sitemaps import RecordSitemap
from ..sources.models import Source

sitemaps = {"sources": RecordSitemap(Source.objects.all())}

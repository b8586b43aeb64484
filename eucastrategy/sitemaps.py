"""/sitemap.xml (an index of sections) and /robots.txt.

The sitemap lists every public page in English and Russian, each with its ``hreflang``
alternates and an ``x-default``: the site's own pages (the overview, the lists, the open
data) and each record's page, section by section from the app that owns the records. Not
listed: the history of each record and the matrix's cells (views of pages already listed),
the forms and the admin, which robots.txt keeps crawlers out of.
"""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from core.lists.views import refuse_repeated_parameters
from core.sitemaps import PagesSitemap
from core.source_pages.sitemaps import sitemaps as source_sitemaps
from funding.sitemaps import sitemaps as funding_sitemaps
from meetings.sitemaps import sitemaps as meeting_sitemaps
from priorities.sitemaps import sitemaps as priority_sitemaps

SITE_PAGES = [
    "home",
    "priorities:list",
    "themes:list",
    "countries:list",
    "meetings:list",
    "matrix:list",
    "commitments:list",
    "partners:list",
    "funding:list",
    "programmes:list",
    "sources:list",
    "quality",
    "changes",
    "data:index",
    "api:index",
]

SITEMAPS = {
    "pages": PagesSitemap(SITE_PAGES),
    **priority_sitemaps,
    **meeting_sitemaps,
    **funding_sitemaps,
    **source_sitemaps,
}


@require_safe
def index(request):
    refuse_repeated_parameters(request.GET)
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


@require_safe
def section(request, section):
    refuse_repeated_parameters(request.GET)
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


# What crawlers have no business in: the admin, signing in, the forms, and the lists'
# exports (the same rows as the pages, as files).
PRIVATE_PAGES = ["admin:index", "login", "logout"]
FORMS_AND_EXPORTS = ["/*/new/", "/*/edit/", "/*/delete/", "/*?*format="]


def disallowed() -> list[str]:
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [reverse(name) for name in PRIVATE_PAGES]
    return [*dict.fromkeys(paths), *FORMS_AND_EXPORTS]


@require_safe
def robots_txt(request):
    refuse_repeated_parameters(request.GET)
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed()),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")

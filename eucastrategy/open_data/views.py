"""/data/: what the open data is, its licence, its tables and files, and every other output
of the portal (calendars, feeds, IATI, the API description), each with what it is for."""

from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.freshness import cached_count
from core.lists.views import SingleValuedQueryMixin
from core.open_data.descriptor import PackageInfo
from core.open_data.registry import data_resources
from funding.iati import omissions, publishable, reporter_problems
from funding.models import Programme

PACKAGE = PackageInfo(
    name="eucastrategy-data",
    title=_("EU–Central Asia Strategy Tracker: open data"),
    description=_(
        "The EU Strategy for Central Asia as the portal follows it: priority areas, themes, "
        "countries, the ministerial meetings and their participants, partner organisations, "
        "the budget envelopes with their allocation lines and the programmes they fund, the "
        "commitments with their status changes, and the sources behind the facts."
    ),
    portal=_("EU–Central Asia Strategy Tracker"),
)


@dataclass(frozen=True)
class Output:
    """Another file or feed the portal publishes: its URL name, title and what it is for."""

    url_name: str
    title: str | Promise
    explanation: str | Promise


OUTPUTS = (
    Output(
        "data:package",
        _("Data package descriptor (datapackage.json)"),
        _("Every table above, its columns, types and keys, as a Frictionless Data Package."),
    ),
    Output(
        "data:zip",
        _("Everything in one zip"),
        _("datapackage.json and every table's CSV file, in one download."),
    ),
    Output(
        "programmes:iati",
        _("IATI activity file"),
        _("The programmes and their funding as IATI XML, for aid transparency tools."),
    ),
    Output(
        "meetings:calendar",
        _("Calendar of the ministerial meetings"),
        _("The meetings as an iCalendar (.ics) file, to add to or subscribe in a calendar."),
    ),
    Output(
        "changes-feed",
        _("Feed of recent changes"),
        _("An Atom feed of every change the editors make, for a feed reader."),
    ),
    Output(
        "commitments:feed",
        _("Feed of the commitments' status changes"),
        _("An Atom feed of what has happened to each commitment, with its evidence."),
    ),
    Output(
        "api:openapi",
        _("OpenAPI description"),
        _("The lists' JSON exports described in OpenAPI, for programs and code generators."),
    ),
    Output(
        "api:index",
        _("API documentation"),
        _("How to read the lists as JSON: the addresses, their parameters and their fields."),
    ),
    Output(
        "sitemap",
        _("Sitemap"),
        _("Every public page in both languages, for search engines."),
    ),
)


def other_outputs() -> list[dict]:
    return [{"output": output, "url": reverse(output.url_name)} for output in OUTPUTS]


# At most this many of the programmes left out of the IATI file are named on /data/: the
# comment at the top of the file names them all.
IATI_LEFT_OUT_SHOWN = 20


def iati_left_out() -> dict:
    """What the IATI file leaves out and why: the settings it lacks, if any (then it has no
    activity at all), else the first programmes left out or published without some of
    their lines, and how many of all the programmes it publishes. A fixed number of
    queries, whatever the number of programmes."""
    programmes = Programme.objects.all()
    problems = reporter_problems()
    shown = [] if problems else list(islice(omissions(programmes), IATI_LEFT_OUT_SHOWN + 1))
    return {
        "problems": problems,
        "omissions": shown[:IATI_LEFT_OUT_SHOWN],
        "more": len(shown) > IATI_LEFT_OUT_SHOWN,
        "published": 0 if problems else publishable(programmes).count(),
        "total": cached_count(programmes),
    }


class DataIndexView(SingleValuedQueryMixin, TemplateView):
    template_name = "open_data/index.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        tables = [
            {"resource": resource, "rows": cached_count(resource.rows())}
            for resource in data_resources()
        ]
        return super().get_context_data(**kwargs) | {
            "package": PACKAGE,
            "tables": tables,
            "license": settings.DATA_LICENSE,
            "outputs": other_outputs(),
            "iati": iati_left_out(),
        }

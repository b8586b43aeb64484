"""What this app tells the toolkit (``core.registry``): its history sections, its tracked
models, and the programmes and funding sections of a priority area's page. Called from
``FundingConfig.ready()``."""

from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import Exact
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history.queries import text, translated
from core.registry import (
    add_history_section,
    add_key_fields,
    add_page_section,
    reverse_or_none,
    track,
)

from .previews import lines_preview, programmes_preview


def organisation_name(code):
    """ "Name (ACRONYM)", or the name alone, in language ``code``, in SQL."""
    name, acronym = translated("name", code), translated("acronym", code)
    return Case(
        When(Exact(acronym, Value("")), then=name),
        default=text(name, Value(" ("), acronym, Value(")")),
        output_field=CharField(),
    )


def allocation_name(code):
    prefix, _sep, suffix = _("Allocation line #%(pk)s").partition("%(pk)s")
    return text(Value(prefix), Cast("id", CharField()), Value(suffix))


def envelope_page(key):
    """An envelope has no page of its own: its lines on /funding/."""
    address = reverse_or_none("funding:list") if key else None
    return f"{address}?{urlencode({'envelope': key})}" if address else None


def priority_programmes(priority):
    return {"programmes": programmes_preview(priority.programmes.all(), priority=priority.slug)}


def priority_funding(priority):
    lines = lines_preview(priority.allocations.all(), priority=priority.slug)
    return {"lines": lines, "allocated": lines.sums["amount"]}


def register() -> None:
    add_history_section("partners", gettext_lazy("Partners"), position=40)
    add_history_section("funding", gettext_lazy("Funding"), position=50)
    add_history_section("programmes", gettext_lazy("Programmes"), position=60)
    track("funding.organisation", section="partners", namespace="partners", name=organisation_name)
    track(
        "funding.allocation",
        section="funding",
        namespace="funding",
        lookup="pk",
        name=allocation_name,
    )
    track("funding.budgetenvelope", section="funding", page_url=envelope_page)
    track("funding.instrument", section="funding")
    track("funding.programme", section="programmes", namespace="programmes")
    # The facts on these records that need a source (core.sources).
    add_key_fields("funding.organisation", ("name", "acronym", "kind", "website", "initiator"))
    add_key_fields("funding.instrument", ("name",))
    add_key_fields("funding.budgetenvelope", ("amount", "countries"))
    add_page_section(
        "priorities.priorityarea",
        "funding/_priority_programmes.html",
        context=priority_programmes,
        position=20,
    )
    add_page_section(
        "priorities.priorityarea",
        "funding/_priority_funding.html",
        context=priority_funding,
        position=30,
    )

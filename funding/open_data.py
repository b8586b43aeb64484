"""This app's tables in the open data package (/data/): partner organisations, budget
envelopes, allocation lines and programmes. Called from ``FundingConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from core.lists.export import ExportColumn, joined_pairs, split_pairs, translated
from core.lists.schema import TEXT_LIST
from core.open_data.registry import Link, add_data_resource, list_resource
from priorities.models import Country

from .models import BudgetEnvelope
from .registration import envelope_page
from .views import AllocationListView, OrganisationListView, ProgrammeListView

NO_FOREIGN_KEY = _("Several codes: no foreign key, but each is a code in countries.csv.")


def _countries(envelope, part):
    """Names (part 0) or codes (part 1) of an envelope's countries, both in name order."""
    return [pair[part] for pair in split_pairs(envelope.export_countries)]


ENVELOPE_COLUMNS = (
    ExportColumn.attr("slug", _("Identifier")),
    ExportColumn.attr("title", _("Title")),
    ExportColumn.attr("source_of_funds", _("Source of funds"), "source"),
    ExportColumn.attr("amount_eur", _("Amount (EUR)"), "amount"),
    ExportColumn("country_codes", _("Country codes"), lambda e: _countries(e, 1), schema=TEXT_LIST),
    ExportColumn("countries", _("Countries"), lambda e: _countries(e, 0), schema=TEXT_LIST),
    ExportColumn.attr("description", _("Description")),
)


def envelope_rows():
    countries = joined_pairs(Country, "envelopes", translated("name"), "code")
    return BudgetEnvelope.objects.annotate(export_countries=countries).order_by("pk")


def register() -> None:
    add_data_resource(
        "organisations",
        title=_("Partner organisations"),
        description=_(
            "The partner organisations the strategy names (the EU itself included), and those "
            "that receive allocation lines or run programmes."
        ),
        **list_resource(OrganisationListView),
        primary_key=("slug",),
        foreign_keys=(Link("initiator_code", "countries", "code"),),
        position=60,
    )
    add_data_resource(
        "budget-envelopes",
        title=_("Budget envelopes"),
        description=_("The amounts of EU money set aside for the strategy, in EUR."),
        rows=envelope_rows,
        columns=lambda: ENVELOPE_COLUMNS,
        primary_key=("slug",),
        notes={"country_codes": NO_FOREIGN_KEY},
        page=lambda envelope: envelope_page(envelope.slug),
        position=70,
    )
    add_data_resource(
        "allocation-lines",
        title=_("Allocation lines"),
        description=_(
            "Each line of money from an envelope, in EUR: its year, kind (planned, committed or "
            "disbursed), country, priority area, partner and programme."
        ),
        **list_resource(AllocationListView),
        primary_key=("id",),
        foreign_keys=(
            Link("envelope", "budget-envelopes", "slug"),
            Link("country_code", "countries", "code"),
            Link("priority_slug", "priority-areas", "slug"),
            Link("partner_slug", "organisations", "slug"),
            Link("programme_slug", "programmes", "slug"),
        ),
        position=80,
    )
    add_data_resource(
        "programmes",
        title=_("Cooperation programmes"),
        description=_("The cooperation programmes, with their status, dates and countries."),
        **list_resource(ProgrammeListView),
        primary_key=("slug",),
        notes={"country_codes": NO_FOREIGN_KEY},
        position=90,
    )

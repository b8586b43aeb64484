"""The quality page's check of this app's records (``core.registry.add_quality_check``),
registered from ``FundingConfig.ready()``: budget envelopes whose allocation lines do not
add up to their amount, over or under (an envelope without lines is under by its amount).

The totals are summed in the database (``BudgetEnvelope.objects.with_allocated()``), so
the check costs one query however many lines there are. Demo envelopes
(``manage.py generate_demo_data``) are left out: they are made-up data.
"""

from decimal import Decimal

from django.db.models import DecimalField, F, Value
from django.db.models.functions import Coalesce, Round
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.lists.export import translated
from core.registry import add_quality_check, section_of, tracked_label

from .models import MONEY, BudgetEnvelope


def envelopes_not_adding_up():
    money = DecimalField(**MONEY)
    return (
        BudgetEnvelope.objects.filter(demo=False)
        .with_allocated()
        .annotate(
            allocated=Coalesce("allocated_total", Value(Decimal(0)), output_field=money),
            difference=Round(F("allocated") - F("amount"), 2, output_field=money),
            name=translated("title"),
        )
        .exclude(difference=0)
        .order_by("pk")
        .values("slug", "name", "amount", "allocated", "difference")
    )


CENT = Decimal("0.01")


def envelope_row(values: dict) -> dict:
    over = values["difference"] > 0
    return {
        "envelope": values["name"],
        "amount": values["amount"].quantize(CENT),
        "allocated": values["allocated"].quantize(CENT),
        "difference": values["difference"].quantize(CENT),
        "state": _("over the amount") if over else _("under the amount"),
        "url": tracked_label("funding.budgetenvelope").detail_url(values["slug"]),
    }


def register() -> None:
    add_quality_check(
        "envelopes-not-adding-up",
        _("Budget envelopes whose lines do not add up"),
        section=section_of("funding.budgetenvelope"),  # registration.register() ran first
        rows=envelopes_not_adding_up,
        columns=(
            ("envelope", _("Envelope")),
            ("amount", _("Amount (EUR)")),
            ("allocated", _("Allocated (EUR)")),
            ("difference", _("Difference (EUR)")),
            ("state", _("Lines are")),
        ),
        position=10,
        counted=ngettext_lazy(
            "%(count)s envelope whose lines do not add up to its amount",
            "%(count)s envelopes whose lines do not add up to their amounts",
            "count",
        ),
        row=envelope_row,
        description=_(
            "The allocation lines' total differs from the envelope's amount. "
            "The difference is the lines' total less the amount: above zero, the lines are "
            "over the amount; below zero, under it."
        ),
    )

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def money(value):
    """EUR amount in the active language's format: "€719,000,000" / "719 000 000 €"."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    amount = number_format(value, places, use_l10n=True, force_grouping=True)
    return _("€%(amount)s") % {"amount": amount}


@register.filter
def percent_of(part, whole):
    """Share of ``part`` in ``whole`` as a whole percentage, for bars and summaries."""
    if not whole:
        return 0
    return round(Decimal(part or 0) * 100 / Decimal(whole))


@register.filter
def sub(value, other):
    """``value - other`` for Decimal amounts; a missing ``other`` counts as zero."""
    return Decimal(value or 0) - Decimal(other or 0)

"""Amounts as people type them, in English or Russian, in forms and spreadsheets."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Spaces of any kind (Excel groups thousands with a no-break space) and the Swiss apostrophe.
NUMBER_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009']")
PLAIN_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


def parse_decimal(text: str) -> Decimal:
    """``1 000 000,50``, ``1000000.50``, ``1,000,000.50`` or ``1.000.000,50`` as a Decimal.

    With both marks the last one is the decimal mark; a single comma is one too (Russian
    Excel). ``1,000`` thus reads as 1.000, which an amount's two decimal places refuse.
    """
    number = NUMBER_GROUPING.sub("", text)
    if "," in number and "." in number:
        decimal_mark, grouping = (",", ".") if number.rfind(",") > number.rfind(".") else (".", ",")
        number = number.replace(grouping, "").replace(decimal_mark, ".")
    elif number.count(",") == 1:
        number = number.replace(",", ".")
    elif number.count(",") > 1:
        number = number.replace(",", "")
    elif number.count(".") > 1:
        number = number.replace(".", "")
    if not PLAIN_DECIMAL.fullmatch(number):
        raise ValueError(
            _("“%(value)s” is not an amount. Write it as 1 000 000,50 or 1000000.50.")
            % {"value": text}
        )
    return Decimal(number)


class AmountField(forms.DecimalField):
    """A EUR amount typed as "1 500 000,50" or "1,500,000.50" (either language's way);
    "1,000" is refused (three decimals) rather than guessed."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                value = parse_decimal(value.strip())
            except ValueError as error:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        return super().to_python(value)

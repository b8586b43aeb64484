"""Widgets that read what people type in a spreadsheet."""

import copy
import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from ..amounts import NUMBER_GROUPING, parse_decimal
from ..lists.export import JOINER, escape_formula

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
SPLIT_VALUES = re.compile(r"[;,]")
PLAIN_INTEGER = re.compile(r"-?\d+")


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula``: "'=SUM(A1)" from an export comes back as "=SUM(A1)"."""
    if text.startswith("'") and escape_formula(text[1:]) != text[1:]:
        return text[1:]
    return text


class TextWidget(widgets.CharWidget):
    """Text without the spaces around it (as admin forms do) and without export escaping."""

    def __init__(self):
        super().__init__(coerce_to_string=True, allow_blank=True)

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        return unescape_formula(str(value).strip()).strip()


class URLWidget(TextWidget):
    """A web address; ``www.osce.org`` is read as ``https://www.osce.org``, as in the admin."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and "://" not in text:
            return f"https://{text}"
        return text


class ChoiceWidget(TextWidget):
    """A choice by its code or its English or Russian label, in any case."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        folded = text.casefold()
        for choice in self.choices:
            if folded == choice.value.casefold() or folded in self._labels(choice):
                return choice.value
        return text  # full_clean() then says it is not a valid choice

    @staticmethod
    def _labels(choice):
        labels = set()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                labels.add(str(choice.label).casefold())
        return labels


class DateWidget(widgets.Widget):
    """Dates as ``2012-11-26``, ``26.11.2012`` or ``26/11/2012``; written as ISO 8601."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date. Write it as 2012-11-26 or 26.11.2012.") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DecimalWidget(widgets.DecimalWidget):
    """Amounts as Excel writes them in any locale; never through float. Written plain."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, Decimal | int):
            return Decimal(value)
        text = "" if value is None else str(value).strip()
        return parse_decimal(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else format(value, "f")


class IntegerWidget(widgets.IntegerWidget):
    """Whole numbers (years, sequence numbers, ids), spaces allowed; written plain."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        number = NUMBER_GROUPING.sub("", text)
        if not PLAIN_INTEGER.fullmatch(number):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def _no_such(model, field_name, keys):
    field = model._meta.get_field(field_name)
    return ValueError(
        _("There is no %(model)s with %(field)s %(values)s.")
        % {
            "model": model._meta.verbose_name,
            "field": field.verbose_name,
            "values": ", ".join(f"“{key}”" for key in keys),
        }
    )


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record by a readable key (slug, or ISO code with ``upper=True``). Each key
    is looked up once per import (``forget()`` starts anew); each row gets its own copy."""

    def __init__(self, model, field="slug", *, upper=False):
        super().__init__(model, field=field)
        self.upper = upper
        self.forget()

    def forget(self):
        self.found = {}  # key: record, or None for a key that has none
        self.read_pks = set()

    def has_read(self, pk):
        """Whether this widget read the record with ``pk`` in this import."""
        return pk is not None and pk in self.read_pks

    def key(self, value):
        text = "" if value is None else str(value).strip()
        return text.upper() if self.upper else text

    def clean(self, value, row=None, **kwargs):
        key = self.key(value)
        if not key:
            return None
        if key not in self.found:
            record = self.model._default_manager.filter(**{self.field: key}).first()
            self.found[key] = record
            if record is not None:
                self.read_pks.add(record.pk)
        if self.found[key] is None:
            raise _no_such(self.model, self.field, [key])
        return copy.copy(self.found[key])

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.field)


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Several related records by readable keys, separated by ``;`` or ``,``; each key
    looked up once per import, as ``NaturalKeyWidget`` does."""

    def __init__(self, model, field="slug", *, upper=False):
        super().__init__(model, separator=JOINER, field=field)
        self.upper = upper
        self.forget()

    def forget(self):
        self.found = {}

    def keys(self, value):
        text = "" if value is None else str(value)
        keys = [key.strip() for key in SPLIT_VALUES.split(text) if key.strip()]
        keys = [key.upper() for key in keys] if self.upper else keys
        return list(dict.fromkeys(keys))

    def clean(self, value, row=None, **kwargs):
        keys = self.keys(value)
        if not keys:
            return []
        if new := [key for key in keys if key not in self.found]:
            self.found |= dict.fromkeys(new)
            for obj in self.model._default_manager.filter(**{f"{self.field}__in": new}):
                self.found[getattr(obj, self.field)] = obj
        if missing := [key for key in keys if self.found[key] is None]:
            raise _no_such(self.model, self.field, missing)
        return [self.found[key] for key in keys]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return JOINER.join(sorted(getattr(related, self.field) for related in value.all()))


def column(name, widget=None, **kwargs):
    """A resource field whose column has the model attribute's name."""
    return fields.Field(attribute=name, column_name=name, widget=widget or TextWidget(), **kwargs)

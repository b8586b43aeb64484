"""Admin bulk import and export (django-import-export), for files that spreadsheets write.

The pieces every import/export resource of the project shares:

- ``ExcelCSV``, the only file format offered (see the settings): reads UTF-8 with or
  without a byte-order mark, UTF-16 with one and Windows-1251 (what Russian Excel saves as
  "CSV (разделители - запятые)"), with ``,``, ``;`` or tab between the cells, whichever the
  header row uses; writes UTF-8 with a byte-order mark, as the site's own CSV export does.
- widgets that read what people type in a spreadsheet: dates as ``2012-11-26``,
  ``26.11.2012`` or ``26/11/2012``; amounts as ``1 000 000,50`` or ``1000000.50`` (always
  ``Decimal``); related records by slug or ISO code (any case) instead of database ids, an
  unknown one being an error of that row; several of them separated by ``;`` or ``,``.
- ``ImportResource``, the base resource: every instance goes through ``full_clean()``; a
  file is imported all or nothing (any failing row rolls the whole file back, on the
  confirm step too); each saved row gets one history row (many-to-many values included)
  with the importing user and the change reason "import" and, when it updates a record, a
  new ``version``; unchanged rows are skipped. Exports escape spreadsheet formulas in text
  cells with the site export's ``escape_formula`` and leave numbers alone; importing such
  a file takes the escaping quote off again.
- ``ImportExportMixin``, import-export's admin mixin with the project's rules: importing
  needs the model's add *and* change permissions, exporting its view permission; a confirm
  step that fails saves nothing and shows the rows' errors.

The settings import this module for ``ExcelCSV``, before Django's app registry is ready,
so it imports nothing that defines models at import time: the admin mixin (which needs
``django.contrib.admin``) is put together on first use, see ``__getattr__`` at the end.
"""

import codecs
import csv
import datetime
import io
import re
from decimal import Decimal

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, results, widgets
from import_export.formats import base_formats

from eucastrategy.export import JOINER, escape_formula

CHANGE_REASON = "import"
DELIMITERS = (",", ";", "\t")  # in this order of preference when a header has none
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
SPLIT_VALUES = re.compile(r"[;,]")
# Spaces of any kind (Excel groups thousands with a no-break space) and the Swiss apostrophe.
NUMBER_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009']")
PLAIN_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
PLAIN_INTEGER = re.compile(r"-?\d+")


class ImportFileError(ValueError):
    """A file that cannot be read as a table; the message tells the admin why."""


# --- Reading and writing the file --------------------------------------------------------------


def decode_upload(data: bytes | str) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM), UTF-16 with a BOM, or
    else Windows-1251."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16")  # Excel's "Unicode text"
    if b"\x00" in data:
        raise ImportFileError(
            _("This is not a CSV file. In Excel, use “Save as” and choose a CSV type.")
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(data, "cp1251")


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is neither UTF-8 nor Windows-1251 text. Save it as “CSV UTF-8”.")
        ) from None


def _delimiter(text: str) -> tuple[str, str]:
    """The delimiter that the header row uses (or that an Excel ``sep=;`` line names), and
    the text from the header row on."""
    lines = text.splitlines(keepends=True)
    while lines and not lines[0].strip():
        lines.pop(0)
    first = lines[0] if lines else ""
    if hint := re.match(r'^"?sep=(.)', first.strip(), flags=re.IGNORECASE):
        return hint.group(1), "".join(lines[1:])
    counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=counts.get)
    return (best if counts[best] else ","), "".join(lines)


def _header(cell: str) -> str:
    return cell.replace("\ufeff", "").strip().lower()


def read_table(text: str) -> tablib.Dataset:
    """A dataset of strings from CSV text; blank lines and empty trailing columns dropped."""
    delimiter, text = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not valid CSV: %(error)s") % {"error": error}
        ) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    headers = [_header(cell) for cell in rows[0]]
    kept = [index for index, name in enumerate(headers) if name]
    names = [headers[index] for index in kept]
    if duplicates := sorted({name for name in names if names.count(name) > 1}):
        raise ImportFileError(
            _("These columns appear more than once: %(columns)s.")
            % {"columns": ", ".join(duplicates)}
        )
    dataset = tablib.Dataset(headers=names)
    for number, row in enumerate(rows[1:], start=1):  # numbered as the preview numbers them
        row = row + [""] * (len(headers) - len(row))
        if any(cell.strip() for index, cell in enumerate(row) if index not in kept):
            raise ImportFileError(
                _("Row %(row)s has values in a column without a name in the header row.")
                % {"row": number}
            )
        dataset.append([row[index] for index in kept])
    return dataset


class ExcelCSV(base_formats.CSV):
    """CSV the way Excel writes it (see the module's docstring), and written for Excel."""

    def is_binary(self):
        # The admin then hands over the upload's bytes, and this class works out the encoding
        # (import-export would decode every text file with one fixed encoding).
        return True

    def get_read_mode(self):
        return "rb"

    def get_content_type(self):
        return "text/csv; charset=utf-8"

    def create_dataset(self, in_stream, **kwargs):
        return read_table(decode_upload(in_stream))

    def export_data(self, dataset, **kwargs):
        """UTF-8 with a BOM and CRLF line ends, like the site's CSV export. The cells come
        already formula-escaped from ``ImportResource.export_field``."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(dataset.headers or [])
        writer.writerows(dataset)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- Widgets -----------------------------------------------------------------------------------


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
    """A related record by a readable key (slug, or ISO code with ``upper=True``)."""

    def __init__(self, model, field="slug", *, upper=False):
        super().__init__(model, field=field)
        self.upper = upper

    def key(self, value):
        text = "" if value is None else str(value).strip()
        return text.upper() if self.upper else text

    def clean(self, value, row=None, **kwargs):
        key = self.key(value)
        if not key:
            return None
        try:
            return self.model._default_manager.get(**{self.field: key})
        except self.model.DoesNotExist:
            raise _no_such(self.model, self.field, [key]) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.field)


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Several related records by readable keys, separated by ``;`` or ``,``."""

    def __init__(self, model, field="slug", *, upper=False):
        super().__init__(model, separator=JOINER, field=field)
        self.upper = upper

    def keys(self, value):
        text = "" if value is None else str(value)
        keys = [key.strip() for key in SPLIT_VALUES.split(text) if key.strip()]
        keys = [key.upper() for key in keys] if self.upper else keys
        return list(dict.fromkeys(keys))

    def clean(self, value, row=None, **kwargs):
        keys = self.keys(value)
        if not keys:
            return []
        found = {
            getattr(obj, self.field): obj
            for obj in self.model._default_manager.filter(**{f"{self.field}__in": keys})
        }
        if missing := [key for key in keys if key not in found]:
            raise _no_such(self.model, self.field, missing)
        return [found[key] for key in keys]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return JOINER.join(sorted(getattr(related, self.field) for related in value.all()))


def column(name, widget=None, **kwargs):
    """A resource field whose column has the model attribute's name."""
    return fields.Field(attribute=name, column_name=name, widget=widget or TextWidget(), **kwargs)


# --- The base resource -------------------------------------------------------------------------


class ImportErrorResult(results.Error):
    """An import error; one about the file itself is shown without a traceback."""

    @property
    def traceback(self):
        if isinstance(self.error, ImportFileError):
            return ""
        return super().traceback


class ImportResource(resources.ModelResource):
    """Base of the project's import/export resources; see the module's docstring."""

    #: select_related / prefetch_related for exports, so that queries do not grow with rows
    export_select_related = ()
    export_prefetch_related = ()

    class Meta:
        clean_model_instances = True  # full_clean(): the models' own rules apply
        use_transactions = True
        skip_unchanged = True  # an unchanged row gets no new version and no history
        report_skipped = True

    @classmethod
    def get_error_result_class(cls):
        return ImportErrorResult

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        # All or nothing. import-export rolls back on row errors, but on invalid rows only
        # when asked, and its confirm step does not ask: a file that went bad between the
        # preview and the confirmation (someone filled the envelope meanwhile) would be
        # saved in part.
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    def before_import(self, dataset, **kwargs):
        headers = dataset.headers or []
        known = [field.column_name for field in self.get_import_fields()]
        if unknown := [name for name in headers if name not in known]:
            raise ImportFileError(
                _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
            )
        keys = [self.fields[name].column_name for name in self.get_import_id_fields()]
        if keys != ["id"] and (missing := [key for key in keys if key not in headers]):
            # (An allocation line's id may be left out: every line is then a new one.)
            raise ImportFileError(
                _("The file needs a “%(column)s” column: it tells which records to update.")
                % {"column": ", ".join(missing)}
            )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean(), less modeltranslation's base fields: ``name`` mirrors ``name_en``,
        which is checked, and one empty name should be one error, not two."""
        from modeltranslation.translator import NotRegistered, translator

        errors = dict(import_validation_errors or {})
        try:
            mirrors = translator.get_options_for_model(type(instance)).all_fields
        except NotRegistered:
            mirrors = ()
        try:
            instance.full_clean(exclude=[*errors, *mirrors], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if (
            not is_m2m
            and isinstance(field.widget, TextWidget)
            and field.column_name in row
            and getattr(instance, field.attribute, None) is None
            and field.clean(row) == ""
        ):
            return  # an empty cell and an empty (NULL) translation: no change
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """As import-export's, but unknown keys in many-to-many columns are errors of the
        row too (import-export would only find out while saving)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget) or field.readonly:
                continue
            if field.column_name not in row:
                continue
            try:
                field.clean(row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        from eucastrategy.versioning import bump_version  # a model module: not at import time

        instance._change_reason = CHANGE_REASON
        user = kwargs.get("user")  # the admin passes the request's user
        if user is not None and user.is_authenticated:
            instance._history_user = user
        # One history row for the record and its many-to-many fields, written by
        # save_m2m() once they are saved (as the admin's forms do).
        instance._history_deferred = True
        bump_version(instance)  # an update: a form loaded before it sees a conflict

    def save_m2m(self, instance, row, **kwargs):
        from eucastrategy.history_records import one_history_record

        with one_history_record(instance):
            super().save_m2m(instance, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        # Skip ModelResource's reset of the primary-key sequences: rows never bring their
        # own ids here, and setval() to MAX(id) could hand out an id that a concurrent
        # transaction already took.
        pass

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.export_select_related).prefetch_related(
            *self.export_prefetch_related
        )

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget | DateWidget):
            return value  # numbers stay numbers, even negative ones; ISO dates are safe
        return escape_formula("" if value is None else str(value))


# --- The admin mixin ---------------------------------------------------------------------------


class ImportExportRules:
    """The project's rules on top of import-export's ``ImportExportMixin``."""

    def has_import_permission(self, request):
        # IMPORT_EXPORT_IMPORT_PERMISSION_CODE names one permission; importing adds and
        # changes records, so it needs both.
        return (
            super().has_import_permission(request)
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def has_export_permission(self, request):
        return super().has_export_permission(request) and self.has_view_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_result(self, result, request):
        """After the confirm step. Rows that fail there (the data changed since the
        preview) rolled the whole file back: show them instead of "Import finished"."""
        if result.has_errors() or result.has_validation_errors():
            return self.import_failed_response(result, request)
        return super().process_result(result, request)

    def import_failed_response(self, result, request):
        from django.contrib import messages
        from django.template.response import TemplateResponse

        messages.error(
            request,
            _("Nothing was imported: these rows failed. Correct the file and upload it again."),
        )
        resource_classes = self.get_import_resource_classes(request)
        form = self.get_import_form_class(request)(
            self.get_import_formats(), resource_classes, initial={}
        )
        resource_kwargs = self.get_import_resource_kwargs(request)
        context = self.get_import_context_data()
        context.update(self.admin_site.each_context(request))
        context.update(
            {
                "title": _("Import"),
                "form": form,
                "opts": self.model._meta,
                "media": self.media + form.media,
                "result": result,
                "import_error_display": self.import_error_display,
                "fields_list": [
                    (
                        resource_class.get_display_name(),
                        [
                            field.column_name
                            for field in resource_class(**resource_kwargs).get_user_visible_fields()
                        ],
                    )
                    for resource_class in resource_classes
                ],
            }
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)


def __getattr__(name):
    """``ImportExportMixin``, built on first use: import-export's admin module imports
    ``django.contrib.admin``'s models, which cannot load while the settings do."""
    if name == "ImportExportMixin":
        from import_export.admin import ImportExportMixin as BaseMixin

        mixin = type(
            "ImportExportMixin",
            (ImportExportRules, BaseMixin),
            {"__module__": __name__, "__doc__": ImportExportRules.__doc__},
        )
        globals()[name] = mixin
        return mixin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The base resource of every import and export."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import instance_loaders, resources, results, widgets

from ..history.records import one_history_record
from ..lists.export import escape_formula
from .files import ImportFileError
from .widgets import DateWidget, NaturalKeyWidget, TextWidget

CHANGE_REASON = "import"
ECHOED_COLUMNS = 10  # unknown column names quoted back, at most
ECHOED_LENGTH = 40  # characters of each


class ImportErrorResult(results.Error):
    """An import error; one about the file itself is shown without a traceback."""

    @property
    def traceback(self):
        if isinstance(self.error, ImportFileError):
            return ""
        return super().traceback


class ImportResult(results.Result):
    """import-export's result; the preview sets ``shown`` to list only that many rows."""

    shown = None

    def valid_rows(self):
        return super().valid_rows()[: self.shown]


class PreviewDiff(resources.Diff):
    """import-export's row diff, drawn only for the rows a preview shows (it exports every
    field twice per row, many-to-many ones with a query each)."""

    def __init__(self, resource, instance, new):
        resource.diffs_drawn = getattr(resource, "diffs_drawn", 0) + 1
        self.drawn = resource.diffs_drawn <= settings.IMPORT_PREVIEW_ROWS
        self.left, self.right, self.new = [], [], new
        if self.drawn:
            super().__init__(resource, instance, new)

    def compare_with(self, resource, instance):
        if self.drawn:
            super().compare_with(resource, instance)

    def as_html(self):
        return super().as_html() if self.drawn else []


class InstanceLoader(instance_loaders.ModelInstanceLoader):
    """The file's existing records in one query, by its key column, not one per row. A
    key that cannot be read stays the error of its row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key, self.records = None, {}
        if len(resource.get_import_id_fields()) != 1:
            return  # one query per row, as import-export does
        self.key = resource.fields[resource.get_import_id_fields()[0]]
        keys = set()
        if dataset is not None and self.key.column_name in (dataset.headers or []):
            for value in dataset.get_col(dataset.headers.index(self.key.column_name)):
                try:
                    keys.add(self.key.clean({self.key.column_name: value}))
                except ValueError:
                    continue
        keys.discard(None)
        if keys:
            records = self.get_queryset().filter(**{f"{self.key.attribute}__in": keys})
            self.records = {self.key.get_value(record): record for record in records}

    def get_instance(self, row):
        if self.key is None:
            return super().get_instance(row)
        return self.records.get(self.key.clean(row))


class ImportResource(resources.ModelResource):
    """Base of the project's import/export resources; see the module's docstring."""

    #: select_related / prefetch_related for exports, so that queries do not grow with rows
    export_select_related = ()
    export_prefetch_related = ()
    #: fields whose check constraints their own validators already enforce (amount > 0 and
    #: MinValueValidator(0.01)): the database is not asked again, one query a row, for them
    constraints_enforced_by_validators = ()

    class Meta:
        clean_model_instances = True  # full_clean(): the models' own rules apply
        use_transactions = True
        skip_unchanged = True  # an unchanged row gets no new version and no history
        report_skipped = True
        instance_loader_class = InstanceLoader

    @classmethod
    def get_result_class(cls):
        return ImportResult

    @classmethod
    def get_error_result_class(cls):
        return ImportErrorResult

    @classmethod
    def get_diff_class(cls):
        return PreviewDiff

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
        for field in self.fields.values():  # a new import looks its related records up anew
            if hasattr(field.widget, "forget"):
                field.widget.forget()
        headers = dataset.headers or []
        known = [field.column_name for field in self.get_import_fields()]
        if unknown := [name for name in headers if name not in known]:
            raise ImportFileError(
                _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
                % {"unknown": echo(unknown), "known": ", ".join(known)}
            )
        keys = [self.fields[name].column_name for name in self.get_import_id_fields()]
        if keys != ["id"] and (missing := [key for key in keys if key not in headers]):
            # (An allocation line's id may be left out: every line is then a new one.)
            raise ImportFileError(
                _("The file needs a “%(column)s” column: it tells which records to update.")
                % {"column": ", ".join(missing)}
            )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean(), less modeltranslation's base fields (``name`` mirrors ``name_en``,
        which is checked, and one empty name should be one error, not two), and without
        checking again, one query each, that the related records this import has just
        read by their keys exist."""
        from modeltranslation.translator import NotRegistered, translator

        errors = dict(import_validation_errors or {})
        try:
            mirrors = translator.get_options_for_model(type(instance)).all_fields
        except NotRegistered:
            mirrors = ()
        exclude = {*errors, *mirrors}
        # As Model.full_clean(): fields, clean(), then uniqueness and constraints of the
        # fields without errors.
        errors = _collect(errors, instance.clean_fields, exclude | self.read_relations(instance))
        errors = _collect(errors, instance.clean)
        if validate_unique:
            errors = _collect(errors, instance.validate_unique, exclude | set(errors))
        enforced = set(self.constraints_enforced_by_validators)
        errors = _collect(errors, instance.validate_constraints, exclude | set(errors) | enforced)
        if errors:
            raise ValidationError(errors)

    def read_relations(self, instance):
        """The foreign keys of ``instance`` set to a record that a widget of this import
        read (so it exists)."""
        names = set()
        for field in self.get_import_fields():
            if not isinstance(field.widget, NaturalKeyWidget):
                continue
            try:
                attname = instance._meta.get_field(field.attribute).attname
            except FieldDoesNotExist:
                continue
            if field.widget.has_read(getattr(instance, attname, None)):
                names.add(field.attribute)
        return names

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
        from core.versioning import bump_version  # a model module: not at import time

        instance._change_reason = CHANGE_REASON
        user = kwargs.get("user")  # the admin passes the request's user
        if user is not None and user.is_authenticated:
            instance._history_user = user
        # One history row for the record and its many-to-many fields, written by
        # save_m2m() once they are saved (as the admin's forms do).
        instance._history_deferred = True
        if not kwargs.get("dry_run"):  # a preview is rolled back: no need
            bump_version(instance)  # an update: a form loaded before it sees a conflict

    def save_m2m(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):  # a preview writes no history, it would be rolled back
            super().save_m2m(instance, row, **kwargs)
            instance.__dict__.pop("_history_pending", None)
            instance.__dict__.pop("_history_deferred", None)
            return
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


def _collect(errors, check, exclude=None):
    try:
        check() if exclude is None else check(exclude=exclude)
    except ValidationError as error:
        return error.update_error_dict(errors)
    return errors


def echo(names):
    """Column names of a file, quoted back in a message: a few, each cut short."""
    shown = [
        name if len(name) <= ECHOED_LENGTH else name[: ECHOED_LENGTH - 1] + "…"
        for name in names[:ECHOED_COLUMNS]
    ]
    if len(names) > ECHOED_COLUMNS:
        shown.append("…")
    return ", ".join(shown)

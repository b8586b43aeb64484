"""The base resource of every import and export."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import resources, results, widgets

from eucastrategy.export import escape_formula

from .files import ImportFileError
from .widgets import DateWidget, TextWidget

CHANGE_REASON = "import"


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

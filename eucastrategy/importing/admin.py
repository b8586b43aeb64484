"""The admin mixin: import-export's, with the project's rules."""

from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin as BaseImportExportMixin

from .files import ImportFileError


class ImportExportMixin(BaseImportExportMixin):
    """import-export's admin mixin with the project's rules."""

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

"""The admin mixin: import-export's, with the project's rules.

The two import steps are the project's own (see ``uploads`` for why): the preview checks
the upload's size (the form), reads it in the chosen or detected encoding, refuses more
than ``IMPORT_MAX_ROWS`` rows before any record is looked at, runs the dry run and, only
if it can be imported, stores it and hands the confirm form a signed token. Bad input is a
400 with the reason, a confirmation of a file already imported or cancelled a 409.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin as BaseImportExportMixin

from . import charsets, uploads
from .files import ImportFileError, decode_upload, read_table
from .forms import BAD_TOKEN, ConfirmImportForm, ImportForm

GONE = _(
    "This file was already imported or cancelled, or it expired. To import it, upload it again."
)


class ImportExportMixin(BaseImportExportMixin):
    """import-export's admin mixin with the project's rules."""

    import_form_class = ImportForm
    confirm_form_class = ConfirmImportForm
    tmp_storage_class = uploads.ImportStorage

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

    # --- The preview -------------------------------------------------------------------------

    def get_import_form_kwargs(self, request):
        kwargs = super().get_import_form_kwargs(request)
        if request.method == "POST":  # bound even when empty: "no file" is an error
            kwargs.update(data=request.POST, files=request.FILES)
        return kwargs

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method != "POST":
            return self.import_page(request, form)
        if not form.is_valid():
            return self.import_page(request, form, status=400)
        file = form.cleaned_data["import_file"]
        data = b"".join(file.chunks())  # at most IMPORT_MAX_BYTES: the form checked
        try:
            decoded = decode_upload(data, form.cleaned_data["encoding"])
            if decoded.doubtful:
                return self.encoding_page(request, form, decoded)
            dataset = read_table(decoded.text, settings.IMPORT_MAX_ROWS)
        except ImportFileError as error:
            form.add_error("import_file", str(error))
            return self.import_page(request, form, status=400)
        resource_kwargs = self.get_import_resource_kwargs(request, form=form, **kwargs)
        resource = self.choose_import_resource_class(form, request)(**resource_kwargs)
        result = resource.import_data(
            dataset,
            dry_run=True,
            raise_errors=False,
            file_name=file.name,
            user=request.user,
            **self.get_import_data_kwargs(request=request, form=form, **kwargs),
        )
        context = {"result": result, "decoded": decoded}
        if not (result.has_errors() or result.has_validation_errors()):
            context["confirm_form"] = self.store_upload(request, form, data, decoded)
        return self.import_page(request, form, **context, **shown_rows(result))

    def encoding_page(self, request, form, decoded):
        """Detection could not tell the encoding: show two readings, preselect the likely
        one, and have the admin upload the file again with a choice."""
        form.data = form.data.copy()
        form.data["encoding"] = charsets.SUGGESTION
        return self.import_page(request, form, decoded=decoded)

    def store_upload(self, request, form, data, decoded):
        storage = self.get_tmp_storage_class()(**self.get_tmp_storage_class_kwargs())
        storage.save(data)
        upload = uploads.Upload(
            name=storage.name,
            codec=decoded.codec,
            resource=self.get_resource_index(form),
            original_name=form.cleaned_data["import_file"].name,
        )
        token = uploads.sign(upload, user=request.user, model=self.model)
        return self.get_confirm_form_class(request)(
            initial={"import_token": token}, user=request.user, model=self.model
        )

    # --- The confirmation --------------------------------------------------------------------

    def get_confirm_form_kwargs(self, request, import_form=None):
        kwargs = super().get_confirm_form_kwargs(request, import_form)
        if import_form is None:
            kwargs["data"] = request.POST  # bound even when empty: "no token" is an error
        return kwargs | {"user": request.user, "model": self.model}

    def get_confirm_form_initial(self, request, import_form):
        return {}  # the token comes from store_upload()

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return self.refuse(request, form.errors.get("import_token", [BAD_TOKEN]), 400)
        storage = self.get_tmp_storage_class()(
            name=form.upload.name, **self.get_tmp_storage_class_kwargs()
        )
        try:
            data = storage.claim()  # a Cancel too: only one step may have the file
        except uploads.UploadGone:
            return self.refuse(request, [GONE], 409)
        if "cancel" in request.POST:
            storage.remove()
            messages.info(request, _("Import cancelled: nothing was imported."))
            return redirect(self.changelist_url())
        try:
            text = charsets.decode_as(data, form.upload.codec).text
            dataset = read_table(text, settings.IMPORT_MAX_ROWS)
            result = self.process_dataset(dataset, form, request, **kwargs)
        except (ImportFileError, charsets.EncodingError) as error:
            return self.refuse(request, [str(error)], 400)
        finally:
            storage.remove()
        return self.process_result(result, request)

    def process_result(self, result, request):
        """Rows that fail on the confirm step (the data changed since the preview) rolled
        the whole file back: show them instead of "Import finished"."""
        if result.has_errors() or result.has_validation_errors():
            return self.import_failed_response(result, request)
        return super().process_result(result, request)

    def import_failed_response(self, result, request):
        messages.error(
            request,
            _("Nothing was imported: these rows failed. Correct the file and upload it again."),
        )
        return self.import_page(request, self.blank_import_form(request), result=result)

    def refuse(self, request, errors, status):
        for error in errors:
            messages.error(request, error)
        return self.import_page(request, self.blank_import_form(request), status=status)

    # --- The page ----------------------------------------------------------------------------

    def blank_import_form(self, request):
        return self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request), initial={}
        )

    def changelist_url(self):
        app_label, model_name = self.get_model_info()
        name = f"admin:{app_label}_{model_name}_changelist"
        return reverse(name, current_app=self.admin_site.name)

    def import_page(self, request, form, status=200, **extra):
        resource_kwargs = self.get_import_resource_kwargs(request, form=form)
        context = self.get_import_context_data()
        context.update(self.admin_site.each_context(request))
        context.update(
            {
                "title": _("Import"),
                "form": form,
                "opts": self.model._meta,
                "media": self.media + form.media,
                "import_error_display": self.import_error_display,
                "max_bytes": settings.IMPORT_MAX_BYTES,
                "max_rows": settings.IMPORT_MAX_ROWS,
                "fields_list": [
                    (
                        resource_class.get_display_name(),
                        [
                            field.column_name
                            for field in resource_class(**resource_kwargs).get_user_visible_fields()
                        ],
                    )
                    for resource_class in self.get_import_resource_classes(request)
                ],
                **extra,
            }
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=status)


def shown_rows(result):
    """Show the first ``IMPORT_PREVIEW_ROWS`` valid and invalid rows of a preview (all
    rows were checked; the confirm step imports them all from the stored file)."""
    limit = settings.IMPORT_PREVIEW_ROWS
    valid_total = len(result.valid_rows())
    invalid_total = len(result.invalid_rows)
    result.shown = limit
    result.invalid_rows = result.invalid_rows[:limit]
    return {
        "valid_hidden": max(valid_total - limit, 0),
        "invalid_hidden": max(invalid_total - limit, 0),
    }

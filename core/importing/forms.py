"""The admin's import forms: the upload (size limit, encoding) and the confirmation (token)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export import forms as import_export_forms

from . import charsets, uploads

NO_TOKEN = _("This confirmation does not name an upload. Upload the file again.")
BAD_TOKEN = _("This confirmation is not valid for you or for this list. Upload the file again.")
EXPIRED_TOKEN = _("This upload has expired. Upload the file again.")


class ImportForm(import_export_forms.ImportForm):
    """import-export's upload form, with the size limit and the file's encoding."""

    encoding = forms.ChoiceField(
        label=_("Encoding"),
        choices=charsets.CHOICES,
        initial=charsets.AUTO,
        required=False,
        help_text=_("Leave “Detect” unless the preview says otherwise or shows garbled letters."),
    )
    field_order = ["resource", "import_file", "format", "encoding"]

    def clean_import_file(self):
        file = self.cleaned_data["import_file"]
        if file.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s; at most %(max)s can be imported at a time. "
                    "Split it into smaller files."
                ),
                code="too_big",
                params={
                    "size": filesizeformat(file.size),
                    "max": filesizeformat(settings.IMPORT_MAX_BYTES),
                },
            )
        return file

    def clean_encoding(self):
        return self.cleaned_data.get("encoding") or charsets.AUTO


class ConfirmImportForm(forms.Form):
    """The confirmation: one signed token (see ``uploads``) instead of a file name."""

    import_token = forms.CharField(
        widget=forms.HiddenInput(), max_length=2000, error_messages={"required": NO_TOKEN}
    )

    def __init__(self, *args, user, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.model = model
        self.upload = None

    def clean_import_token(self):
        token = self.cleaned_data["import_token"]
        try:
            self.upload = uploads.verify(token, user=self.user, model=self.model)
        except uploads.ExpiredToken:
            raise forms.ValidationError(EXPIRED_TOKEN, code="expired") from None
        except uploads.BadToken:
            raise forms.ValidationError(BAD_TOKEN, code="invalid") from None
        return token

    def clean(self):
        cleaned = super().clean()
        if self.upload is not None:  # what import-export's process_dataset() reads
            cleaned["resource"] = str(self.upload.resource)
            cleaned["original_file_name"] = self.upload.original_name
        return cleaned

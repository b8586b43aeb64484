"""The admin's forms for commitments and their status changes: the rules a model's own
``full_clean()`` cannot check, because they need the many-to-many values or the parent
record as the form posts them."""

from django import forms
from django.core.exceptions import ValidationError

from core.editing.forms import VersionedModelForm

from .models.commitment import BEFORE_MADE, StatusChange, check_parties

NO_EVIDENCE = StatusChange._meta.get_field("source").error_messages["required"]


class CommitmentAdminForm(VersionedModelForm):
    """A commitment names at least one party (``check_parties``): the many-to-many values
    are only known here, in the posted form, before anything is saved."""

    def clean(self):
        cleaned = super().clean()
        if "countries" in self.errors or "organisations" in self.errors:
            return cleaned  # an unknown choice says so itself; no second, wrong message
        try:
            check_parties(
                countries=self.party_value(cleaned, "countries"),
                organisations=self.party_value(cleaned, "organisations"),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def party_value(self, cleaned, name):
        """The posted value, or the saved one when the form does not show the field."""
        if name in self.fields:
            return cleaned.get(name)
        if self.instance.pk is None:
            return None
        return getattr(self.instance, name).all()


class StatusChangeAdminForm(VersionedModelForm):
    """A status change without evidence gets the model's own clear message, not "This
    field is required." (model fields' messages only reach model validation)."""

    class Meta:
        model = StatusChange
        fields = "__all__"
        error_messages = {"source": {"required": NO_EVIDENCE}}


class StatusChangeFormSet(forms.BaseInlineFormSet):
    """On a new commitment ``StatusChange.clean()`` cannot see the commitment's date (it
    has no primary key yet): the formset checks its rows against the posted date."""

    def clean(self):
        super().clean()
        made = getattr(self.instance, "date", None)
        if made is None:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("date") is None:
                continue
            if data["date"] < made and "date" not in form.errors:
                form.add_error("date", BEFORE_MADE)

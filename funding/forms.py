from django import forms
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.amounts import AmountField
from core.editing.forms import SlugFormMixin, VersionedModelForm
from core.languages import localized_fields

from .models import Allocation, BudgetEnvelope, Organisation, Programme

TEXTAREA = forms.Textarea(attrs={"rows": 4})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def https_urls(field, **kwargs):
    """A website typed without a scheme is taken as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _without_slug(fields):
    return [name for name in fields if name != "slug"]


class OrganisationForm(SlugFormMixin, VersionedModelForm):
    slug_source = "name_en"

    class Meta:
        model = Organisation
        fields = localized_fields(Organisation, Organisation.EDITABLE_FIELDS)
        widgets = {"role_en": TEXTAREA, "role_ru": TEXTAREA}
        formfield_callback = https_urls


class OrganisationUpdateForm(OrganisationForm):
    class Meta(OrganisationForm.Meta):
        fields = _without_slug(OrganisationForm.Meta.fields)


class ProgrammeForm(SlugFormMixin, VersionedModelForm):
    class Meta:
        model = Programme
        fields = localized_fields(Programme, Programme.EDITABLE_FIELDS)
        widgets = {
            "description_en": TEXTAREA,
            "description_ru": TEXTAREA,
            "start_date": DATE,
            "end_date": DATE,
            "priorities": forms.CheckboxSelectMultiple,
            "countries": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
            "dac_sector": forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
        }


class ProgrammeUpdateForm(ProgrammeForm):
    class Meta(ProgrammeForm.Meta):
        fields = _without_slug(ProgrammeForm.Meta.fields)


class EnvelopeChoiceField(forms.ModelChoiceField):
    """Each envelope with what is left of it, so the editor sees the room before saving."""

    def label_from_instance(self, envelope):
        remaining = envelope.amount - (envelope.allocated_total or 0)
        return _("%(envelope)s — %(remaining)s EUR remaining of %(amount)s EUR") % {
            "envelope": envelope,
            "remaining": number_format(remaining, 2, force_grouping=True),
            "amount": number_format(envelope.amount, 2, force_grouping=True),
        }


class AllocationForm(VersionedModelForm):
    envelope = EnvelopeChoiceField(
        queryset=BudgetEnvelope.objects.with_allocated(), label=_("budget envelope")
    )

    class Meta:
        model = Allocation
        fields = localized_fields(Allocation, Allocation.EDITABLE_FIELDS)
        widgets = {"description_en": TEXTAREA, "description_ru": TEXTAREA}
        field_classes = {"amount": AmountField}

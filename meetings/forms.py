from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.editing.forms import SlugFormMixin, StaleDeleteFormSetMixin, VersionedModelForm

from .models import Meeting, Participant

TEXTAREA = forms.Textarea(attrs={"rows": 4})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(SlugFormMixin, VersionedModelForm):
    slug_source = "city_en"

    class Meta:
        model = Meeting
        fields = [
            "number",
            "slug",
            "year",
            "start_date",
            "end_date",
            "city_en",
            "city_ru",
            "host_country",
            "agenda_en",
            "agenda_ru",
            "themes",
            "outcome_en",
            "outcome_ru",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "agenda_en": TEXTAREA,
            "agenda_ru": TEXTAREA,
            "outcome_en": TEXTAREA,
            "outcome_ru": TEXTAREA,
            "themes": forms.CheckboxSelectMultiple,
        }

    def slug_base(self, cleaned):
        return f"{cleaned.get('year') or ''}-{slugify(cleaned['city_en'])}".strip("-")


class MeetingUpdateForm(MeetingForm):
    class Meta(MeetingForm.Meta):
        fields = [name for name in MeetingForm.Meta.fields if name != "slug"]


class ParticipantForm(VersionedModelForm):
    class Meta:
        model = Participant
        fields = [
            "person_en",
            "person_ru",
            "role_en",
            "role_ru",
            "country",
            "organisation",
            "heads_delegation",
            "ordinal",
        ]


class BaseParticipantFormSet(StaleDeleteFormSetMixin, forms.BaseInlineFormSet):
    """Rows share one list of countries and one of partners (two queries, not two a
    row), and a row removed meanwhile by someone else says so."""

    SHARED_CHOICES = ("country", "organisation")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["id"].error_messages = form.fields["id"].error_messages | {
            "invalid_choice": _(
                "This participant was removed by someone else after you opened the page. "
                "Reload the page to see the meeting as it is now."
            )
        }

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not hasattr(self, "_shared_choices"):
            self._shared_choices = {
                # iter(): list() of the choices themselves would first ask for a COUNT.
                name: list(iter(form.fields[name].choices))
                for name in self.SHARED_CHOICES
            }
        for name, choices in self._shared_choices.items():
            form.fields[name].choices = choices
        return form


ParticipantFormSet = forms.inlineformset_factory(
    Meeting,
    Participant,
    form=ParticipantForm,
    formset=BaseParticipantFormSet,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)

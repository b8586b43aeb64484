from django import forms
from django.utils.text import slugify

from eucastrategy.editing import SlugFormMixin, VersionedModelForm

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


ParticipantFormSet = forms.inlineformset_factory(
    Meeting,
    Participant,
    form=ParticipantForm,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)

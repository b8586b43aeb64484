"""The editors' forms of a commitment and of its status changes.

A new commitment comes with its first status change (``StatusChangeForm`` with the prefix
``status``): the page's two forms are saved together by ``services.commitment_create``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.editing.forms import SlugFormMixin, VersionedModelForm
from core.lists.filters import CodeChoiceField
from core.sources.models import Source
from priorities.models import Country, PriorityArea

from .models import Commitment, StatusChange, check_parties
from .models.commitment import BEFORE_MADE

TEXTAREA = forms.Textarea(attrs={"rows": 4})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SLUG_WORDS = 8
EVIDENCE_REQUIRED = StatusChange._meta.get_field("source").error_messages["required"]
NOTE_REQUIRED = _("Write the note in English and in Russian.")  # as the model says


class CommitmentForm(SlugFormMixin, VersionedModelForm):
    slug_source = "text_en"

    class Meta:
        model = Commitment
        fields = [
            "slug",
            "text_en",
            "text_ru",
            "countries",
            "organisations",
            "involves",
            "strategy",
            "meeting",
            "date",
            "priorities",
            "themes",
        ]
        widgets = {
            "text_en": TEXTAREA,
            "text_ru": TEXTAREA,
            "date": DATE,
            "countries": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "priorities" in self.fields:
            self.fields["priorities"].queryset = PriorityArea.objects.select_related("country")

    def slug_base(self, cleaned):
        return "-".join(slugify(cleaned["text_en"]).split("-")[:SLUG_WORDS])

    def clean(self):
        cleaned = super().clean()
        if "countries" in cleaned and "organisations" in cleaned:
            try:
                check_parties(
                    countries=cleaned["countries"], organisations=cleaned["organisations"]
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class CommitmentUpdateForm(CommitmentForm):
    class Meta(CommitmentForm.Meta):
        fields = [name for name in CommitmentForm.Meta.fields if name != "slug"]


class StatusChangeForm(VersionedModelForm):
    """One dated status change with its evidence. Give it an instance whose ``commitment``
    is set to check the date against the commitment's (an existing commitment's page)."""

    class Meta:
        model = StatusChange
        fields = ["date", "status", "note_en", "note_ru", "source", "locator"]
        widgets = {
            "date": DATE,
            "note_en": TEXTAREA,
            "note_ru": TEXTAREA,
            "locator": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        source.error_messages = source.error_messages | {"required": EVIDENCE_REQUIRED}
        source.queryset = Source.objects.order_by("title", "pk")
        for name in ("note_en", "note_ru"):
            note = self.fields[name]
            note.error_messages = note.error_messages | {"required": NOTE_REQUIRED}

    def check_against(self, commitment_date):
        """On a new commitment's page: a change dated before the commitment is an error."""
        date = self.cleaned_data.get("date") if hasattr(self, "cleaned_data") else None
        if date and commitment_date and date < commitment_date:
            self.add_error("date", BEFORE_MADE)
            return False
        return True


class CommitmentFeedForm(forms.Form):
    """The filters of /commitments/feed/: ``country`` (ISO code, any case) and ``priority``
    (a priority area's slug), as on the list. An unknown value is a 400."""

    country = CodeChoiceField(
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": _("There is no country with this code.")},
    )
    priority = forms.ModelChoiceField(
        queryset=PriorityArea.objects.select_related("country"),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("There is no priority area with this short name.")},
    )

    def query(self) -> dict:
        """The valid filters as GET parameters (for the link to the list)."""
        found = {}
        if self.cleaned_data.get("country"):
            found["country"] = self.cleaned_data["country"].code
        if self.cleaned_data.get("priority"):
            found["priority"] = self.cleaned_data["priority"].slug
        return found

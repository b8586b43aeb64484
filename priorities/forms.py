from django import forms

from core.editing.forms import SlugFormMixin, VersionedModelForm

from .models import PriorityArea, Theme

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class PriorityAreaForm(SlugFormMixin, VersionedModelForm):
    class Meta:
        model = PriorityArea
        fields = [
            "strategy",
            "country",
            "parent",
            "ordinal",
            "slug",
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "approved_year",
            "themes",
        ]
        widgets = {
            "description_en": TEXTAREA,
            "description_ru": TEXTAREA,
            "themes": forms.CheckboxSelectMultiple,
        }


class PriorityAreaUpdateForm(PriorityAreaForm):
    class Meta(PriorityAreaForm.Meta):
        fields = [name for name in PriorityAreaForm.Meta.fields if name != "slug"]


class ThemeForm(SlugFormMixin, VersionedModelForm):
    slug_source = "name_en"

    class Meta:
        model = Theme
        fields = ["slug", "name_en", "name_ru", "description_en", "description_ru"]
        widgets = {"description_en": TEXTAREA, "description_ru": TEXTAREA}


class ThemeUpdateForm(ThemeForm):
    class Meta(ThemeForm.Meta):
        fields = [name for name in ThemeForm.Meta.fields if name != "slug"]

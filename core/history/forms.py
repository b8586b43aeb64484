"""The filters of the site-wide list of changes (/changes/ and its feed)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..registry import history_sections

CHANGES_FIRST_DAY = "1991-01-01"  # ISO dates compare as strings
CHANGES_LAST_DAY = "2100-12-31"


class ChangesFilterForm(forms.Form):
    """Filters of /changes/ and /changes/feed/: ``section`` and a date range, ``since``
    and ``until`` as YYYY-MM-DD (both days included). Not a FilterSet: the list is one
    UNION ALL query over every history table, and each filter applies to every part."""

    section = forms.ChoiceField(label=_("Section"), required=False)
    since = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [
            ("", settings.FILTERS_EMPTY_CHOICE_LABEL),
            *history_sections(),
        ]

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not CHANGES_FIRST_DAY <= day.isoformat() <= CHANGES_LAST_DAY:
            raise forms.ValidationError(
                _("Enter a date from %(first)s to %(last)s."),
                code="out_of_range",
                params={"first": CHANGES_FIRST_DAY, "last": CHANGES_LAST_DAY},
            )
        return day

    def clean_since(self):
        return self._clean_day("since")

    def clean_until(self):
        return self._clean_day("until")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date must not be before the start date."))
        return cleaned

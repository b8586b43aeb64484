import django_filters
from django.utils.translation import gettext_lazy as _

from core.lists.filters import SearchFilter, SlugFilter, YearFilter, ordered
from priorities.filters import CountryFilter
from priorities.models import Theme

from .models import Meeting


class MeetingFilter(django_filters.FilterSet):
    q = SearchFilter(
        fields=(
            "city",
            "agenda",
            "outcome",
            "host_country__name",
            "participants__person",
            "participants__role",
        ),
    )
    country = CountryFilter(field_name="host_country", label=_("Host country"))
    year = YearFilter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Meeting.Status.choices, method="filter_status"
    )
    theme = SlugFilter(queryset=ordered(Theme), field_name="themes", label=_("Theme"))

    class Meta:
        model = Meeting
        fields = ["q", "country", "year", "status", "theme"]

    def filter_status(self, queryset, name, value):
        return queryset.held() if value == Meeting.Status.HELD else queryset.upcoming()

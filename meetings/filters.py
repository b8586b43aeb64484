import django_filters
from django.utils.translation import gettext_lazy as _

from core.lists.filters import SearchFilter, SlugFilter, YearFilter, ordered
from core.models import Source
from funding.models import Organisation
from priorities.filters import CountryFilter
from priorities.models import PriorityArea, Theme

from .models import Commitment, Meeting, Status


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


class CommitmentFilter(django_filters.FilterSet):
    """The filters of /commitments/. ``country`` matches a party country or the country of
    a priority area served; ``party`` a party organisation or one the commitment names;
    ``priority`` a priority area with its parts and its whole; ``status`` the current one."""

    q = SearchFilter(
        fields=(
            "text",
            "countries__name",
            "organisations__name",
            "organisations__acronym",
            "meeting__city",
        ),
    )
    country = CountryFilter(method="filter_country")
    party = SlugFilter(queryset=ordered(Organisation), label=_("Partner"), method="filter_party")
    status = django_filters.ChoiceFilter(
        label=_("Current status"), choices=Status.choices, method="filter_status"
    )
    priority = SlugFilter(
        queryset=ordered(PriorityArea), label=_("Priority area"), method="filter_priority"
    )
    theme = SlugFilter(queryset=ordered(Theme), field_name="themes", label=_("Theme"))
    made_in = django_filters.ChoiceFilter(
        label=_("Made"),
        choices=[("strategy", _("In the strategy")), ("meeting", _("At a meeting"))],
        method="filter_made_in",
    )
    meeting = SlugFilter(queryset=ordered(Meeting), label=_("Meeting"))
    year = YearFilter(field_name="date", lookup_expr="year", label=_("Year made"))
    evidence = SlugFilter(queryset=ordered(Source), label=_("Evidence"), method="filter_evidence")

    class Meta:
        model = Commitment
        fields = [
            "q",
            "country",
            "party",
            "status",
            "priority",
            "theme",
            "made_in",
            "meeting",
            "year",
            "evidence",
        ]

    def filter_evidence(self, queryset, name, value):
        return queryset.evidenced_by(value)

    def filter_country(self, queryset, name, value):
        return queryset.of_country(value)

    def filter_party(self, queryset, name, value):
        return queryset.of_organisation(value)

    def filter_status(self, queryset, name, value):
        return queryset.in_status(value)

    def filter_priority(self, queryset, name, value):
        return queryset.serving(value)

    def filter_made_in(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})

import django_filters
from django.utils.translation import gettext_lazy as _

from core.lists.filters import SearchFilter, SlugFilter, YearFilter, ordered
from priorities.filters import CountryFilter
from priorities.models import PriorityArea

from .models import Allocation, BudgetEnvelope, Organisation, Programme


class OrganisationFilter(django_filters.FilterSet):
    q = SearchFilter(fields=("acronym", "name", "role"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = ["q", "kind"]


class AllocationFilter(django_filters.FilterSet):
    q = SearchFilter(
        fields=(
            "description",
            "country__name",
            "priority__title",
            "organisation__name",
            "organisation__acronym",
            "programme__title",
        ),
    )
    envelope = SlugFilter(queryset=ordered(BudgetEnvelope), label=_("Budget envelope"))
    country = CountryFilter()
    year = YearFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Allocation.Kind.choices)
    priority = SlugFilter(queryset=ordered(PriorityArea), label=_("Priority area"))
    partner = SlugFilter(
        queryset=ordered(Organisation), field_name="organisation", label=_("Partner")
    )
    programme = SlugFilter(queryset=ordered(Programme), label=_("Programme"))

    class Meta:
        model = Allocation
        fields = ["q", "envelope", "country", "year", "kind", "priority", "partner", "programme"]


class ProgrammeFilter(django_filters.FilterSet):
    q = SearchFilter(
        fields=("title", "description", "organisations__name", "organisations__acronym"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Programme.Status.choices)
    country = CountryFilter(field_name="countries")
    priority = SlugFilter(
        queryset=ordered(PriorityArea), field_name="priorities", label=_("Priority area")
    )
    partner = SlugFilter(
        queryset=ordered(Organisation), field_name="organisations", label=_("Partner")
    )
    year = YearFilter(label=_("Active in year"), method="filter_year")

    class Meta:
        model = Programme
        fields = ["q", "status", "country", "priority", "partner", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.active_in(value)

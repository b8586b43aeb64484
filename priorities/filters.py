import django_filters
from django.utils.translation import gettext_lazy as _

from core.lists.filters import CodeChoiceField, SearchFilter, SlugFilter, YearFilter, ordered

from .models import Country, PriorityArea, Theme


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CodeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", ordered(Country))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("empty_label", _("All countries"))
        super().__init__(*args, **kwargs)


class PriorityAreaFilter(django_filters.FilterSet):
    q = SearchFilter(
        fields=("title", "description", "country__name", "themes__name"),
    )
    country = CountryFilter()
    scope = django_filters.ChoiceFilter(
        label=_("Scope"),
        choices=[("national", _("National")), ("regional", _("Regional"))],
        method="filter_scope",
        empty_label=_("National and regional"),
    )
    theme = SlugFilter(queryset=ordered(Theme), field_name="themes", label=_("Theme"))
    year = YearFilter(field_name="approved_year", label=_("Year approved"))

    class Meta:
        model = PriorityArea
        fields = ["q", "country", "scope", "theme", "year"]

    def filter_scope(self, queryset, name, value):
        return queryset.regional() if value == "regional" else queryset.national()


class ThemeFilter(django_filters.FilterSet):
    q = SearchFilter(fields=("name", "description"))

    class Meta:
        model = Theme
        fields = ["q"]

"""Admin for the strategy, countries, themes and priority areas."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import FrozenSlugMixin, OfflineTabbedTranslationAdmin
from core.source_pages.admin import CitationInline

from .models import Country, PriorityArea, Strategy, Theme


@admin.register(Strategy)
class StrategyAdmin(FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    inlines = (CitationInline,)
    list_display = ("title_en", "title_ru", "slug")
    search_fields = ("title_en", "title_ru", "slug")
    ordering = ("pk",)


@admin.register(Country)
class CountryAdmin(OfflineTabbedTranslationAdmin):
    inlines = (CitationInline,)
    list_display = ("code", "name_en", "name_ru", "region")
    list_display_links = ("code", "name_en")
    list_filter = ("region",)
    search_fields = ("code", "name_en", "name_ru")
    ordering = ("name_en",)


@admin.register(Theme)
class ThemeAdmin(FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    inlines = (CitationInline,)
    slug_source = ("name_en",)
    list_display = ("name_en", "name_ru", "slug")
    search_fields = ("name_en", "name_ru", "slug")
    ordering = ("name_en",)


class ScopeFilter(admin.SimpleListFilter):
    title = _("scope")
    parameter_name = "scope"

    def lookups(self, request, model_admin):
        return [("national", _("National")), ("regional", _("Regional"))]

    def queryset(self, request, queryset):
        if self.value() == "national":
            return queryset.national()
        if self.value() == "regional":
            return queryset.regional()
        return queryset


@admin.register(PriorityArea)
class PriorityAreaAdmin(FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    inlines = (CitationInline,)
    list_display = (
        "ordinal",
        "title_en",
        "title_ru",
        "country",
        "parent",
        "strategy",
        "approved_year",
    )
    list_display_links = ("ordinal", "title_en")
    list_filter = (ScopeFilter, "country", "strategy", "approved_year", "themes")
    list_select_related = ("country", "strategy", "parent")
    search_fields = (
        "title_en",
        "title_ru",
        "slug",
        "country__code",
        "country__name_en",
        "country__name_ru",
    )
    ordering = PriorityArea._meta.ordering  # regional last; a whole, then its parts
    autocomplete_fields = ("strategy", "country", "parent")
    filter_horizontal = ("themes",)

"""Admin for the strategy, countries, themes and priority areas.

Also home to the pieces the other apps' admins share: ``OfflineTabbedTranslationAdmin``
(modeltranslation's language tabs without its CDN script) and ``FrozenSlugMixin``.
"""

from urllib.parse import urlsplit

from django import forms
from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from eucastrategy.admin_tools import VersionedAdminMixin

from .models import Country, PriorityArea, Strategy, Theme

# Stands in for the jQuery UI tabs() that modeltranslation would fetch from a CDN.
TABS_SCRIPT = "js/admin_tabs.js"


def is_off_site(path):
    url = str(path)
    return bool(urlsplit(url).netloc) or url.startswith("//")


def _local_tab_media():
    """modeltranslation's tab media minus any off-site URL (its default jQuery UI is a CDN)."""
    mt_media = TabbedTranslationAdmin.Media
    js = [path for path in mt_media.js if not is_off_site(path)]
    js.insert(js.index("modeltranslation/js/tabbed_translation_fields.js"), TABS_SCRIPT)
    css = {
        medium: [path for path in paths if not is_off_site(path)]
        for medium, paths in mt_media.css.items()
    }
    return js, css


class OfflineTabbedTranslationAdmin(
    VersionedAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin
):
    """The project's admin: language tabs (en/ru) that work offline (only local static
    files, no CDN), history with revert, and no lost updates."""

    class Media:
        # Subclasses inherit this one, not TabbedTranslationAdmin.Media with its CDN URL.
        js, css = _local_tab_media()

    @property
    def media(self):
        # Skip TabbedTranslationAdmin's own media, built from its CDN-bearing Media class.
        return super(TabbedTranslationAdmin, self).media + forms.Media(self.Media)


class FrozenSlugMixin:
    """The slug is prefilled when a record is added, then read-only.

    Slugs are public URLs and the seed loader's keys, so changing one breaks links and
    makes ``load_strategy`` create the record again.
    """

    slug_source = ("title_en",)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": self.slug_source}

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "slug") if obj else fields


@admin.register(Strategy)
class StrategyAdmin(FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    list_display = ("title_en", "title_ru", "slug")
    search_fields = ("title_en", "title_ru", "slug")
    ordering = ("pk",)


@admin.register(Country)
class CountryAdmin(OfflineTabbedTranslationAdmin):
    list_display = ("code", "name_en", "name_ru", "region")
    list_display_links = ("code", "name_en")
    list_filter = ("region",)
    search_fields = ("code", "name_en", "name_ru")
    ordering = ("name_en",)


@admin.register(Theme)
class ThemeAdmin(FrozenSlugMixin, OfflineTabbedTranslationAdmin):
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
    list_display = ("ordinal", "title_en", "title_ru", "country", "strategy", "approved_year")
    list_display_links = ("ordinal", "title_en")
    list_filter = (ScopeFilter, "country", "strategy", "approved_year", "themes")
    list_select_related = ("country", "strategy")
    search_fields = (
        "title_en",
        "title_ru",
        "slug",
        "country__code",
        "country__name_en",
        "country__name_ru",
    )
    ordering = (F("country__code").asc(nulls_last=True), "ordinal", "pk")  # regional last
    autocomplete_fields = ("strategy", "country")
    filter_horizontal = ("themes",)

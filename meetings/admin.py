from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.admin import FrozenSlugMixin, OfflineTabbedTranslationAdmin, VersionedInlineMixin
from core.importing.admin import ImportExportMixin

from .models import Meeting, Participant
from .resources import MeetingResource


class StatusFilter(admin.SimpleListFilter):
    """Held or upcoming, by the queryset's own date rules."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Meeting.Status.choices

    def queryset(self, request, queryset):
        if self.value() == Meeting.Status.HELD:
            return queryset.held()
        if self.value() == Meeting.Status.UPCOMING:
            return queryset.upcoming()
        return queryset


class ParticipantInline(VersionedInlineMixin, TranslationTabularInline):
    model = Participant
    fields = ("ordinal", "person", "role", "country", "organisation", "heads_delegation")
    autocomplete_fields = ("country", "organisation")
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ImportExportMixin, FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    resource_classes = [MeetingResource]
    slug_source = ("year", "city_en")
    list_display = (
        "number",
        "city_en",
        "city_ru",
        "year",
        "start_date",
        "end_date",
        "host_country",
        "status_column",
    )
    list_display_links = ("number", "city_en")
    list_filter = (StatusFilter, "year", "host_country", "themes")
    list_select_related = ("host_country",)
    search_fields = (
        "city_en",
        "city_ru",
        "slug",
        "host_country__code",
        "host_country__name_en",
        "host_country__name_ru",
    )
    ordering = ("-number",)
    autocomplete_fields = ("host_country",)
    filter_horizontal = ("themes",)
    inlines = (ParticipantInline,)

    @admin.display(description=_("status"))
    def status_column(self, obj):
        return obj.get_status_display()


@admin.register(Participant)
class ParticipantAdmin(OfflineTabbedTranslationAdmin):
    list_display = (
        "person_en",
        "person_ru",
        "role_en",
        "meeting",
        "country",
        "organisation",
        "heads_delegation",
    )
    list_filter = ("heads_delegation", "meeting", "country")
    list_select_related = ("meeting", "country", "organisation")
    search_fields = (
        "person_en",
        "person_ru",
        "role_en",
        "role_ru",
        "meeting__city_en",
        "meeting__city_ru",
        "country__code",
        "country__name_en",
        "country__name_ru",
        "organisation__acronym_en",
        "organisation__acronym_ru",
        "organisation__name_en",
        "organisation__name_ru",
    )
    ordering = ("-meeting__number", "ordinal", "pk")
    autocomplete_fields = ("meeting", "country", "organisation")

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.admin import FrozenSlugMixin, OfflineTabbedTranslationAdmin, VersionedInlineMixin
from core.importing.admin import ImportExportMixin
from core.source_pages.admin import CitationInline

from .admin_forms import CommitmentAdminForm, StatusChangeAdminForm, StatusChangeFormSet
from .models import Commitment, Meeting, Participant, Status, StatusChange
from .resources import CommitmentResource, MeetingResource, StatusChangeResource


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
    inlines = (ParticipantInline, CitationInline)

    @admin.display(description=_("status"))
    def status_column(self, obj):
        return obj.get_status_display()


@admin.register(Participant)
class ParticipantAdmin(OfflineTabbedTranslationAdmin):
    inlines = (CitationInline,)
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


# --- Commitments and their status changes ------------------------------------------------------

NO_STATUS = _("No status yet")


def status_label(value):
    return Status(value).label if value in Status.values else NO_STATUS


class CurrentStatusFilter(admin.SimpleListFilter):
    """By the status of the latest change (it is never stored: see the model)."""

    title = _("current status")
    parameter_name = "current_status"
    NONE = "none"

    def lookups(self, request, model_admin):
        return [*Status.choices, (self.NONE, NO_STATUS)]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(status_changes__isnull=True)
        if self.value() in Status.values:
            return queryset.in_status(self.value())
        return queryset


class StatusChangeInline(VersionedInlineMixin, TranslationTabularInline):
    """A commitment's dated statuses, each with its evidence. A new commitment is saved with
    its first status, or not at all."""

    model = StatusChange
    form = StatusChangeAdminForm
    formset = StatusChangeFormSet
    fields = ("date", "status", "note", "source", "locator")
    autocomplete_fields = ("source",)  # one query per page, not one per row
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}
    ordering = ("date", "pk")
    extra = 0

    def get_min_num(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def get_formset(self, request, obj=None, **kwargs):
        # min_num alone only shows a row: a post that leaves it out would pass.
        return super().get_formset(request, obj, validate_min=True, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


@admin.register(Commitment)
class CommitmentAdmin(ImportExportMixin, FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    resource_classes = [CommitmentResource]
    form = CommitmentAdminForm
    slug_source = ("text_en",)
    list_display = ("short_text", "made_in_column", "date", "status_column", "parties")
    list_filter = (CurrentStatusFilter, "strategy", "meeting", "countries", "themes")
    list_select_related = ("meeting", "strategy")
    search_fields = ("text_en", "text_ru", "slug", "meeting__city_en", "meeting__city_ru")
    ordering = ("-pk",)
    autocomplete_fields = ("strategy", "meeting", "organisations", "involves", "priorities")
    filter_horizontal = ("countries", "themes")
    inlines = (StatusChangeInline, CitationInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_status()
            .prefetch_related("countries", "organisations")
        )

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return Truncator(obj.text).chars(80)

    @admin.display(description=_("made in or at"))
    def made_in_column(self, obj):
        return obj.made_in

    @admin.display(description=_("current status"), ordering="current_status")
    def status_column(self, obj):
        return status_label(getattr(obj, "current_status", None))

    @admin.display(description=_("parties"))
    def parties(self, obj):
        names = [country.code for country in obj.countries.all()]
        names += [org.acronym or org.name for org in obj.organisations.all()]
        return ", ".join(names)


@admin.register(StatusChange)
class StatusChangeAdmin(ImportExportMixin, OfflineTabbedTranslationAdmin):
    resource_classes = [StatusChangeResource]
    form = StatusChangeAdminForm
    list_display = ("commitment", "date", "status", "source")
    list_filter = ("status", "date")
    list_select_related = ("commitment", "source")
    search_fields = (
        "commitment__slug",
        "commitment__text_en",
        "commitment__text_ru",
        "note_en",
        "note_ru",
    )
    ordering = ("-date", "-pk")
    autocomplete_fields = ("commitment",)

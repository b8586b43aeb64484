"""Sources and citations are edited in the admin. ``CitationInline`` is for the apps'
admins: a record's citations on its own change page (``inlines = (CitationInline,)``).

Registered from ``CoreConfig.ready()``: ``core.admin`` cannot import this module, which
builds on it."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationGenericTabularInline

from ..admin import FrozenSlugMixin, OfflineTabbedTranslationAdmin, VersionedInlineMixin
from ..editing.forms import VersionedModelForm
from ..registry import key_fields_of, tracked_models
from ..sources.models import Citation, Source, citable_fields


class CitationForm(VersionedModelForm):
    """``Citation.clean()``'s errors beside the fields the form shows: a translated field's
    (the note) on its version in the default language, those of fields the form does not
    show (the record, in an inline) above the form. Without this, an error on a field the
    form lacks would be a server error."""

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            placed = {}
            for name, errors in error.error_dict.items():
                placed.setdefault(self.shown_as(name), []).extend(errors)
            error = ValidationError(placed)
        super().add_error(field, error)

    def shown_as(self, name):
        if name == NON_FIELD_ERRORS or name in self.fields:
            return name
        translated = f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
        return translated if translated in self.fields else NON_FIELD_ERRORS


def citable_types():
    """The kinds of record a citation may cite: the tracked models of the apps."""
    ids = [
        ContentType.objects.get_for_model(tracked.model).pk
        for tracked in tracked_models()
        if tracked.model._meta.app_label != Citation._meta.app_label
    ]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def field_choices(model):
    """The fields of ``model`` a citation may name: the whole record, then the key fields
    (those whose facts need a source), then the others."""
    opts = model._meta
    names = citable_fields(model)
    keys = key_fields_of(model)
    ordered = [*(name for name in names if name in keys), *(n for n in names if n not in keys)]
    return [("", _("The whole record"))] + [
        (name, capfirst(opts.get_field(name).verbose_name)) for name in ordered
    ]


@admin.register(Source)
class SourceAdmin(FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    list_display = ("title_en", "title_ru", "kind", "language", "date", "checked_on")
    list_filter = ("kind", "language", "checked_on")
    search_fields = ("title_en", "title_ru", "publisher_en", "publisher_ru", "slug", "url")
    ordering = ("title_en",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Citation)
class CitationAdmin(OfflineTabbedTranslationAdmin):
    form = CitationForm
    list_display = ("source", "content_type", "object_id", "field", "checked_on")
    list_filter = ("source__kind", "content_type")
    list_select_related = ("source", "content_type")
    search_fields = ("field", "locator", "note_en", "note_ru", "source__title_en")
    autocomplete_fields = ("source",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = citable_types()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CitationFormSet(BaseGenericInlineFormSet):
    """New rows know the record they cite before they are validated, so that
    ``Citation.clean()`` checks their field against its model."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.content_type_id is None and self.instance is not None:
            form.instance.content_type = ContentType.objects.get_for_model(self.instance)
            form.instance.object_id = self.instance.pk
        return form


class CitationInline(VersionedInlineMixin, TranslationGenericTabularInline):
    """A record's citations on its change page; the field is chosen from its model's."""

    model = Citation
    form = CitationForm
    formset = CitationFormSet
    fields = ("field", "source", "locator", "note", "checked_on")
    autocomplete_fields = ("source",)
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "field":
            return forms.ChoiceField(
                label=capfirst(db_field.verbose_name),
                choices=field_choices(self.parent_model),
                required=False,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

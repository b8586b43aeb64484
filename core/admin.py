"""Admin pieces shared by every app: history (with revert), no lost updates, language
tabs that work offline (``OfflineTabbedTranslationAdmin``: modeltranslation's tabs without
its CDN script) and ``FrozenSlugMixin``."""

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .editing.forms import StaleDeleteFormSetMixin, VersionedModelForm
from .history.records import one_history_record, write_held_history
from .services import record_delete
from .versioning import EditConflict, save_versioned

VERSION_FIELD = "loaded_version"


def _conflict_redirect(request):
    # Saved by someone else between validation and saving; nothing was written.
    messages.error(request, _("Someone else saved this record a moment ago. Try again."))
    return HttpResponseRedirect(request.get_full_path())


def historical_m2m(model, history_id):
    """The many-to-many values a historical row recorded, as {field name: [pks]}: the
    record's own relations show today's values, not those of the version reverted to."""
    row = model.history.model.objects.filter(history_id=history_id).first()
    if row is None:
        return {}
    return {
        field.name: [
            getattr(link, f"{field.m2m_reverse_field_name()}_id")
            for link in getattr(row, field.name).all()
        ]
        for field in row._history_m2m_fields
    }


def with_initial(form_class, values):
    """``form_class`` whose unbound forms start from ``values``."""
    if not values:
        return form_class

    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, **kwargs)
        self.initial.update({name: pks for name, pks in values.items() if name in self.fields})

    return type(form_class.__name__, (form_class,), {"__init__": __init__})


class VersionedAdminMixin:
    """Admin change forms remember the version they were opened at (see versioning.py);
    an edit and its many-to-many changes make one history row; reverting to an old
    version needs the change permission and is itself a versioned change."""

    form = VersionedModelForm

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        # The history row waits until the many-to-many fields are saved too: by
        # save_related() on the change page, at the end of history_form_view() on revert.
        obj._history_deferred = True
        request.held_history = obj
        save_versioned(obj, loaded_version=form.cleaned_data.get(VERSION_FIELD))

    def save_related(self, request, form, formsets, change):
        with one_history_record(form.instance):
            super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.form, VersionedModelForm):
            return super().save_formset(request, form, formset, change)
        changed = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for inline_form in formset.forms:
            if inline_form.instance in changed:
                inline_form.instance._history_user = request.user
                save_versioned(
                    inline_form.instance,
                    loaded_version=inline_form.cleaned_data.get(VERSION_FIELD),
                )
        formset.save_m2m()
        return None

    def delete_model(self, request, obj):
        record_delete(instance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        # One by one, so that every record losing a link gets its history entry too.
        with transaction.atomic():
            for obj in queryset:
                record_delete(instance=obj, user=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            return _conflict_redirect(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        opts = self.model._meta
        if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            raise PermissionDenied  # reverting writes the record: viewing is not enough
        request.reverting_history = True
        request.reverted_m2m = historical_m2m(self.model, version_id)
        try:
            with transaction.atomic():
                response = super().history_form_view(request, object_id, version_id, extra_context)
                if getattr(request, "held_history", None) is not None:
                    write_held_history(request.held_history)
        except EditConflict:
            return _conflict_redirect(request)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "reverting_history", False):
            # Reverting puts an old version's values in the form; it edits the current
            # record, or brings a deleted one back.
            model = type(obj)
            current = model._base_manager.filter(pk=obj.pk).values_list("version", flat=True)
            if current:
                obj.version = current[0]
            else:
                obj._state.adding = True
            return with_initial(
                super().get_form(request, obj, change=change, **kwargs),
                getattr(request, "reverted_m2m", {}),
            )
        return super().get_form(request, obj, change=change, **kwargs)


class VersionedInlineMixin:
    """Inline rows carry their version too, whatever ``fields`` lists."""

    form = VersionedModelForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if VERSION_FIELD in fields else [*fields, VERSION_FIELD]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (StaleDeleteFormSetMixin, formset), {})


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

"""Admin pieces shared by every app: history (with revert) and no lost updates."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from .editing import VersionedModelForm
from .history_records import one_history_record
from .versioning import EditConflict, save_versioned


class VersionedAdminMixin:
    """Admin change forms remember the version they were opened at (see versioning.py)."""

    form = VersionedModelForm

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        # One history row for the record and its many-to-many fields, written once
        # save_related() has saved them.
        # (Reverting from history saves many-to-many itself, without save_related().)
        if not getattr(request, "reverting_history", False):
            obj._history_deferred = True
        save_versioned(obj, loaded_version=form.cleaned_data.get("loaded_version"))

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
                    loaded_version=inline_form.cleaned_data.get("loaded_version"),
                )
        formset.save_m2m()
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Saved by someone else between validation and saving; nothing was written.
            messages.error(request, _("Someone else saved this record a moment ago. Try again."))
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "reverting_history", False):
            # Reverting puts an old version's values in the form; it edits the current one.
            obj.version = type(obj)._base_manager.values_list("version", flat=True).get(pk=obj.pk)
        return super().get_form(request, obj, change=change, **kwargs)


class VersionedInlineMixin:
    form = VersionedModelForm

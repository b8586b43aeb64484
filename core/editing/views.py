"""In-site editing pages: permission-checked create, update and delete.

Anonymous visitors are sent to the login page; a signed-in user without the model
permission gets a 403. Updates save through the form's versioned save (``forms``).
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, UpdateView

from ..services import record_delete
from ..versioning import EditConflict


class EditPermissionMixin(PermissionRequiredMixin):
    action = "change"

    def get_permission_required(self):
        opts = self.model._meta
        return [f"{opts.app_label}.{self.action}_{opts.model_name}"]


class RecordFormMixin(EditPermissionMixin):
    """Save through the form's versioned save, with a success message."""

    success_text = gettext_lazy("Saved “%(record)s”.")

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = self.save(form)
        except EditConflict:
            # Saved by someone else between validation and saving: show the form again.
            form.add_error(None, _("Someone else saved this record a moment ago. Save again."))
            return self.form_invalid(form)
        except ValidationError as error:
            # A rule checked again while saving, e.g. the envelope limit under its lock.
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_text % {"record": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def save(self, form):
        return form.save_versioned()


class RecordCreateView(RecordFormMixin, CreateView):
    action = "add"
    template_name_suffix = "_form"
    success_text = gettext_lazy("Added “%(record)s”.")


class RecordUpdateView(RecordFormMixin, UpdateView):
    action = "change"
    template_name_suffix = "_form"


class RecordDeleteView(EditPermissionMixin, DeleteView):
    """Delete after confirmation; a record that others depend on is kept, with a reason."""

    action = "delete"

    def form_valid(self, form):
        name = str(self.object)
        try:
            record_delete(instance=self.object, user=self.request.user)
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                _("“%(record)s” is still used by other records, so it was not deleted.")
                % {"record": name},
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("Deleted “%(record)s”.") % {"record": name})
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse(f"{self.request.resolver_match.namespace}:list")

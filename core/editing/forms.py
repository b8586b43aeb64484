"""In-site editing forms. Updates use optimistic locking (``core.versioning``): a form
saved after someone else's save is shown again, with the editor's input and a list of
what changed in the meantime.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from ..history.diffs import changes_since, field_label
from ..history.records import one_history_record
from ..versioning import save_versioned
from . import merging


class VersionedModelForm(forms.ModelForm):
    """A model form that remembers the version of the record it was opened at.

    A save after someone else's is refused and the form comes back merged (``merging``):
    the fields this editor changed keep their input, the others show the current values,
    and a field both changed asks which value to keep. Saving again thus applies only
    this editor's changes.
    """

    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None  # the changes since the form was opened, after a refused save
        self.merges = []  # the fields both editors changed, asked about beside each
        self.merge_asked = {}  # the questions the page asked, with their answers
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version
        label_languages(self)

    def full_clean(self):
        if self.is_bound and self.instance.pk is not None:
            merging.apply_answers(self)
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or "loaded_version" in self.errors:
            return cleaned
        loaded = cleaned.get("loaded_version")
        if loaded is None:
            raise ValidationError(
                _("This form does not say which version of the record it edits. Reload the page."),
                code="no_version",
            )
        if loaded != self.instance.version:
            self.refuse_stale(loaded)
        merging.ask_again(self)
        return cleaned

    def refuse_stale(self, loaded):
        """Keep the editor's changes, show the others' in the fields the editor left alone,
        point the form at the current version, explain."""
        self.conflict = changes_since(self.instance, loaded)
        data = merging.merge_stale(self, loaded).copy()
        data[self.add_prefix("loaded_version")] = self.instance.version
        self.data = data
        self.__dict__.pop("changed_data", None)
        if self.merges:
            message = _(
                "Someone else saved this record after you opened it. Your changes are kept "
                "below, and the fields you did not change now show their values. You both "
                "changed some fields: choose at each which value to keep, then save again."
            )
        else:
            message = _(
                "Someone else saved this record after you opened it. Your changes are kept "
                "below, and the fields you did not change now show their values: check what "
                "they changed, then save again."
            )
        raise ValidationError(message, code="conflict")

    def save_versioned(self):
        """Save the instance and its many-to-many fields, refusing a stale version."""
        instance = self.save(commit=False)
        if not instance._state.adding and not self.has_changed():
            return instance  # nothing to save: no new version, no empty history entry
        with one_history_record(instance):
            save_versioned(instance, loaded_version=self.cleaned_data.get("loaded_version"))
            self.save_m2m()
        return instance


class StaleDeleteFormSetMixin:
    """A row ticked for deletion that someone else changed after the page was opened is not
    deleted unseen: the save is refused and the row comes back as it is now, unticked."""

    def clean(self):
        super().clean()
        stale = [
            form
            for form in self.initial_forms
            if self._should_delete_form(form) and getattr(form, "conflict", None) is not None
        ]
        for form in stale:
            data = form.data.copy()
            data.pop(form.add_prefix(forms.formsets.DELETION_FIELD_NAME), None)
            form.data = data
        if stale:
            raise ValidationError(
                _(
                    "Someone else changed a row that you marked for deletion after you opened "
                    "the page. It is shown as it is now and was not deleted: tick “Delete” "
                    "again to delete it."
                ),
                code="stale_delete",
            )


def label_languages(form):
    """Label each language version ("Title (Russian)") and mark its input with ``lang``."""
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            language = getattr(model._meta.get_field(name), "language", None)
        except FieldDoesNotExist:
            continue
        if language:
            field.label = capfirst(field_label(model, name))
            field.widget.attrs["lang"] = language


class SlugFormMixin:
    """An optional slug on a new record: blank takes one from the English title."""

    slug_source = "title_en"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The end of the page's address; it cannot change later. "
                "Leave blank to make one from the English title."
            )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug in self._meta.model.reserved_slugs:  # paths of their own: /meetings/new/
            raise ValidationError(_("“%(slug)s” is reserved; choose another.") % {"slug": slug})
        return slug

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get(self.slug_source):
            cleaned["slug"] = self.unique_slug(self.slug_base(cleaned))
        return cleaned

    def slug_base(self, cleaned):
        return slugify(cleaned[self.slug_source])

    def unique_slug(self, base):
        model = self._meta.model
        base = base[: model._meta.get_field("slug").max_length - 4] or "record"
        if base in model.reserved_slugs:
            base = f"{base}-record"
        taken = set(
            model._base_manager.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        candidates = [base, *(f"{base}-{n}" for n in range(2, len(taken) + 3))]
        return next(slug for slug in candidates if slug not in taken)

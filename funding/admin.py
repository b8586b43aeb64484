from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core.admin import FrozenSlugMixin, OfflineTabbedTranslationAdmin, VersionedInlineMixin
from core.importing.admin import ImportExportMixin
from core.source_pages.admin import CitationInline

from .models import Allocation, BudgetEnvelope, Instrument, Organisation, Programme
from .resources import AllocationResource, OrganisationResource, ProgrammeResource
from .services import envelope_limit_guard, envelope_states, saved_envelope_ids


def eur(value):
    return number_format(value, 2, force_grouping=True)


def over_limit_text(envelope):
    """What an envelope that is over its amount (from before the rule) says in admin."""
    return _(
        "Over its amount by %(excess)s EUR: the allocation lines add up to %(allocated)s EUR. "
        "Lines may be lowered or removed; their total may not grow until it is within the amount."
    ) % {"excess": eur(envelope.overspent_by), "allocated": eur(envelope.allocated_total)}


class AllocationFormSet(forms.BaseInlineFormSet):
    """Checks each envelope's total over all posted lines together.

    ``Allocation.clean()`` checks one line against what is saved, so several new lines,
    each under the limit, could together take an envelope over its amount.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # A line on its own would count the saved lines this post deletes or lowers.
        form.instance.check_envelope_limit = False
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = [self._excess_error(envelope, total) for envelope, total in self._posted()]
        if errors := [error for error in errors if error]:
            raise ValidationError(errors)

    def _posted(self):
        """(envelope, sum of the posted lines) for each envelope the kept lines draw on."""
        totals = {}
        for form in self.forms:
            data = form.cleaned_data
            if data.get("amount") is None or data.get("DELETE"):
                continue
            envelope = data["envelope"]
            entry = totals.setdefault(envelope.pk, [envelope, Decimal("0")])
            entry[1] += data["amount"]
        return totals.values()

    def _excess_error(self, envelope, posted):
        if envelope.amount is None:
            return None
        total = posted + self._saved_elsewhere(envelope)
        old_amount, old_total = envelope_states(envelope_ids=[envelope.pk]).get(
            envelope.pk, (envelope.amount, Decimal("0"))
        )
        if not BudgetEnvelope.excess_grew(
            amount=envelope.amount, allocated=total, old_amount=old_amount, old_allocated=old_total
        ):
            return None
        message = _(
            "These allocation lines would take “%(envelope)s” to %(total)s EUR, "
            "%(excess)s EUR over its %(limit)s EUR."
        )
        return ValidationError(
            message,
            code="envelope_exceeded",
            params={
                "envelope": envelope,
                "total": eur(total),
                "excess": eur(total - envelope.amount),
                "limit": eur(envelope.amount),
            },
        )

    def _saved_elsewhere(self, envelope):
        """Saved lines of ``envelope`` that this formset does not show."""
        if envelope.pk is None:
            return Decimal("0")
        own = [form.instance.pk for form in self.initial_forms]
        lines = Allocation.objects.filter(envelope=envelope).exclude(pk__in=own)
        return lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def _ids(values):
    """Primary keys as the forms read them: ``int()`` takes spaces and any Unicode digits,
    so " 5" and "５" name envelope 5 here as they do in the form."""
    ids = set()
    for value in values:
        try:
            number = int(str(value).strip())
        except ValueError:
            continue
        if 0 < number < 2**63:
            ids.add(number)
    return ids


class EnvelopeLimitAdminMixin:
    """Admin saves and reverts that can change what an envelope's lines add up to run inside
    ``envelope_limit_guard``: the envelopes they touch are locked before the forms are
    validated (so the forms' own checks see every other saved line), and checked again
    before the transaction commits."""

    def saved_envelope_ids(self, object_id) -> set[int]:
        """The envelopes the saved record ``object_id`` draws on."""
        return set()

    def touched_envelope_ids(self, request, object_id) -> set[int]:
        posted = [
            value
            for key, values in request.POST.lists()
            if key == "envelope" or key.endswith("-envelope")
            for value in values
        ]
        saved = self.saved_envelope_ids(object_id) if _ids([object_id]) else set()
        return _ids(posted) | saved

    def guarded(self, view, request, object_id, *args, **kwargs):
        if request.method != "POST":
            return view(request, object_id, *args, **kwargs)
        request.envelopes_locked = self.touched_envelope_ids(request, object_id)
        try:
            with envelope_limit_guard(envelope_ids=request.envelopes_locked):
                return view(request, object_id, *args, **kwargs)
        except ValidationError as error:
            # Only when a rule checked while validating did not hold at commit time.
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if isinstance(obj, BudgetEnvelope):
            request.envelopes_locked.add(obj.pk)  # locked already, or new and unseen by others
        if isinstance(obj, Allocation):
            self.check_locked(request, [obj.envelope_id])

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Allocation:
            self.check_locked(request, [line.instance.envelope_id for line in formset.forms])

    @staticmethod
    def check_locked(request, envelope_ids):
        """A line saved on an envelope that was not locked would escape the final check."""
        if {pk for pk in envelope_ids if pk is not None} - request.envelopes_locked:
            raise ValidationError(
                _("The budget envelope could not be checked. Nothing was saved: try again.")
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self.guarded(super().changeform_view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self.guarded(
            super().history_form_view, request, object_id, version_id, extra_context
        )


class AllocationInline(VersionedInlineMixin, TranslationTabularInline):
    model = Allocation
    formset = AllocationFormSet
    fields = tuple(name for name in Allocation.EDITABLE_FIELDS if name != "envelope")
    autocomplete_fields = tuple(name for name in Allocation.LINKS if name != "envelope")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}
    extra = 0


class ProgrammeAllocationInline(AllocationInline):
    fk_name = "programme"
    fields = tuple(name for name in Allocation.EDITABLE_FIELDS if name != "programme")
    autocomplete_fields = tuple(name for name in Allocation.LINKS if name != "programme")


@admin.register(Organisation)
class OrganisationAdmin(ImportExportMixin, FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    inlines = (CitationInline,)
    resource_classes = [OrganisationResource]
    slug_source = ("name_en",)
    list_display = ("name_en", "name_ru", "acronym_en", "kind", "initiator", "website")
    list_filter = ("kind", "initiator")
    list_select_related = ("initiator",)
    search_fields = ("name_en", "name_ru", "acronym_en", "acronym_ru", "slug")
    ordering = ("name_en",)
    autocomplete_fields = ("initiator",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Instrument)
class InstrumentAdmin(FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    inlines = (CitationInline,)
    slug_source = ("name_en",)
    list_display = ("name_en", "name_ru", "strategy")
    list_filter = ("strategy",)
    list_select_related = ("strategy",)
    search_fields = ("name_en", "name_ru", "slug")
    ordering = ("name_en",)
    autocomplete_fields = ("strategy",)


@admin.register(BudgetEnvelope)
class BudgetEnvelopeAdmin(EnvelopeLimitAdminMixin, FrozenSlugMixin, OfflineTabbedTranslationAdmin):
    list_display = (
        "title_en",
        "title_ru",
        "strategy",
        "amount",
        "allocated",
        "remaining",
        "limit_status",
    )
    list_filter = ("strategy", "countries")
    list_select_related = ("strategy",)
    search_fields = ("title_en", "title_ru", "source_en", "source_ru", "slug")
    ordering = ("pk",)
    readonly_fields = ("allocated", "remaining", "limit_status")
    autocomplete_fields = ("strategy",)
    filter_horizontal = ("countries",)
    inlines = (AllocationInline, CitationInline)

    def saved_envelope_ids(self, object_id):
        return {int(object_id)}

    def get_queryset(self, request):
        return super().get_queryset(request).with_allocated()

    @admin.display(description=_("allocated (EUR)"), ordering="allocated_total")
    def allocated(self, obj):
        return eur(getattr(obj, "allocated_total", None) or Decimal("0"))

    @admin.display(description=_("remaining (EUR)"))
    def remaining(self, obj):
        if obj.amount is None:
            return "-"
        return eur(obj.amount - (getattr(obj, "allocated_total", None) or Decimal("0")))

    @admin.display(description=_("limit"))
    def limit_status(self, obj):
        if obj.overspent_by is None:
            return _("Within the amount")
        return over_limit_text(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and _ids([object_id]):
            envelope = self.get_queryset(request).filter(pk=object_id).first()
            if envelope is not None and envelope.overspent_by is not None:
                messages.warning(request, over_limit_text(envelope))
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Programme)
class ProgrammeAdmin(
    EnvelopeLimitAdminMixin, ImportExportMixin, FrozenSlugMixin, OfflineTabbedTranslationAdmin
):
    resource_classes = [ProgrammeResource]
    # The DAC sector shows which programmes the IATI file still leaves out for want of one.
    list_display = ("title_en", "title_ru", "status", "start_date", "end_date", "dac_sector")
    list_filter = ("status", "countries", "organisations")
    search_fields = ("title_en", "title_ru", "slug")
    ordering = ("title_en", "pk")
    autocomplete_fields = ("priorities", "organisations")
    filter_horizontal = ("countries",)
    inlines = (ProgrammeAllocationInline,)

    def saved_envelope_ids(self, object_id):
        lines = Allocation.objects.filter(programme_id=object_id)
        return set(lines.values_list("envelope_id", flat=True))


@admin.register(Allocation)
class AllocationAdmin(EnvelopeLimitAdminMixin, ImportExportMixin, OfflineTabbedTranslationAdmin):
    resource_classes = [AllocationResource]
    list_display = (
        "envelope",
        "amount",
        "kind",
        "year",
        "country",
        "organisation",
        "priority",
        "programme",
    )
    list_filter = ("kind", "year", "envelope", "country")
    list_select_related = Allocation.LINKS
    search_fields = (
        "description_en",
        "description_ru",
        "envelope__title_en",
        "envelope__title_ru",
        "country__code",
        "country__name_en",
        "country__name_ru",
        "organisation__acronym_en",
        "organisation__acronym_ru",
        "organisation__name_en",
        "organisation__name_ru",
        "programme__title_en",
        "programme__title_ru",
    )
    ordering = ("-year", "pk")
    autocomplete_fields = Allocation.LINKS

    def saved_envelope_ids(self, object_id):
        return saved_envelope_ids(allocation_ids=[int(object_id)])

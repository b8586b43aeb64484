"""Admin import/export of partner organisations, programmes and allocation lines.

Columns carry readable, stable keys (slugs, ISO codes), never database ids, except an
allocation line's own ``id``: lines have no other key. See ``core.importing``.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.importing.files import ImportFileError
from core.importing.resources import ImportResource
from core.importing.widgets import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    NaturalKeysWidget,
    NaturalKeyWidget,
    URLWidget,
    column,
)
from core.languages import localized_fields
from priorities.models import Country, PriorityArea

from .models import Allocation, BudgetEnvelope, Organisation, Programme
from .services import envelope_limit_check, envelope_states, envelopes_lock


class OrganisationResource(ImportResource):
    slug = column("slug")
    name_en = column("name_en")
    name_ru = column("name_ru")
    acronym_en = column("acronym_en")
    acronym_ru = column("acronym_ru")
    kind = column("kind", ChoiceWidget(Organisation.Kind))
    role_en = column("role_en")
    role_ru = column("role_ru")
    website = column("website", URLWidget())
    initiator = column("initiator", NaturalKeyWidget(Country, "code", upper=True))

    export_select_related = ("initiator",)

    class Meta:
        model = Organisation
        name = _("Partner organisations by slug")
        import_id_fields = ["slug"]
        fields = localized_fields(Organisation, Organisation.EDITABLE_FIELDS)


class ProgrammeResource(ImportResource):
    slug = column("slug")
    title_en = column("title_en")
    title_ru = column("title_ru")
    description_en = column("description_en")
    description_ru = column("description_ru")
    status = column("status", ChoiceWidget(Programme.Status))
    start_date = column("start_date", DateWidget())
    end_date = column("end_date", DateWidget())
    priorities = column("priorities", NaturalKeysWidget(PriorityArea))
    countries = column("countries", NaturalKeysWidget(Country, "code", upper=True))
    organisations = column("organisations", NaturalKeysWidget(Organisation))
    # Text, not a number: "01234" keeps its zero, and full_clean() checks the five digits.
    dac_sector = column("dac_sector")

    export_prefetch_related = ("priorities", "countries", "organisations")

    class Meta:
        model = Programme
        name = _("Cooperation programmes by slug")
        import_id_fields = ["slug"]
        fields = localized_fields(Programme, Programme.EDITABLE_FIELDS)


class AllocationResource(ImportResource):
    # Read-only: it finds the line to update, a new line gets its id from the database.
    id = column("id", IntegerWidget(), readonly=True)
    envelope = column("envelope", NaturalKeyWidget(BudgetEnvelope))
    amount = column("amount", DecimalWidget())
    kind = column("kind", ChoiceWidget(Allocation.Kind))
    year = column("year", IntegerWidget())
    country = column("country", NaturalKeyWidget(Country, "code", upper=True))
    priority = column("priority", NaturalKeyWidget(PriorityArea))
    organisation = column("organisation", NaturalKeyWidget(Organisation))
    programme = column("programme", NaturalKeyWidget(Programme))
    description_en = column("description_en")
    description_ru = column("description_ru")

    export_select_related = Allocation.LINKS
    constraints_enforced_by_validators = ("amount",)

    class Meta:
        model = Allocation
        name = _("Allocation lines by id (blank for new lines)")
        import_id_fields = ["id"]
        fields = ["id", *localized_fields(Allocation, Allocation.EDITABLE_FIELDS)]

    def after_init_instance(self, instance, new, row, **kwargs):
        """A line with an id that does not exist is an error, not a new line."""
        if new and "id" in row and self.fields["id"].clean(row) is not None:
            raise ValidationError(
                {
                    "id": _(
                        "There is no allocation line with id %(id)s. "
                        "Leave the id empty to add a new line."
                    )
                    % {"id": str(row["id"]).strip()}
                }
            )

    # The envelope limit (see funding.services): the file is imported in one transaction;
    # the envelopes it touches are locked before its first row is checked, and checked again
    # after its last. In between, each row is checked against running totals: the saved
    # ones at the lock plus the rows saved so far, so a file costs no sum per row.

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []
        line_ids = [self._line_id(value) for value in dataset["id"]] if "id" in headers else ()
        self.saved_lines = {
            pk: (envelope_id, amount)
            for pk, envelope_id, amount in Allocation.objects.filter(pk__in=line_ids)
            .order_by()
            .values_list("pk", "envelope_id", "amount")
        }
        slugs = {str(slug).strip() for slug in dataset["envelope"]} if "envelope" in headers else ()
        named = BudgetEnvelope.objects.filter(slug__in=slugs).values_list("pk", flat=True)
        touched = {*named, *(envelope_id for envelope_id, _ in self.saved_lines.values())}
        # A preview is rolled back: it reads the totals without holding up other writers.
        read = envelope_states if self.dry_run else envelopes_lock
        self.envelopes_before = read(envelope_ids=touched)
        self.allocated = {pk: total for pk, (_, total) in self.envelopes_before.items()}

    def import_data(self, dataset, dry_run=False, *args, **kwargs):
        self.dry_run = dry_run
        return super().import_data(dataset, dry_run, *args, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.envelope_id in getattr(self, "allocated", {}) and instance.amount is not None:
            instance.check_envelope_limit = False  # checked here, against the running totals
            if error := self._limit_error(instance):
                errors = error.update_error_dict(errors)
        super().validate_instance(instance, errors, validate_unique)

    def _limit_error(self, instance):
        old_envelope, old_amount = self.saved_lines.get(instance.pk, (None, Decimal(0)))
        before = self.allocated[instance.envelope_id]
        others = before - (old_amount if old_envelope == instance.envelope_id else 0)
        limit, _ = self.envelopes_before[instance.envelope_id]
        return instance.limit_error(limit=limit, before=before, others=others)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if not hasattr(self, "allocated"):
            return
        old_envelope, old_amount = self.saved_lines.get(instance.pk, (None, Decimal(0)))
        if old_envelope in self.allocated:
            self.allocated[old_envelope] -= old_amount
        if instance.envelope_id in self.allocated:
            self.allocated[instance.envelope_id] += instance.amount
        self.saved_lines[instance.pk] = (instance.envelope_id, instance.amount)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        try:
            envelope_limit_check(before=getattr(self, "envelopes_before", {}))
        except ValidationError as error:
            raise ImportFileError(" ".join(error.messages)) from None

    def _line_id(self, value):
        try:
            return self.fields["id"].widget.clean(value)
        except ValueError:
            return None  # the row's own error; a line that does not exist touches nothing

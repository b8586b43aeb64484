"""Admin import/export of ministerial meetings (matched by their sequence number), of
commitments (by slug) and of their status changes (by id, blank for new ones).

See ``core.importing`` for the file format and the rules every import follows.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.importing.resources import ImportResource
from core.importing.widgets import (
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    NaturalKeysWidget,
    NaturalKeyWidget,
    column,
)
from core.models import Source
from funding.models import Organisation
from priorities.models import Country, PriorityArea, Strategy, Theme

from .models import Commitment, Meeting, Status, StatusChange, check_parties


class MeetingResource(ImportResource):
    number = column("number", IntegerWidget())
    slug = column("slug")
    year = column("year", IntegerWidget())
    start_date = column("start_date", DateWidget())
    end_date = column("end_date", DateWidget())
    city_en = column("city_en")
    city_ru = column("city_ru")
    host_country = column("host_country", NaturalKeyWidget(Country, "code", upper=True))
    agenda_en = column("agenda_en")
    agenda_ru = column("agenda_ru")
    outcome_en = column("outcome_en")
    outcome_ru = column("outcome_ru")
    themes = column("themes", NaturalKeysWidget(Theme))

    export_select_related = ("host_country",)
    export_prefetch_related = ("themes",)

    class Meta:
        model = Meeting
        name = _("Ministerial meetings by sequence number")
        import_id_fields = ["number"]
        fields = [
            "number",
            "slug",
            "year",
            "start_date",
            "end_date",
            "city_en",
            "city_ru",
            "host_country",
            "agenda_en",
            "agenda_ru",
            "outcome_en",
            "outcome_ru",
            "themes",
        ]

    def import_instance(self, instance, row, **kwargs):
        """The slug is a public URL and stays as it is (the admin freezes it too): an empty
        cell keeps it, a new meeting without one gets ``<year>-<city>`` as in the admin."""
        saved_slug = None if instance._state.adding else instance.slug
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if saved_slug and not instance.slug:
            instance.slug = saved_slug
        elif saved_slug and instance.slug != saved_slug:
            errors.setdefault("slug", []).append(
                ValidationError(
                    _("The slug of a saved meeting cannot change (it is “%(slug)s”).")
                    % {"slug": saved_slug}
                )
            )
        elif not instance.slug and instance.year and instance.city_en:
            instance.slug = slugify(f"{instance.year}-{instance.city_en}")
        if errors:
            raise ValidationError(errors)


ONE_PLACE = {
    str(constraint.violation_error_message)
    for constraint in Commitment._meta.constraints
    if constraint.name == "commitment_made_in_one_place"
}


def once(error_dict, *, drop=()):
    """``error_dict`` with each field's messages once, less those in ``drop``."""
    kept = {}
    for field, errors in error_dict.items():
        seen = set(drop)
        for error in errors:
            text = " ".join(error.messages)
            if text not in seen:
                seen.add(text)
                kept.setdefault(field, []).append(error)
    return kept


class CommitmentResource(ImportResource):
    """Commitments by slug: where they were made (``strategy`` or ``meeting``, by slug),
    their parties (``countries`` by ISO code, ``organisations`` by slug; at least one), the
    organisations they name (``involves``), priority areas and themes, several of them
    separated by ``;`` or ``,``.

    Their statuses are not columns here: they are imported separately, as status changes
    (``StatusChangeResource``, each with its evidence), once the commitments exist. A new
    commitment imported without any shows "No status yet" until its first change is added;
    it is not refused, since its status changes cannot name it before it is saved.
    """

    slug = column("slug")
    text_en = column("text_en")
    text_ru = column("text_ru")
    strategy = column("strategy", NaturalKeyWidget(Strategy))
    meeting = column("meeting", NaturalKeyWidget(Meeting))
    date = column("date", DateWidget())
    countries = column("countries", NaturalKeysWidget(Country, "code", upper=True))
    organisations = column("organisations", NaturalKeysWidget(Organisation))
    involves = column("involves", NaturalKeysWidget(Organisation))
    priorities = column("priorities", NaturalKeysWidget(PriorityArea))
    themes = column("themes", NaturalKeysWidget(Theme))

    export_select_related = ("strategy", "meeting")
    export_prefetch_related = ("countries", "organisations", "involves", "priorities", "themes")

    class Meta:
        model = Commitment
        name = _("Commitments by slug (their status changes are a separate import)")
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "text_en",
            "text_ru",
            "strategy",
            "meeting",
            "date",
            "countries",
            "organisations",
            "involves",
            "priorities",
            "themes",
        ]

    def import_instance(self, instance, row, **kwargs):
        """A commitment names at least one party: checked on the parsed many-to-many values
        (or the saved ones, for a column the file leaves out), before anything is saved."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not {"countries", "organisations"} & set(errors):
            try:
                check_parties(
                    countries=self.party_values(instance, row, "countries"),
                    organisations=self.party_values(instance, row, "organisations"),
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """As every import's, with each message once: the model's clean() and its check
        constraint say the same about where a commitment was made, and it adds nothing
        when the file's strategy or meeting could not be found."""
        errors = dict(import_validation_errors or {})
        try:
            super().validate_instance(instance, errors, validate_unique)
        except ValidationError as error:
            unread = {"strategy", "meeting"} & set(errors)
            raise ValidationError(
                once(error.error_dict, drop=ONE_PLACE if unread else ())
            ) from None

    def party_values(self, instance, row, name):
        field = self.fields[name]
        if field.column_name in row:
            return field.clean(row)
        if instance.pk is None:
            return []
        return list(getattr(instance, name).all())


class StatusChangeResource(ImportResource):
    """A commitment's status changes: ``commitment`` and ``source`` (the evidence, which
    every change needs) by slug, ``status`` by code or label. The ``id`` finds the change
    to update; leave it empty for a new one (a change has no other key)."""

    # Read-only: it finds the change to update, a new change gets its id from the database.
    id = column("id", IntegerWidget(), readonly=True)
    commitment = column("commitment", NaturalKeyWidget(Commitment))
    date = column("date", DateWidget())
    status = column("status", ChoiceWidget(Status))
    note_en = column("note_en")
    note_ru = column("note_ru")
    source = column("source", NaturalKeyWidget(Source))
    locator = column("locator")

    export_select_related = ("commitment", "source")

    class Meta:
        model = StatusChange
        name = _("Status changes of commitments by id (blank for new changes)")
        import_id_fields = ["id"]
        fields = ["id", "commitment", "date", "status", "note_en", "note_ru", "source", "locator"]

    def after_init_instance(self, instance, new, row, **kwargs):
        """A change with an id that does not exist is an error, not a new change."""
        if new and "id" in row and self.fields["id"].clean(row) is not None:
            raise ValidationError(
                {
                    "id": _(
                        "There is no status change with id %(id)s. "
                        "Leave the id empty to add a new change."
                    )
                    % {"id": str(row["id"]).strip()}
                }
            )

"""What was promised (``Commitment``), and what has happened since (``StatusChange``).

A commitment's current status is never stored: it is that of its latest status change
(latest date, then latest entry), read with ``Commitment.objects.with_status()``. So no
write, however concurrent, can leave a commitment showing a status its entries don't.
"""

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.versioning import VersionedModel

from .meeting import Meeting


class Status(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    IN_PROGRESS = "in-progress", _("In progress")
    PARTLY_ACHIEVED = "partly-achieved", _("Partly achieved")
    ACHIEVED = "achieved", _("Achieved")
    STALLED = "stalled", _("Stalled")
    DROPPED = "dropped", _("Dropped")


def _latest(field: str) -> Subquery:
    """``field`` of the outer commitment's latest status change (by date, then entry): the
    one definition of "current" (index ``status_latest``)."""
    latest = StatusChange.objects.filter(commitment=OuterRef("pk")).order_by("-date", "-pk")
    return Subquery(latest.values(field)[:1])


class CommitmentQuerySet(models.QuerySet):
    def with_status(self):
        """Annotate ``current_status`` and ``status_date``: those of the latest change."""
        return self.annotate(current_status=_latest("status"), status_date=_latest("date"))

    def in_status(self, *statuses):
        return self.alias(_status=_latest("status")).filter(_status__in=statuses)

    def unchanged_since(self, day: datetime.date):
        """Commitments whose latest status change is older than ``day`` (or that have none)."""
        recent = StatusChange.objects.filter(commitment=OuterRef("pk"), date__gte=day)
        return self.exclude(models.Exists(recent))

    def of_country(self, country):
        """A party to them, or they serve one of its priority areas."""
        ids = Commitment.objects.filter(Q(countries=country) | Q(priorities__country=country))
        return self.filter(pk__in=ids.values("pk"))

    def of_organisation(self, organisation):
        """A party to them, or named in them."""
        ids = Commitment.objects.filter(Q(organisations=organisation) | Q(involves=organisation))
        return self.filter(pk__in=ids.values("pk"))

    def serving(self, priority):
        """They serve the priority area, or one of its parts (or its whole)."""
        ids = Commitment.objects.filter(
            Q(priorities=priority) | Q(priorities__parent=priority) | Q(priorities__parts=priority)
        )
        return self.filter(pk__in=ids.values("pk"))

    def evidenced_by(self, source):
        """A status change of theirs rests on ``source``."""
        ids = StatusChange.objects.filter(source=source).values("commitment_id")
        return self.filter(pk__in=ids)

    def for_display(self):
        return self.select_related("meeting", "strategy").prefetch_related(
            "countries", "organisations"
        )


class Commitment(VersionedModel):
    """A promise the strategy or a ministerial meeting records: who made it, and what for."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    text = models.TextField(_("text"))
    countries = models.ManyToManyField(
        "priorities.Country",
        blank=True,
        related_name="commitments",
        verbose_name=_("party countries"),
    )
    organisations = models.ManyToManyField(
        "funding.Organisation",
        blank=True,
        related_name="commitments",
        verbose_name=_("party organisations"),
        help_text=_("The EU is the organisation “European Union”."),
    )
    involves = models.ManyToManyField(
        "funding.Organisation",
        blank=True,
        related_name="involved_in_commitments",
        verbose_name=_("organisations it names"),
        help_text=_("Partners the commitment names without being a party to it."),
    )
    strategy = models.ForeignKey(
        "priorities.Strategy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("made in the strategy"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("made at the meeting"),
    )
    date = models.DateField(_("date made"), null=True, blank=True)
    priorities = models.ManyToManyField(
        "priorities.PriorityArea",
        blank=True,
        related_name="commitments",
        verbose_name=_("priority areas"),
    )
    themes = models.ManyToManyField(
        "priorities.Theme", blank=True, related_name="commitments", verbose_name=_("themes")
    )

    objects = CommitmentQuerySet.as_manager()

    reserved_slugs = VersionedModel.reserved_slugs | {"feed"}  # /commitments/feed/

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strategy__isnull=False, meeting__isnull=True)
                | Q(strategy__isnull=True, meeting__isnull=False),
                name="commitment_made_in_one_place",
                violation_error_message=_(
                    "Say where the commitment was made: in the strategy or at a meeting, not both."
                ),
            )
        ]

    def __str__(self):
        return Truncator(self.text).chars(90)

    def get_absolute_url(self):
        return reverse("commitments:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()  # "made in one place" is the check constraint's, validated with it
        errors = {}
        check_date(self.date, errors, "date")
        if self.pk is not None and self.date:
            earlier = self.status_changes.filter(date__lt=self.date).order_by("date").first()
            if earlier is not None:
                errors["date"] = _(
                    "Its status changed on %(date)s: it cannot have been made after that."
                ) % {"date": earlier.date.isoformat()}
        if errors:
            raise ValidationError(errors)
        if self.meeting_id and self.date and self.date.year != self.meeting.year:
            raise ValidationError({"date": _("The date must fall in the meeting's year.")})

    @property
    def made_in(self):
        return self.meeting or self.strategy

    def latest_change(self):
        return self.status_changes.order_by("-date", "-pk").first()


NO_PARTY = _("Name at least one party: the EU, a country or an organisation.")
BEFORE_MADE = _("A status change cannot come before the commitment was made.")


def check_parties(*, countries, organisations) -> None:
    """A commitment has at least one party. Many-to-many values are set after the record is
    saved, so every write path (form, admin, import, service) calls this before it saves."""
    if not countries and not organisations:
        raise ValidationError(NO_PARTY, code="no_party")


def not_in_future(value: datetime.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("A status change cannot be dated in the future."))


EARLIEST = datetime.date(1991, 1, 1)  # the year the five countries became independent


def check_date(value: datetime.date | None, errors: dict, name: str) -> None:
    """A commitment's date: not in the future, and not before 1991."""
    if value is None:
        return
    if value > timezone.localdate():
        errors[name] = _("This date is in the future.")
    elif value < EARLIEST:
        errors[name] = _("Enter a date from 1991 on.")


class StatusChange(VersionedModel):
    """One dated step of a commitment's status, with a note and the evidence for it."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("commitment"),
    )
    date = models.DateField(_("date"), validators=[not_in_future])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"))
    source = models.ForeignKey(
        "core.Source",
        on_delete=models.PROTECT,
        related_name="status_changes",
        verbose_name=_("evidence"),
        error_messages={
            "null": _("Every status change needs evidence: choose the source that shows it."),
            "blank": _("Every status change needs evidence: choose the source that shows it."),
            "required": _("Every status change needs evidence: choose the source that shows it."),
        },
    )
    locator = models.TextField(
        _("where in the evidence"),
        blank=True,
        help_text=_("A quoted passage, or a page or section of the source."),
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(
                "commitment", models.F("date").desc(), models.F("id").desc(), name="status_latest"
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.commitment.get_absolute_url() + f"#change-{self.pk}"

    def clean_fields(self, exclude=None):
        """The note is required in both languages (its translations, note_en and note_ru,
        are blank-able fields to modeltranslation), checked like any required field: a form
        that already found one missing says so once."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in ("note_en", "note_ru"):
            if name in (exclude or ()):
                continue
            if not (getattr(self, name, "") or "").strip():  # said once, and clearly
                errors[name] = [ValidationError(_("Write the note in English and in Russian."))]
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date < EARLIEST:
            errors["date"] = _("Enter a date from 1991 on.")
        elif self.commitment_id and self.date:
            made = self.commitment.date
            if made and self.date < made:
                errors["date"] = BEFORE_MADE
        if errors:
            raise ValidationError(errors)

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.versioning import VersionedModel


class MeetingQuerySet(models.QuerySet):
    """Held or upcoming is derived from the dates (or, without dates, the year)."""

    @staticmethod
    def _held_q(today):
        return (
            Q(end_date__lt=today)
            | Q(end_date__isnull=True, start_date__lt=today)
            | Q(end_date__isnull=True, start_date__isnull=True, year__lt=today.year)
        )

    def held(self, today=None):
        return self.filter(self._held_q(today or timezone.localdate()))

    def upcoming(self, today=None):
        return self.exclude(self._held_q(today or timezone.localdate()))

    def dated(self):
        """Meetings with at least one known day (as the timeline places them)."""
        return self.filter(self._dated_q())

    def year_only(self):
        """Meetings known only by their year (no day to put in a calendar)."""
        return self.exclude(self._dated_q())

    @staticmethod
    def _dated_q():
        return Q(start_date__isnull=False) | Q(end_date__isnull=False)

    def for_display(self):
        """With the host country and the agenda themes, as the timeline and matrix show them."""
        return self.select_related("host_country").prefetch_related("themes")

    def touching(self, themes):
        """Meetings whose agenda touched any of ``themes``."""
        return self.filter(pk__in=self.model.objects.filter(themes__in=themes).values("pk"))


class Meeting(VersionedModel):
    """An EU–Central Asia meeting of foreign ministers."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    class Status(models.TextChoices):
        HELD = "held", _("Held")
        UPCOMING = "upcoming", _("Upcoming")

    number = models.PositiveSmallIntegerField(
        _("sequence number"),
        unique=True,
        validators=[MinValueValidator(1)],
        error_messages={"unique": _("A meeting with this sequence number already exists.")},
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1991), MaxValueValidator(2100)]
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=100)
    host_country = models.ForeignKey(
        "priorities.Country",
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        verbose_name=_("host country"),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    themes = models.ManyToManyField(
        "priorities.Theme", blank=True, related_name="meetings", verbose_name=_("agenda themes")
    )
    outcome = models.TextField(_("outcome notes"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("ministerial meeting")
        verbose_name_plural = _("ministerial meetings")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="meeting_dates_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self):
        return f"{self.city}, {self.year}"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date must not be before the start date.")
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["start_date"] = _("The start date must fall in the meeting's year.")
        elif not self.start_date and self.end_date and self.end_date.year != self.year:
            errors["end_date"] = _("The end date must fall in the meeting's year.")
        if errors:
            raise ValidationError(errors)

    @property
    def last_day(self):
        return self.end_date or self.start_date

    def status_on(self, today: datetime.date):
        held = self.last_day < today if self.last_day else self.year < today.year
        return self.Status.HELD if held else self.Status.UPCOMING

    @property
    def status(self):
        return self.status_on(timezone.localdate())

    def get_status_display(self):
        return self.status.label


class Participant(VersionedModel):
    """A person taking part in a meeting, and whom they represent."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    person = models.CharField(_("person"), max_length=150)
    role = models.CharField(_("role"), max_length=250, blank=True)
    country = models.ForeignKey(
        "priorities.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("represents country"),
    )
    organisation = models.ForeignKey(
        "funding.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("represents organisation"),
    )
    heads_delegation = models.BooleanField(_("heads the delegation"), default=False)
    ordinal = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "ordinal", "pk"]

    def __str__(self):
        return self.person

    @property
    def represents(self):
        return self.country or self.organisation

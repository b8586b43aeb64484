from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.versioning import VersionedModel

MONEY = {"max_digits": 14, "decimal_places": 2}
YEAR_VALIDATORS = [MinValueValidator(1991), MaxValueValidator(2100)]
# Exactly five ASCII digits (\d would take any Unicode digit, and $ a trailing newline).
DAC_SECTOR_VALIDATOR = RegexValidator(
    r"\A[0-9]{5}\Z",
    _("Enter a DAC sector code: exactly five digits, e.g. 15110."),
    code="dac_sector",
)


class Organisation(VersionedModel):
    """A partner organisation the strategy names."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    # What an editor fills in, in this order: the site's form and the CSV import.
    EDITABLE_FIELDS = ("slug", "name", "acronym", "kind", "role", "website", "initiator")

    class Kind(models.TextChoices):
        EU = "eu", _("EU and EU institution")
        INTERNATIONAL = "international", _("International organisation")
        FINANCIAL = "financial", _("International financial institution")
        REGIONAL = "regional", _("Regional structure")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    role = models.TextField(_("role in the strategy"), blank=True)
    website = models.URLField(_("website"), blank=True)
    initiator = models.ForeignKey(
        "priorities.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiated_organisations",
        verbose_name=_("initiated by"),
    )
    # Made by `manage.py generate_demo_data`, removed by its --clear; never set by editors.
    demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})


class Instrument(VersionedModel):
    """A cooperation instrument that is not an organisation (e.g. the member states' PCAs)."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    strategy = models.ForeignKey(
        "priorities.Strategy",
        on_delete=models.PROTECT,
        related_name="instruments",
        verbose_name=_("strategy"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BudgetEnvelopeQuerySet(models.QuerySet):
    def for_country(self, country):
        """Envelopes that name ``country``, or that fund it through an allocation line."""
        return self.filter(
            pk__in=BudgetEnvelope.objects.filter(
                Q(countries=country) | Q(allocations__country=country)
            ).values("pk")
        )

    def with_allocated(self):
        """Annotate ``allocated_total``; a subquery, so joins elsewhere never multiply it."""
        lines = (
            Allocation.objects.filter(envelope=OuterRef("pk"))
            .order_by()
            .values("envelope")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.annotate(
            allocated_total=Subquery(lines, output_field=models.DecimalField(**MONEY))
        )


class BudgetEnvelope(VersionedModel):
    """An amount of EU money set aside for the strategy, spent through allocation lines."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    strategy = models.ForeignKey(
        "priorities.Strategy",
        on_delete=models.PROTECT,
        related_name="envelopes",
        verbose_name=_("strategy"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source of funds"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    countries = models.ManyToManyField(
        "priorities.Country", blank=True, related_name="envelopes", verbose_name=_("countries")
    )
    description = models.TextField(_("description"), blank=True)
    # Made by `manage.py generate_demo_data`, removed by its --clear; never set by editors.
    demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = BudgetEnvelopeQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget envelope")
        verbose_name_plural = _("budget envelopes")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="envelope_amount_positive")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:list")

    def clean(self):
        super().clean()
        if self.pk is None or self.amount is None:
            return
        saved = BudgetEnvelope.objects.filter(pk=self.pk).values_list("amount", flat=True).first()
        allocated = self.allocated()
        old_amount = self.amount if saved is None else saved
        if self.excess_grew(
            amount=self.amount, allocated=allocated, old_amount=old_amount, old_allocated=allocated
        ):
            message = _(
                "The allocation lines already add up to %(allocated)s EUR, "
                "%(excess)s EUR more than this amount."
            ) % {
                "allocated": number_format(allocated, 2, force_grouping=True),
                "excess": number_format(allocated - self.amount, 2, force_grouping=True),
            }
            raise ValidationError({"amount": message})

    @staticmethod
    def excess_grew(
        *, amount: Decimal, allocated: Decimal, old_amount: Decimal, old_allocated: Decimal
    ) -> bool:
        """The envelope rule: lines may not exceed the amount, and where they already do
        (data from before the rule), a write may not make the excess larger. Lowering the
        amount below what is allocated, or adding to an envelope that is over, is refused;
        any edit that does not raise the total or lower the amount is not."""
        excess = allocated - amount
        return excess > 0 and excess > old_allocated - old_amount

    def over_limit_error(self, *, allocated: Decimal, amount: Decimal) -> ValidationError:
        return ValidationError(
            _(
                "The allocation lines of “%(envelope)s” would add up to %(total)s EUR, "
                "%(excess)s EUR over its %(limit)s EUR."
            ),
            code="envelope_exceeded",
            params={
                "envelope": self,
                "total": number_format(allocated, 2, force_grouping=True),
                "excess": number_format(allocated - amount, 2, force_grouping=True),
                "limit": number_format(amount, 2, force_grouping=True),
            },
        )

    def allocated(self, *, exclude_pk=None):
        lines = self.allocations.all()
        if exclude_pk is not None:
            lines = lines.exclude(pk=exclude_pk)
        return lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")

    def remaining(self):
        return self.amount - self.allocated()

    @property
    def overspent_by(self) -> Decimal | None:
        """How far the lines exceed the amount, from ``with_allocated()``; None if not over."""
        allocated = getattr(self, "allocated_total", None) or Decimal(0)
        if self.amount is None or allocated <= self.amount:
            return None
        return allocated - self.amount


class ProgrammeQuerySet(models.QuerySet):
    def active_in(self, year: int):
        """Programmes whose dates span ``year``; an open end counts as still running."""
        return self.filter(start_date__year__lte=year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )


class Programme(VersionedModel):
    """A cooperation programme. The strategy text names none: editors add them."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    # What an editor fills in, in this order: the site's form and the CSV import.
    EDITABLE_FIELDS = (
        "slug",
        "title",
        "description",
        "status",
        "start_date",
        "end_date",
        "priorities",
        "countries",
        "organisations",
        "dac_sector",
    )

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    priorities = models.ManyToManyField(
        "priorities.PriorityArea",
        blank=True,
        related_name="programmes",
        verbose_name=_("priority areas"),
    )
    countries = models.ManyToManyField(
        "priorities.Country", blank=True, related_name="programmes", verbose_name=_("countries")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="programmes", verbose_name=_("partners")
    )
    # The one field the IATI file (funding.iati) needs that nothing else gives: a code, the
    # same in every language (not translated). A validator, so that every write path that
    # validates the model (site form, admin, CSV import, services) refuses the same values.
    dac_sector = models.CharField(
        _("DAC sector"),
        max_length=5,
        blank=True,
        validators=[DAC_SECTOR_VALIDATOR],
        help_text=_(
            "The OECD DAC 5-digit purpose code of the programme's sector, e.g. 15110, for the "
            "IATI file. A programme without one is left out of that file."
        ),
    )
    # Made by `manage.py generate_demo_data`, removed by its --clear; never set by editors.
    demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation programme")
        verbose_name_plural = _("cooperation programmes")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="programme_dates_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:detail", kwargs={"slug": self.slug})


class AllocationQuerySet(models.QuerySet):
    def totals_by(self, field: str):
        """Rows of ``envelope_id``, ``field`` and ``total`` (the summed amount), largest first."""
        return (
            self.order_by()
            .values("envelope_id", field)
            .annotate(total=Sum("amount"))
            .order_by("envelope_id", "-total", field)
        )


class Allocation(VersionedModel):
    """One line of money from an envelope."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    # What an editor fills in, in this order: the site's form, the admin (its inlines leave
    # out the record they sit in) and the CSV import list these (a translated field once per
    # language: ``core.languages.localized_fields``).
    EDITABLE_FIELDS = (
        "envelope",
        "amount",
        "kind",
        "year",
        "country",
        "priority",
        "organisation",
        "programme",
        "description",
    )
    # The records a line links to: read with it (select_related) and chosen by search.
    LINKS = ("envelope", "country", "priority", "organisation", "programme")

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Planned")
        COMMITTED = "committed", _("Committed")
        DISBURSED = "disbursed", _("Disbursed")

    envelope = models.ForeignKey(
        BudgetEnvelope,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("budget envelope"),
    )
    amount = models.DecimalField(
        _("amount (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLANNED)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    country = models.ForeignKey(
        "priorities.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("country"),
    )
    priority = models.ForeignKey(
        "priorities.PriorityArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("priority area"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("partner"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("programme"),
    )
    description = models.TextField(_("description"), blank=True)
    # Made by `manage.py generate_demo_data`, removed by its --clear; never set by editors.
    demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive")
        ]
        # The list's default order and its sortable columns of this table (page 1 and the
        # sorted pages read 25 rows from an index, not sort every line; descending sorts
        # read the same index backwards). Columns sorted by a linked record's name are not
        # served by these.
        indexes = [
            models.Index(fields=["-year", "id"], name="allocation_default_order"),
            models.Index(fields=["year", "id"], name="allocation_by_year"),
            models.Index(fields=["amount", "id"], name="allocation_by_amount"),
            models.Index(fields=["kind", "id"], name="allocation_by_kind"),
        ]

    def __str__(self):
        return f"{self.envelope} – {self.get_kind_display()} – EUR {self.amount}"

    def get_absolute_url(self):
        return reverse("funding:detail", kwargs={"pk": self.pk})

    # Checked line by line against the saved lines. A form set that edits several lines of
    # an envelope at once turns this off on its instances and checks the posted total itself.
    check_envelope_limit = True

    def clean(self):
        super().clean()
        if not self.check_envelope_limit or self.envelope_id is None or self.amount is None:
            return
        envelope = self.envelope
        others = envelope.allocated(exclude_pk=self.pk)
        saved = Allocation.objects.filter(pk=self.pk, envelope_id=envelope.pk)
        before = others + (saved.values_list("amount", flat=True).first() or Decimal(0))
        if error := self.limit_error(limit=envelope.amount, before=before, others=others):
            raise error

    def limit_error(
        self, *, limit: Decimal, before: Decimal, others: Decimal
    ) -> ValidationError | None:
        """The envelope rule for this line: ``before`` is what the envelope's lines add up
        to as saved, ``others`` the same without this line."""
        total = others + self.amount
        if not BudgetEnvelope.excess_grew(
            amount=limit, allocated=total, old_amount=limit, old_allocated=before
        ):
            return None
        return ValidationError(
            {
                "amount": _(
                    "This would take the envelope over its %(limit)s EUR by %(excess)s EUR."
                )
                % {
                    "limit": number_format(limit, 2, force_grouping=True),
                    "excess": number_format(total - limit, 2, force_grouping=True),
                }
            }
        )

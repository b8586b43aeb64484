from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.versioning import VersionedModel


class Strategy(VersionedModel):
    """A strategy document, e.g. the EU Strategy for Central Asia."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    aim = models.TextField(_("aim of the dialogue"), blank=True)
    initiative = models.CharField(_("prepared on the initiative of"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("home")


class CountryQuerySet(models.QuerySet):
    def central_asian(self):
        return self.filter(region=Country.Region.CENTRAL_ASIA)


class Country(VersionedModel):
    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    class Region(models.TextChoices):
        CENTRAL_ASIA = "central-asia", _("Central Asia")
        EUROPE = "europe", _("Europe")

    code = models.CharField(
        _("ISO 3166-1 alpha-2 code"),
        max_length=2,
        unique=True,
        help_text=_("Two capital letters, e.g. KZ."),
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Enter two capital Latin letters, e.g. KZ."))],
    )
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_iso_alpha2",
                violation_error_message=_("Enter two capital Latin letters, e.g. KZ."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("countries:detail", kwargs={"code": self.code.lower()})

    @property
    def is_central_asian(self):
        return self.region == self.Region.CENTRAL_ASIA


class Theme(VersionedModel):
    """A tag that links priority areas, meeting agendas and programmes."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("themes:detail", kwargs={"slug": self.slug})


class PriorityAreaQuerySet(models.QuerySet):
    def regional(self):
        return self.filter(country__isnull=True)

    def national(self):
        return self.filter(country__isnull=False)

    def top_level(self):
        """Priority areas themselves, not their parts."""
        return self.filter(parent__isnull=True)


class PriorityArea(VersionedModel):
    """A priority area of a strategy: national (with a country) or regional (without)."""

    # Deleting the record deletes its citations (core.sources).
    citations = GenericRelation("core.Citation")

    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="priorities", verbose_name=_("strategy")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name=_("country"),
        help_text=_("Leave empty for a regional priority."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
        help_text=_(
            "For a part of a priority area, such as one of the integration processes under "
            "regional cooperation. Empty for a priority area itself."
        ),
    )
    ordinal = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    approved_year = models.PositiveSmallIntegerField(_("year approved"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="priorities", verbose_name=_("themes")
    )

    objects = PriorityAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        # A whole, then its parts: regional priority 1, its parts 1.1, 1.2, 1.3, then 2.
        ordering = [
            F("country__code").asc(nulls_last=True),
            Coalesce("parent__ordinal", "ordinal"),
            F("parent").asc(nulls_first=True),
            "ordinal",
            "pk",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "country", "ordinal"],
                condition=Q(parent__isnull=True),
                name="priority_unique_ordinal",
            ),
            models.UniqueConstraint(
                fields=["strategy", "ordinal"],
                condition=Q(country__isnull=True, parent__isnull=True),
                name="priority_unique_regional_ordinal",
            ),
            models.UniqueConstraint(
                fields=["parent", "ordinal"],
                condition=Q(parent__isnull=False),
                name="priority_unique_part_ordinal",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("priorities:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        parent = self.parent
        if parent is None:
            self._clean_parts()
            return
        if parent.pk == self.pk and self.pk is not None:
            raise ValidationError({"parent": _("A priority area cannot be a part of itself.")})
        if self.pk is not None and self.parts.exists():
            raise ValidationError({"parent": _("This priority area has parts of its own.")})
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Choose a priority area itself, not one of its parts.")}
            )
        if parent.country_id != self.country_id or parent.strategy_id != self.strategy_id:
            raise ValidationError(
                {"parent": _("A part belongs to the same strategy and country as its whole.")}
            )

    def _clean_parts(self):
        """A whole keeps its parts' strategy and country: move them first, or not at all."""
        if self.pk is None:
            return
        moved = self.parts.exclude(country_id=self.country_id, strategy_id=self.strategy_id)
        if moved.exists():
            raise ValidationError(
                _("Its parts belong to the same strategy and country: change theirs too.")
            )

    @property
    def number(self) -> str:
        """Its number as readers see it: "2", or "1.2" for a whole's second part (load the
        parent with it: ``select_related("parent")``)."""
        return f"{self.parent.ordinal}.{self.ordinal}" if self.parent_id else str(self.ordinal)

    @property
    def is_regional(self):
        return self.country_id is None

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.versioning import VersionedModel


def citable_fields(model) -> list[str]:
    """The fields of ``model`` a citation may name: what an editor fills in, not the
    primary key, the version, a translation's own column (title_en: cite title) or a
    relation from another model."""
    opts = model._meta
    return [
        field.name
        for field in (*opts.concrete_fields, *opts.many_to_many)
        if field.editable
        and not field.primary_key
        and not getattr(field, "language", None)
        and field.name != "version"
    ]


def not_after_today(value, errors: dict, name: str) -> None:
    if value and value > timezone.localdate():
        errors[name] = _("This date is in the future.")


class SourceQuerySet(models.QuerySet):
    def unchecked_since(self, day: datetime.date):
        """Sources nobody has checked on or after ``day`` (or ever)."""
        return self.filter(Q(checked_on__isnull=True) | Q(checked_on__lt=day))


class Source(VersionedModel):
    """A document, web page or editorial decision that facts on the portal rest on."""

    class Kind(models.TextChoices):
        SOURCE_TEXT = "source-text", _("The source text")
        OFFICIAL = "official", _("Official document")
        PRESS_RELEASE = "press-release", _("Press release")
        WEB_PAGE = "web-page", _("Web page")
        EDITORIAL = "editorial", _("Editorial")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("author or publisher"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        help_text=_("ISO 639-1 code of the source's language, e.g. ru."),
        validators=[RegexValidator(r"^[a-z]{2}$", _("Enter two small Latin letters, e.g. ru."))],
    )
    text = models.TextField(
        _("full text"), blank=True, help_text=_("The source's text, where the portal may show it.")
    )
    checked_on = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("When an editor last checked the source (its address still works)."),
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="source-text"),
                name="source_one_source_text",
                violation_error_message=_("There is one source text: source 1."),
            ),
            models.CheckConstraint(
                condition=Q(language__regex=r"^[a-z]{2}$"),
                name="source_language_iso639_1",
                violation_error_message=_("Enter two small Latin letters, e.g. ru."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        not_after_today(self.checked_on, errors, "checked_on")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editorial(self):
        return self.kind == self.Kind.EDITORIAL


class CitationQuerySet(models.QuerySet):
    def of(self, instance):
        """The citations of one record, its fields' included, with their sources."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
        ).select_related("source")

    def editorial(self):
        return self.filter(source__kind=Source.Kind.EDITORIAL)

    def sourced(self):
        return self.exclude(source__kind=Source.Kind.EDITORIAL)


class Citation(VersionedModel):
    """A record, or one field of it, rests on a source: where in it, and when checked."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        _("field"),
        max_length=60,
        blank=True,
        help_text=_("The cited field's name, e.g. title; empty when the whole record is cited."),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source")
    )
    locator = models.TextField(
        _("locator"), blank=True, help_text=_("A quoted passage, or a page or section.")
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Why the fact stands; required when the source is editorial."),
    )
    checked_on = models.DateField(_("checked on"), null=True, blank=True)

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_record")]

    def __str__(self):
        return f"{self.source} – {self.field or _('record')}"

    def clean(self):
        super().clean()
        errors = {}
        model = self.content_type.model_class() if self.content_type_id else None
        if model is not None and self.field and self.field not in citable_fields(model):
            errors["field"] = _("“%(field)s” is not a field of %(model)s that can be cited.") % {
                "field": self.field,
                "model": model._meta.verbose_name,
            }
        known = model is not None and self.object_id is not None
        if known and not model._base_manager.filter(pk=self.object_id).exists():
            errors["object_id"] = _("No %(model)s has this number.") % {
                "model": model._meta.verbose_name
            }
        if self.source_id and self.source.is_editorial:
            for name in ("note_en", "note_ru"):  # read in both languages
                if not (getattr(self, name, "") or "").strip():
                    errors[name] = _("An editorial fact needs its reason, in both languages.")
        not_after_today(self.checked_on, errors, "checked_on")
        if errors:
            raise ValidationError(errors)

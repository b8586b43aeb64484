"""Admin import/export of ministerial meetings, matched by their sequence number.

See ``core.importing`` for the file format and the rules every import follows.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.importing.resources import ImportResource
from core.importing.widgets import (
    DateWidget,
    IntegerWidget,
    NaturalKeysWidget,
    NaturalKeyWidget,
    column,
)
from priorities.models import Country, Theme

from .models import Meeting


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

import django_tables2 as tables
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..lists.export import ExportColumn
from ..lists.schema import COUNT, TEXT
from ..lists.tables import PortalTable
from ..sources.citations import count_name, evidence_relations
from ..sources.models import Source

NUMBER = {"td": {"class": "num"}, "th": {"class": "num"}}


def count_column(verbose_name, name):
    return tables.Column(verbose_name=verbose_name, attrs=NUMBER, order_by=(name, "pk"))


def evidence_label(relation):
    """ "Status changes": what the sources are evidence for, by its model's name."""
    return capfirst(relation.related_model._meta.verbose_name_plural)


class SourceTable(PortalTable):
    """The sources, with how many citations each has and, for each kind of record that
    rests on a source as its evidence (``citations.evidence_relations``), how many."""

    title = tables.Column(linkify=True, order_by=("title", "pk"))
    publisher = tables.Column(order_by=("publisher", "pk"))
    date = tables.DateColumn(order_by=("date", "pk"))
    kind = tables.Column(order_by=("kind", "pk"))
    language = tables.Column(order_by=("language", "pk"))
    checked_on = tables.DateColumn(order_by=("checked_on", "pk"))
    citation_count = count_column(_("Citations"), "citation_count")

    class Meta(PortalTable.Meta):
        model = Source
        fields = ("title", "publisher", "date", "kind", "language", "checked_on")
        sequence = (*fields, "citation_count", "...")

    def __init__(self, *args, **kwargs):
        evidence = [
            (count_name(relation), count_column(evidence_label(relation), count_name(relation)))
            for relation in evidence_relations()
        ]
        kwargs["extra_columns"] = [*kwargs.get("extra_columns", ()), *evidence]
        super().__init__(*args, **kwargs)

    @property
    def export_columns(self):
        evidence = [
            ExportColumn.attr(count_name(relation), evidence_label(relation), schema=COUNT)
            for relation in evidence_relations()
        ]
        return (
            ExportColumn.attr("slug", _("Identifier")),
            ExportColumn.attr("title", _("Title")),
            ExportColumn.attr("publisher", _("Author or publisher")),
            ExportColumn.attr("date", _("Date")),
            ExportColumn.attr("kind_code", _("Kind code"), "kind"),
            ExportColumn("kind", _("Kind"), lambda s: s.get_kind_display(), schema=TEXT),
            ExportColumn.attr("language", _("Language")),
            ExportColumn.attr("address", _("Address of the source"), "url"),
            ExportColumn.attr("checked_on", _("Last checked")),
            ExportColumn.attr("citation_count", _("Citations"), schema=COUNT),
            *evidence,
        )

    @staticmethod
    def export_annotations():
        return {}

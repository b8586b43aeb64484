"""The sources as a table of the open data package (/data/). Called from
``CoreConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from ..open_data.registry import add_data_resource, list_resource
from .views import SourceListView


def register() -> None:
    add_data_resource(
        "sources",
        title=_("Sources"),
        description=_(
            "The documents, web pages and editorial decisions that the facts rest on, with "
            "how many facts cite each and how many status changes each is evidence for."
        ),
        **list_resource(SourceListView),
        primary_key=("slug",),
        position=120,
    )

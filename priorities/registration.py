"""What this app tells the toolkit (``core.registry``): its history sections and tracked
models. Called from ``PrioritiesConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from core.registry import add_history_section, add_key_fields, reverse_or_none, track


def register() -> None:
    add_history_section("priorities", _("Priorities"), position=10)
    add_history_section("themes", _("Themes"), position=20)
    track("priorities.priorityarea", section="priorities", namespace="priorities")
    track("priorities.theme", section="themes", namespace="themes")
    # The strategy is the overview page; countries have their own pages, not their history.
    track("priorities.strategy", section="other", page_url=lambda key: reverse_or_none("home"))
    track("priorities.country", section="other")
    # The facts on these records that need a source (core.sources).
    add_key_fields("priorities.strategy", ("title", "initiative", "summary", "aim"))
    add_key_fields("priorities.country", ("name", "code"))
    add_key_fields("priorities.theme", ("name",))
    add_key_fields("priorities.priorityarea", ("title", "parent", "approved_year", "themes"))

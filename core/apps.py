from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The toolkit beneath the apps: lists, export, editing, history, importing."""

    name = "core"

    def ready(self):
        from .registry import add_history_section

        # Records no section claims (the strategy, the countries) are listed under "Other".
        add_history_section("other", _("Other"), position=1000)

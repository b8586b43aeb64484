from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The toolkit beneath the apps: lists, export, editing, history, importing."""

    name = "core"

    def ready(self):
        from django.apps import apps
        from django.contrib.auth import get_user_model

        from .freshness import watch
        from .history.records import UNLINKED_REASON
        from .registry import add_change_reason, add_history_section
        from .source_pages import admin as sources_admin  # noqa: F401 (registers it)
        from .source_pages import open_data as sources_data
        from .source_pages import registration as sources
        from .sources import quality
        from .versioning import VersionedModel

        # Records no section claims (the strategy, the countries) are listed under "Other".
        add_history_section("other", _("Other"), position=1000)
        add_change_reason("import", _("import"))
        add_change_reason(UNLINKED_REASON, _("a linked record was deleted"))
        quality.register()  # the quality page's checks of sources and citations
        sources.register()  # /sources/, its history and the sources of a JSON export
        sources_data.register()  # the sources' table in the open data package
        # Every record a public page shows (and the people named in its history).
        watch(*(model for model in apps.get_models() if issubclass(model, VersionedModel)))
        watch(get_user_model())

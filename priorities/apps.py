from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = _("Strategy and priorities")

    def ready(self):
        from . import registration

        registration.register()

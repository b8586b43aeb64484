from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = _("Strategy and priorities")

    def ready(self):
        from . import open_data, registration

        registration.register()
        open_data.register()  # its tables in the open data package (/data/)

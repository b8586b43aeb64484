from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Ministerial meetings")

    def ready(self):
        from . import open_data, quality, registration

        registration.register()
        quality.register()
        open_data.register()  # its tables in the open data package (/data/)

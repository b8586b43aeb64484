from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Partners and funding")

    def ready(self):
        from . import open_data, quality, registration

        registration.register()
        quality.register()
        open_data.register()  # its tables in the open data package (/data/)

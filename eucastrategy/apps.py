from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EucastrategyConfig(AppConfig):
    name = "eucastrategy"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.registry import add_change_reason

        from .middleware import start_staff_session
        from .seeding.loader import SEED_REASON

        user_logged_in.connect(start_staff_session, dispatch_uid="eucastrategy-staff-session")
        add_change_reason(SEED_REASON, _("seed data loader"))

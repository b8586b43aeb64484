from django.apps import AppConfig


class EucastrategyConfig(AppConfig):
    name = "eucastrategy"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_staff_session

        user_logged_in.connect(start_staff_session, dispatch_uid="eucastrategy-staff-session")

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eucastrategy.roles import EDITORS, MissingPermissions, editor_group_ensure, user_make_editor


class Command(BaseCommand):
    help = (
        f"Create the “{EDITORS}” group with its permissions (idempotent); "
        "with --editor USERNAME, also make that user an editor."
    )

    def add_arguments(self, parser):
        parser.add_argument("--editor", metavar="USERNAME", action="append", default=[])

    def handle(self, *args, editor, **options):
        if isinstance(editor, str):  # call_command("setup_roles", editor="name")
            editor = [editor]
        try:
            group = editor_group_ensure()
        except MissingPermissions as error:
            raise CommandError(f"{error} Run “manage.py migrate” first.") from error
        if options["verbosity"]:
            count = group.permissions.count()
            self.stdout.write(f"Group “{group.name}”: {count} permissions.")
        for username in editor:
            try:
                user_make_editor(username=username)
            except get_user_model().DoesNotExist as error:
                raise CommandError(
                    f"No user named “{username}” (user names are case-sensitive). "
                    "Create the account first, in admin under Users."
                ) from error
            except ValidationError as error:
                raise CommandError(f"User “{username}” cannot be saved: {error}") from error
            if options["verbosity"]:
                self.stdout.write(f"{username} is now an editor.")

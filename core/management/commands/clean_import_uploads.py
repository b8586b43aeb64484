"""Delete admin-import uploads older than IMPORT_UPLOAD_MAX_AGE (abandoned previews).

Each new upload also does this; run the command from cron where imports are rare.
"""

from django.core.management.base import BaseCommand

from core.importing.uploads import remove_stale_uploads, upload_dir


class Command(BaseCommand):
    help = "Delete admin-import uploads that were neither confirmed nor cancelled in time."

    def handle(self, *args, **options):
        removed = remove_stale_uploads()
        self.stdout.write(f"Removed {removed} stale upload(s) from {upload_dir()}.")

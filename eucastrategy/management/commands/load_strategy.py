from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eucastrategy.seeding.loader import strategy_seed_load


class Command(BaseCommand):
    help = (
        "Load the EU Strategy for Central Asia facts (both languages). Safe to run again: "
        "missing records are created, blank fields filled, and editors' changes kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--restore",
            action="store_true",
            help="Put the document's values back where editors changed seeded records.",
        )

    def handle(self, *args, **options):
        try:
            report = strategy_seed_load(restore=options["restore"])
        except ValidationError as error:
            raise CommandError("Nothing was loaded: " + " ".join(error.messages)) from None
        if options["verbosity"] == 0:
            return
        if not report.changed:
            self.stdout.write("Seed data already up to date: nothing changed.")
        for label, counter in (("created", report.created), ("updated", report.updated)):
            for name, count in sorted(counter.items()):
                self.stdout.write(f"{label}: {count} {name}")
        for name, count in sorted(report.kept.items()):
            self.stdout.write(
                f"kept: {count} editor change(s) in {name} (--restore puts the document's back)"
            )
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Seed data loaded."))

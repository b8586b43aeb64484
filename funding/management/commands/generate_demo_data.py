from django.core.management.base import BaseCommand, CommandError

from funding.demo import MAX_LINES, DemoDataError, demo_data_clear, demo_data_generate


class Command(BaseCommand):
    help = (
        "Add demo allocation lines (with demo partners, programmes and envelopes) to try "
        "the portal at scale, or remove all demo data with --clear. Needs load_strategy first."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--allocations", type=int, metavar="N", help=f"lines to add (1 to {MAX_LINES:,})"
        )
        action.add_argument("--clear", action="store_true", help="remove every demo record")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")

    def handle(self, *args, **options):
        try:
            if options["clear"]:
                report = demo_data_clear()
                counts, verb = report.removed, "removed"
            else:
                report = demo_data_generate(
                    allocations=options["allocations"], seed=options["seed"]
                )
                counts, verb = report.created, "created"
        except DemoDataError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            for name, count in counts.items():
                self.stdout.write(f"{verb}: {count:,} {name}")

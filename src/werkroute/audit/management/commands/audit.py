from django.core.management.base import BaseCommand, CommandError

from werkroute.audit.verification import verify_chain


class Command(BaseCommand):
    help = "The audit log. `werkroute audit verify` checks the hash chain of every entry."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser(
            "verify", help="Check the whole chain; exits non-zero at the first broken entry."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = verify_chain()
        if not result.intact:
            where = f"entry {result.first_broken_id}" if result.first_broken_id else "the end of the log"
            raise CommandError(f"Audit chain broken at {where}: {result.problem}.")
        self.stdout.write(f"Audit chain intact: {result.entries} entries.")

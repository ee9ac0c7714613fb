from django.core.management.base import BaseCommand, CommandError

from werkroute.audit.checkpoint import write_checkpoint
from werkroute.audit.database import grants_sql
from werkroute.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "The audit log. `verify` checks the keyed hash chain against its head and the checkpoints; "
        "`checkpoint` appends a signed checkpoint of the head to the checkpoint file (run it on a schedule); "
        "`grants ROLE` prints the PostgreSQL grants that keep ROLE from changing or deleting audit entries."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser(
            "verify", help="Check the whole chain; exits non-zero at the first broken entry."
        )
        subcommands.add_parser(
            "checkpoint",
            help="Append a signed checkpoint (entries, newest hash, time) to the checkpoint file.",
        )
        grants = subcommands.add_parser(
            "grants", help="Print the SQL that lets the application's role only add and read audit entries."
        )
        grants.add_argument("role", help="The database role the application connects as.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["subcommand"] == "checkpoint":
            checkpoint = write_checkpoint()
            self.stdout.write(
                f"Checkpoint written: {checkpoint.entries} entries, head {checkpoint.head[:12]}…."
            )
            return
        if options["subcommand"] == "grants":
            self.stdout.write(grants_sql(options["role"]))
            return
        result = verify_chain()
        if not result.intact:
            where = f"entry {result.first_broken_id}" if result.first_broken_id else "the end of the log"
            raise CommandError(f"Audit chain broken at {where}: {result.problem}.")
        self.stdout.write(
            f"Audit chain intact: {result.entries} entries, consistent with {result.checkpoints} checkpoints."
        )

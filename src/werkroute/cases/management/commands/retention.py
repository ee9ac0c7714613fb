import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from werkroute.cases import retention


class Command(BaseCommand):
    help = (
        "Delete case files in which nothing was recorded for the retention period "
        "(WERKROUTE_RETENTION_YEARS), keeping a pseudonymised trace. Lists them only with --dry-run."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--dry-run", action="store_true", help="Only count and list what is due.")
        parser.add_argument("--today", help="Reference date YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else dt.date.today()
        except ValueError:
            raise CommandError("--today moet een datum zijn als 2026-01-31.") from None
        due = retention.due_for_deletion(today)
        years = settings.WERKROUTE_RETENTION_YEARS
        if options["dry_run"]:
            # The stubs do not see the annotation made in due_for_deletion.
            for client_id, last_event_on in due.values_list("pk", "last_event_on"):  # type: ignore[misc]
                self.stdout.write(f"{client_id}\tlaatste gebeurtenis {last_event_on}")
            self.stdout.write(f"{due.count()} dossiers zijn langer dan {years} jaar niet gebruikt.")
            return
        deleted = 0
        for client in due.iterator(chunk_size=200):
            retention.delete_client(client)
            deleted += 1
        self.stdout.write(f"{deleted} dossiers verwijderd; van elk is een gepseudonimiseerd spoor bewaard.")

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from werkroute.audit import services as audit
from werkroute.audit.models import AuditAction
from werkroute.cases.models import Client
from werkroute.core.files import FileWriteError, write_atomically
from werkroute.placements.access_export import client_export_json


class Command(BaseCommand):
    help = "Everything held about one client (AVG article 15), as JSON. The export itself is audited."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("client_id", help="The client's id (as in the address of the client file).")
        parser.add_argument("--out", type=Path, help="File to write; standard output when left out.")
        parser.add_argument(
            "--purpose", default="inzageverzoek AVG art. 15", help="Recorded in the audit log."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            client = Client.objects.get(pk=options["client_id"])
        except (Client.DoesNotExist, ValidationError, ValueError):
            raise CommandError("Geen klant met dit id.") from None
        document = client_export_json(client)
        audit.record(
            AuditAction.EXPORT,
            object_type="client",
            object_id=client.pk,
            client_id=client.pk,
            purpose=options["purpose"],
        )
        if options["out"]:
            try:
                write_atomically(options["out"], document)
            except FileWriteError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Export geschreven naar {options['out']}.")
        else:
            self.stdout.write(document)

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from werkroute.core.importing import ImportFileError
from werkroute.taxonomy.importers import import_esco


class Command(BaseCommand):
    help = (
        "Import ESCO occupations, ISCO groups, skills and occupation-skill relations from a folder with the "
        "official ESCO CSV download (Dutch files). Nothing is written unless every file is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", type=Path, help="Folder with ISCOGroups_nl.csv, occupations_nl.csv, ..."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            report = import_esco(options["folder"])
        except ImportFileError as error:
            raise CommandError(
                _("Import afgebroken, er is niets opgeslagen. %(reason)s") % {"reason": error}
            ) from None
        for line in report.summary_lines():
            self.stdout.write(line)
        self.stdout.write(_("Klaar in %(seconds).1f s.") % {"seconds": time.monotonic() - started})

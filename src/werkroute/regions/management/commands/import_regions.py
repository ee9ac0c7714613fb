from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from werkroute.core.importing import ImportFileError, ImportReport
from werkroute.regions.importers import import_municipalities, import_postcodes


class Command(BaseCommand):
    help = (
        "Import municipalities and labour market regions (CBS-style CSV) and optionally PC4 areas. "
        "All files are checked first; nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipalities", type=Path, required=True, help="CSV in the format of nl_gemeenten_2025.csv"
        )
        parser.add_argument("--postcodes", type=Path, help="CSV in the format of nl_pc4_centroids.csv")
        parser.add_argument(
            "--region",
            dest="regions",
            action="extend",
            nargs="+",
            metavar="AMxx",
            help="Only import these labour market regions (for example --region AM08).",
        )

    def handle(self, *args, **options):
        region_codes = set(options["regions"]) if options["regions"] else None
        report = ImportReport()
        try:
            # One transaction over both files: a broken PC4 file must not leave half a reference set.
            with transaction.atomic():
                report.merge(import_municipalities(options["municipalities"], region_codes=region_codes))
                if options["postcodes"]:
                    report.merge(import_postcodes(options["postcodes"], region_codes=region_codes))
        except ImportFileError as error:
            raise CommandError(
                _("Import afgebroken, er is niets opgeslagen. %(reason)s") % {"reason": error}
            ) from None
        for line in report.summary_lines():
            self.stdout.write(line)

"""``werkroute monitoring export|refresh``: the indicators as a file, or recomputed for the dashboards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from werkroute.monitoring import exports, services


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ongeldige datum {text!r}; gebruik JJJJ-MM-DD.") from None


class Command(BaseCommand):
    help = "Indicators of cohort monitoring: export all of them, or recompute them for the dashboards."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        subcommands = parser.add_subparsers(dest="action", required=True)
        export = subcommands.add_parser("export", help="Write all indicators as one long table.")
        export.add_argument("--format", choices=exports.FORMATS, required=True)
        export.add_argument("--out", required=True, help="Path of the file to write.")
        export.add_argument("--as-of", dest="as_of", help="Reference date (default: today), JJJJ-MM-DD.")
        refresh = subcommands.add_parser("refresh", help="Recompute all indicators for the dashboards.")
        refresh.add_argument("--as-of", dest="as_of", help="Reference date (default: today), JJJJ-MM-DD.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        as_of = _date(options["as_of"]) if options.get("as_of") else None
        if options["action"] == "refresh":
            snapshot = services.refresh(as_of)
            self.stdout.write(
                f"{snapshot.rows} cijfers voor {snapshot.clients} klanten berekend in {snapshot.seconds:.1f} s "
                f"(peildatum {snapshot.as_of:%Y-%m-%d})."
            )
            return
        result = services.compute(as_of)
        path = Path(options["out"])
        try:
            exports.write_file(result.table, options["format"], path)
        except exports.ExportTooLarge as error:
            raise CommandError(
                f"Te veel rijen voor Excel ({error.args[0]}; het maximum is {exports.EXCEL_MAX_ROWS}). "
                "Kies csv of parquet."
            ) from None
        except OSError as error:
            raise CommandError(f"Kan {path} niet schrijven: {error.strerror}.") from None
        self.stdout.write(f"{len(result.table)} rijen geschreven naar {path}. {exports.DISCLOSURE_NOTE}")

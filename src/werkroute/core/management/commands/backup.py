"""``werkroute backup [--output PATH]``: a complete backup of the database (see ``core.backups``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from werkroute.core import backups


class Command(BaseCommand):
    help = "Back up the database: pg_dump (custom format) on PostgreSQL, the online backup API on SQLite."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--output", help="File to write; default a dated file in var/backups/.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            target = backups.Target.from_settings(settings.DATABASES["default"])
            path = (
                Path(options["output"])
                if options["output"]
                else backups.default_path(Path(settings.VAR_DIR) / "backups", target)
            )
            written = backups.backup(target, path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{written} ({written.stat().st_size} bytes)")

"""``werkroute restore PATH [--database-url URL] [--replace]``: put a backup back (see ``core.backups``).

Without ``--database-url`` it restores into the configured database. Into a database that already has
tables only with ``--replace``: a restore drill goes into a new, empty database beside the live one.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from werkroute.core import backups


class Command(BaseCommand):
    help = "Restore a backup made by `werkroute backup` into an empty database (or replace one)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--database-url", help="Restore into this database instead of the configured one."
        )
        parser.add_argument("--replace", action="store_true", help="Overwrite a database that has tables.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        entry = (
            dj_database_url.parse(options["database_url"])
            if options["database_url"]
            else settings.DATABASES["default"]
        )
        try:
            target = backups.Target.from_settings(entry)
            backups.restore(Path(options["path"]), target, replace=options["replace"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Hersteld in {target.name}.")

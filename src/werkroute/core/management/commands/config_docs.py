from django.core.management.base import BaseCommand

from werkroute.conf.env import render_docs


class Command(BaseCommand):
    help = (
        "Print the environment variables Werkroute reads, as Markdown (the source of docs/configuration.md)."
    )

    def handle(self, *args, **options):
        # Importing the production module registers its variables too, without activating it.
        import contextlib
        import importlib

        # It refuses to load without SECRET_KEY, after registering what it reads.
        with contextlib.suppress(RuntimeError):
            importlib.import_module("werkroute.conf.production")
        self.stdout.write(render_docs(), ending="")

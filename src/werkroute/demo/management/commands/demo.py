"""``werkroute demo``: the synthetic demo region with its clients and demo accounts."""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from werkroute.api import services as api_services
from werkroute.demo.client_account import ensure_demo_client_account
from werkroute.demo.handover import send_demo_handover
from werkroute.demo.knowledge import link_planted, load_catalogue
from werkroute.demo.loader import load_population
from werkroute.demo.reference import DEMO_REGION_CODE, load_demo_reference_data
from werkroute.demo.region import (
    DEMO_PASSWORD,
    DemoAccount,
    clients_per_municipality,
    demo_accounts,
    demo_population_exists,
    prepare_region,
    region_input,
    remove_demo_accounts,
    remove_demo_population,
)
from werkroute.demo.simulation import simulate
from werkroute.followup import services as followup
from werkroute.knowledge import services as knowledge
from werkroute.monitoring import services as monitoring
from werkroute.regions.models import Organisation, OrganisationKind, Region


class Command(BaseCommand):
    help = (
        "Laadt de demoregio Rijk van Nijmegen met synthetische statushouders en demo-accounts "
        "(wachtwoord werkroute-demo). Nooit in productie gebruiken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=2000, help="aantal synthetische klanten (2000)")
        parser.add_argument("--seed", type=int, default=2016, help="startwaarde van het toeval (2016)")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="de dag tot waar gesimuleerd wordt, JJJJ-MM-DD (standaard vandaag); met dezelfde seed en "
            "dag ontstaat precies dezelfde populatie",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="niets laden als er al demogegevens zijn; alleen de accounts tonen (voor `make demo`)",
        )
        parser.add_argument(
            "--reset", action="store_true", help="eerst de klanten van een eerdere demo verwijderen"
        )
        parser.add_argument(
            "--remove-accounts",
            action="store_true",
            help="alle demo-accounts verwijderen (vóór productie); laadt niets",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["remove_accounts"]:
            number = remove_demo_accounts()
            self.stdout.write(self.style.SUCCESS(f"{number} demo-account(s) verwijderd."))
            return
        if options["if_empty"] and options["reset"]:
            raise CommandError("--if-empty en --reset sluiten elkaar uit.")
        if options["clients"] < 0:
            raise CommandError("--clients kan niet negatief zijn.")

        if demo_population_exists():
            if options["if_empty"]:
                self.stdout.write("Er zijn al demogegevens geladen; er is niets toegevoegd.")
                self._print_accounts(self._with_client(demo_accounts()))
                self._print_api_client(Region.objects.get(code=DEMO_REGION_CODE))
                return
            if not options["reset"]:
                raise CommandError(
                    "Er staat al een demopopulatie in de database. Gebruik --reset om die eerst te "
                    "verwijderen, of --if-empty om niets te doen."
                )
            started = time.monotonic()
            removed = remove_demo_population()
            self.stdout.write(f"{removed} demoklanten verwijderd ({time.monotonic() - started:.0f} s).")

        started = time.monotonic()
        load_demo_reference_data()
        region = Region.objects.get(code=DEMO_REGION_CODE)
        try:
            demo = prepare_region(region)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Referentiegegevens en accounts klaar voor {region.name} ({len(demo.municipalities)} gemeenten)."
        )
        if options["clients"]:
            population = simulate(
                region_input(region), options["clients"], seed=options["seed"], today=options["today"]
            )
            self.stdout.write(
                f"{len(population)} klanten gesimuleerd (seed {population.seed}, tot en met "
                f"{population.today:%d-%m-%Y}) in {time.monotonic() - started:.1f} s; nu wegschrijven..."
            )
            summary = load_population(population, demo, progress=self._progress())
            for name, number in summary.counts.items():
                self.stdout.write(f"  {name}: {number}")
            self.stdout.write("Klanten per gemeente:")
            for name, number in clients_per_municipality(region):
                self.stdout.write(f"  {name}: {number}")
            # The dashboards only read stored figures (computing is a write, not done on a page visit).
            snapshot = monitoring.refresh(population.today)
            self.stdout.write(f"Monitoringcijfers berekend in {snapshot.seconds:.1f} s.")
            # The demo catalogue, the activities that carry it out (planted by the simulation, with a
            # known effect), and its outcomes.
            links = link_planted(population, load_catalogue([region.code]))
            measured = knowledge.measure_outcomes(population.today)
            self.stdout.write(
                f"Kennisbank: {links} activiteiten gekoppeld, resultaten berekend in {measured['seconds']:.1f} s."
            )
            if send_demo_handover(demo, population.today) is not None:
                self.stdout.write("Eén warme overdracht wacht op acceptatie.")
            # The signals must be there when the start page first opens, not after the first night.
            sweep_started = time.monotonic()
            result = followup.run_sweep(population.today)
            self.stdout.write(
                f"{sum(result.raised.values())} signalen gevonden in {time.monotonic() - sweep_started:.1f} s."
            )
        self.stdout.write(self.style.SUCCESS(f"Demo geladen in {time.monotonic() - started:.0f} s."))
        self._print_accounts(self._with_client(demo.accounts))
        self._print_api_client(region)

    def _with_client(self, accounts: list[DemoAccount]) -> list[DemoAccount]:
        """The staff accounts and, once there are demo clients, the demo client's portal account."""
        try:
            client = ensure_demo_client_account()
        except ValueError as error:
            raise CommandError(str(error)) from error
        return [*accounts, client] if client is not None else accounts

    def _print_api_client(self, region: Region) -> None:
        organisation = Organisation.objects.filter(
            region=region, kind=OrganisationKind.MUNICIPALITY, municipality__name="Nijmegen"
        ).first()
        if organisation is None:
            return
        client, secret = api_services.replace_demo_client(organisation)
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(
            f"Demo-API-client van {organisation.name} (alle scopes; zie docs/api.md). Vraag een token met "
            f"POST http://127.0.0.1:{port}/api/v1/oauth/token (client credentials):"
        )
        self.stdout.write(f"client_id={client.application.client_id}")
        self.stdout.write(f"client_secret={secret}")

    def _progress(self) -> Any:
        shown = [0]

        def report(done: int, total: int) -> None:
            # At most ten lines, whatever the size.
            tenth = done * 10 // total
            if tenth > shown[0]:
                shown[0] = tenth
                self.stdout.write(f"  {done} van {total} klanten weggeschreven")

        return report

    def _print_accounts(self, accounts: list[DemoAccount]) -> None:
        if not accounts:
            self.stdout.write("Er zijn geen demo-accounts.")
            return
        width = max(len(account.username) for account in accounts)
        self.stdout.write("")
        self.stdout.write("Demo-accounts (alleen voor de demo; productie start niet zolang ze bestaan):")
        for account in accounts:
            self.stdout.write(f"  {account.username:<{width}}  {account.role:<24}  {account.organisation}")
        self.stdout.write(f"Wachtwoord voor alle demo-accounts: {DEMO_PASSWORD}")
        port = os.environ.get("PORT", "8000")  # `make demo` serves on the same PORT
        self.stdout.write(
            f"Start de server (`make demo` doet dat zelf) en open http://127.0.0.1:{port}/ ; "
            f"log in als bijvoorbeeld {accounts[0].username}."
        )

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "werkroute.followup"
    verbose_name = "Opvolging"

    def ready(self) -> None:
        # Timeline kinds, the blocks on the caseworker's pages and the refresh after a change of a file
        # are registered with the case file here, since the case file cannot import this app.
        from django.utils.translation import gettext_lazy as _

        from werkroute.core.metrics import SCRAPE_COLLECTORS
        from werkroute.followup import events, receivers, selectors, views  # noqa: F401
        from werkroute.followup.metrics import SignalCollector
        from werkroute.followup.models import AfterCare, CheckIn, PartnerReport, Signal
        from werkroute.monitoring import adapter
        from werkroute.placements import access_export

        # Open signals per rule on the metrics page, and their age in monitoring's continuity figures.
        if not any(isinstance(collector, SignalCollector) for collector in SCRAPE_COLLECTORS):
            SCRAPE_COLLECTORS.append(SignalCollector())
        adapter.register_open_signals(selectors.open_signals_read)

        # What this app holds about a client belongs in their access export (AVG art. 15).
        access_export.register(
            "signals", title=_("Signalen over de begeleiding"), model=Signal, path="client"
        )
        access_export.register(
            "after_care", title=_("Nazorg na het vinden van werk"), model=AfterCare, path="client"
        )
        access_export.register(
            "check_ins", title=_("Nazorgcontacten"), model=CheckIn, path="after_care__client"
        )
        access_export.register(
            "partner_reports",
            title=_("Terugmeldingen van partners"),
            model=PartnerReport,
            path="activity__client",
        )

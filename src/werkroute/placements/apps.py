from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "werkroute.placements"
    label = "placements"

    def ready(self) -> None:
        # Registers how referral steps read on the client's timeline (cases cannot import placements).
        from werkroute.cases.services import consent_withdrawn_signal
        from werkroute.placements import events  # noqa: F401
        from werkroute.placements.services import end_referrals_without_consent

        # A withdrawn consent ends the referrals sent on it, in the same transaction.
        consent_withdrawn_signal.connect(
            end_referrals_without_consent, dispatch_uid="placements.end_referrals_without_consent"
        )

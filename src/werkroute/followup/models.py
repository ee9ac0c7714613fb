"""Continuity signals: one row per open question about a client that someone must act on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.dispatch import Signal as Announcement
from django.utils.translation import gettext_lazy as _


class SignalStatus(models.TextChoices):
    OPEN = "open", _("open")
    SNOOZED = "snoozed", _("uitgesteld")
    RESOLVED = "resolved", _("opgelost")
    DISMISSED = "dismissed", _("afgewezen")


# A signal in one of these still asks for someone; the sweep keeps at most one per client, rule and subject.
LIVE_STATUSES = (SignalStatus.OPEN, SignalStatus.SNOOZED)


# How urgent a rule's signals are, lower first: the inbox shows the most urgent first, then by due day.
# Held here rather than on ``rules.Rule`` (which reads it from here) because the inbox's index is built
# from the same expression: PostgreSQL walks an expression index only for the identical expression, and a
# change of a rule's urgency then changes the index as well (``makemigrations --check`` asks for it).
SEVERITY_BY_RULE: dict[str, int] = {
    "pip_deadline_passed": 1,
    "pip_deadline_approaching": 1,
    "intake_not_started": 1,
    "handover_pending": 1,
    "needs_attention": 1,
    "early_stop": 1,
    "consent_expiring": 2,
    "plan_review_passed": 2,
    "activity_ended_nothing_after": 2,
    "no_active_activity": 2,
    "work_ended_during_after_care": 1,
    "check_in_due": 2,
    "referral_stuck": 3,
    "integration_term_ending": 3,
}
UNKNOWN_RULE_SEVERITY = 9  # a signal of a rule no longer defined sorts last


def severity() -> Case:
    """The urgency of a signal's rule (:data:`SEVERITY_BY_RULE`) as an expression on ``Signal``."""
    return Case(
        *(When(rule=code, then=Value(level)) for code, level in SEVERITY_BY_RULE.items()),
        default=Value(UNKNOWN_RULE_SEVERITY),
        output_field=IntegerField(),
    )


class Signal(models.Model):
    """One rule of :mod:`werkroute.followup.rules` holding for one client (and one subject of theirs, such as
    an activity or a consent), from the day it was raised until it is resolved or dismissed.

    The owner is the client's caseworker, read through the client (one source of truth). ``reason`` holds
    the dates that made the rule hold, as ISO strings, so the page can say why. ``due_on`` is the day the
    rule's deadline lies (or lay): the inbox orders by it.
    """

    # No index of its own: the (client, status) index below starts with it, and every extra index was a
    # write per raised signal in the national sweep.
    client = models.ForeignKey(
        "cases.Client", on_delete=models.CASCADE, related_name="signals", db_index=False
    )
    rule = models.CharField(_("regel"), max_length=40)
    subject = models.CharField(_("onderwerp"), max_length=40, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    raised_on = models.DateField(_("gesignaleerd op"))
    due_on = models.DateField(_("termijn"))
    reason = models.JSONField(_("aanleiding"), default=dict)
    snoozed_until = models.DateField(_("uitgesteld tot en met"), null=True, blank=True)
    note = models.CharField(_("reden"), max_length=300, blank=True)
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    resolved_by = models.CharField(_("opgelost door"), max_length=40, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        indexes = [
            models.Index(fields=["status", "rule"]),
            models.Index(fields=["client", "status"]),
            # The API's synchronisation order: signals changed since a moment, page by page.
            models.Index(fields=["updated_at", "id"], name="signal_changed_order"),
            # The inbox's order over open signals only: the database reads a caseworker's most urgent
            # hundred from the front of it instead of sorting all their open signals (70,000 for the
            # largest caseload of the 100,000-client bench) on every start page.
            models.Index(
                severity(), F("due_on"), F("id"), condition=Q(status="open"), name="signal_inbox_order"
            ),
        ]
        constraints = [
            # The sweep may run twice at once, or again after a worker died halfway: never a second copy.
            models.UniqueConstraint(
                fields=["client", "rule", "subject"],
                condition=Q(status__in=["open", "snoozed"]),
                name="one_live_signal_per_client_rule_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject} ({self.status})"


# Sent inside the transaction that changed signals (raised, resolved, reopened, snoozed, dismissed), with
# ``client_ids``: the clients whose signals changed. Apps above this one (the API's notifications) listen;
# the sweep writes in bulk, so saves of single rows would miss most changes.
signals_changed = Announcement()


class RuleThreshold(models.Model):
    """A municipality's own value for one threshold of one rule (the rule table holds the defaults)."""

    municipality = models.ForeignKey(
        "regions.Municipality", verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="+"
    )
    rule = models.CharField(_("regel"), max_length=40)
    name = models.CharField(_("drempel"), max_length=40)
    value = models.PositiveIntegerField(_("waarde"))

    class Meta:
        verbose_name = _("drempel van een signaalregel")
        verbose_name_plural = _("drempels van signaalregels")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "rule", "name"], name="one_threshold_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.rule}.{self.name}={self.value}"


class SweepRun(models.Model):
    """One run of the whole sweep: a run without ``finished_at`` was interrupted (or is running)."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set by the worker that queued the run again after an interruption, so only one does.
    resumed = models.BooleanField(default=False)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("signaalronde")
        verbose_name_plural = _("signaalrondes")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class DigestSent(models.Model):
    """The daily digest went to this person on this day (so a second run sends nothing twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.sent_on}"


class AfterCare(models.Model):
    """After-care (nazorg) of one paid-work spell, from any start of paid work (not only a referral's):
    check-ins at 1, 3, 6 and 12 months."""

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="after_cares")
    episode = models.OneToOneField(
        "cases.LabourEpisode", on_delete=models.CASCADE, related_name="after_care", verbose_name=_("werk")
    )
    started_on = models.DateField(_("gestart op"))
    # The spell the after-care follows now: a check-in that finds other hours or another contract ends
    # the first spell and starts a new one, and the after-care goes on with that (not a second one).
    current_episode = models.OneToOneField(
        "cases.LabourEpisode", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("nazorg")
        verbose_name_plural = _("nazorg")

    def __str__(self) -> str:
        return f"nazorg {self.started_on}"


class CheckIn(models.Model):
    """One after-care check-in: due on a day, recorded with its outcome. A change of work it finds is
    written as labour episodes (``services.record_check_in``)."""

    # No index of its own: the unique (after_care, months) constraint's index starts with it.
    after_care = models.ForeignKey(
        AfterCare, on_delete=models.CASCADE, related_name="check_ins", db_index=False
    )
    months = models.PositiveSmallIntegerField(_("na maanden"))
    due_on = models.DateField(_("gepland op"))
    done_on = models.DateField(_("gesproken op"), null=True, blank=True)
    still_in_work = models.BooleanField(_("nog aan het werk"), null=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uur per week"), null=True, blank=True)
    contract_type = models.CharField(_("soort contract"), max_length=20, blank=True)
    needs_support = models.BooleanField(_("heeft ondersteuning nodig"), null=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("nazorgcontact")
        verbose_name_plural = _("nazorgcontacten")
        constraints = [
            models.UniqueConstraint(fields=["after_care", "months"], name="one_check_in_per_moment")
        ]

    def __str__(self) -> str:
        return f"check-in {self.months} mnd"


class PartnerOutcome(models.TextChoices):
    GOING_WELL = "going_well", _("loopt goed")
    AT_RISK = "at_risk", _("dreigt uit te vallen")
    COMPLETED = "completed", _("afgerond")
    STOPPED = "stopped", _("gestopt")


class PartnerReport(models.Model):
    """A provider or partner reports back on an activity it runs for a client: attendance over a period
    and how it goes, so that the municipality does not have to retype it. Only for activities the
    organisation runs, and only while the client's consent to share the file with it holds."""

    activity = models.ForeignKey("cases.Activity", on_delete=models.CASCADE, related_name="partner_reports")
    organisation = models.ForeignKey(
        "regions.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    period_end = models.DateField(_("over de periode tot en met"))
    sessions_planned = models.PositiveSmallIntegerField(_("geplande bijeenkomsten"))
    sessions_attended = models.PositiveSmallIntegerField(_("aanwezig"))
    outcome = models.CharField(_("hoe gaat het"), max_length=20, choices=PartnerOutcome.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-recorded_at"]
        verbose_name = _("terugmelding van een partner")
        verbose_name_plural = _("terugmeldingen van partners")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sessions_attended__lte=models.F("sessions_planned")),
                name="partner_report_attended_within_planned",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.period_end}"

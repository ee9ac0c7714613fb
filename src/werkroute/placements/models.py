"""What employers offer: vacancies, work-experience places, learn-and-work places and dual trajectories."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkroute.core.models import VersionedModel
from werkroute.core.values import CEFRLevel


class EmployerContact(models.Model):
    """A person at an employer whom the employer service point and caseworkers deal with."""

    employer = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("werkgever"),
        on_delete=models.CASCADE,
        related_name="contacts",
        limit_choices_to={"kind": "employer"},
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")

    def __str__(self) -> str:
        return self.name


class PlacementKind(models.TextChoices):
    VACANCY = "vacancy", _("vacature")
    WORK_EXPERIENCE = "work_experience", _("werkervaringsplaats")
    LEARN_AND_WORK = "learn_and_work", _("leerwerkplek")
    DUAL = "dual", _("duaal traject (taal en werk)")


# A description is read on a screen and with a referral; the limit keeps a pasted document, or an attempt
# to fill the database, out. Checked by the form and again by the service (``full_clean``).
DESCRIPTION_MAX_LENGTH = 4000


class PlacementStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    OPEN = "open", _("open")
    FILLED = "filled", _("vervuld")
    CLOSED = "closed", _("gesloten")


class Placement(VersionedModel):
    """One offer of an employer, with its requirements and the number of people it can take."""

    employer = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("werkgever"),
        on_delete=models.PROTECT,
        related_name="placements",
        limit_choices_to={"kind": "employer"},
    )
    contact = models.ForeignKey(
        EmployerContact,
        verbose_name=_("contactpersoon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PlacementKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    occupation = models.ForeignKey(
        "taxonomy.Occupation", verbose_name=_("beroep (ESCO)"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(
        _("omschrijving"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    required_skills = models.ManyToManyField(
        "taxonomy.Skill", verbose_name=_("vereiste vaardigheden"), blank=True, related_name="+"
    )
    desirable_skills = models.ManyToManyField(
        "taxonomy.Skill", verbose_name=_("gewenste vaardigheden"), blank=True, related_name="+"
    )
    min_dutch_listening = models.CharField(
        _("minimaal Nederlands luisteren"), max_length=2, choices=CEFRLevel.choices, default=CEFRLevel.A0
    )
    min_dutch_reading = models.CharField(
        _("minimaal Nederlands lezen"), max_length=2, choices=CEFRLevel.choices, default=CEFRLevel.A0
    )
    min_dutch_speaking = models.CharField(
        _("minimaal Nederlands spreken"), max_length=2, choices=CEFRLevel.choices, default=CEFRLevel.A0
    )
    min_dutch_writing = models.CharField(
        _("minimaal Nederlands schrijven"), max_length=2, choices=CEFRLevel.choices, default=CEFRLevel.A0
    )
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"))
    postcode = models.ForeignKey(
        "regions.PostcodeArea",
        verbose_name=_("postcode (4 cijfers)"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=1)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    job_coach = models.BooleanField(_("jobcoach op de werkvloer"), default=False)
    language_support = models.BooleanField(_("taalondersteuning op het werk"), default=False)
    driving_licence_required = models.BooleanField(_("rijbewijs B nodig"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PlacementStatus.choices,
        default=PlacementStatus.OPEN,
        db_index=True,
    )

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("plaats")
        verbose_name_plural = _("plaatsen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=1) & models.Q(hours_per_week__lte=60),
                name="placement_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def min_dutch(self) -> dict[str, str]:
        return {
            "listening": self.min_dutch_listening,
            "reading": self.min_dutch_reading,
            "speaking": self.min_dutch_speaking,
            "writing": self.min_dutch_writing,
        }


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    CONSENTED = "consented", _("klant geeft toestemming")
    SENT = "sent", _("verstuurd naar werkgever")
    INTERVIEW = "interview", _("kennismakingsgesprek")
    ACCEPTED = "accepted", _("aangenomen")
    DECLINED = "declined", _("afgewezen")
    STARTED = "started", _("gestart")
    IN_WORK_3_MONTHS = "in_work_3m", _("na 3 maanden nog aan het werk")
    IN_WORK_6_MONTHS = "in_work_6m", _("na 6 maanden nog aan het werk")
    ENDED = "ended", _("gestopt")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class DeclineReason(models.TextChoices):
    SKILLS = "skills", _("vaardigheden of ervaring passen niet")
    LANGUAGE = "language", _("Nederlands nog niet voldoende")
    AVAILABILITY = "availability", _("uren of startdatum passen niet")
    TRAVEL = "travel", _("reistijd te lang")
    CLIENT_DECLINED = "client_declined", _("klant ziet ervan af")
    POSITION_FILLED = "position_filled", _("plaats al vervuld")
    NO_SHOW = "no_show", _("niet verschenen")
    OTHER = "other", _("andere reden")


class WithdrawalReason(models.TextChoices):
    BY_CASEWORKER = "by_caseworker", _("door de klantmanager")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("de klant trok de toestemming in")
    DECLINED_BY_CLIENT = "by_client", _("de klant wees het voorstel af")


class Referral(models.Model):
    """A client proposed for a placement (voordracht), from proposal to still-in-work after six months.

    The score and its parts at the moment of proposal are kept with the outcome, so that the weights of
    the matching engine can later be calibrated on what actually worked.
    """

    client = models.ForeignKey("cases.Client", on_delete=models.CASCADE, related_name="referrals")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_on = models.DateField(_("voorgesteld op"))
    score = models.FloatField(_("score bij voorstel"))
    score_parts = models.JSONField(_("onderdelen van de score"), default=dict)
    # Clients in paid work are left out of candidate lists and the regional batch; a caseworker may still
    # propose one by hand, and the referral says so.
    proposed_while_in_work = models.BooleanField(_("voorgedragen terwijl in betaald werk"), default=False)
    consent = models.ForeignKey(
        "cases.Consent",
        verbose_name=_("toestemming"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_override_reason = models.CharField(
        _("reden delen zonder toestemming"), max_length=200, blank=True
    )
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reden van afwijzing"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    withdrawal_reason = models.CharField(
        _("reden van intrekken"), max_length=20, choices=WithdrawalReason.choices, blank=True
    )
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    labour_episode = models.ForeignKey(
        "cases.LabourEpisode", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    after_care = models.ForeignKey(
        "cases.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("voordracht")
        verbose_name_plural = _("voordrachten")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "placement"],
                condition=~models.Q(status__in=["declined", "withdrawn", "ended"]),
                name="one_open_referral_per_client_and_placement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement} ({self.get_status_display()})"

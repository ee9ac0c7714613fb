"""The catalogue of interventions, its kept versions, the link from an activity to the intervention it
carries out, and the stored outcomes measured from the case files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkroute.core.models import VersionedModel


class EvidenceLevel(models.TextChoices):
    """The recognised Dutch scale of the databases of effective interventions (Movisie, NJi, RIVM), from
    the lowest to the highest, and "niet beoordeeld" for what nobody has assessed."""

    NOT_ASSESSED = "not_assessed", _("niet beoordeeld")
    WELL_DESCRIBED = "well_described", _("goed beschreven")
    WELL_FOUNDED = "well_founded", _("goed onderbouwd")
    FIRST_INDICATIONS = "first_indications", _("effectief volgens eerste aanwijzingen")
    GOOD_INDICATIONS = "good_indications", _("effectief volgens goede aanwijzingen")
    STRONG_INDICATIONS = "strong_indications", _("effectief volgens sterke aanwijzingen")


class Intervention(VersionedModel):
    """A described practice (interventie / werkwijze). Every edit keeps the text it replaced as an
    :class:`InterventionVersion`; only the services write it."""

    code = models.SlugField(
        _("code"), max_length=80, unique=True, help_text=_("Vaste naam voor import en export.")
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("beschrijving (taalniveau B1)"), max_length=4000)
    target_group = models.TextField(_("doelgroep"), max_length=1000, blank=True)
    not_for = models.TextField(_("niet bedoeld voor"), max_length=1000, blank=True)
    aims = models.TextField(_("doelen"), max_length=2000, blank=True)
    components = models.TextField(_("onderdelen"), max_length=2000, blank=True)
    duration = models.CharField(_("duur en intensiteit"), max_length=300, blank=True)
    cost_per_participant = models.DecimalField(
        _("kosten per deelnemer (euro)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    providers = models.TextField(_("aanbieders"), max_length=1000, blank=True)
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("aangeboden in"), blank=True, related_name="interventions"
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    # A list of {title, year, url}; checked by the services.
    sources = models.JSONField(_("bronnen"), default=list, blank=True)
    evidence_level = models.CharField(
        _("niveau van bewijs"),
        max_length=30,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.NOT_ASSESSED,
    )
    # What the suggestions and the filters match on: codes of the case file's own choices.
    activity_types = models.JSONField(_("soorten activiteit"), default=list, blank=True)
    learning_routes = models.JSONField(_("leerroutes"), default=list, blank=True)
    target_groups = models.JSONField(_("doelgroepen (codes)"), default=list, blank=True)
    dutch_from = models.CharField(_("Nederlands vanaf"), max_length=2, blank=True)
    dutch_to = models.CharField(_("Nederlands tot en met"), max_length=2, blank=True)
    circumstances = models.JSONField(_("past bij omstandigheden"), default=list, blank=True)
    sectors = models.JSONField(_("sectoren"), default=list, blank=True)
    is_demo = models.BooleanField(
        _("demo-inhoud"), default=False, help_text=_("Geschreven voor de demo; geen echte werkwijze.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        permissions = [("edit_catalogue", _("mag de interventiecatalogus bewerken en importeren"))]

    def __str__(self) -> str:
        return self.name


class InterventionVersion(models.Model):
    """One version of an intervention's text as it was saved; the highest number is the current text."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    content = models.JSONField(_("inhoud"))
    reason = models.CharField(_("reden van wijziging"), max_length=300, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)

    class Meta:
        ordering = ["intervention", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "number"], name="unique_intervention_version")
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id} v{self.number}"


class ActivityIntervention(models.Model):
    """The intervention an activity carries out. Kept here, keyed by the activity, because the case file
    lies below the knowledge base and does not know it; deleting the activity (or the file) deletes it."""

    activity = models.OneToOneField(
        "cases.Activity", on_delete=models.CASCADE, primary_key=True, related_name="intervention_link"
    )
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="activity_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.intervention_id}"


class InterventionOutcome(models.Model):
    """The outcomes last measured for one intervention (see ``outcomes.py``), stored by the job so that a
    page reads them instead of computing."""

    intervention = models.OneToOneField(Intervention, on_delete=models.CASCADE, related_name="outcome")
    as_of = models.DateField()
    computed_at = models.DateTimeField()
    participants = models.PositiveIntegerField()
    measured = models.BooleanField(default=False, help_text="True when any estimate could be shown.")
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.as_of}"

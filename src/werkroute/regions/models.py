"""Labour market regions, municipalities, postcode areas and the organisations working in them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An arbeidsmarktregio (labour market region), code ``AMxx``."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    centre_municipality = models.ForeignKey(
        "Municipality",
        verbose_name=_("centrumgemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Opt-in by the region, not a role: a region's employer service point takes part in the national
    # market only when the region has agreed to share its pool and its placements with the others.
    # The database default too: code of an older release (a rolling upgrade, a migration's historical
    # model) inserts regions without this column.
    national_market = models.BooleanField(
        _("doet mee aan de landelijke markt"),
        default=False,
        db_default=False,
        help_text=_(
            "Het werkgeversservicepunt van deze regio maakt samen met de andere deelnemende regio's een "
            "landelijk voorstel: klanten en vrije plaatsen van al die regio's samen."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A gemeente with its CBS code (``GMxxxx``) and the WGS84 centroid of its area."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=50, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("arbeidsmarktregio"), on_delete=models.PROTECT, related_name="municipalities"
    )
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A four-digit postcode (PC4) area with its centroid; used for travel distances."""

    pc4 = models.CharField(_("postcode (4 cijfers)"), max_length=4, primary_key=True)
    name = models.CharField(_("naam"), max_length=100, blank=True)
    places = models.CharField(_("plaatsen"), max_length=200, blank=True)
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="postcode_areas"
    )

    class Meta:
        ordering = ["pc4"]
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")

    def __str__(self) -> str:
        return f"{self.pc4} {self.name}".strip()


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("gemeente")
    EMPLOYER = "employer", _("werkgever")
    PARTNER = "partner", _("maatschappelijke partner")
    PROVIDER = "provider", _("aanbieder (taal, opleiding, re-integratie)")
    EMPLOYER_SERVICE_POINT = "employer_service_point", _("werkgeversservicepunt")
    # National: it reads the monitoring figures (aggregates) of every area; its region is only where it
    # is based. See accounts.policies (monitoring) and api.scopes.
    STATISTICS_OFFICE = "statistics_office", _("statistiekbureau")


class Organisation(models.Model):
    """Any organisation that works with clients: a municipality's department, an employer, a provider."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Voor een gemeentelijke organisatie: de gemeente waarvoor zij werkt."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("arbeidsmarktregio"), on_delete=models.PROTECT, related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="municipality") | models.Q(municipality__isnull=False),
                name="municipal_organisation_has_municipality",
            )
        ]

    def __str__(self) -> str:
        return self.name

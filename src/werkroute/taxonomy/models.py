"""ESCO occupations and skills with their ISCO-08 groups, in Dutch where ESCO offers it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IscoGroup(models.Model):
    """An ISCO-08 group: major (1 digit) down to unit group (4 digits)."""

    code = models.CharField(_("ISCO-code"), max_length=4, primary_key=True)
    uri = models.CharField(_("ESCO-URI"), max_length=200, unique=True)
    label = models.CharField(_("naam"), max_length=300)
    parent = models.ForeignKey(
        "self", verbose_name=_("bovenliggende groep"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO-groep")
        verbose_name_plural = _("ISCO-groepen")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Occupation(models.Model):
    uri = models.CharField(_("ESCO-URI"), max_length=200, unique=True)
    code = models.CharField(_("ESCO-code"), max_length=40, blank=True)
    isco_group = models.ForeignKey(
        IscoGroup, verbose_name=_("ISCO-groep"), on_delete=models.PROTECT, related_name="occupations"
    )
    preferred_label = models.CharField(_("naam"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["preferred_label"]
        verbose_name = _("beroep")
        verbose_name_plural = _("beroepen")

    def __str__(self) -> str:
        return self.preferred_label


class OccupationLabel(models.Model):
    """One searchable name of an occupation: its preferred label or one of its alternative labels.

    A row per label (rather than one text blob per occupation) lets the search say which label matched
    and rank exact and prefix matches above matches inside a compound word ("booglasser").
    """

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="labels")
    label = models.CharField(_("naam"), max_length=300)
    normalised = models.CharField(max_length=300, db_index=True)
    is_preferred = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("beroepsnaam")
        verbose_name_plural = _("beroepsnamen")

    def __str__(self) -> str:
        return self.label


class Skill(models.Model):
    """An ESCO skill or knowledge concept.

    ``uri`` is the ESCO URI. Skills known only by their English label (the relations file shipped without
    URIs) get a ``urn:werkroute:esco-skill-label:`` URI derived from that label, so that a later import of
    the official file can replace them.
    """

    uri = models.CharField(_("URI"), max_length=300, unique=True)
    preferred_label = models.CharField(_("naam"), max_length=300)
    label_language = models.CharField(_("taal van de naam"), max_length=2, default="nl")
    skill_type = models.CharField(_("soort"), max_length=40, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["preferred_label"]
        verbose_name = _("vaardigheid")
        verbose_name_plural = _("vaardigheden")

    def __str__(self) -> str:
        return self.preferred_label


class SkillRelation(models.TextChoices):
    ESSENTIAL = "essential", _("essentieel")
    OPTIONAL = "optional", _("optioneel")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_relations")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_relations")
    relation = models.CharField(_("relatie"), max_length=10, choices=SkillRelation.choices)

    class Meta:
        verbose_name = _("beroep–vaardigheid")
        verbose_name_plural = _("beroep–vaardigheden")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="unique_occupation_skill")
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id}–{self.skill_id} ({self.relation})"

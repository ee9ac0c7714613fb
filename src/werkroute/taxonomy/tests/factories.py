import factory

from werkroute.taxonomy.models import (
    IscoGroup,
    Occupation,
    OccupationLabel,
    OccupationSkill,
    Skill,
    SkillRelation,
)
from werkroute.taxonomy.search import normalise_label


class IscoGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IscoGroup
        django_get_or_create = ("code",)

    # ISCO-08 has no groups 97xx–99xx, so factory groups never collide with imported ones.
    code = factory.Sequence(lambda number: f"{9700 + number % 300}")
    uri = factory.LazyAttribute(lambda group: f"http://data.europa.eu/esco/isco/C{group.code}")
    label = factory.Sequence(lambda number: f"Testberoepsgroep {number}")
    parent = None


class OccupationFactory(factory.django.DjangoModelFactory):
    """An occupation with its preferred label searchable; pass ``alt_labels=[...]`` for more names."""

    class Meta:
        model = Occupation
        skip_postgeneration_save = True

    uri = factory.Sequence(lambda number: f"http://data.europa.eu/esco/occupation/test-{number:06d}")
    isco_group = factory.SubFactory(IscoGroupFactory)
    code = factory.Sequence(lambda number: f"9700.{number}")
    preferred_label = factory.Sequence(lambda number: f"testberoep {number}")
    description = ""

    @factory.post_generation
    def alt_labels(occupation, create, extracted, **kwargs):
        if not create:
            return
        labels = [(occupation.preferred_label, True)] + [(label, False) for label in extracted or []]
        OccupationLabel.objects.bulk_create(
            OccupationLabel(
                occupation=occupation,
                label=label,
                normalised=normalise_label(label),
                is_preferred=is_preferred,
            )
            for label, is_preferred in labels
        )


class OccupationLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupationLabel

    occupation = factory.SubFactory(OccupationFactory)
    label = factory.Sequence(lambda number: f"andere naam {number}")
    normalised = factory.LazyAttribute(lambda row: normalise_label(row.label))
    is_preferred = False


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    uri = factory.Sequence(lambda number: f"http://data.europa.eu/esco/skill/test-{number:06d}")
    preferred_label = factory.Sequence(lambda number: f"vaardigheid {number}")
    label_language = "nl"
    skill_type = "skill/competence"
    description = ""


class OccupationSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupationSkill

    occupation = factory.SubFactory(OccupationFactory)
    skill = factory.SubFactory(SkillFactory)
    relation = SkillRelation.ESSENTIAL

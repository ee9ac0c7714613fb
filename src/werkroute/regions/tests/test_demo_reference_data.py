from django.db.models import Count

from werkroute.demo.reference import DEMO_REGION_CODE, load_demo_reference_data
from werkroute.regions.models import Municipality, PostcodeArea, Region
from werkroute.taxonomy.models import IscoGroup, Occupation, OccupationSkill, Skill
from werkroute.taxonomy.search import search_occupations


def test_demo_reference_data_give_the_region_its_postcodes_and_about_300_occupations(db):
    load_demo_reference_data()

    region = Region.objects.get(code=DEMO_REGION_CODE)
    assert region.name == "Rijk van Nijmegen"
    assert region.centre_municipality.name == "Nijmegen"
    assert region.municipalities.count() == 7
    assert Municipality.objects.count() == 7
    assert (
        PostcodeArea.objects.filter(municipality__region=region).count() == PostcodeArea.objects.count() == 66
    )
    assert 250 <= Occupation.objects.count() <= 350
    assert Skill.objects.filter(label_language="nl").count() == 107
    assert OccupationSkill.objects.exists()
    # Every occupation has its skills, and its ISCO group hangs under a complete chain of ancestors.
    assert not Occupation.objects.annotate(skills=Count("skill_relations")).filter(skills=0).exists()
    assert not IscoGroup.objects.filter(parent__isnull=True).exclude(code__regex=r"^\d$").exists()


def test_demo_reference_data_cover_the_common_jobs_of_the_target_group(db):
    load_demo_reference_data()

    for query, isco_code in [
        ("lasser", "7212"),
        ("schoonmaker", "9112"),
        ("orderpicker", "9333"),
        ("kok", "5120"),
    ]:
        assert isco_code in {match.isco_code for match in search_occupations(query)}, query


def test_loading_the_demo_reference_data_twice_changes_nothing(db):
    load_demo_reference_data()
    counts = [
        model.objects.count() for model in (Municipality, PostcodeArea, Occupation, Skill, OccupationSkill)
    ]

    load_demo_reference_data()

    assert [
        model.objects.count() for model in (Municipality, PostcodeArea, Occupation, Skill, OccupationSkill)
    ] == counts

"""The ESCO import against the real files in ``settings.SHARED_DATA_DIR / "esco"`` (skipped where absent).

The full import, relations included, runs once for this module; the tests read it inside their own
rolled-back transactions, and the data are removed again afterwards.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings

from werkroute.core.importing import ImportReport
from werkroute.taxonomy.importers import import_esco
from werkroute.taxonomy.models import IscoGroup, Occupation, OccupationLabel, OccupationSkill, Skill
from werkroute.taxonomy.search import search_occupations

pytestmark = pytest.mark.shared_data


# How long the import takes is measured by `werkroute bench esco`, not here: the machines are shared.
@dataclass(frozen=True)
class ImportRun:
    report: ImportReport


@pytest.fixture(scope="module")
def esco_folder():
    folder = settings.SHARED_DATA_DIR / "esco"
    if not (folder / "occupations_nl.csv").is_file():
        pytest.skip(f"the shared ESCO files are not at {folder} (set WERKROUTE_SHARED_DATA)")
    return folder


@pytest.fixture(scope="module")
def full_import(esco_folder, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        run = ImportRun(import_esco(esco_folder))
    yield run
    with django_db_blocker.unblock():
        OccupationSkill.objects.all().delete()
        OccupationLabel.objects.all().delete()
        Occupation.objects.all().delete()
        Skill.objects.all().delete()
        IscoGroup.objects.all().delete()


def test_all_occupations_and_isco_groups_are_imported(db, full_import):
    assert Occupation.objects.count() == 3039
    assert IscoGroup.objects.count() == 619
    assert full_import.report.created["Occupation"] == 3039


def test_relations_and_skills_are_imported(db, full_import):
    # 129,004 rows, of which 17 repeat a pair (essential and optional); the pair is kept once.
    assert OccupationSkill.objects.count() == 128_987
    assert Skill.objects.filter(label_language="en").count() == 13_492
    assert Skill.objects.filter(label_language="nl").count() == full_import.report.created["Skill"] - 13_492
    assert not Occupation.objects.filter(skill_relations__isnull=True).exists()


def test_every_label_of_the_file_is_searchable(db, full_import):
    assert OccupationLabel.objects.filter(is_preferred=True).count() == 3039
    assert OccupationLabel.objects.count() > 20_000


def test_lasser_finds_the_welders_by_their_alternative_label(db, full_import):
    matches = search_occupations("lasser")

    assert matches[0].isco_code == "7212"
    welders = [match for match in matches if match.isco_code == "7212"]
    assert len(welders) >= 5
    assert any(match.matched_label != match.preferred_label for match in matches)


def test_reimporting_the_real_files_changes_nothing(db, full_import, esco_folder):
    ids = dict(Occupation.objects.values_list("uri", "pk"))

    report = import_esco(esco_folder)

    assert not report.changed_anything, report.summary_lines()
    assert dict(Occupation.objects.values_list("uri", "pk")) == ids
    assert OccupationSkill.objects.count() == 128_987

"""The importers against the real public files in ``settings.SHARED_DATA_DIR`` (skipped where absent)."""

import pytest
from django.conf import settings

from werkroute.regions.importers import import_municipalities, import_postcodes
from werkroute.regions.models import Municipality, PostcodeArea, Region

pytestmark = pytest.mark.shared_data


@pytest.fixture
def shared_data():
    folder = settings.SHARED_DATA_DIR
    if not (folder / "nl_gemeenten_2025.csv").is_file():
        pytest.skip(f"the shared reference data are not at {folder} (set WERKROUTE_SHARED_DATA)")
    return folder


def test_all_municipalities_regions_and_postcodes_are_imported(db, shared_data):
    import_municipalities(shared_data / "nl_gemeenten_2025.csv")
    import_postcodes(shared_data / "nl_pc4_centroids.csv")

    assert Municipality.objects.count() == 342
    assert Region.objects.count() == 35
    assert PostcodeArea.objects.count() == 4053
    assert Municipality.objects.get(code="GM0363").region.name == "Groot Amsterdam"
    assert Region.objects.get(code="AM08").centre_municipality.name == "Nijmegen"
    assert PostcodeArea.objects.get(pc4="6511").municipality.code == "GM0268"


def test_reimporting_the_real_files_changes_nothing(db, shared_data):
    import_municipalities(shared_data / "nl_gemeenten_2025.csv")
    import_postcodes(shared_data / "nl_pc4_centroids.csv")

    assert not import_municipalities(shared_data / "nl_gemeenten_2025.csv").changed_anything
    assert not import_postcodes(shared_data / "nl_pc4_centroids.csv").changed_anything
    assert Municipality.objects.count() == 342


def test_one_region_with_its_postcodes(db, shared_data):
    import_municipalities(shared_data / "nl_gemeenten_2025.csv", region_codes={"AM08"})
    import_postcodes(shared_data / "nl_pc4_centroids.csv", region_codes={"AM08"})

    assert Municipality.objects.filter(region__code="AM08").count() == 7
    assert Municipality.objects.count() == 7
    assert PostcodeArea.objects.count() == 66

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from werkroute.core.importing import ImportFileError
from werkroute.regions.importers import import_postcodes
from werkroute.regions.models import Municipality, PostcodeArea
from werkroute.regions.tests.factories import MunicipalityFactory, PostcodeAreaFactory, RegionFactory
from werkroute.regions.tests.test_import_municipalities import NIJMEGEN, write_csv

HEADER = [
    "pc4",
    "pc4_naam",
    "plaats",
    "lat",
    "lon",
    "rd_x",
    "rd_y",
    "gemeentecode",
    "gemeentenaam",
    "arbeidsmarktregio_code",
    "koppeling",
]
CENTRUM = [
    "6511",
    "6511 Centrum/Benedenstad",
    "Nijmegen",
    "51.848143",
    "5.863551",
    "",
    "",
    "GM0268",
    "Nijmegen",
    "AM08",
    "pip",
]
LENT = ["6663", "6663 Lent", "Lent", "51.867447", "5.86582", "", "", "GM0268", "Nijmegen", "AM08", "pip"]
BERGEN = ["1861", "1861 Bergen", "Bergen", "52.66", "4.69", "", "", "GM0373", "Bergen (NH.)", "AM15", "pip"]


@pytest.fixture
def nijmegen(db):
    return MunicipalityFactory(code="GM0268", name="Nijmegen", region=RegionFactory(code="AM08"))


def test_import_creates_postcode_areas_in_their_municipality(nijmegen, tmp_path):
    report = import_postcodes(write_csv(tmp_path / "pc4.csv", [CENTRUM, LENT], header=HEADER))

    assert report.created == {"PostcodeArea": 2}
    centrum = PostcodeArea.objects.get(pc4="6511")
    assert (centrum.name, centrum.places, centrum.municipality) == (
        "6511 Centrum/Benedenstad",
        "Nijmegen",
        nijmegen,
    )
    assert (centrum.latitude, centrum.longitude) == (51.848143, 5.863551)


def test_reimport_changes_nothing(nijmegen, tmp_path):
    path = write_csv(tmp_path / "pc4.csv", [CENTRUM, LENT], header=HEADER)
    import_postcodes(path)

    assert not import_postcodes(path).changed_anything


def test_unknown_municipality_names_the_row_and_nothing_is_written(nijmegen, tmp_path):
    path = write_csv(tmp_path / "pc4.csv", [CENTRUM, BERGEN, LENT], header=HEADER)

    with pytest.raises(ImportFileError) as error:
        import_postcodes(path)

    assert error.value.row == 3
    assert "regel 3" in str(error.value) and "GM0373" in str(error.value)
    assert not PostcodeArea.objects.exists()


def test_region_filter_skips_rows_of_other_regions(nijmegen, tmp_path):
    path = write_csv(tmp_path / "pc4.csv", [CENTRUM, BERGEN, LENT], header=HEADER)

    import_postcodes(path, region_codes={"AM08"})

    assert set(PostcodeArea.objects.values_list("pc4", flat=True)) == {"6511", "6663"}


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [("pc4", "651", "heeft niet de vorm"), ("pc4", "0511", "heeft niet de vorm"), ("lat", "", "lat is leeg")],
)
def test_broken_row_names_its_row_and_keeps_existing_areas(nijmegen, tmp_path, column, value, problem):
    existing = PostcodeAreaFactory(pc4="6500", municipality=nijmegen)
    broken = list(LENT)
    broken[HEADER.index(column)] = value
    path = write_csv(tmp_path / "pc4.csv", [CENTRUM, broken], header=HEADER)

    with pytest.raises(ImportFileError, match=f"regel 3: .*{problem}"):
        import_postcodes(path)
    assert list(PostcodeArea.objects.all()) == [existing]


def test_duplicate_postcode_is_refused(nijmegen, tmp_path):
    with pytest.raises(ImportFileError, match="6511 staat ook al op regel 2"):
        import_postcodes(write_csv(tmp_path / "pc4.csv", [CENTRUM, LENT, CENTRUM], header=HEADER))


def test_command_rolls_back_the_municipalities_when_the_postcodes_are_broken(db, tmp_path):
    municipalities = write_csv(tmp_path / "gemeenten.csv", [NIJMEGEN])
    postcodes = write_csv(tmp_path / "pc4.csv", [CENTRUM, BERGEN], header=HEADER)

    with pytest.raises(CommandError, match="regel 3"):
        call_command("import_regions", "--municipalities", str(municipalities), "--postcodes", str(postcodes))
    assert not Municipality.objects.exists()

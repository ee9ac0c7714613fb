import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from werkroute.core.importing import ImportFileError
from werkroute.regions.importers import import_municipalities
from werkroute.regions.models import Municipality, Region
from werkroute.regions.tests.factories import MunicipalityFactory

HEADER = [
    "gemeentecode",
    "gemeentenaam",
    "provincie",
    "arbeidsmarktregio_code",
    "arbeidsmarktregio_naam",
    "lat",
    "lon",
    "rd_x",
    "rd_y",
    "centroid_bron",
    "amr_vlakaandeel",
]
NIJMEGEN = [
    "GM0268",
    "Nijmegen",
    "Gelderland",
    "AM08",
    "Rijk van Nijmegen",
    "51.838527",
    "5.836792",
    "",
    "",
    "",
    "",
]
WIJCHEN = [
    "GM0296",
    "Wijchen",
    "Gelderland",
    "AM08",
    "Rijk van Nijmegen",
    "51.816727",
    "5.701933",
    "",
    "",
    "",
    "",
]
BERGEN = [
    "GM0373",
    "Bergen (NH.)",
    "Noord-Holland",
    "AM15",
    "Noord-Holland Noord",
    "52.66",
    "4.69",
    "",
    "",
    "",
    "",
]


def write_csv(path, rows, header=HEADER, *, bom=False):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def municipalities_file(tmp_path):
    return write_csv(tmp_path / "gemeenten.csv", [NIJMEGEN, WIJCHEN, BERGEN])


def test_import_creates_regions_and_municipalities_with_their_centroids(db, municipalities_file):
    report = import_municipalities(municipalities_file)

    assert report.created == {"Region": 2, "Municipality": 3}
    nijmegen = Municipality.objects.get(code="GM0268")
    assert (nijmegen.name, nijmegen.province, nijmegen.region.code) == ("Nijmegen", "Gelderland", "AM08")
    assert (nijmegen.latitude, nijmegen.longitude) == (51.838527, 5.836792)
    assert Region.objects.get(code="AM15").name == "Noord-Holland Noord"


def test_known_centrumgemeente_becomes_the_centre_of_its_region(db, municipalities_file):
    import_municipalities(municipalities_file)

    assert Region.objects.get(code="AM08").centre_municipality.code == "GM0268"
    assert Region.objects.get(code="AM15").centre_municipality is None


def test_reimport_changes_nothing(db, municipalities_file):
    import_municipalities(municipalities_file)
    before = list(Municipality.objects.values().order_by("code"))

    report = import_municipalities(municipalities_file)

    assert not report.changed_anything
    assert list(Municipality.objects.values().order_by("code")) == before


def test_reimport_updates_changed_names_and_region(db, tmp_path, municipalities_file):
    import_municipalities(municipalities_file)
    moved = ["GM0296", "Wijchen (Gld.)", "Gelderland", "AM10", "Rivierenland", "51.8", "5.7", "", "", "", ""]

    report = import_municipalities(write_csv(tmp_path / "nieuw.csv", [NIJMEGEN, moved]))

    assert report.created == {"Region": 1, "Municipality": 0}
    assert report.updated["Municipality"] == 1
    wijchen = Municipality.objects.get(code="GM0296")
    assert (wijchen.name, wijchen.region.code) == ("Wijchen (Gld.)", "AM10")


def test_region_filter_imports_only_that_region(db, municipalities_file):
    import_municipalities(municipalities_file, region_codes={"am08"})

    assert set(Municipality.objects.values_list("code", flat=True)) == {"GM0268", "GM0296"}
    assert list(Region.objects.values_list("code", flat=True)) == ["AM08"]


def test_region_filter_with_a_region_absent_from_the_file_is_refused(db, municipalities_file):
    with pytest.raises(ImportFileError, match="AM21"):
        import_municipalities(municipalities_file, region_codes={"AM08", "AM21"})
    assert not Municipality.objects.exists()


def test_file_with_byte_order_mark_is_read(db, tmp_path):
    import_municipalities(write_csv(tmp_path / "excel.csv", [NIJMEGEN], bom=True))

    assert Municipality.objects.filter(code="GM0268").exists()


def test_missing_columns_are_all_named_in_one_error(db, tmp_path):
    header = [column for column in HEADER if column not in ("provincie", "lon")]
    path = write_csv(tmp_path / "gemeenten.csv", [], header=header)

    with pytest.raises(ImportFileError) as error:
        import_municipalities(path)

    assert "provincie, lon" in str(error.value)
    assert error.value.row is None


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("gemeentecode", "0268", "heeft niet de vorm GM0268"),
        ("gemeentecode", "GM268", "heeft niet de vorm GM0268"),
        ("arbeidsmarktregio_code", "A08", "heeft niet de vorm AM08"),
        ("gemeentenaam", "", "gemeentenaam is leeg"),
        ("lat", "51,84", "is geen getal"),
        ("lat", "nan", "is geen getal"),
        ("lon", "abc", "is geen getal"),
        ("lat", "5.8", "ligt niet in Nederland"),
        ("lon", "51.8", "ligt niet in Nederland"),
    ],
)
def test_broken_row_in_the_middle_names_its_row_and_nothing_is_written(db, tmp_path, column, value, problem):
    existing = MunicipalityFactory()
    broken = list(WIJCHEN)
    broken[HEADER.index(column)] = value
    path = write_csv(tmp_path / "gemeenten.csv", [NIJMEGEN, broken, BERGEN])

    with pytest.raises(ImportFileError) as error:
        import_municipalities(path)

    assert error.value.row == 3
    assert "regel 3" in str(error.value)
    assert problem in str(error.value)
    assert list(Municipality.objects.all()) == [existing]
    assert list(Region.objects.all()) == [existing.region]


def test_duplicate_municipality_code_names_both_rows(db, tmp_path):
    path = write_csv(tmp_path / "gemeenten.csv", [NIJMEGEN, WIJCHEN, NIJMEGEN])

    with pytest.raises(ImportFileError, match=r"regel 4: .*GM0268 staat ook al op regel 2"):
        import_municipalities(path)


def test_region_with_two_names_is_refused(db, tmp_path):
    renamed = list(WIJCHEN)
    renamed[HEADER.index("arbeidsmarktregio_naam")] = "Nijmegen e.o."

    with pytest.raises(ImportFileError, match="regel 3"):
        import_municipalities(write_csv(tmp_path / "gemeenten.csv", [NIJMEGEN, renamed]))
    assert not Region.objects.exists()


def test_row_with_more_values_than_the_header_is_refused(db, tmp_path):
    shifted = [
        "GM0296",
        "Wijchen",
        "Gelderland",
        "AM08",
        "Rijk van Nijmegen",
        "51",
        "81",
        "5",
        "70",
        *[""] * 4,
    ]
    path = write_csv(tmp_path / "gemeenten.csv", [NIJMEGEN, shifted])

    with pytest.raises(ImportFileError, match="regel 3"):
        import_municipalities(path)


def test_missing_file_is_reported_in_dutch(db, tmp_path):
    with pytest.raises(ImportFileError, match="bestaat niet"):
        import_municipalities(tmp_path / "weg.csv")


def test_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (",".join(HEADER) + "\n" + ",".join(NIJMEGEN).replace("Nijmegen", "Nijmégen")).encode("latin-1")
    )

    with pytest.raises(ImportFileError, match="UTF-8"):
        import_municipalities(path)


def test_command_imports_and_prints_a_summary(db, municipalities_file, capsys):
    call_command("import_regions", "--municipalities", str(municipalities_file), "--region", "AM08")

    assert "Municipality: 2 nieuw" in capsys.readouterr().out
    assert Municipality.objects.count() == 2


def test_command_reports_a_broken_file_as_a_command_error(db, tmp_path):
    broken = list(WIJCHEN)
    broken[0] = "GMX"
    path = write_csv(tmp_path / "gemeenten.csv", [NIJMEGEN, broken])

    with pytest.raises(CommandError, match=r"niets opgeslagen.*regel 3"):
        call_command("import_regions", "--municipalities", str(path))
    assert not Municipality.objects.exists()

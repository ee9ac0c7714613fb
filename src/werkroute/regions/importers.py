"""Import of municipalities, labour market regions and PC4 areas from the CBS-style CSV files.

The formats are those of ``nl_gemeenten_2025.csv`` and ``nl_pc4_centroids.csv`` described in the shared
data README. Both importers check the whole file first and write nothing unless every row is valid; then
they create or update rows by their code in one transaction, so running them twice changes nothing.
Rows are never deleted: a municipality that disappears after a merger may still be referenced by
clients and organisations.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from werkroute.core.importing import (
    CsvRow,
    ImportFileError,
    ImportReport,
    check_length,
    check_pattern,
    open_csv,
    require_value,
    row_error,
    upsert,
)
from werkroute.regions.models import Municipality, PostcodeArea, Region

MUNICIPALITY_CODE = re.compile(r"GM\d{4}")
REGION_CODE = re.compile(r"AM\d{2}")
PC4_CODE = re.compile(r"[1-9]\d{3}")

# Generous box around the European Netherlands, Wadden islands and South Limburg included. It catches
# swapped lat/lon columns and RD coordinates in the wrong column, not subtle errors.
LATITUDE_RANGE = (50.6, 53.7)
LONGITUDE_RANGE = (3.2, 7.3)

# The centrumgemeente of each labour market region, by region code. Only entries we are sure of are
# listed; the other regions keep an empty centre until an administrator sets one (a wrong centre would
# be worse than none: it decides who hosts the regional employer service point).
CENTRE_MUNICIPALITIES: dict[str, str] = {
    "AM08": "GM0268",  # Rijk van Nijmegen: Nijmegen
}

MUNICIPALITY_COLUMNS = (
    "gemeentecode",
    "gemeentenaam",
    "provincie",
    "arbeidsmarktregio_code",
    "arbeidsmarktregio_naam",
    "lat",
    "lon",
)
POSTCODE_COLUMNS = ("pc4", "lat", "lon", "gemeentecode")


@dataclass(frozen=True)
class _MunicipalityRow:
    code: str
    name: str
    province: str
    region_code: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class _PostcodeRow:
    pc4: str
    name: str
    places: str
    latitude: float
    longitude: float
    municipality_code: str


def import_municipalities(path: Path, *, region_codes: set[str] | None = None) -> ImportReport:
    """Create or update the regions and municipalities listed in a CBS-style municipality CSV file.

    ``region_codes`` limits the import to municipalities of those regions (``{"AM08"}``); a requested
    code absent from the file is an error. Every row of the file is checked first; on the first problem
    an :class:`ImportFileError` with a Dutch message (naming the missing columns, or the row and its
    problem) is raised and nothing is written. Known centrumgemeenten are set as the region's centre
    when it has none. Returns the created and updated counts of ``Region`` and ``Municipality``.
    """
    regions, municipalities = _read_municipalities(Path(path), _clean_codes(region_codes))
    report = ImportReport()
    with transaction.atomic():
        region_by_code = _write_regions(regions, report)
        _write_municipalities(municipalities, region_by_code, report)
        _set_centre_municipalities(set(regions))
    return report


def import_postcodes(path: Path, *, region_codes: set[str] | None = None) -> ImportReport:
    """Create or update the PC4 areas listed in a CSV file in the format of ``nl_pc4_centroids.csv``.

    The municipality of every imported row must already exist. ``region_codes`` limits the import to
    rows whose ``arbeidsmarktregio_code`` is one of them (the column is then required). Every row is
    checked first; any problem raises :class:`ImportFileError` naming the row and nothing is written.
    Returns the created and updated counts of ``PostcodeArea``.
    """
    postcodes = _read_postcodes(Path(path), _clean_codes(region_codes))
    report = ImportReport()
    with transaction.atomic():
        _write_postcodes(postcodes, report)
    return report


def _clean_codes(region_codes: set[str] | None) -> set[str] | None:
    if region_codes is None:
        return None
    codes = {code.strip().upper() for code in region_codes}
    invalid = sorted(code for code in codes if not REGION_CODE.fullmatch(code))
    if invalid:
        raise ImportFileError(
            _("Ongeldige arbeidsmarktregiocode(s): %(codes)s. Verwacht de vorm AM08.")
            % {"codes": ", ".join(invalid)}
        )
    return codes


def _read_municipalities(
    path: Path, region_codes: set[str] | None
) -> tuple[dict[str, str], list[_MunicipalityRow]]:
    file_name = path.name
    region_names: dict[str, tuple[str, int]] = {}
    seen_codes: dict[str, int] = {}
    rows: list[_MunicipalityRow] = []
    with open_csv(path, MUNICIPALITY_COLUMNS) as csv_rows:
        for row in csv_rows:
            code = check_pattern(row, "gemeentecode", MUNICIPALITY_CODE, "GM0268", file_name=file_name)
            if code in seen_codes:
                raise row_error(
                    row,
                    _("gemeentecode %(code)s staat ook al op regel %(other)d.")
                    % {"code": code, "other": seen_codes[code]},
                    file_name=file_name,
                )
            seen_codes[code] = row.number
            require_value(row, "gemeentenaam", file_name=file_name)
            region_code = check_pattern(
                row, "arbeidsmarktregio_code", REGION_CODE, "AM08", file_name=file_name
            )
            region_name = require_value(row, "arbeidsmarktregio_naam", file_name=file_name)
            check_length(row, "arbeidsmarktregio_naam", 100, file_name=file_name)
            if region_code in region_names and region_names[region_code][0] != region_name:
                known_name, known_row = region_names[region_code]
                raise row_error(
                    row,
                    _("arbeidsmarktregio %(code)s heet hier '%(name)s', maar op regel %(other)d '%(known)s'.")
                    % {"code": region_code, "name": region_name, "other": known_row, "known": known_name},
                    file_name=file_name,
                )
            region_names.setdefault(region_code, (region_name, row.number))
            latitude, longitude = _coordinates(row, file_name=file_name, required=False)
            rows.append(
                _MunicipalityRow(
                    code=code,
                    name=check_length(row, "gemeentenaam", 100, file_name=file_name),
                    province=check_length(row, "provincie", 50, file_name=file_name),
                    region_code=region_code,
                    latitude=latitude,
                    longitude=longitude,
                )
            )
    if region_codes is not None:
        absent = sorted(region_codes - set(region_names))
        if absent:
            raise ImportFileError(
                _("Arbeidsmarktregio %(codes)s komt niet voor in %(file)s.")
                % {"codes": ", ".join(absent), "file": file_name},
                file_name=file_name,
            )
        rows = [row for row in rows if row.region_code in region_codes]
    regions = {row.region_code: region_names[row.region_code][0] for row in rows}
    return regions, rows


def _read_postcodes(path: Path, region_codes: set[str] | None) -> list[_PostcodeRow]:
    file_name = path.name
    required = (*POSTCODE_COLUMNS, "arbeidsmarktregio_code") if region_codes is not None else POSTCODE_COLUMNS
    municipality_codes = set(Municipality.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    rows: list[_PostcodeRow] = []
    with open_csv(path, required) as csv_rows:
        for row in csv_rows:
            pc4 = check_pattern(row, "pc4", PC4_CODE, "6511", file_name=file_name)
            if pc4 in seen:
                raise row_error(
                    row,
                    _("postcode %(pc4)s staat ook al op regel %(other)d.") % {"pc4": pc4, "other": seen[pc4]},
                    file_name=file_name,
                )
            seen[pc4] = row.number
            municipality_code = check_pattern(
                row, "gemeentecode", MUNICIPALITY_CODE, "GM0268", file_name=file_name
            )
            latitude, longitude = _coordinates(row, file_name=file_name, required=True)
            name = check_length(row, "pc4_naam", 100, file_name=file_name)
            places = check_length(row, "plaats", 200, file_name=file_name)
            if region_codes is not None and row["arbeidsmarktregio_code"].upper() not in region_codes:
                continue
            if municipality_code not in municipality_codes:
                raise row_error(
                    row,
                    _("gemeente %(code)s is onbekend; importeer eerst de gemeenten.")
                    % {"code": municipality_code},
                    file_name=file_name,
                )
            assert latitude is not None and longitude is not None
            rows.append(_PostcodeRow(pc4, name, places, latitude, longitude, municipality_code))
    return rows


def _coordinates(row: CsvRow, *, file_name: str, required: bool) -> tuple[float | None, float | None]:
    values: list[float | None] = []
    for column, (low, high) in (("lat", LATITUDE_RANGE), ("lon", LONGITUDE_RANGE)):
        text = row[column]
        if not text:
            if required:
                raise row_error(row, _("%(column)s is leeg.") % {"column": column}, file_name=file_name)
            values.append(None)
            continue
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if math.isnan(value):
            raise row_error(
                row,
                _("%(column)s '%(value)s' is geen getal (gebruik een punt als decimaalteken).")
                % {"column": column, "value": text},
                file_name=file_name,
            )
        if not low <= value <= high:
            raise row_error(
                row,
                _("%(column)s %(value)s ligt niet in Nederland (verwacht tussen %(low)s en %(high)s).")
                % {"column": column, "value": text, "low": low, "high": high},
                file_name=file_name,
            )
        values.append(value)
    if (values[0] is None) != (values[1] is None):
        raise row_error(row, _("lat en lon zijn allebei ingevuld of allebei leeg."), file_name=file_name)
    return values[0], values[1]


def _write_regions(regions: dict[str, str], report: ImportReport) -> dict[str, Region]:
    upsert(Region, "code", {code: {"name": name} for code, name in regions.items()}, report)
    # bulk_create does not return primary keys on every database; read them back in one query.
    return Region.objects.in_bulk(list(regions), field_name="code")


def _write_municipalities(
    rows: list[_MunicipalityRow], region_by_code: dict[str, Region], report: ImportReport
) -> None:
    values = {
        row.code: {
            "name": row.name,
            "province": row.province,
            "region_id": region_by_code[row.region_code].pk,
            "latitude": row.latitude,
            "longitude": row.longitude,
        }
        for row in rows
    }
    upsert(Municipality, "code", values, report)


def _set_centre_municipalities(region_codes: set[str]) -> None:
    wanted = {code: CENTRE_MUNICIPALITIES[code] for code in region_codes if code in CENTRE_MUNICIPALITIES}
    if not wanted:
        return
    municipality_by_code = Municipality.objects.in_bulk(list(wanted.values()), field_name="code")
    regions = Region.objects.filter(code__in=list(wanted), centre_municipality__isnull=True)
    changed = []
    for region in regions:
        centre = municipality_by_code.get(wanted[region.code])
        # The centre must lie in its own region; if a future file moved it, leave the choice to a person.
        if centre is not None and centre.region_id == region.pk:
            region.centre_municipality = centre
            changed.append(region)
    Region.objects.bulk_update(changed, ["centre_municipality"])


def _write_postcodes(rows: list[_PostcodeRow], report: ImportReport) -> None:
    municipality_ids = dict(Municipality.objects.values_list("code", "pk"))
    values = {
        row.pc4: {
            "name": row.name,
            "places": row.places,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "municipality_id": municipality_ids[row.municipality_code],
        }
        for row in rows
    }
    upsert(PostcodeArea, "pc4", values, report)

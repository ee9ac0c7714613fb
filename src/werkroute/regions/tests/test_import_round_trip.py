"""Property: whatever valid names and coordinates a municipality file holds, they arrive unchanged."""

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from werkroute.regions.importers import import_municipalities
from werkroute.regions.models import Municipality
from werkroute.regions.tests.test_import_municipalities import HEADER, write_csv

# Names may hold commas, quotes, newlines and any script; not control characters or line separators,
# which no CBS name has and which a spreadsheet would not keep either.
names = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
municipality_rows = st.lists(
    st.tuples(
        st.integers(0, 9999),
        names,
        st.sampled_from(["AM01", "AM08", "AM38"]),
        st.floats(50.6, 53.7),
        st.floats(3.2, 7.3),
    ),
    min_size=1,
    max_size=15,
    unique_by=lambda row: row[0],
)


class MunicipalityFileRoundTrip(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(
        rows=municipality_rows,
        region_names=st.fixed_dictionaries({"AM01": names, "AM08": names, "AM38": names}),
    )
    def test_imported_municipalities_equal_the_rows_of_the_file(self, rows, region_names):
        csv_rows = [
            [f"GM{number:04d}", name, "", region, region_names[region], repr(latitude), repr(longitude)]
            + [""] * 4
            for number, name, region, latitude, longitude in rows
        ]
        with tempfile.TemporaryDirectory() as folder:
            path = write_csv(Path(folder) / "gemeenten.csv", csv_rows, header=HEADER)
            import_municipalities(path)
            second = import_municipalities(path)

        stored = {
            municipality.code: (
                municipality.name,
                municipality.region.code,
                municipality.region.name,
                municipality.latitude,
                municipality.longitude,
            )
            for municipality in Municipality.objects.select_related("region")
        }
        assert stored == {
            f"GM{number:04d}": (name, region, region_names[region], latitude, longitude)
            for number, name, region, latitude, longitude in rows
        }
        assert not second.changed_anything

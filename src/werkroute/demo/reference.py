"""The reference data of the demo: one labour market region, its postcodes and a subset of ESCO.

The files ship inside the package (``demo/data/``, see its README) so that the demo runs on a machine
without the shared reference data.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from werkroute.regions.importers import import_municipalities, import_postcodes
from werkroute.taxonomy.importers import import_esco

DEMO_REGION_CODE = "AM08"  # Rijk van Nijmegen: seven municipalities, centrumgemeente Nijmegen
DATA_DIR = Path(__file__).resolve().parent / "data"


def load_demo_reference_data() -> None:
    """Import the demo region (AM08, its 7 municipalities and their PC4 areas) and the demo ESCO subset.

    Idempotent: running it again changes nothing. Everything is written in one transaction, so a failure
    (an :class:`werkroute.core.importing.ImportFileError`, which would mean the shipped files are broken)
    leaves the database as it was.
    """
    regions = {DEMO_REGION_CODE}
    with transaction.atomic():
        import_municipalities(DATA_DIR / "gemeenten.csv", region_codes=regions)
        import_postcodes(DATA_DIR / "pc4.csv", region_codes=regions)
        import_esco(DATA_DIR / "esco")

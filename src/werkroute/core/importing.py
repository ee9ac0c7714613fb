"""Shared plumbing for the reference-data importers: reading CSV files, reporting, and one error type.

Every importer validates a whole file before it writes anything. The helpers here keep the messages the
same everywhere: a missing column names all missing columns at once, and a broken row is named by its
``regel`` number as a spreadsheet shows it (the header is regel 1, the first data row regel 2), which is
not the physical line number when a quoted field spans several lines (ESCO's ``altLabels`` do).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

# ESCO descriptions can be long; the csv module's default limit (128 KiB per field) is enough for ESCO
# v1.2 but not guaranteed for later versions.
csv.field_size_limit(16 * 1024 * 1024)


class ImportFileError(ValueError):
    """A reference-data file that cannot be imported; ``str(error)`` is a Dutch message for the user.

    ``row`` is the spreadsheet row number (header = 1) when one row is to blame, else ``None``;
    ``file_name`` is the name of the file when known.
    """

    def __init__(self, message: str, *, row: int | None = None, file_name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.file_name = file_name


@dataclass
class ImportReport:
    """How many rows an import created, updated and deleted, per model name (for example ``"Municipality"``).

    Only rows that really changed are counted, so a repeated import of the same file reports zeros.
    """

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, model_name: str, *, created: int = 0, updated: int = 0, deleted: int = 0) -> None:
        """Add to the totals of ``model_name``."""
        for totals, number in ((self.created, created), (self.updated, updated), (self.deleted, deleted)):
            totals[model_name] = totals.get(model_name, 0) + number

    def merge(self, other: ImportReport) -> None:
        """Add the counts of ``other`` to this report."""
        for model_name in other.model_names():
            self.count(
                model_name,
                created=other.created.get(model_name, 0),
                updated=other.updated.get(model_name, 0),
                deleted=other.deleted.get(model_name, 0),
            )

    def model_names(self) -> list[str]:
        """The models this report has counts for, in the order they were first counted."""
        return list(dict.fromkeys([*self.created, *self.updated, *self.deleted]))

    @property
    def changed_anything(self) -> bool:
        """Whether the import wrote anything at all."""
        return any(self.created.values()) or any(self.updated.values()) or any(self.deleted.values())

    def summary_lines(self) -> list[str]:
        """One Dutch line per model, for command output."""
        return [
            _("%(model)s: %(created)d nieuw, %(updated)d bijgewerkt, %(deleted)d verwijderd")
            % {
                "model": model_name,
                "created": self.created.get(model_name, 0),
                "updated": self.updated.get(model_name, 0),
                "deleted": self.deleted.get(model_name, 0),
            }
            for model_name in self.model_names()
        ]


@dataclass(frozen=True)
class CsvRow:
    """One data row: its spreadsheet row number (header = 1) and its values by column name."""

    number: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        """The value of ``column``; empty when the file has no such column."""
        return self.values.get(column, "")


def row_error(row: CsvRow | int, message: str, *, file_name: str | None = None) -> ImportFileError:
    """An :class:`ImportFileError` for one row, with "regel N" (and the file name when given) in front."""
    number = row.number if isinstance(row, CsvRow) else row
    if file_name:
        text = _("%(file)s, regel %(row)d: %(problem)s") % {
            "file": file_name,
            "row": number,
            "problem": message,
        }
    else:
        text = _("Fout op regel %(row)d: %(problem)s") % {"row": number, "problem": message}
    return ImportFileError(text, row=number, file_name=file_name)


@contextmanager
def open_csv(path: Path, required_columns: Iterable[str]) -> Iterator[Iterator[CsvRow]]:
    """Open a UTF-8 CSV file (with or without byte-order mark) and check its header.

    Yields an iterator of :class:`CsvRow` with whitespace-stripped values; blank lines are skipped but
    still counted. Raises :class:`ImportFileError` when the file is missing, is not UTF-8 text, lacks
    any of ``required_columns`` (all missing ones are named), or has a row with more values than the
    header has columns. Short rows are padded with empty values, as spreadsheets often drop them.
    """
    path = Path(path)
    file_name = path.name
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise ImportFileError(
            _("Het bestand %(file)s bestaat niet.") % {"file": str(path)}, file_name=file_name
        ) from None
    except OSError as error:
        raise ImportFileError(
            _("Het bestand %(file)s kan niet worden gelezen: %(reason)s")
            % {"file": str(path), "reason": error.strerror or error},
            file_name=file_name,
        ) from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = [column.strip() for column in next(reader, [])]
        except (UnicodeDecodeError, csv.Error) as error:
            raise _unreadable(file_name, error) from None
        if not any(header):
            raise ImportFileError(
                _("%(file)s is leeg of heeft geen kopregel.") % {"file": file_name}, file_name=file_name
            )
        missing = [column for column in required_columns if column not in header]
        if missing:
            raise ImportFileError(
                _("%(file)s mist de verplichte kolom(men): %(columns)s. Gevonden kolommen: %(found)s.")
                % {"file": file_name, "columns": ", ".join(missing), "found": ", ".join(header)},
                file_name=file_name,
            )
        yield _rows(reader, header, file_name)


def _rows(reader: Iterator[list[str]], header: list[str], file_name: str) -> Iterator[CsvRow]:
    number = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, csv.Error) as error:
            raise _unreadable(file_name, error, row=number + 1) from None
        number += 1
        if not values or not any(value.strip() for value in values):
            continue
        if len(values) > len(header) and any(value.strip() for value in values[len(header) :]):
            raise row_error(
                number,
                _(
                    "%(found)d waarden, maar de kopregel heeft %(expected)d kolommen "
                    "(een komma in een waarde zonder aanhalingstekens?)."
                )
                % {"found": len(values), "expected": len(header)},
                file_name=file_name,
            )
        yield CsvRow(number, {column: value.strip() for column, value in zip(header, values, strict=False)})


def _unreadable(file_name: str, error: Exception, row: int | None = None) -> ImportFileError:
    if isinstance(error, UnicodeDecodeError):
        message = _("%(file)s is geen UTF-8-tekstbestand.") % {"file": file_name}
    else:
        message = _("%(file)s is geen geldig CSV-bestand: %(reason)s") % {"file": file_name, "reason": error}
    return ImportFileError(message, row=row, file_name=file_name)


def check_length(row: CsvRow, column: str, max_length: int, *, file_name: str | None = None) -> str:
    """The value of ``column`` in ``row``, or an :class:`ImportFileError` if it is longer than allowed."""
    value = row[column]
    if len(value) > max_length:
        raise row_error(
            row,
            _("de waarde in kolom %(column)s is %(length)d tekens lang; het maximum is %(max)d.")
            % {"column": column, "length": len(value), "max": max_length},
            file_name=file_name,
        )
    return value


def check_pattern(
    row: CsvRow, column: str, pattern: re.Pattern[str], example: str, *, file_name: str | None = None
) -> str:
    """The value of ``column`` if it fully matches ``pattern``; otherwise an error quoting ``example``."""
    value = row[column]
    if not pattern.fullmatch(value):
        if value:
            problem = _("%(column)s '%(value)s' heeft niet de vorm %(example)s.") % {
                "column": column,
                "value": value,
                "example": example,
            }
        else:
            problem = _("%(column)s is leeg.") % {"column": column}
        raise row_error(row, problem, file_name=file_name)
    return value


def require_value(row: CsvRow, column: str, *, file_name: str | None = None) -> str:
    """The value of ``column``, or an :class:`ImportFileError` when it is empty."""
    value = row[column]
    if not value:
        raise row_error(row, _("%(column)s is leeg.") % {"column": column}, file_name=file_name)
    return value


def assign_changes(instance: object, values: Mapping[str, object]) -> bool:
    """Set ``values`` as attributes of ``instance``; True when any of them differed from what it had.

    Importers use it to update only rows that really change, so that a repeated import writes nothing.
    """
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def upsert(
    model: type[Model],
    key_field: str,
    rows: Mapping[Any, Mapping[str, Any]],
    report: ImportReport,
    *,
    batch_size: int = 500,
    existing: Mapping[Any, Model] | None = None,
) -> None:
    """Create the rows of ``rows`` (key → field values) that are not stored yet, update the stored ones
    whose values differ, and count both in ``report`` under the model's name. Rows are created in the
    order given (parents before children, where a model points at itself). ``existing`` spares the read
    when the caller already holds the stored rows by key."""
    stored = (
        model._default_manager.in_bulk(list(rows), field_name=key_field) if existing is None else existing
    )
    new: list[Model] = []
    changed: list[Model] = []
    names: set[str] = set()
    for key, values in rows.items():
        names.update(values)
        row = stored.get(key)
        if row is None:
            new.append(model(**{key_field: key}, **values))
        elif assign_changes(row, values):
            changed.append(row)
    model._default_manager.bulk_create(new, batch_size=batch_size)
    if changed:
        fields = sorted({model._meta.get_field(name).name for name in names})
        model._default_manager.bulk_update(changed, fields, batch_size=batch_size)
    report.count(model.__name__, created=len(new), updated=len(changed))

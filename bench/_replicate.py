"""Many clients fast on PostgreSQL: copies of the demo clients' whole case files, in SQL.

The demo simulation writes about a few hundred clients a minute on a busy 2-core machine, so 100,000 take
hours. Here a small demo population (its histories as the simulation makes them) is copied in SQL until
the register holds the wanted number: each copy gets new client ids (an md5 of the old id and the copy's
number) and new row ids (the old id plus the copy's number times the table's largest id), with every
reference between the copied rows, and the row ids inside timeline events, moved along. Names, dates
and histories repeat per copy; BSNs are left out (they must be unique). Only the case file's tables and
the follow-up signals are copied, not referrals.
"""

from __future__ import annotations

from typing import Any

# Copied in this order (referenced rows first). Per table: its own id, then {column: referenced table}.
TABLES: list[tuple[str, dict[str, str]]] = [
    ("cases_client", {}),
    ("cases_intake", {"client_id": "cases_client"}),
    ("cases_intake_skills", {"intake_id": "cases_intake"}),
    ("cases_intake_wished_occupations", {"intake_id": "cases_intake"}),
    ("cases_education", {"intake_id": "cases_intake"}),
    ("cases_workexperience", {"intake_id": "cases_intake"}),
    ("cases_planversion", {"client_id": "cases_client"}),
    ("cases_plangoal", {"plan_version_id": "cases_planversion"}),
    ("cases_activity", {"client_id": "cases_client"}),
    ("cases_labourepisode", {"client_id": "cases_client"}),
    ("cases_note", {"client_id": "cases_client"}),
    ("cases_consent", {"client_id": "cases_client"}),
    ("cases_timelineevent", {"client_id": "cases_client"}),
    ("followup_signal", {"client_id": "cases_client"}),
]
# Row ids inside a timeline event's data, by the table they name.
EVENT_KEYS = {
    "activity_id": "cases_activity",
    "episode_id": "cases_labourepisode",
    "note_id": "cases_note",
    "consent_id": "cases_consent",
}
CLEARED = {"cases_client": {"bsn": "''", "bsn_hash": "''"}}


def _columns(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def replicate(wanted: int) -> int:
    """Copy the case files of the clients there are until about ``wanted`` clients; returns the number."""
    from django.db import connection, transaction

    assert connection.vendor == "postgresql", "replication is written for PostgreSQL"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_client")
        have = cursor.fetchone()[0]
        copies = -(-wanted // have) - 1  # ceiling, less the original
        if copies < 1:
            return have
        offsets = {}
        for table, _ in TABLES:
            if table != "cases_client":
                cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 (our table names)
                offsets[table] = cursor.fetchone()[0]

        def moved(column: str, table: str) -> str:
            if table == "cases_client":
                return f"md5({column}::text || ':' || copy)::uuid"
            return f"{column} + copy * {offsets[table]}"

        for table, references in TABLES:
            columns = _columns(cursor, table)
            values = []
            for column in columns:
                if column in CLEARED.get(table, {}):
                    values.append(CLEARED[table][column])
                elif column == "id":
                    values.append(moved("id", table))
                elif column in references:
                    values.append(moved(column, references[column]))
                elif table == "cases_timelineevent" and column == "data":
                    # Keys the event has are moved; the others give null and are stripped again.
                    moved_keys = ", ".join(
                        f"'{key}', (data->>'{key}')::bigint + copy * {offsets[target]}"
                        for key, target in EVENT_KEYS.items()
                    )
                    values.append(f"data || jsonb_strip_nulls(jsonb_build_object({moved_keys}))")
                else:
                    values.append(column)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (our table and column names)
                f"SELECT {', '.join(values)} FROM {table}, generate_series(1, {copies}) AS copy"
            )
        for table, _ in TABLES:
            if table != "cases_client":
                largest = f"SELECT max(id) FROM {table}"  # noqa: S608 (our table names)
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ({largest}))")
        cursor.execute("SELECT count(*) FROM cases_client")
        return int(cursor.fetchone()[0])

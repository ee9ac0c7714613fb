"""What the database itself enforces about the audit log (PostgreSQL).

Two layers, so that neither a bug nor a stolen application password can change history:

* a trigger (migration 0003) refuses every UPDATE and DELETE of an audit entry, whoever sends it;
* the grants below leave the application's role only INSERT and SELECT on the entries, so it cannot
  drop the trigger or truncate the table either. The tables are then owned by a separate migration
  role, which runs `werkroute migrate`; the application connects as the role named here.

Retention never needs to delete an entry: it deletes the client's ``SubjectKey`` (crypto-shredding).
"""

from __future__ import annotations

TRIGGER = "audit_auditevent_append_only"  # created by migration 0003 on PostgreSQL


def grants_sql(role: str) -> str:
    """The grants for the application's role ``role`` (printed by ``werkroute audit grants``)."""
    quoted = '"' + role.replace('"', '""') + '"'
    return f"""-- Run as the owner of the tables (the migration role), after `werkroute migrate`.
-- The application's role may add and read audit entries, never change or remove them.
REVOKE ALL ON TABLE audit_auditevent FROM {quoted};
GRANT SELECT, INSERT ON TABLE audit_auditevent TO {quoted};
GRANT USAGE, SELECT ON SEQUENCE audit_auditevent_id_seq TO {quoted};
-- The head is updated by every write; the per-client keys are deleted by retention.
GRANT SELECT, INSERT, UPDATE ON TABLE audit_auditchainhead TO {quoted};
GRANT USAGE, SELECT ON SEQUENCE audit_auditchainhead_id_seq TO {quoted};
GRANT SELECT, INSERT, DELETE ON TABLE audit_subjectkey TO {quoted};
GRANT USAGE, SELECT ON SEQUENCE audit_subjectkey_id_seq TO {quoted};
"""

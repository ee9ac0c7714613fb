"""Writing a file so that nobody is ever handed half of it.

An export is written under a temporary name beside its final one and renamed when complete (a rename
within one folder is atomic). When the disk is full, or the folder is not writable, the temporary file is
removed and the caller gets a Dutch message; no file appears at the final name.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


class FileWriteError(Exception):
    """The file was not written; the message says why, in Dutch. Nothing was left behind."""


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` completely, or not at all."""
    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise FileWriteError(
                f"De schijf is vol: {path.name} is niet geschreven en er is geen half bestand achtergebleven. "
                "Maak ruimte vrij en probeer het opnieuw."
            ) from error
        raise FileWriteError(f"{path.name} kon niet worden geschreven: {error.strerror or error}.") from error

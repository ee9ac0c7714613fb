"""An export written to a full disk: a clear Dutch error, and no partial file left to be handed out.

The disk is real: a tiny tmpfs mounted for the test and filled up (needs root, as CI has; skipped
elsewhere).
"""

import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from werkroute.cases.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(tmp_path):
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],  # noqa: S607
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("Mounting a small tmpfs needs root; the fault bench covers this too.")
    try:
        filler = mount_point / "filler"
        with open(filler, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"x" * 4096)
            except OSError:
                pass  # full
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)  # noqa: S607


def test_export_to_a_full_disk_says_so_and_leaves_no_file(full_disk):
    person = ClientFactory()
    target = full_disk / f"inzage-{uuid.uuid4().hex}.json"

    with pytest.raises(CommandError, match="De schijf is vol"):
        call_command("avg_export", str(person.pk), out=target)

    assert not target.exists()
    assert sorted(path.name for path in full_disk.iterdir()) == ["filler"]


def test_export_with_room_is_written_whole(tmp_path):
    person = ClientFactory()
    target = tmp_path / "inzage.json"
    call_command("avg_export", str(person.pk), out=target)
    assert target.read_text(encoding="utf-8").strip().endswith("}")
    assert [path.name for path in Path(tmp_path).iterdir()] == ["inzage.json"]

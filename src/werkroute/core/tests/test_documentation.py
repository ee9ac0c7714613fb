"""The README and docs/ work as written and point only at what is in the repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]


def test_every_command_row_of_the_readme_runs_the_installed_command():
    """`werkroute` alone is not on the PATH after `make demo`; `.venv/bin/werkroute` is."""
    rows = [line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `")]
    commands = [re.match(r"\| `([^`]*)`", row).group(1) for row in rows]
    assert commands
    for command in commands:
        assert not command.startswith("werkroute "), command
    assert not re.search(r"(?<![/\w.])`werkroute (?!demo`)", (ROOT / "README.md").read_text())


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_documents_point_only_inside_the_repository(document):
    text = document.read_text()
    assert "DESIGN.md" not in text
    assert "../shared" not in text
    for target in re.findall(r"\]\((?!https?://|#|mailto:)([^)#]+)", text):
        assert (document.parent / target).exists(), f"{document.name} links to missing {target}"
    for name in re.findall(r"`((?:docs|src|bench)/[\w./-]+\.\w+)`", text):
        assert (ROOT / name).exists(), f"{document.name} names missing {name}"


def test_the_design_document_holds_the_roles_and_domain_words_the_code_refers_to():
    design = (ROOT / "docs" / "design.md").read_text()
    for word in (
        "klantmanager",
        "functioneel beheerder",
        "`Referral`",
        "`LabourEpisode`",
        "Calibration facts",
    ):
        assert word in design

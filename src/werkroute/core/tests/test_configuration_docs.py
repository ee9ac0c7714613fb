from pathlib import Path

from django.core.management import call_command

DOCS = Path(__file__).resolve().parents[4] / "docs" / "configuration.md"


def test_configuration_docs_are_generated_from_the_code(capsys):
    call_command("config_docs")
    generated = capsys.readouterr().out
    assert "`DATABASE_URL`" in generated and "`SECRET_KEY`" in generated
    assert DOCS.read_text() == generated, "docs/configuration.md is outdated: run `werkroute config_docs`"

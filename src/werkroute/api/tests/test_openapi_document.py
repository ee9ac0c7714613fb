"""The OpenAPI document meets the NL API Design Rules: Spectral with the Logius ruleset finds no error."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from werkroute.api.urls import api


def _spectral() -> Path | None:
    for folder in (Path.cwd(), *Path(__file__).resolve().parents):
        candidate = folder / ".ci" / "node" / "node_modules" / ".bin" / "spectral"
        if candidate.exists():
            return candidate
    return None


def _ruleset() -> Path:
    return Path(os.environ.get("WERKROUTE_SHARED_DATA", "../shared/data")) / "adr-spectral.yml"


def test_every_operation_names_its_scope_and_answers_problems():
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation["security"][0]["oauth2"], (method, path)
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (method, path, code)
                else:
                    assert "API-Version" in response["headers"]


@pytest.mark.slow
def test_spectral_with_the_adr_ruleset_finds_no_error(tmp_path):  # type: ignore[no-untyped-def]
    spectral, ruleset = _spectral(), _ruleset()
    if spectral is None or not ruleset.exists():
        if os.environ.get("WERKROUTE_REQUIRE_API_TOOLS"):
            pytest.fail(f"Spectral or the ruleset is missing ({spectral}, {ruleset})")
        pytest.skip("Spectral (npm ci --prefix .ci/node) or the ADR ruleset is not installed")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(api.get_openapi_schema(), default=str))
    result = subprocess.run(
        [str(spectral), "lint", "--fail-severity", "error", "-r", str(ruleset), str(document)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

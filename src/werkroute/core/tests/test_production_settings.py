"""Production settings: `check --deploy` is clean, and unsafe configurations refuse to start."""

import os
import secrets
import subprocess
import sys

import pytest


def _werkroute(tmp_path, *args, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="werkroute.conf.production",
        WERKROUTE_VAR_DIR=str(tmp_path),
        **environment,
    )
    return subprocess.run(
        [sys.executable, "-m", "werkroute.manage", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_check_deploy_reports_nothing_under_production_settings(tmp_path):
    result = _werkroute(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _werkroute(tmp_path, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr

"""Production settings: `check --deploy` is clean, and unsafe configurations refuse to start."""

import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

# What the test process may have set (the browser tests allow async-unsafe ORM calls) must not leak
# into the production process under test.
INHERITED_VARIABLES_TO_DROP = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DATABASE_URL",
    "WERKROUTE_ENCRYPTION_KEYS",
    "WERKROUTE_LOOKUP_HASH_KEY",
    "WERKROUTE_AUDIT_KEYS",
    "WERKROUTE_DEMO",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _werkroute(tmp_path, *args, **environment):
    env = {key: value for key, value in os.environ.items() if key not in INHERITED_VARIABLES_TO_DROP}
    env.update(
        DJANGO_SETTINGS_MODULE="werkroute.conf.production",
        WERKROUTE_VAR_DIR=str(tmp_path),
        **environment,
    )
    return subprocess.run(
        [sys.executable, "-m", "werkroute.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_check_deploy_reports_nothing_under_production_settings(tmp_path):
    result = _werkroute(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        WERKROUTE_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        WERKROUTE_LOOKUP_HASH_KEY=secrets.token_urlsafe(32),
        WERKROUTE_AUDIT_KEYS=f"1:{secrets.token_urlsafe(32)}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _werkroute(tmp_path, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_with_the_development_encryption_keys(tmp_path):
    result = _werkroute(tmp_path, "check", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "WERKROUTE_ENCRYPTION_KEYS and WERKROUTE_LOOKUP_HASH_KEY must be set" in result.stderr


def _production_keys() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "WERKROUTE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "WERKROUTE_LOOKUP_HASH_KEY": secrets.token_urlsafe(32),
    }


def test_production_refuses_to_start_with_the_development_audit_key(tmp_path):
    result = _werkroute(tmp_path, "check", **_production_keys())
    assert result.returncode != 0
    assert "WERKROUTE_AUDIT_KEYS must be set in production" in result.stderr


def test_production_never_runs_in_demo_mode_whatever_the_environment_says(tmp_path):
    # Demo mode is what lets a demo account skip the second factor (accounts.services.demo_exempt).
    result = _werkroute(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; print('demo', settings.WERKROUTE_DEMO)",
        WERKROUTE_DEMO="1",
        WERKROUTE_AUDIT_KEYS=f"1:{secrets.token_urlsafe(32)}",
        **_production_keys(),
    )
    assert result.returncode == 0, result.stderr
    assert "demo False" in result.stdout

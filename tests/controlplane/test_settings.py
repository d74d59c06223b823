"""Settings come from the environment; a misconfiguration stops the process with the variable's name."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from controlplane import env

# What production needs besides secrets: shared database, broker and result store.
SHARED = {
    "DATABASE_URL": "postgres://127.0.0.1:5432/test",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
    "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/15",
}
PRODUCTION = {"ASSAY_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.example", **SHARED}


def _start_django(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "ASSAY_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "controlplane.settings",
            **variables,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"DATABASE_URL": "mysql://db/assay"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://127.0.0.1:5432/"}, "DATABASE_URL"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"ASSAY_ENV": "staging"}, "ASSAY_ENV"),
        ({"ASSAY_ENV": "production", "ALLOWED_HOSTS": "assay.example"}, "SECRET_KEY"),
        ({**PRODUCTION, "DATABASE_URL": "sqlite:////tmp/assay.sqlite3"}, "DATABASE_URL"),
        ({**PRODUCTION, "CELERY_BROKER_URL": "filesystem://"}, "CELERY_BROKER_URL"),
        ({**PRODUCTION, "CELERY_RESULT_BACKEND": "file:///tmp/results"}, "CELERY_RESULT_BACKEND"),
        ({"ASSAY_ENV": "production", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        (
            {"ASSAY_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.example", "DEBUG": "on"},
            "DEBUG",
        ),
        ({"ASSAY_KEY_LAST_USED_RESOLUTION_SECONDS": "soon"}, "ASSAY_KEY_LAST_USED_RESOLUTION_SECONDS"),
        ({"SECRET_KEY_FILE": "/nonexistent/secret"}, "SECRET_KEY_FILE"),
    ],
)
def test_misconfiguration_fails_at_start_naming_the_variable(tmp_path, variables, named):
    result = _start_django(tmp_path, **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def test_production_starts_with_secrets_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("s" * 50 + "\n")
    result = _start_django(
        tmp_path,
        ASSAY_ENV="production",
        SECRET_KEY_FILE=str(secret_file),
        ALLOWED_HOSTS="a.example",
        **SHARED,
    )
    assert result.returncode == 0, result.stderr


def test_production_on_one_host_may_keep_the_embedded_parts(tmp_path):
    variables = {"ASSAY_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.example"}
    variables |= {"DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite3", "CELERY_BROKER_URL": "filesystem://"}
    assert _start_django(tmp_path, **variables).returncode != 0
    result = _start_django(tmp_path, **variables, ASSAY_SINGLE_HOST="true")
    assert result.returncode == 0, result.stderr


def _setting(tmp_path, name: str, **variables: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    env = {**os.environ, "ASSAY_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "controlplane.settings"}
    env.pop("ASSAY_HSTS_SECONDS", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env | variables, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_asks_browsers_for_https_only(tmp_path):
    """HSTS for a year in production (Django sends it on HTTPS answers only); off by default elsewhere,
    and an operator can set it."""
    assert _setting(tmp_path, "SECURE_HSTS_SECONDS", **PRODUCTION) == str(365 * 24 * 3600)
    assert _setting(tmp_path, "SECURE_HSTS_SECONDS", **PRODUCTION, ASSAY_HSTS_SECONDS="0") == "0"
    assert _setting(tmp_path, "SECURE_HSTS_SECONDS") == "0"


def test_secret_from_file(tmp_path, monkeypatch):
    path = tmp_path / "db-password"
    path.write_text("hunter2\n")
    monkeypatch.delenv("DB_PASSWORD", raising=False)
    monkeypatch.setenv("DB_PASSWORD_FILE", str(path))
    assert env.env_str("DB_PASSWORD") == "hunter2"
    monkeypatch.setenv("DB_PASSWORD", "direct")  # the variable itself wins over its _FILE
    assert env.env_str("DB_PASSWORD") == "direct"


def test_database_urls():
    pg = env.database_from_url("DATABASE_URL", "postgres://u:p%40ss@db.internal:6543/assay?sslmode=require")
    assert (pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "assay",
        "u",
        "p@ss",
        "db.internal",
        "6543",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}
    prepared = env.database_from_url(
        "DATABASE_URL", "postgres://h/db?server_side_binding=true&prepare_threshold=2"
    )
    assert prepared["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 2}
    sqlite = env.database_from_url("DATABASE_URL", "sqlite:////tmp/a.sqlite3")
    assert sqlite == {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/a.sqlite3"}  # noqa: S108
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_URL.*port"):
        env.database_from_url("DATABASE_URL", "postgres://h:notaport/db")


def test_typed_readers(monkeypatch):
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    monkeypatch.setenv("X_BOOL", "yes")
    assert env.env_int("X_INT", 1) == 12
    assert env.env_list("X_LIST", []) == ["a", "b", "c"]
    assert env.env_bool("X_BOOL", default=False) is True
    with pytest.raises(ImproperlyConfigured, match="X_INT=12 must be at least 20"):
        env.env_int("X_INT", 1, minimum=20)
    monkeypatch.delenv("X_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_MISSING must be set"):
        env.env_str("X_MISSING")

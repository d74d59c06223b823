"""The live stacks' database (tests/live.py): on CI's PostgreSQL pass each stack migrates a PostgreSQL
database of its own, derived from DATABASE_URL, and drops it when stopped; on SQLite, a file of its own."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.live import create_postgres_database, drop_postgres_database, make_stack

# Its stacks run on DATABASE_URL: the PostgreSQL pass keeps it (tests/database_pass.py).
pytestmark = pytest.mark.database

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))
on_postgresql = pytest.mark.skipif(not ON_POSTGRESQL, reason="the PostgreSQL pass runs this (DATABASE_URL)")


def database_exists(name: str) -> bool:
    maintenance = urlsplit(DATABASE_URL)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


@on_postgresql
def test_a_stack_runs_on_a_postgresql_database_of_its_own_dropped_when_it_stops(tmp_path, tiny_model_folder):
    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder)
    try:
        url = stack.env["DATABASE_URL"]
        name = urlsplit(url).path.lstrip("/")
        assert name.startswith(f"{urlsplit(DATABASE_URL).path.lstrip('/')}_live_")
        with psycopg.connect(url) as conn:  # migrated, with the demo tenant and the tiny model
            assert conn.execute("SELECT slug FROM tenants_tenant").fetchall() == [("demo",)]
            assert conn.execute("SELECT name FROM generation_imagemodel").fetchall() == [("assay-tiny",)]
        lingering = psycopg.connect(url)  # a session left open, as a killed worker's would be
    finally:
        stack.stop_all()
    assert not database_exists(name)
    with pytest.raises(psycopg.OperationalError):
        lingering.execute("SELECT 1")
    lingering.close()


@on_postgresql
def test_a_database_is_dropped_even_with_sessions_on_it():
    url = create_postgres_database(DATABASE_URL)
    name = urlsplit(url).path.lstrip("/")
    sessions = [psycopg.connect(url) for _ in range(2)]
    drop_postgres_database(url)
    assert not database_exists(name)
    for session in sessions:
        session.close()


@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite pass runs this")
def test_on_sqlite_a_stack_keeps_its_database_in_its_own_folder(tmp_path, tiny_model_folder):
    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder)
    try:
        assert stack.env["DATABASE_URL"] == f"sqlite:///{tmp_path / 'assay.sqlite3'}"
        assert (tmp_path / "assay.sqlite3").stat().st_size > 0
        assert not stack.postgres_url
    finally:
        stack.stop_all()


@on_postgresql
def test_a_test_run_drops_its_test_database_though_a_sync_wait_still_listens():
    """A run whose test waited on a job (generation/settled.py's listener stays in LISTEN for the life of
    the process) still drops pytest-django's test database at its end (tests/conftest.py)."""
    name = f"assay_dropped_{secrets.token_hex(4)}"
    url = urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "tests/generation/test_settled.py"],
            cwd=Path(__file__).resolve().parents[1],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-3000:]
        assert "Error when trying to teardown test databases" not in result.stdout, result.stdout[-3000:]
        # Nor does the listener, its session ended, try the dropped database again and log it.
        assert "listener lost its database session" not in result.stdout + result.stderr
        assert not database_exists(f"test_{name}")
    finally:
        drop_postgres_database(urlsplit(DATABASE_URL)._replace(path=f"/test_{name}").geturl())

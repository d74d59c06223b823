"""A skip for a missing service is listed loudly and fails a run that requires the service (CI); a skip
that only does not apply (a PostgreSQL-only test on SQLite) never does. Each case runs pytest itself,
in a subprocess, on a small test file, with the plugin tests/conftest.py loads."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tests.live
from tests.missing_services import REQUIRE_VARIABLE, missing_service

REPO = Path(__file__).resolve().parent.parent

TESTS = """
import pytest

from tests.missing_services import missing_service, skip_missing_service


def test_runs():
    pass


def test_needs_redis():
    skip_missing_service("redis", "Redis at redis://127.0.0.1:1 is unreachable")


@pytest.mark.skipif(True, reason=missing_service("chromium", "no /usr/bin/chromium"))
def test_needs_a_browser():
    pass


def test_on_postgresql_only():
    pytest.skip("real concurrency: the PostgreSQL pass runs this")
"""

MODULE_SKIP = """
import pytest

from tests.missing_services import missing_service

pytest.skip(missing_service("postgres", "PostgreSQL is unreachable"), allow_module_level=True)


def test_never_collected():
    pass
"""


def run_pytest(folder: Path, *args: str, require: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in (REQUIRE_VARIABLE, "DJANGO_SETTINGS_MODULE")}
    env["PYTHONPATH"] = str(REPO)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only the plugin under test (the others cost seconds)
    if require is not None:
        env[REQUIRE_VARIABLE] = require
    (folder / "pytest.ini").write_text("[pytest]\n")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(folder / "pytest.ini"), "--rootdir", str(folder),
         "-p", "no:cacheprovider", "-p", "tests.missing_services", *args],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def suite(tmp_path) -> Path:
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(TESTS))
    return tmp_path


def test_without_requirements_missing_services_are_listed_and_the_run_passes(suite):
    result = run_pytest(suite)
    assert result.returncode == 0, result.stdout
    assert "2 TESTS SKIPPED FOR A MISSING SERVICE" in result.stdout
    assert "test_sample.py::test_needs_redis: missing service redis: Redis at" in result.stdout
    assert "test_sample.py::test_needs_a_browser: missing service chromium:" in result.stdout
    assert "test_on_postgresql_only:" not in result.stdout  # a skip that does not apply is not listed
    assert "FAILED:" not in result.stdout


def test_a_skip_for_a_required_service_fails_the_run_naming_the_tests(suite):
    result = run_pytest(suite, require="postgres,redis,chromium")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "1 passed, 3 skipped" in result.stdout
    assert f"FAILED: {REQUIRE_VARIABLE} requires the Chromium browser, Redis" in result.stdout
    assert "test_sample.py::test_needs_redis" in result.stdout
    assert "test_sample.py::test_needs_a_browser" in result.stdout


def test_only_the_required_services_count(suite):
    result = run_pytest(suite, require="redis")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert f"FAILED: {REQUIRE_VARIABLE} requires Redis, and" in result.stdout

    result = run_pytest(suite, "-k", "not redis", require="redis")
    assert result.returncode == 0, result.stdout  # the browser's skip is listed, but not required


def test_the_sqlite_pass_skipping_postgresql_only_tests_passes(suite):
    """CI's SQLite pass requires PostgreSQL (it started it), and its PostgreSQL-only tests skip: they
    skip for the database chosen, not for a missing service."""
    result = run_pytest(suite, "-k", "runs or postgresql_only", require="postgres,redis,chromium")
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert "MISSING SERVICE" not in result.stdout


def test_a_module_skipped_for_a_missing_service_fails_a_run_that_requires_it(tmp_path):
    (tmp_path / "test_module.py").write_text(textwrap.dedent(MODULE_SKIP))
    result = run_pytest(tmp_path, require="postgres")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "test_module.py: missing service postgres: PostgreSQL is unreachable" in result.stdout


def test_a_failure_keeps_its_own_exit_status(suite):
    (suite / "test_failing.py").write_text("def test_fails():\n    assert False\n")
    assert run_pytest(suite, require="redis").returncode == pytest.ExitCode.TESTS_FAILED
    assert run_pytest(suite, "--co", require="redis").returncode == 0  # nothing ran, nothing skipped


def test_an_unknown_service_is_refused_at_the_start(suite):
    result = run_pytest(suite, require="postgres,mysql")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "names unknown services mysql: use any of postgres, redis, chromium" in result.stderr


def test_missing_service_knows_only_its_services():
    with pytest.raises(ValueError, match="unknown service 'mysql'"):
        missing_service("mysql", "why")


def test_live_stacks_skip_for_an_unreachable_redis(monkeypatch):
    monkeypatch.setattr(tests.live, "REDIS_URL", "redis://127.0.0.1:1")  # nothing listens on port 1
    with pytest.raises(
        pytest.skip.Exception, match=r"^missing service redis: Redis at redis://127.0.0.1:1 is"
    ):
        tests.live.claim_redis_db()


def test_live_stacks_skip_for_an_unreachable_postgresql():
    with pytest.raises(
        pytest.skip.Exception, match=r"^missing service postgres: PostgreSQL at 127.0.0.1:1 is"
    ):
        tests.live.create_postgres_database("postgres://127.0.0.1:1/test")

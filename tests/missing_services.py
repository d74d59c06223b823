"""Skips for a missing service: named so, listed loudly at the end of a run, and failing a run that
requires the service (CI sets ASSAY_REQUIRE_SERVICES to what it starts: `postgres,redis,chromium,go`).

A test that cannot run because a service is absent skips with `skip_missing_service("redis", why)`
(or a `skipif` whose reason is `missing_service(...)`). That reason carries a fixed prefix, so that it
is told apart from a skip that only does not apply here: a PostgreSQL-only concurrency test on the
SQLite pass skips because of the database chosen, not because anything is missing, and never fails a
run. tests/conftest.py imports `pytest_configure` from here, which registers the ledger below.
"""

from __future__ import annotations

import os
import re
from typing import NoReturn

import pytest

SERVICES = {
    "postgres": "PostgreSQL",
    "redis": "Redis",
    "chromium": "the Chromium browser",
    "go": "Go with Debian's golang.org/x/mod (the transparency log's independent verifier)",
}
REQUIRE_VARIABLE = "ASSAY_REQUIRE_SERVICES"
_PREFIX = "missing service"
_REASON = re.compile(rf"{_PREFIX} (?P<service>[a-z]+): ")


def missing_service(service: str, why: str) -> str:
    """The skip reason for a test that cannot run without `service` (a key of SERVICES)."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}: one of {', '.join(SERVICES)}")
    return f"{_PREFIX} {service}: {why}"


def skip_missing_service(service: str, why: str) -> NoReturn:
    pytest.skip(missing_service(service, why))


def required_services() -> set[str]:
    """The services this run must not skip for, from ASSAY_REQUIRE_SERVICES (comma-separated)."""
    names = {name.strip() for name in os.environ.get(REQUIRE_VARIABLE, "").split(",") if name.strip()}
    unknown = names - set(SERVICES)
    if unknown:
        raise pytest.UsageError(
            f"{REQUIRE_VARIABLE} names unknown services {', '.join(sorted(unknown))}: "
            f"use any of {', '.join(SERVICES)}"
        )
    return names


class MissingServiceSkips:
    """Collects the run's skips for a missing service; fails the run on one it requires."""

    def __init__(self) -> None:
        self.required = required_services()  # a misspelt name fails at the start, not at the end
        self.skips: list[tuple[str, str, str]] = []  # (service, nodeid, reason)

    def _record(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        if not report.skipped:
            return
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        match = _REASON.search(reason)
        if match:
            self.skips.append((match["service"], report.nodeid, reason))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._record(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._record(report)

    def failing(self) -> list[str]:
        return sorted({service for service, _, _ in self.skips} & self.required)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        # Runs before the exit status is final (and before the summary is written).
        if self.failing() and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.skips:
            return
        terminalreporter.section(
            f"{len(self.skips)} TESTS SKIPPED FOR A MISSING SERVICE", sep="!", red=True, bold=True
        )
        for _, nodeid, reason in self.skips:
            terminalreporter.line(f"{nodeid}: {reason}", red=True, bold=True)
        failing = self.failing()
        if failing:
            names = ", ".join(SERVICES[service] for service in failing)
            terminalreporter.line(
                f"FAILED: {REQUIRE_VARIABLE} requires {names}, and the tests above skipped for want of "
                "it: install or start it (or take it out of the variable) and run again.",
                red=True,
                bold=True,
            )


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(MissingServiceSkips(), "assay-missing-service-skips")

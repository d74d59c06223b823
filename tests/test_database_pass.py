"""`pytest --database-only` (CI's PostgreSQL pass): it keeps the tests that touch a database, through
pytest-django or the `database` mark, and drops the rest; a live stack started by an unmarked test fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.database_pass import require_mark

REPO = Path(__file__).resolve().parents[1]


def collected(*arguments: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_the_database_pass_keeps_what_touches_a_database_and_drops_the_rest():
    modules = [
        "tests/test_live_stack.py",  # marked `database`: its stacks run on DATABASE_URL
        "tests/controlplane/api/test_asgi_handler.py",  # some ask pytest-django for the database
        "tests/provenance/test_watermark_read_back.py",  # no database at all
    ]
    everything = collected(*modules)
    kept = collected("--database-only", *modules)
    assert kept < everything
    assert {test for test in everything if test.startswith(modules[0])} <= kept
    assert not {test for test in kept if test.startswith(modules[2])}
    handler = {test for test in everything if test.startswith(modules[1])}
    assert any("makes_a_third_of_the_hops" in test for test in handler & kept)
    assert any("without_the_sync_wait_middleware" in test for test in handler - kept)


def test_an_unmarked_test_may_not_start_a_live_stack():
    with pytest.raises(pytest.fail.Exception, match=r"mark its module `pytestmark = pytest.mark.database`"):
        require_mark("it starts a live stack, which runs on DATABASE_URL")


@pytest.mark.database
def test_a_marked_test_may():
    require_mark("it starts a live stack, which runs on DATABASE_URL")


def test_a_test_with_the_database_may(db):
    require_mark("it starts a live stack, which runs on DATABASE_URL")

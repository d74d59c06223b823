"""`pytest --database-only`: only the tests that touch a database, for a second pass on another one.

CI runs the whole suite on SQLite (the embedded default), then again on PostgreSQL. A test that never
opens a connection (a watermark's robustness, the moderation model, the Helm chart) does the same work
on both and proves nothing new the second time; the PostgreSQL pass keeps only the tests that touch a
database:

- those that ask for it through pytest-django: the `django_db` mark, or a fixture that needs a database
  (`db`, `transactional_db`, `live_server`, and every fixture built on them: `item.fixturenames` is the
  closure of what a test requests);
- those marked `database`: tests that start processes on DATABASE_URL (a live stack, a CLI command, a
  server) or read it themselves, which pytest-django cannot see. A module that does so marks itself
  (`pytestmark = pytest.mark.database`). tests/live.py's `make_stack` calls `require_mark` so that a
  live test without the mark fails in every pass, not only by going missing from the PostgreSQL one.

Measured on the 2-core CI machine (2026-12-02): the ~1,100 tests that touch no database take under 3
minutes of a pass, so this saves about that; the time goes to the ~860 it keeps (the live stacks above
all: a killed-worker test takes 50-70 s).

tests/conftest.py imports the hooks from here.
"""

from __future__ import annotations

import pytest

OPTION = "--database-only"
# pytest-django's fixtures that open the test database; any fixture that requests one of them shows
# it in a test's `fixturenames` too. (Not `django_db_blocker`: pytest-django's own autouse fixtures ask
# for it in every test.)
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        action="store_true",
        help="run only the tests that touch a database (CI's PostgreSQL pass; see tests/database_pass.py)",
    )


def touches_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("database"):
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


_running: list[pytest.Item] = []  # the test being set up or run: `require_mark` asks about it


@pytest.hookimpl(tryfirst=True)  # before the fixtures, which may start a stack
def pytest_runtest_setup(item: pytest.Item) -> None:
    _running[:] = [item]


def require_mark(what: str) -> None:
    """Fail the running test unless the PostgreSQL pass keeps it: `what` uses DATABASE_URL."""
    if _running and not touches_database(_running[0]):
        pytest.fail(
            f"{_running[0].nodeid}: {what}, so mark its module `pytestmark = pytest.mark.database` "
            "(or CI's PostgreSQL pass leaves it out: tests/database_pass.py)",
            pytrace=False,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption(OPTION):
        return
    kept, left = [], []
    for item in items:
        (kept if touches_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept

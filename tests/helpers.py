"""Assertions shared by tests."""

from __future__ import annotations


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape: {"error": {"message", "type", "code", "param"}}, with a useful message.
    Only a job's errors add fields (`job_id`, `job_status`, and for some `stage` or `withheld`), and
    quota refusals (`limit`, `resets_at`)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    extra = {"job_id", "job_status", "stage", "withheld", "limit", "resets_at"}
    assert set(body["error"]) - extra == {
        "message",
        "type",
        "code",
        "param",
    }, body
    assert body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]

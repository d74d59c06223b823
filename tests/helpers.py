"""Assertions shared by tests."""

from __future__ import annotations


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape: {"error": {"message", "type", "code", "param"}}, with a useful message.
    Only a job's errors add fields (`job_id`, `job_status`, and for some `stage` or `withheld`)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) - {"job_id", "job_status", "stage", "withheld"} == {
        "message",
        "type",
        "code",
        "param",
    }, body
    assert body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]

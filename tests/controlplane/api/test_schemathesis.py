"""Schemathesis against a live Assay server: every operation of /v1/openapi.json is called with requests
generated from the document itself (valid and invalid ones), and every answer is checked against it.

It fails on any 5xx, a status the document does not declare, a body that does not match its schema, a
request the document forbids that the server accepts, and a request the document allows that the server
refuses, except for the refusals listed in SEMANTIC_REFUSALS: rules that depend on data (the model
catalog, the clock, DNS, the bytes of an image, a policy document's rules across fields) and that
OpenAPI 3.0 cannot state.

This file is also the run's hooks module (`SCHEMATHESIS_HOOKS`): the `st` process loads it for the two
checks below, which replace schemathesis's own positive and negative data checks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import schemathesis
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.live import BIN, make_stack

# Its stacks run on DATABASE_URL: the PostgreSQL pass keeps it (tests/database_pass.py).
pytestmark = pytest.mark.database

REPO = Path(__file__).resolve().parents[3]

SEED = 20261126
MAX_EXAMPLES = 8  # per operation and phase: ~1,500 requests, ~50 s on 2 cores
REQUEST_TIMEOUT_SECONDS = 30
# The wall-clock bound of the `st` run (the stack takes ~15 s more to start). Not `--max-time`: that
# makes fuzzing repeat until the time is spent, where this run stops when its examples are done.
RUN_TIMEOUT_SECONDS = 150

# Operations left out: revoking a key can revoke the key that runs the test (the stateful phase lists
# the keys, then revokes what it found), and every call after that would answer 401.
# Kept in, though not all of their checks can fire: DELETE /v1/likeness/people/{id} keeps the person,
# marked removed (the audit trail refers to them), which `use_after_free` would call a failure; the run
# cannot create people (a reference photo must show a face), so it never gets that far.
EXCLUDED_OPERATION_IDS = ["keys_destroy"]

# (error code, param, message pattern): why a request the schema allows may still be refused with 400.
_WEBHOOK = ("invalid_value", "webhook_url", r"does not resolve|internal address")  # DNS, at admission
_METADATA_KEY = ("invalid_value", "metadata", r"keys are at most")  # OpenAPI 3.0 has no propertyNames
_MODEL_SIZE = ("invalid_value", "size", r"is not offered by")  # GET /v1/models: each model's sizes
_UNTIL = ("invalid_value", "until", r"must be later than since")
_POLICY = ("invalid_policy", "document", r"")  # block_at >= review_at, custom categories need terms, ...
_IMAGE = ("invalid_image", "image", r"")  # bytes that are no PNG, JPEG or WebP
_BACKGROUND = ("invalid_value", "background", r"draws opaque images|has no transparency")  # the model's
_AUDIT_ROOM = ("request_too_long", "prompt", r"")  # texts within their character limits, too many bytes
# A field the images endpoints do not know is refused (README: "A field it does not know is refused"),
# a rule the document states in prose: its request schema is open for OpenAI's ignored fields.
_UNKNOWN_FIELD = ("invalid_value", "", r"unrecognized request argument")
# `user` and `safety_identifier` (read as `user`) naming two end users: a rule across two fields.
_END_USER = ("invalid_value", "safety_identifier", r"names another end user")
SEMANTIC_REFUSALS: dict[str, list[tuple[str, str, str]]] = {
    "POST /v1/images/generations": [
        _WEBHOOK,
        _METADATA_KEY,
        _MODEL_SIZE,
        _BACKGROUND,
        _AUDIT_ROOM,
        _UNKNOWN_FIELD,
        _END_USER,
    ],
    "POST /v1/images/edits": [
        _UNKNOWN_FIELD,
        _END_USER,
        _WEBHOOK,
        _MODEL_SIZE,
        _IMAGE,
        _BACKGROUND,
        _AUDIT_ROOM,
        ("invalid_image", "mask", r""),
        ("invalid_mask", "mask", r""),  # a PNG the size of the image
        ("invalid_value", "mask", r"takes no mask"),  # a mask and `expand` together
        ("invalid_value", "expand", r"pixel limit"),  # the image grown by `expand`
        # A local model edits at the input's size (grown by `expand`): multiples of 8, `size` agreeing.
        ("invalid_value", "expand", r"multiples of 8"),
        ("invalid_value", "image", r"multiples of 8"),
        ("invalid_value", "size", r"keeps the size of"),
    ],
    "POST /v1/verify": [_IMAGE],
    "GET /v1/audit/events": [_UNTIL],
    "GET /v1/audit/export": [_UNTIL],
    "POST /v1/keys": [("invalid_expiry", "expires_at", r"")],  # in the future
    "POST /v1/policies": [_POLICY],
    "POST /v1/policies/simulate": [_POLICY],
    "POST /v1/policies/replay": [_POLICY],
    # A reference photo is an image showing one face; consent needs evidence and a future expiry.
    "POST /v1/likeness/people": [
        ("invalid_image", "photo", r""),
        ("no_face", "photo", r""),
        ("several_faces", "photo", r""),
        ("invalid_value", "consent_", r"Consent needs"),
    ],
    "POST /v1/likeness/people/{person_id}/photos": [
        ("invalid_image", "photo", r""),
        ("no_face", "photo", r""),
        ("several_faces", "photo", r""),
    ],
    "POST /v1/likeness/people/{person_id}/consent": [("invalid_value", "consent_", r"Consent needs")],
    # An opaque cursor: only what the previous page returned is one.
    "GET /v1/reviews": [("invalid_value", "after", r"cursor")],
    "GET /v1/jobs": [("invalid_cursor", "after", r"")],
    "GET /v1/quarantine/images": [("invalid_cursor", "after", r"")],
    # Levels: a model allowlist belongs to a key, the alert webhook to the tenant; its host must resolve
    # to public addresses (DNS); the key must exist in the tenant.
    "PUT /v1/quotas": [
        ("invalid_value", "allowed_models", r"key-level"),
        ("invalid_value", "alert_webhook_url", r"tenant level|does not resolve|internal address"),
    ],
}


def _semantic_refusal(case: Any, response: Any) -> bool:
    rules = SEMANTIC_REFUSALS.get(f"{case.method.upper()} {case.path}", [])
    try:
        error = json.loads(response.content)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return any(
        error.get("code") == code
        and (error.get("param") or "").startswith(param)
        and re.search(pattern, error.get("message") or "")
        for code, param, pattern in rules
    )


@schemathesis.check
def positive_data_acceptance_beyond_the_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's `positive_data_acceptance` (a request valid by the schema is not refused), except
    for the refusals in SEMANTIC_REFUSALS; the run replaces the built-in check with this one."""
    if response.status_code == 400 and _semantic_refusal(case, response):
        return None
    return positive_data_acceptance(ctx, response, case)


@schemathesis.check
def negative_data_rejection_beyond_coercion(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's `negative_data_rejection` (a request the schema forbids is refused), except where
    the "invalid" request is one the server may take:

    - a scalar sent as a scalar of another JSON type in a body: DRF reads `5` for a string field as "5",
      "5" for an integer as 5 and "true" for a boolean as true, a leniency the document does not repeat
      on every field (a null, an object or an array where a scalar belongs must still be refused);
    - a type changed inside `oneOf` that lands in another branch (an array of prompts made a string is
      still one prompt): the value is valid after all.

    The run replaces the built-in check with this one."""
    try:
        return negative_data_rejection(ctx, response, case)
    except AssertionError:
        if _only_harmless_type_changes(case):
            return None
        raise


_SCALAR_TYPES = {"string", "integer", "number", "boolean"}


def _only_harmless_type_changes(case: Any) -> bool:
    data = case.meta.phase.data if case.meta else None
    location = getattr(data, "parameter_location", None)
    mutations = getattr(data, "mutations", ())
    if mutations:  # the fuzzing and stateful phases record each mutation
        return all(
            mutation.operator == "change_type"
            and getattr(mutation.parameter_location, "value", None) == "body"
            and len(mutation.path) == 1
            and _harmless(case, mutation.path[0], {mutation.original_value, mutation.new_value})
            for mutation in mutations
        )
    # The coverage phase names the `type` keyword it broke: "/properties/<name>/type" in the body.
    if getattr(data, "scenario", None) != "incorrect_type" or getattr(location, "value", location) != "body":
        return False
    names = (data.location or "").split("/")
    if len(names) != 4 or names[1] != "properties" or names[3] != "type":
        return False
    declared = _declared_property(case, names[2]) or {}
    return _harmless(case, names[2], {declared.get("type"), _json_type(_body_value(case, names[2]))})


def _harmless(case: Any, name: str, types: set[Any]) -> bool:
    if types <= _SCALAR_TYPES:
        return True
    declared = _declared_property(case, name)
    if declared is None or "$ref" in json.dumps(declared):
        return False
    return jsonschema.Draft4Validator(declared).is_valid(_body_value(case, name))


def _body_value(case: Any, name: str) -> Any:
    return case.body.get(name) if isinstance(case.body, dict) else None


def _json_type(value: Any) -> str | None:
    types = {bool: "boolean", int: "integer", float: "number", str: "string"}
    return types.get(type(value))


def _declared_property(case: Any, name: str) -> dict[str, Any] | None:
    document = case.operation.schema.raw_schema
    try:
        schema = document["paths"][case.operation.path][case.method.lower()]["requestBody"]["content"]
        schema = schema[case.media_type]["schema"]
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema["properties"][name]
    except (KeyError, TypeError):
        return None


@pytest.fixture(scope="module")
def server(tmp_path_factory, tiny_model_folder):
    stack = make_stack(
        tmp_path_factory.mktemp("schemathesis"),
        tiny_model_dir=tiny_model_folder,
        extra_env={
            # No worker runs: a generation answers 202 with its job at once instead of waiting for it.
            "ASSAY_SYNC_TIMEOUT_SECONDS": "0",
            "ASSAY_POLICY_TIME_BUDGET_SECONDS": "2",
            # A webhook_url's host is resolved at admission: made-up names must fail fast (glibc).
            "RES_OPTIONS": "timeout:1 attempts:1",
        },
    )
    try:
        stack.start_server()
        yield stack
    finally:
        stack.stop_all()


def test_the_api_keeps_to_its_openapi_document(server, tmp_path):
    # An operator key (all scopes, no member behind it): no operation is refused for a scope, and
    # removing or demoting members cannot take its rights away.
    key = server.operator_key
    report = tmp_path / "report"
    command = [
        str(BIN / "st"), "run", f"{server.base_url}/v1/openapi.json",
        "--header", f"Authorization: Bearer {key}",
        "--checks", "all",
        # Replaced by positive_data_acceptance_beyond_the_schema and negative_data_rejection_beyond_coercion.
        "--exclude-checks", "positive_data_acceptance,negative_data_rejection",
        *[option for operation_id in EXCLUDED_OPERATION_IDS
          for option in ("--exclude-operation-id", operation_id)],
        "--mode", "all",  # valid and invalid requests
        # Stateful: chains of calls along the links schemathesis infers (a created key, then its GET).
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", str(SEED),
        # Every text is refused with a NUL (README: "NUL and lone surrogates are refused (400) wherever
        # text enters"), a rule the document states once rather than on each string.
        "--generation-allow-x00", "false",
        "--generation-database", "none",
        "--request-timeout", str(REQUEST_TIMEOUT_SECONDS),
        "--workers", "2",
        "--no-color",
        "--report", "ndjson", "--report-dir", str(report),
    ]  # fmt: skip
    env = {**os.environ, "SCHEMATHESIS_HOOKS": __file__, "PYTHONPATH": str(REPO)}
    result, elapsed = _run(command, env, tmp_path)
    errors = _errors(report)
    if result.returncode != 0 and errors and not _failed_checks(report) and not _network_errors(errors):
        # Schemathesis itself erred (an exception inside the tool: CI once met one in the coverage phase,
        # 1 of ~2,400 cases, not seen again in 8 runs here), with no check failed and no request lost:
        # the run is made once more, from a clean report, and must then pass whole. A failed check, a
        # request that failed or timed out, or a second error fails the test.
        warnings.warn(f"schemathesis erred without a failed check, ran again: {errors}", stacklevel=1)
        shutil.rmtree(report)
        result, elapsed = _run(command, env, tmp_path)
        errors = _errors(report)
    requests = _count_requests(report)
    summary = f"{requests} requests in {elapsed:.0f}s"
    # The run's errors close the message, whole: a long output may be shown by its head and tail only.
    details = "\n".join(
        f"{error['phase']} phase, {error['label']}: {error['type']}: {error['message']}" for error in errors
    )
    assert result.returncode == 0, f"{summary}\n{result.stdout[-20000:]}\n{result.stderr[-4000:]}\n{details}"
    assert requests > 500, f"{summary}: too few to mean anything\n{result.stdout[-4000:]}"
    print(summary)


def _run(
    command: list[str], env: dict[str, str], cwd: Path
) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    try:
        result = subprocess.run(
            command, env=env, cwd=cwd, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"schemathesis ran past {RUN_TIMEOUT_SECONDS}s:\n{(exc.stdout or b'')[-6000:]!r}")
    return result, time.monotonic() - started


def _count_requests(report: Path) -> int:
    return sum(
        len(scenario["recorder"].get("interactions", {})) for scenario in _events(report, "ScenarioFinished")
    )


def _events(report: Path, kind: str) -> list[dict[str, Any]]:
    return [
        event[kind]
        for path in report.glob("*.ndjson")
        for event in map(json.loads, path.read_text().splitlines())
        if kind in event
    ]


def _errors(report: Path) -> list[dict[str, Any]]:
    """Errors the run met (an exception inside schemathesis or a check, a request that failed): phase,
    operation, the exception's type and message, as the report records them."""
    return [
        {
            "phase": error.get("phase"),
            "label": error.get("label"),
            "type": (error.get("value") or {}).get("type"),
            "message": str((error.get("value") or {}).get("message"))[:4000],
        }
        for error in _events(report, "NonFatalError")
    ]


def _failed_checks(report: Path) -> int:
    """Checks that failed, counted in each scenario's recorded checks: a scenario where a check failed
    and something erred too finishes as "error", not "failure"."""
    return sum(
        1
        for scenario in _events(report, "ScenarioFinished")
        for checks in (scenario["recorder"].get("checks") or {}).values()
        for check in checks
        if check.get("status") == "failure"
    ) + sum(1 for scenario in _events(report, "ScenarioFinished") if scenario.get("status") == "failure")


# A request that failed, timed out or found the server gone: the server's doing, never run again.
_NETWORK_ERRORS = {
    "ConnectionError",
    "ReadTimeout",
    "ConnectTimeout",
    "Timeout",
    "ChunkedEncodingError",
    "ServerUnavailable",
    "UnresponsiveOperationError",
    "UnhealthyAPIError",
}


def _network_errors(errors: list[dict[str, Any]]) -> bool:
    return any(error["type"] in _NETWORK_ERRORS or "Timeout" in str(error["type"]) for error in errors)

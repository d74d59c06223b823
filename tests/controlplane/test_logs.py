"""Log lines: JSON objects (or plain lines) that carry the request id and job id, and never an API
key, a password or a signed URL's token, wherever in the line it would have been."""

from __future__ import annotations

import copy
import io
import json
import logging
import logging.config
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from controlplane import logs

# A server loads the metrics, whose receiver names the job in the request's log lines, at start, before
# anything else listens for admissions: so here too.
from controlplane.observability import metrics  # noqa: F401
from generation import signals

pytestmark = pytest.mark.django_db(transaction=True)

logger = logging.getLogger("tests.logs")


@pytest.fixture
def captured(settings):
    """Every log line of the test, through the settings' own handler set to `json`."""
    stream = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"] |= {"formatter": "json", "stream": stream}
    config["loggers"]["tests"] = {"level": "INFO"}
    logging.config.dictConfig(config)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.usefixtures("eager_pipeline")
def test_a_request_and_its_job_log_json_with_their_ids_and_no_secret(
    captured, tiny_model, tenant, key_client, settings
):
    developer = key_client(tenant, "developer")
    key = developer.key
    prefix = key.split("_")[1]

    def during_admission(sender, job, **kwargs):
        logger.info("admitted; the caller's header was Authorization: Bearer %s", key)

    def when_finished(sender, job, **kwargs):  # in the (eager) finish task, as a worker would log
        logger.info("finished with password=hunter22 and {'password': 'hunter22'}")
        try:
            raise ValueError(f"provider refused key {key}")
        except ValueError:
            logger.exception("a key inside an exception")

    signals.job_admitted.connect(during_admission, dispatch_uid="test-logs-admitted")
    signals.job_finished.connect(when_finished, dispatch_uid="test-logs-finished")
    try:
        response = developer.client.post(
            "/v1/images/generations",
            {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0,
             "response_format": "url"},
            format="json",
            HTTP_X_REQUEST_ID="req-test-0001",
        )  # fmt: skip
    finally:
        signals.job_admitted.disconnect(dispatch_uid="test-logs-admitted")
        signals.job_finished.disconnect(dispatch_uid="test-logs-finished")
    assert response.status_code == 200, response.content
    assert response["X-Request-ID"] == "req-test-0001"
    body = response.json()
    url = body["data"][0]["url"]
    token = parse_qs(urlsplit(url).query)["token"][0]
    logger.info('"GET %s HTTP/1.1" 200 1234', url)  # an access line
    # A request whose key is refused: Django logs its 401 (the key only rides in the header).
    refused = Client().get("/v1/jobs", headers={"Authorization": f"Bearer {key}x"})
    assert refused.status_code == 401

    records = lines(captured)
    assert {"timestamp", "level", "logger", "message", "request_id", "job_id"} <= set(records[0])
    mine = [r for r in records if r["logger"] == "tests.logs"]
    admitted, finished, exception, access = mine
    assert admitted["request_id"] == "req-test-0001" and admitted["job_id"] == body["job_id"]
    assert finished["request_id"] == "req-test-0001" and finished["job_id"] == body["job_id"]
    assert exception["level"] == "ERROR" and "ValueError" in exception["exc_info"]
    assert f"ask_{prefix}_[redacted]" in exception["exc_info"]  # which key, but not the key
    assert "Bearer [redacted]" in admitted["message"]
    assert "password=[redacted]" in finished["message"]
    assert "token=[redacted]" in access["message"]
    unauthorized = [r for r in records if r["logger"] == "django.request" and "Unauthorized" in r["message"]]
    assert unauthorized and unauthorized[0]["request_id"] not in (None, "req-test-0001")

    text = captured.getvalue()
    secret = key.split("_", 2)[2]
    for credential in (secret, key, "hunter22", token):
        assert credential not in text


def test_redaction_covers_the_shapes_credentials_take():
    key = "ask_abcd1234_" + "Z" * 40
    assert logs.redact(f"key {key} used") == "key ask_abcd1234_[redacted] used"
    assert logs.redact("Authorization: Bearer abc.def-ghi") == "Authorization: Bearer [redacted]"
    assert logs.redact("Basic dXNlcjpwYXNz,") == "Basic [redacted],"
    assert logs.redact('{"password": "p4ss word", "user": "a"}') == '{"password": "[redacted]", "user": "a"}'
    assert logs.redact('{\\"password\\": \\"p4ss\\"}') == '{\\"password\\": \\"[redacted]\\"}'
    assert logs.redact("SECRET_KEY=abc&x=1") == "SECRET_KEY=[redacted]&x=1"
    assert logs.redact("openai said sk-proj-ABCDEFGHIJKLMNOPQRST") == "openai said sk-[redacted]"
    assert logs.redact("/content?token=eyJ:1t:abc&x=1") == "/content?token=[redacted]&x=1"
    unchanged = "no credential in here, a password policy, a secret garden"
    assert logs.redact(unchanged) == unchanged


def test_plain_lines_for_a_terminal_carry_the_ids_too():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "key %s", ("ask_abcd1234_" + "Q" * 40,), None)
    outside = logs.request_id.set(None), logs.job_id.set(None)  # what an earlier test's request left
    logs.AddContext().filter(record)
    logs.request_id.reset(outside[0])
    logs.job_id.reset(outside[1])
    assert logs.PlainFormatter().format(record).endswith("INFO x key ask_abcd1234_[redacted]")
    request_token, job_token = logs.request_id.set("r1"), logs.job_id.set("job_1")
    try:
        logs.AddContext().filter(record)
    finally:
        logs.request_id.reset(request_token)
        logs.job_id.reset(job_token)
    assert logs.PlainFormatter().format(record).endswith("[request_id=r1 job_id=job_1]")


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("GET /v1/images/img_1/content?%74oken=eyJpbWFnZSI6:1t:abc HTTP/1.1", "eyJpbWFnZSI6"),
        ("GET /v1/images/img_1/content?TOKEN=eyJpbWFnZSI6:1t:abc", "eyJpbWFnZSI6"),
        ("ConnectionError for redis://:hunter2@redis:6379/0", "hunter2"),
        ("could not connect to postgres://assay:hunter2@db:5432/assay", "hunter2"),
        # A base64 password with an unescaped `/` (urlsplit would end the user-info at it).
        ("could not connect to postgres://assay:Ab3/x9Qz+Kw=@db:5432/assay", "x9Qz+Kw="),
        (
            "https://b.s3.example/k?X-Amz-Security-Token=FQoGZXIvYXdz&X-Amz-Signature=deadbeefcafe",
            "FQoGZXIvYXdz",
        ),
        ("https://b.s3.example/k?X-Amz-Signature=deadbeefcafe", "deadbeefcafe"),
        ("aws_secret_access_key=wJalrXUtnFEMIK7MDENG", "wJalrXUtnFEMIK7MDENG"),
        ("AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENG", "wJalrXUtnFEMIK7MDENG"),
        ("Authorization: Token abcdef0123456789", "abcdef0123456789"),
    ],
)
def test_redaction_of_urls_and_cloud_credentials(line, secret):
    cleaned = logs.redact(line)
    assert secret not in cleaned and "[redacted]" in cleaned


def test_an_access_lines_search_terms_and_e_mail_addresses_are_redacted():
    line = '"GET /v1/jobs?status=completed&prompt=nude%20photo&user=jane.doe%40acme.com&limit=5 HTTP/1.1" 200'
    assert logs.redact(line) == (
        '"GET /v1/jobs?status=completed&prompt=[redacted]&user=[redacted]&limit=5 HTTP/1.1" 200'
    )
    assert (
        logs.redact('"GET /console/jobs/?q=a+red+car HTTP/1.1"')
        == '"GET /console/jobs/?q=[redacted] HTTP/1.1"'
    )
    assert (
        logs.redact("the prompt=a red car was allowed") == "the prompt=a red car was allowed"
    )  # not a query
    # An apostrophe is the search's, and a percent-encoded name is the same parameter to Django.
    assert (
        logs.redact("GET /v1/jobs?prompt=don't+kill+him HTTP/1.1")
        == "GET /v1/jobs?prompt=[redacted] HTTP/1.1"
    )
    assert logs.redact("GET /v1/jobs?%70rompt=secret+words&%75ser=a%40b.c") == (
        "GET /v1/jobs?%70rompt=[redacted]&%75ser=[redacted]"
    )


def test_a_bad_database_url_is_reported_without_its_password():
    from django.core.exceptions import ImproperlyConfigured

    from controlplane import env

    with pytest.raises(ImproperlyConfigured) as caught:
        env.database_from_url("DATABASE_URL", "postgres://assay:hunter2@db:54x2/assay")
    assert "hunter2" not in str(caught.value) and "assay:***@db:54x2" in str(caught.value)


@pytest.mark.parametrize("password", ["Ab3/x9Qz+Kw=", "pa#ss99", "1234?5678", "123/456"])
def test_a_password_that_needs_percent_encoding_is_refused_without_showing_it(password):
    """A password with an unescaped `/`, `?` or `#` breaks the URL's user-info where urlsplit reads it:
    the settings refuse it, say what to encode, and show no part of it (`123/456` would otherwise parse
    as port 123 of host `assay`)."""
    from django.core.exceptions import ImproperlyConfigured

    from controlplane import env

    with pytest.raises(ImproperlyConfigured) as caught:
        env.database_from_url("DATABASE_URL", f"postgres://assay:{password}@db:5432/assay")
    message = str(caught.value)
    assert "percent-encoded" in message and "assay:***@db:5432/assay" in message
    pieces = password.replace("#", "/").replace("?", "/").split("/")
    assert not any(piece in message for piece in pieces if len(piece) >= 3)


def test_an_sqlite_file_whose_path_holds_an_at_sign_is_accepted():
    from controlplane import env

    assert env.database_from_url("DATABASE_URL", "sqlite:////srv/team@site/assay.sqlite3")["NAME"] == (
        "/srv/team@site/assay.sqlite3"
    )


def test_a_jobs_task_takes_the_job_id_from_its_message_and_asks_the_database_only_without_it(
    tiny_model, tenant, django_assert_num_queries
):
    from audit.events import Actor
    from controlplane.celery import _job_public_id
    from generation import tasks
    from generation.models import Mode
    from generation.params import GenerationParams
    from generation.services import JobRequest, job_create

    request = JobRequest(
        model=tiny_model, mode=Mode.TEXT2IMG, prompt="a red circle", params=GenerationParams(size="64x64")
    )
    job, _ = job_create(tenant=tenant, api_key=None, actor=Actor.system("tests"), request=request)
    task = tasks.finish_job_task
    task.push_request(**{tasks.JOB_ID_HEADER: job.public_id})
    try:
        with django_assert_num_queries(0):
            assert _job_public_id(task, (job.pk,)) == job.public_id
    finally:
        task.pop_request()
    task.push_request()  # a message published before the header existed
    try:
        with django_assert_num_queries(1):
            assert _job_public_id(task, (job.pk,)) == job.public_id
    finally:
        task.pop_request()

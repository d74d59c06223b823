"""A local OpenAI-compatible server for tests: the images and moderation endpoints over real HTTP.

It lets the real `openai` SDK (and anything else that speaks OpenAI's wire format) run against loopback:

    POST /v1/images/generations   JSON, answers PNG/JPEG/WebP made with Pillow, as `b64_json`
    POST /v1/images/edits         multipart/form-data: `image` (or `image[]`, repeated), `mask`, fields
    POST /v1/moderations          omni-moderation-latest shapes, keyword-based scores

Responses and errors use OpenAI's shapes (`{"error": {"message", "type", "param", "code"}}`), and every
request needs `Authorization: Bearer <key>`. Failures are injectable per test: `fail_next(...)` (any
status; `refuse_next()` for the real 400 `moderation_blocked` refusal), `delay` seconds before answering,
`refuse_words` that make an image prompt refused. Every image carries a PNG tEXt chunk (a JPEG comment)
naming the fake, so tests can prove a client kept the provider's bytes untouched; `requests` records
what arrived and the exact image bytes sent back.

In-process (a daemon thread; the URL works from any process on the machine, e.g. a Celery worker):

    with FakeOpenAI() as server:
        client = openai.OpenAI(base_url=server.base_url, api_key=server.api_key)

As a process of its own (`python -m tests.fakes.openai_server --port 8765`): it prints
`FAKE_OPENAI_URL=http://127.0.0.1:8765/v1` and serves until SIGINT/SIGTERM. Such a server is steered over
HTTP (no auth, not recorded): `POST /_fake/fail` with `fail_next`'s arguments as JSON, `POST /_fake/config`
with any of `delay`, `refuse_words`, `moderation_overrides`, `revise_prompts`, `GET /_fake/requests`,
`POST /_fake/reset`.
"""

from __future__ import annotations

import argparse
import base64
import email.parser
import email.policy
import hashlib
import io
import json
import re
import signal
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from PIL import Image, PngImagePlugin

DEFAULT_API_KEY = "sk-assay-fake-openai"
# The tEXt key (JPEG: comment prefix) every generated image carries.
MARKER_KEY = "assay-fake-openai"
DEFAULT_SIZE = (1024, 1024)
MAX_SIDE = 4096
MAX_N = 10

SAFETY_MESSAGE = (
    "Your request was rejected by the safety system. If you believe this is an error, contact us at "
    "help.openai.com and include the request ID {request_id}."
)

MODERATION_CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)
# The categories omni-moderation also scores for image inputs.
IMAGE_CATEGORIES = frozenset(
    {"self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence", "violence/graphic"}
)
# Words (whole words, case-insensitively, plus -s/-es/-ed/-ing/-er/-ers) that score high in a category.
MODERATION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "harassment": ("idiot", "loser", "stupid"),
    "harassment/threatening": ("threaten", "hunt you"),
    "hate": ("hate", "slur", "vermin"),
    "hate/threatening": ("exterminate",),
    "illicit": ("meth", "counterfeit", "lockpick"),
    "illicit/violent": ("bomb", "explosive"),
    "self-harm": ("self-harm", "suicide"),
    "self-harm/intent": ("kill myself",),
    "self-harm/instructions": ("how to cut",),
    "sexual": ("nude", "naked", "explicit", "porn"),
    "sexual/minors": ("underage", "minor nude"),
    "violence": ("kill", "murder", "stab", "shoot", "attack"),
    "violence/graphic": ("gore", "blood", "dismembered", "mutilated"),
}
FLAG_THRESHOLD = 0.5
IMAGE_MIME_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
FORMAT_NAMES = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class ReceivedRequest:
    """One API request as the fake received it, and what it answered."""

    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    json: dict[str, Any] | None = None
    form: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[UploadedFile]] = field(default_factory=dict)
    status: int | None = None  # the status answered
    images: list[bytes] = field(default_factory=list)  # the exact image bytes sent back, decoded
    received_at: float = field(default_factory=time.time)

    @property
    def endpoint(self) -> str:
        """The path under /v1, e.g. "images/edits"."""
        return self.path.split("?", 1)[0].removeprefix("/v1/")

    def param(self, name: str, default: Any = None) -> Any:
        """A request parameter, from the JSON body or (first value of) the form fields."""
        if self.json is not None:
            return self.json.get(name, default)
        values = self.form.get(name)
        return values[0] if values else default

    @property
    def input_images(self) -> list[UploadedFile]:
        """The `image` parts of an edit, however the client named the field (`image`, `image[]`)."""
        return [f for name in ("image", "image[]") for f in self.files.get(name, [])]

    @property
    def mask(self) -> UploadedFile | None:
        masks = self.files.get("mask", [])
        return masks[0] if masks else None

    def summary(self) -> dict[str, Any]:
        """A JSON-friendly view (file and image bytes as sizes and SHA-256), for `GET /_fake/requests`."""
        return {
            "method": self.method,
            "path": self.path,
            "endpoint": self.endpoint,
            "status": self.status,
            "json": self.json,
            "form": self.form,
            "files": {
                name: [
                    {
                        "filename": f.filename,
                        "content_type": f.content_type,
                        "size": len(f.data),
                        "sha256": hashlib.sha256(f.data).hexdigest(),
                    }
                    for f in files
                ]
                for name, files in self.files.items()
            },
            "images_sha256": [hashlib.sha256(data).hexdigest() for data in self.images],
            "received_at": self.received_at,
        }


@dataclass
class _Failure:
    status: int
    remaining: int
    message: str | None
    type: str | None
    code: str | None
    param: str | None
    retry_after: float | None
    endpoint: str | None


class _ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"message": message, "type": type, "param": param, "code": code}}
        self.headers = headers or {}


class FakeOpenAI:
    """An OpenAI-compatible HTTP server on loopback, in a background thread.

    `api_key=None` accepts any bearer token; otherwise the token must match exactly.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = DEFAULT_API_KEY,
        refuse_words: Iterable[str] = (),
        allowed_sizes: Iterable[str] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.api_key = api_key
        self.delay = 0.0  # seconds to wait before answering each API request
        self.refuse_words: set[str] = {w.lower() for w in refuse_words}
        self.allowed_sizes: set[str] | None = set(allowed_sizes) if allowed_sizes is not None else None
        self.moderation_overrides: dict[str, float] = {}  # category -> score, for every moderation input
        self.revise_prompts = True  # answer a revised_prompt per image (gpt-image-1 itself sends none)
        self.requests: list[ReceivedRequest] = []
        self._failures: list[_Failure] = []
        self._lock = threading.Lock()
        self._received = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The server root, e.g. http://127.0.0.1:PORT."""
        if self._httpd is None:
            raise RuntimeError("FakeOpenAI is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What an OpenAI client takes as base_url, e.g. http://127.0.0.1:PORT/v1."""
        return f"{self.url}/v1"

    def start(self) -> FakeOpenAI:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = ThreadingHTTPServer((self.host, self.port), _Handler)
        httpd.daemon_threads = True
        httpd.fake = self  # type: ignore[attr-defined]
        self._httpd = httpd
        self.port = httpd.server_address[1]
        # A short poll interval makes stop() quick (shutdown waits for the serving loop's next poll).
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-openai-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()  # wakes handlers sleeping on `delay`
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- steering ----------------------------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        message: str | None = None,
        type: str | None = None,
        code: str | None = None,
        param: str | None = None,
        retry_after: float | None = 0.05,
        endpoint: str | None = None,
    ) -> None:
        """Answer the next `times` API requests (to `endpoint`, e.g. "images/edits", if given) with `status`.

        429 and 5xx answers carry `retry-after-ms`/`retry-after` = `retry_after` seconds (None: no header),
        which the SDK honours, so retries in tests are fast. Message, type and code default to OpenAI's.
        """
        with self._lock:
            self._failures.append(
                _Failure(
                    status, times, message, type, code, param, retry_after, endpoint and endpoint.strip("/")
                )
            )

    def refuse_next(self, *, times: int = 1, message: str | None = None, endpoint: str | None = None) -> None:
        """Refuse the next image request the way OpenAI's safety system does (400 moderation_blocked)."""
        self.fail_next(
            400,
            times=times,
            message=message,
            type="image_generation_user_error",
            code="moderation_blocked",
            endpoint=endpoint,
        )

    def reset(self) -> None:
        """Forget recorded requests, pending failures and configuration changes."""
        with self._lock:
            self.requests.clear()
            self._failures.clear()
            self.delay = 0.0
            self.moderation_overrides = {}
            self.revise_prompts = True

    def configure(self, **options: Any) -> None:
        """Set `delay`, `refuse_words`, `moderation_overrides`, `revise_prompts` (as /_fake/config does)."""
        with self._lock:
            for name, value in options.items():
                if name == "delay":
                    self.delay = float(value)
                elif name == "refuse_words":
                    self.refuse_words = {str(w).lower() for w in value}
                elif name == "moderation_overrides":
                    self.moderation_overrides = {str(k): float(v) for k, v in value.items()}
                elif name == "revise_prompts":
                    self.revise_prompts = bool(value)
                else:
                    raise ValueError(f"unknown fake option {name!r}")

    # -- reading what happened ---------------------------------------------------------------------------

    def requests_to(self, endpoint: str) -> list[ReceivedRequest]:
        """Recorded requests to one endpoint, e.g. "images/generations"."""
        with self._lock:
            return [r for r in self.requests if r.endpoint == endpoint.strip("/")]

    @property
    def last_request(self) -> ReceivedRequest:
        with self._lock:
            if not self.requests:
                raise AssertionError("the fake OpenAI server received no request")
            return self.requests[-1]

    def wait_for_requests(self, count: int, *, timeout: float = 10.0) -> list[ReceivedRequest]:
        """Block until at least `count` API requests arrived (for requests made by another process)."""
        with self._received:
            if not self._received.wait_for(lambda: len(self.requests) >= count, timeout=timeout):
                raise TimeoutError(f"expected {count} requests, got {len(self.requests)} in {timeout}s")
            return list(self.requests)

    # -- used by the handler -----------------------------------------------------------------------------

    def _record(self, request: ReceivedRequest) -> None:
        with self._received:
            self.requests.append(request)
            self._received.notify_all()

    def _take_failure(self, endpoint: str) -> _Failure | None:
        with self._lock:
            for failure in self._failures:
                if failure.remaining > 0 and failure.endpoint in (None, endpoint):
                    failure.remaining -= 1
                    if failure.remaining == 0:
                        self._failures.remove(failure)
                    return failure
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's connection pool expects
    server_version = "FakeOpenAI/1.0"
    server: ThreadingHTTPServer

    @property
    def fake(self) -> FakeOpenAI:
        return self.server.fake  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `FakeOpenAI.requests` instead."""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == "/_fake/requests":
            with self.fake._lock:
                summaries = [r.summary() for r in self.fake.requests]
            self._send_json(200, {"requests": summaries})
        else:
            self._send_json(404, _not_found(self.path).body)

    def do_POST(self) -> None:
        body = self._read_body()
        path = self.path.split("?", 1)[0]
        if path.startswith("/_fake/"):
            self._control(path, body)
            return
        request = ReceivedRequest(
            method="POST", path=self.path, headers={k.lower(): v for k, v in self.headers.items()}
        )
        self.fake._record(request)
        try:
            self._check_auth()
            self._parse_into(request, body)
            failure = self.fake._take_failure(request.endpoint)
            if self.fake.delay > 0 and self.fake._stopping.wait(self.fake.delay):
                self.close_connection = True
                return  # the server is stopping: drop the request
            if failure is not None:
                raise _failure_error(failure)
            if request.endpoint == "images/generations":
                payload = _images_response(self.fake, request, edit=False)
            elif request.endpoint == "images/edits":
                payload = _images_response(self.fake, request, edit=True)
            elif request.endpoint == "moderations":
                payload = _moderation_response(self.fake, request)
            else:
                raise _not_found(self.path)
        except _ApiError as error:
            request.status = error.status
            self._send_json(error.status, error.body, error.headers)
            return
        request.status = 200
        self._send_json(200, payload)

    # -- plumbing ----------------------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _check_auth(self) -> None:
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _ApiError(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header "
                "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
        token = token.strip()
        if self.fake.api_key is not None and token != self.fake.api_key:
            shown = f"{token[:3]}*****{token[-4:]}" if len(token) > 8 else "*****"
            raise _ApiError(
                401,
                f"Incorrect API key provided: {shown}. You can find your API key at "
                "https://platform.openai.com/account/api-keys.",
                code="invalid_api_key",
            )

    def _parse_into(self, request: ReceivedRequest, body: bytes) -> None:
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            request.form, request.files = parse_multipart(content_type, body)
        elif body:
            try:
                request.json = json.loads(body)
            except ValueError:
                raise _ApiError(
                    400,
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                    "using your HTTP library correctly.)",
                ) from None
        else:
            request.json = {}

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", f"req_{uuid.uuid4().hex}")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. its timeout): nobody to answer

    def _control(self, path: str, body: bytes) -> None:
        try:
            options = json.loads(body) if body else {}
            if path == "/_fake/fail":
                self.fake.fail_next(**options)
            elif path == "/_fake/config":
                self.fake.configure(**options)
            elif path == "/_fake/reset":
                self.fake.reset()
            else:
                raise _not_found(path)
        except _ApiError as error:
            self._send_json(error.status, error.body)
        except (TypeError, ValueError) as error:
            self._send_json(400, _ApiError(400, str(error)).body)
        else:
            self._send_json(200, {"ok": True})


def parse_multipart(
    content_type: str, body: bytes
) -> tuple[dict[str, list[str]], dict[str, list[UploadedFile]]]:
    """Split a multipart/form-data body into fields and files, byte-exact (no `cgi`, gone in 3.13).

    Parts are split on the boundary by hand, so file bytes are never re-encoded; each part's headers
    are parsed by the stdlib email parser (quoting, RFC 2231 filenames).
    """
    header = email.parser.Parser(policy=email.policy.HTTP).parsestr(f"Content-Type: {content_type}\r\n\r\n")
    boundary = header.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise _ApiError(400, "Invalid multipart/form-data body: no boundary in Content-Type.")
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    fields: dict[str, list[str]] = {}
    files: dict[str, list[UploadedFile]] = {}
    segments = (b"\r\n" + body).split(delimiter)
    if len(segments) < 2:
        raise _ApiError(400, "Invalid multipart/form-data body: boundary not found.")
    for segment in segments[1:]:
        if segment.startswith(b"--"):
            break  # the closing delimiter; what follows is the epilogue
        head, separator, content = segment.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            raise _ApiError(400, "Invalid multipart/form-data body: a part has no header end.")
        headers = email.parser.BytesHeaderParser(policy=email.policy.HTTP).parsebytes(head + b"\r\n\r\n")
        name = headers.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise _ApiError(400, "Invalid multipart/form-data body: a part has no name.")
        filename = headers.get_filename()
        if filename is None:
            fields.setdefault(name, []).append(content.decode())
        else:
            files.setdefault(name, []).append(
                UploadedFile(
                    name, filename, headers.get_content_type() if "content-type" in headers else None, content
                )
            )
    return fields, files


# -- endpoints ---------------------------------------------------------------------------------------------


def _images_response(fake: FakeOpenAI, request: ReceivedRequest, *, edit: bool) -> dict[str, Any]:
    prompt = request.param("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise _ApiError(
            400, "Missing required parameter: 'prompt'.", param="prompt", code="missing_required_parameter"
        )
    model = str(request.param("model") or "gpt-image-1")
    n = _int_param(request, "n", 1)
    if not 1 <= n <= MAX_N:
        raise _ApiError(
            400, f"Invalid 'n': integer above maximum value. Expected a value <= {MAX_N}.", param="n"
        )
    output_format = str(request.param("output_format") or "png")
    if output_format not in FORMAT_NAMES:
        raise _ApiError(
            400,
            f"Invalid value: '{output_format}'. Supported values are: 'png', 'jpeg' and 'webp'.",
            param="output_format",
            code="invalid_value",
        )
    response_format = request.param("response_format")
    if response_format is not None and model.startswith("gpt-image"):
        raise _ApiError(
            400, "Unknown parameter: 'response_format'.", param="response_format", code="unknown_parameter"
        )
    if not model.startswith("gpt-image") and response_format != "b64_json":
        raise _ApiError(
            400,
            "This fake serves images as b64_json only: send response_format='b64_json'.",
            param="response_format",
        )
    inputs = _check_edit_inputs(request) if edit else []
    size = _parse_size(fake, request.param("size"), default=inputs[0].size if inputs else DEFAULT_SIZE)
    lowered = prompt.lower()
    if any(word in lowered for word in fake.refuse_words):
        request_id = f"req_{uuid.uuid4().hex}"
        raise _ApiError(
            400,
            SAFETY_MESSAGE.format(request_id=request_id),
            type="image_generation_user_error",
            code="moderation_blocked",
        )

    data = []
    for index in range(n):
        image = render_image(prompt, size, output_format, marker=f"{request.endpoint}:{index}")
        request.images.append(image)
        data.append(
            {
                "b64_json": base64.b64encode(image).decode("ascii"),
                "revised_prompt": f"{prompt} (as revised by the fake, image {index + 1})"
                if fake.revise_prompts
                else None,
            }
        )
    text_tokens = len(prompt.split())
    image_tokens = 65 * len(inputs)
    output_tokens = 272 * n
    return {
        "created": int(time.time()),
        "background": request.param("background")
        if request.param("background") in ("transparent", "opaque")
        else "opaque",
        "data": data,
        "output_format": output_format,
        "quality": request.param("quality")
        if request.param("quality") in ("low", "medium", "high")
        else "medium",
        "size": f"{size[0]}x{size[1]}",
        "usage": {
            "input_tokens": text_tokens + image_tokens,
            "input_tokens_details": {"image_tokens": image_tokens, "text_tokens": text_tokens},
            "output_tokens": output_tokens,
            "total_tokens": text_tokens + image_tokens + output_tokens,
        },
    }


def _check_edit_inputs(request: ReceivedRequest) -> list[Image.Image]:
    uploads = request.input_images
    if not uploads:
        raise _ApiError(
            400, "Missing required parameter: 'image'.", param="image", code="missing_required_parameter"
        )
    images = []
    for upload in uploads + ([request.mask] if request.mask else []):
        field_name = "mask" if upload is request.mask else "image"
        if upload.content_type not in IMAGE_MIME_TYPES:
            raise _ApiError(
                400,
                f"Invalid file '{field_name}': unsupported mimetype ('{upload.content_type}'). "
                "Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.",
                param=field_name,
                code="unsupported_file_mimetype",
            )
        try:
            opened = Image.open(io.BytesIO(upload.data))
        except OSError:
            raise _ApiError(
                400,
                f"Invalid image file or mode for image '{field_name}'.",
                param=field_name,
                code="invalid_image_format",
            ) from None
        if opened.format != IMAGE_MIME_TYPES[upload.content_type]:
            raise _ApiError(
                400,
                f"Invalid file '{field_name}': the bytes are {opened.format}, not {upload.content_type}.",
                param=field_name,
                code="invalid_image_format",
            )
        images.append(opened)
    if request.mask is not None:
        mask, first = images.pop(), images[0]
        if mask.size != first.size:
            raise _ApiError(
                400,
                f"Invalid mask image: its size {mask.size} does not match the image's {first.size}.",
                param="mask",
                code="invalid_mask_image_size",
            )
    return images


def _int_param(request: ReceivedRequest, name: str, default: int) -> int:
    value = request.param(name)
    if value is None:
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _ApiError(
            400,
            f"Invalid type for '{name}': expected an integer, but got {value!r} instead.",
            param=name,
            code="invalid_type",
        ) from None


def _parse_size(fake: FakeOpenAI, value: Any, *, default: tuple[int, int]) -> tuple[int, int]:
    if value in (None, "auto"):
        return default
    if fake.allowed_sizes is not None and value not in fake.allowed_sizes:
        allowed = ", ".join(f"'{s}'" for s in sorted(fake.allowed_sizes))
        raise _ApiError(
            400,
            f"Invalid value: '{value}'. Supported values are: {allowed}.",
            param="size",
            code="invalid_value",
        )
    match = re.fullmatch(r"(\d+)x(\d+)", str(value))
    if not match or not all(0 < int(side) <= MAX_SIDE for side in match.groups()):
        raise _ApiError(
            400,
            f"Invalid value: '{value}'. Expected WIDTHxHEIGHT, each side 1-{MAX_SIDE}, or 'auto'.",
            param="size",
            code="invalid_value",
        )
    return int(match[1]), int(match[2])


def render_image(
    prompt: str, size: tuple[int, int], output_format: str = "png", *, marker: str = ""
) -> bytes:
    """A solid colour derived from the prompt, encoded, carrying `MARKER_KEY` (tEXt chunk or JPEG comment)."""
    colour = tuple(hashlib.sha256(prompt.encode()).digest()[:3])
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    text = f"{marker} {uuid.uuid4().hex}"
    if output_format == "png":
        info = PngImagePlugin.PngInfo()
        info.add_text(MARKER_KEY, text)
        image.save(out, "PNG", pnginfo=info)
    elif output_format == "jpeg":
        image.save(out, "JPEG", quality=90, comment=f"{MARKER_KEY} {text}".encode())
    else:
        image.save(out, FORMAT_NAMES[output_format])
    return out.getvalue()


def _moderation_response(fake: FakeOpenAI, request: ReceivedRequest) -> dict[str, Any]:
    raw = request.param("input")
    if raw is None:
        raise _ApiError(
            400, "Missing required parameter: 'input'.", param="input", code="missing_required_parameter"
        )
    model = str(request.param("model") or "omni-moderation-latest")
    items = raw if isinstance(raw, list) else [raw]
    is_multimodal = any(isinstance(item, dict) for item in items)
    if is_multimodal:
        # One result for the whole list of text and image parts, as the real endpoint does.
        texts = [str(i.get("text", "")) for i in items if isinstance(i, dict) and i.get("type") == "text"]
        has_image = any(isinstance(i, dict) and i.get("type") == "image_url" for i in items)
        results = [_moderation_result(fake, " ".join(texts), has_text=bool(texts), has_image=has_image)]
    else:
        results = [_moderation_result(fake, str(item), has_text=True, has_image=False) for item in items]
    return {"id": f"modr-{uuid.uuid4().hex[:24]}", "model": model, "results": results}


def _moderation_result(fake: FakeOpenAI, text: str, *, has_text: bool, has_image: bool) -> dict[str, Any]:
    lowered = text.lower()
    scores: dict[str, float] = {}
    for category in MODERATION_CATEGORIES:
        hit = any(
            re.search(rf"\b{re.escape(word)}(?:s|es|ed|ing|er|ers)?\b", lowered)
            for word in MODERATION_KEYWORDS[category]
        )
        scores[category] = 0.97 if hit else 0.0001
    scores.update({k: v for k, v in fake.moderation_overrides.items() if k in scores})
    categories = {category: score >= FLAG_THRESHOLD for category, score in scores.items()}
    applied = {
        category: (["text"] if has_text else [])
        + (["image"] if has_image and category in IMAGE_CATEGORIES else [])
        for category in MODERATION_CATEGORIES
    }
    return {
        "flagged": any(categories.values()),
        "categories": categories,
        "category_scores": scores,
        "category_applied_input_types": applied,
    }


def _failure_error(failure: _Failure) -> _ApiError:
    defaults = {
        400: ("Invalid request (injected by the fake).", "invalid_request_error", None),
        401: (
            "Incorrect API key provided (injected by the fake).",
            "invalid_request_error",
            "invalid_api_key",
        ),
        403: (
            "You are not allowed to sample from this model (injected by the fake).",
            "invalid_request_error",
            None,
        ),
        404: (
            "The model does not exist or you do not have access to it.",
            "invalid_request_error",
            "model_not_found",
        ),
        429: (
            "Rate limit reached for images per minute (injected by the fake). Please try again later.",
            "requests",
            "rate_limit_exceeded",
        ),
    }
    message, kind, code = defaults.get(
        failure.status,
        ("The server had an error while processing your request. Sorry about that!", "server_error", None),
    )
    if failure.code == "moderation_blocked" and failure.message is None:
        message = SAFETY_MESSAGE.format(request_id=f"req_{uuid.uuid4().hex}")
    headers = {}
    if failure.retry_after is not None and (failure.status == 429 or failure.status >= 500):
        headers = {
            "retry-after-ms": str(int(failure.retry_after * 1000)),
            "retry-after": str(failure.retry_after),
        }
    return _ApiError(
        failure.status,
        failure.message or message,
        type=failure.type or kind,
        code=failure.code if failure.code is not None else code,
        param=failure.param,
        headers=headers,
    )


def _not_found(path: str) -> _ApiError:
    return _ApiError(404, f"Invalid URL (POST {path})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a fake OpenAI images + moderation API on loopback.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the only bearer token accepted")
    parser.add_argument("--any-key", action="store_true", help="accept any bearer token")
    parser.add_argument("--refuse-word", action="append", default=[], help="refuse prompts containing it")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)

    server = FakeOpenAI(
        host=args.host,
        port=args.port,
        api_key=None if args.any_key else args.api_key,
        refuse_words=args.refuse_word,
    )
    server.delay = args.delay
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with server:
        print(f"FAKE_OPENAI_URL={server.base_url}", flush=True)
        stop.wait()


if __name__ == "__main__":
    main()

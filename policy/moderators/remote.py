"""Moderators that call a service: OpenAI's moderation endpoint and a tenant's own HTTP service."""

from __future__ import annotations

import ipaddress
import json
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from policy import schema
from policy.moderators import ModeratorError, Scores

OPENAI_MODEL = "omni-moderation-latest"
# OpenAI's categories onto Assay's (the maximum of those mapping to one category wins).
OPENAI_CATEGORIES: dict[str, str] = {
    "sexual": "sexual",
    "sexual/minors": "sexual/minors",
    "harassment": "harassment",
    "harassment/threatening": "harassment",
    "hate": "hate",
    "hate/threatening": "hate",
    "illicit": "illicit",
    "illicit/violent": "illicit",
    "self-harm": "self-harm",
    "self-harm/intent": "self-harm",
    "self-harm/instructions": "self-harm",
    "violence": "violence",
    "violence/graphic": "violence/graphic",
}
# A prompt moderation that takes longer than this is a failure (the policy fails closed).
OPENAI_TIMEOUT_SECONDS = 10.0


class OpenAIModerator:
    name = "openai"

    def __init__(self, *, base_url: str | None, api_key: str | None, timeout: float) -> None:
        self._base_url = base_url
        self._api_key = api_key
        self._timeout = timeout

    @classmethod
    def from_settings(cls) -> OpenAIModerator:
        return cls(
            base_url=settings.ASSAY_OPENAI_BASE_URL,
            api_key=settings.ASSAY_OPENAI_API_KEY,
            timeout=min(float(settings.ASSAY_OPENAI_TIMEOUT_SECONDS), OPENAI_TIMEOUT_SECONDS),
        )

    def score(self, text: str) -> Scores:
        if not self._api_key:
            raise ModeratorError("the openai moderator needs ASSAY_OPENAI_API_KEY")
        import openai

        # No retries: a prompt waits for moderation, and a failure fails closed anyway.
        client = openai.OpenAI(
            base_url=self._base_url, api_key=self._api_key, timeout=self._timeout, max_retries=0
        )
        try:
            response = client.moderations.create(model=OPENAI_MODEL, input=text)
        except openai.OpenAIError as exc:
            raise ModeratorError(f"OpenAI moderation failed: {type(exc).__name__}: {exc}") from exc
        finally:
            client.close()
        if not response.results:
            raise ModeratorError("OpenAI moderation answered no result")
        raw = response.results[0].category_scores.model_dump(by_alias=True)
        scores: Scores = {}
        for their, ours in OPENAI_CATEGORIES.items():
            value = raw.get(their)
            if isinstance(value, int | float) and (ours not in scores or scores[ours][0] < value):
                scores[ours] = (float(value), f"openai {their}")
        return scores


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could point at an internal address the URL check refused: never follow one."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def check_public_url(url: str) -> None:
    """The rule webhooks follow (generation/webhooks.py check_url; policy does not import generation):
    http(s) only, and no loopback/private/link-local/reserved address unless the operator allowed that
    network in ASSAY_WEBHOOK_ALLOWED_NETWORKS."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModeratorError("the http moderator URL must be http:// or https:// with a host")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise ModeratorError(f"the http moderator host {parts.hostname!r} does not resolve") from exc
    allowed = [ipaddress.ip_network(c, strict=False) for c in settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS]
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        internal = (
            address.is_loopback
            or address.is_private
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
        )
        if internal and not any(address in network for network in allowed):
            raise ModeratorError(f"the http moderator URL resolves to {address}, an internal address")


class HttpModerator:
    """POST {"input": text, "categories": [...]} -> {"categories": {name: score}}."""

    name = "http"

    def __init__(self, config: schema.HttpModerator, document: schema.PolicyDocument) -> None:
        self._url = config.url
        self._timeout = config.timeout_seconds
        self._categories = sorted({*schema.BUILTIN_CATEGORIES, *document.categories})

    def score(self, text: str) -> Scores:
        check_public_url(self._url)
        body = json.dumps({"input": text, "categories": self._categories}).encode()
        # The URL is http(s) and public: check_public_url refused anything else just above.
        request = urllib.request.Request(  # noqa: S310
            self._url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=self._timeout) as response:
                answer = json.loads(response.read(1_000_000))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise ModeratorError(f"the http moderator failed: {exc}") from exc
        categories = answer.get("categories") if isinstance(answer, dict) else None
        if not isinstance(categories, dict):
            raise ModeratorError('the http moderator answered without a "categories" object')
        scores: Scores = {}
        for name, value in categories.items():
            if name in self._categories:
                if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
                    raise ModeratorError(f"the http moderator scored {name!r} outside 0..1: {value!r}")
                scores[name] = (float(value), "http")
        return scores

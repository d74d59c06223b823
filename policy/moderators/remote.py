"""Moderators that call a service: OpenAI's moderation endpoint and a tenant's own HTTP service."""

from __future__ import annotations

import json

from django.conf import settings

from foundation import network
from policy import schema
from policy.moderators.base import ModeratorError, Scores

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


class HttpModerator:
    """POST {"input": text, "categories": [...]} -> {"categories": {name: score}}."""

    name = "http"

    def __init__(self, config: schema.HttpModerator, document: schema.PolicyDocument) -> None:
        self._url = config.url
        self._timeout = config.timeout_seconds
        self._categories = sorted({*schema.BUILTIN_CATEGORIES, *document.categories})

    def score(self, text: str) -> Scores:
        body = json.dumps({"input": text, "categories": self._categories}).encode()
        try:
            reply = network.post(
                self._url,
                body=body,
                headers={"Content-Type": "application/json"},
                timeout=self._timeout,
                what="the http moderator URL",
            )
        except (network.UnsafeUrl, OSError) as exc:
            raise ModeratorError(f"the http moderator failed: {exc}") from exc
        if not 200 <= reply.status < 300:
            raise ModeratorError(f"the http moderator failed: it answered HTTP {reply.status}")
        try:
            answer = json.loads(reply.body)
        except ValueError as exc:
            raise ModeratorError(f"the http moderator failed: its answer is not JSON ({exc})") from exc
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

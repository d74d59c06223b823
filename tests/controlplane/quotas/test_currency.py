"""Spend limits count prices in the tenant's currency only: a price in another currency is not a price
(there is no exchange rate to apply), and a licensed model without one is refused where a spend limit
watches the job, instead of counting as free."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from controlplane.quotas import services
from controlplane.quotas.models import ModelPrice, QuotaLimit, UsageEntry
from generation.catalog import model_register
from generation.models import GenerationJob, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create
from tests.controlplane.quotas.helpers import TESTS, admitted, limit
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def licensed(db):
    return model_register(
        name="gpt-image-1", backend="openai", family="openai", license="OpenAI terms",
        provider_model="gpt-image-1", capabilities=[Mode.TEXT2IMG], sizes=["1024x1024"], actor=TESTS,
    )  # fmt: skip


def test_a_tenant_counts_the_price_in_its_own_currency(tenant, licensed):
    ModelPrice.objects.create(model="gpt-image-1", price_micros=40_000, currency="USD")
    ModelPrice.objects.create(model="gpt-image-1", price_micros=37_000, currency="EUR")
    limit(tenant, spend_micros_per_month=1_000_000, currency="EUR")

    job = admitted(tenant, licensed, size="1024x1024", n=2)

    assert job.usage.get().spend_micros == 74_000


def test_a_spend_limit_refuses_a_model_priced_only_in_another_currency_naming_both(
    tenant, licensed, key_client
):
    ModelPrice.objects.create(model="gpt-image-1", price_micros=40_000, currency="USD")
    limit(tenant, spend_micros_per_month=1_000_000, currency="EUR")
    developer = key_client(tenant, "developer")

    answer = developer.client.post(
        "/v1/images/generations",
        {"model": "gpt-image-1", "prompt": "a red circle", "size": "1024x1024"},
        format="json",
    )

    error = assert_error(answer, 403, "model_not_priced")
    message = answer.json()["error"]["message"]
    assert answer.json()["error"]["param"] == "model", error
    assert "gpt-image-1" in message and "EUR" in message and "--currency EUR" in message
    assert not GenerationJob.objects.exists() and not UsageEntry.objects.exists()


def test_a_key_spend_limit_refuses_an_unpriced_model_too(tenant, licensed, key_client):
    developer_key = key_client(tenant, "developer").api_key
    limit(tenant, api_key=developer_key, spend_micros_per_month=500_000)
    request = JobRequest(
        model=licensed, mode=Mode.TEXT2IMG, prompt="a square", params=GenerationParams(size="1024x1024")
    )

    with pytest.raises(services.ModelNotPriced, match="no price in USD"):
        job_create(tenant=tenant, api_key=developer_key, actor=TESTS, request=request)


def test_without_a_spend_limit_an_unpriced_model_is_admitted_at_no_spend(tenant, licensed):
    limit(tenant, images_per_day=10)

    job = admitted(tenant, licensed, size="1024x1024")

    assert job.usage.get().spend_micros == 0


def test_settlement_keeps_the_reserved_price_when_the_price_is_taken_away(tenant, licensed):
    price = ModelPrice.objects.create(model="gpt-image-1", price_micros=40_000, currency="USD")
    limit(tenant, spend_micros_per_month=1_000_000)
    job = admitted(tenant, licensed, size="1024x1024", n=2)
    price.delete()
    job.discarded_images = 2  # images the provider made (and billed), as a cancel while it drew leaves
    job.generation_seconds = 3.0
    job.save(update_fields=["discarded_images", "generation_seconds"])

    services.job_settle(job)

    assert job.usage.aggregate(spend=Sum("spend_micros"))["spend"] == 80_000


def test_only_the_tenant_level_sets_the_currency_and_every_level_shows_it(tenant, key_client):
    key = key_client(tenant, "developer").api_key
    limit(tenant, images_per_day=10)
    keyed = limit(tenant, api_key=key, spend_micros_per_month=100)

    with pytest.raises(services.QuotaRuleError, match=r"its own \(USD\)"):
        limit(tenant, api_key=key, currency="EUR")
    limit(tenant, api_key=key, currency="USD")  # the tenant's own: accepted
    limit(tenant, currency="EUR")
    limit(tenant, images_per_day=20)  # no currency sent: unchanged

    keyed.refresh_from_db()
    assert keyed.currency == "EUR"
    assert set(QuotaLimit.objects.filter(tenant=tenant).values_list("currency", flat=True)) == {"EUR"}


def test_prices_are_kept_per_currency_and_the_cli_refuses_bad_ones(db):
    call_command("quotas", "price", "--model", "gpt-image-1", "--price", "0.04")
    call_command("quotas", "price", "--model", "gpt-image-1", "--price", "0.037", "--currency", "EUR")
    call_command("quotas", "price", "--model", "gpt-image-1", "--price", "0.05")

    assert dict(ModelPrice.objects.values_list("currency", "price_micros")) == {"USD": 50_000, "EUR": 37_000}
    with pytest.raises(CommandError, match="three capital letters"):
        call_command("quotas", "price", "--model", "gpt-image-1", "--price", "0.04", "--currency", "euro")
    with pytest.raises(CommandError, match="0 or more"):
        call_command("quotas", "price", "--model", "gpt-image-1", "--price", "-0.04")
    assert ModelPrice.objects.count() == 2


def test_the_currency_changes_only_while_the_months_ledger_holds_no_spend(tenant, licensed):
    ModelPrice.objects.create(model="gpt-image-1", price_micros=40_000, currency="USD")
    ModelPrice.objects.create(model="gpt-image-1", price_micros=37_000, currency="EUR")
    limit(tenant, spend_micros_per_month=1_000_000)
    limit(tenant, currency="EUR")  # nothing spent yet: allowed
    limit(tenant, currency="USD")
    admitted(tenant, licensed, size="1024x1024")  # 40,000 USD micros counted this month

    with pytest.raises(services.QuotaRuleError, match="already counted in USD"):
        limit(tenant, currency="EUR")
    assert QuotaLimit.objects.get(tenant=tenant, api_key__isnull=True).currency == "USD"

"""What admission remembers per web process (the enabled models it resolves, each tenant's active
policy version) is forgotten when it changes here, read again once it is old, never kept from a
transaction that rolled back, bounded, and never shared as a mutable instance."""

from __future__ import annotations

import pytest
from django.db import transaction

from audit.events import Actor
from generation import catalog
from generation.catalog import enabled_model, model_register
from generation.services import JobRequestError, model_resolve
from policy import services as policy_services
from policy.services import policy_activate, policy_ensure_active_for_admission, policy_version_create
from policy.templates import template

TESTS = Actor.system("tests")


@pytest.fixture(autouse=True)
def nothing_remembered():
    catalog.model_cache_clear()
    policy_services.active_version_cache_clear()
    yield
    catalog.model_cache_clear()
    policy_services.active_version_cache_clear()


def register(name: str = "acme-images", *, sizes: list[str] | None = None):
    return model_register(
        name=name,
        backend="openai",
        family="provider",
        license="proprietary",
        capabilities=["text2img"],
        sizes=sizes or ["1024x1024"],
        provider_model="gpt-image-1",
        actor=TESTS,
    )


class Clock:
    """time.monotonic for the caches, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(catalog.time, "monotonic", clock)
    monkeypatch.setattr(policy_services.time, "monotonic", clock)
    return clock


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `work` and then its on-commit callbacks, as the commit of a request's transaction would
    (the test's own transaction never commits)."""

    def run(work):
        with django_capture_on_commit_callbacks(execute=True):
            return work()

    return run


# Models -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_resolved_model_is_remembered_and_read_again_once_old(committed, clock, django_assert_num_queries):
    model = register()
    committed(lambda: enabled_model("acme-images"))
    with django_assert_num_queries(0):
        assert enabled_model("acme-images").pk == model.pk
    clock.now += catalog.MODEL_CACHE_SECONDS + 0.1
    with django_assert_num_queries(1):
        assert enabled_model("acme-images").pk == model.pk


@pytest.mark.django_db
def test_registering_a_model_again_forgets_it_at_once(committed):
    register(sizes=["1024x1024"])
    committed(lambda: enabled_model("acme-images"))
    committed(lambda: register(sizes=["512x512"]))
    assert enabled_model("acme-images").sizes == ["512x512"]


@pytest.mark.django_db
def test_a_model_read_in_a_transaction_that_rolls_back_is_not_remembered(
    committed, django_assert_num_queries
):
    class RolledBack(Exception):
        pass

    def made_and_undone() -> None:
        with transaction.atomic():
            register("made-then-undone")
            assert enabled_model("made-then-undone") is not None
            raise RolledBack

    with pytest.raises(RolledBack):
        committed(made_and_undone)
    with pytest.raises(JobRequestError) as refused:
        model_resolve("made-then-undone")
    assert refused.value.code == "model_not_found"


@pytest.mark.django_db
def test_unknown_names_are_not_remembered_and_a_model_registered_later_is_found(committed):
    assert committed(lambda: enabled_model("later")) is None
    assert "later" not in catalog._models
    register("later")
    assert enabled_model("later") is not None


@pytest.mark.django_db
def test_each_caller_gets_its_own_copy_of_a_remembered_model(committed):
    register()
    committed(lambda: enabled_model("acme-images"))
    first = enabled_model("acme-images")
    first.name = "changed by one request"
    assert enabled_model("acme-images").name == "acme-images"


@pytest.mark.django_db
def test_the_remembered_models_are_bounded(committed, monkeypatch):
    monkeypatch.setattr(catalog, "_MODEL_CACHE_MAX", 2)
    for name in ("one", "two", "three"):
        register(name)
        committed(lambda name=name: enabled_model(name))
        assert len(catalog._models) <= 2
    assert "three" in catalog._models


@pytest.mark.django_db
def test_the_default_model_is_remembered_apart_from_named_ones(
    committed, settings, django_assert_num_queries
):
    settings.ASSAY_DEFAULT_MODEL = ""
    register("b-model")
    register("a-model")
    assert committed(lambda: model_resolve(None)).name == "a-model"
    with django_assert_num_queries(0):
        assert model_resolve(None).name == "a-model"
    assert model_resolve("b-model").name == "b-model"


# Active policy versions ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_active_version_is_remembered_and_read_again_once_old(
    committed, clock, tenant, django_assert_num_queries
):
    version = committed(lambda: policy_ensure_active_for_admission(tenant=tenant))
    with django_assert_num_queries(0):
        assert policy_ensure_active_for_admission(tenant=tenant).pk == version.pk
    clock.now += policy_services.ACTIVE_VERSION_CACHE_SECONDS + 0.1
    with django_assert_num_queries(1):
        assert policy_ensure_active_for_admission(tenant=tenant).pk == version.pk


@pytest.mark.django_db
def test_activating_a_version_forgets_the_remembered_one_at_once(committed, tenant):
    standard = committed(lambda: policy_ensure_active_for_admission(tenant=tenant))
    strict = committed(
        lambda: policy_version_create(tenant=tenant, document=template("strict"), actor=TESTS, activate=True)
    )
    assert policy_ensure_active_for_admission(tenant=tenant).pk == strict.pk
    committed(lambda: policy_activate(tenant=tenant, version=standard, actor=TESTS))
    assert policy_ensure_active_for_admission(tenant=tenant).pk == standard.pk


@pytest.mark.django_db
def test_a_default_version_made_in_a_transaction_that_rolls_back_is_not_remembered(committed, tenant):
    class RolledBack(Exception):
        pass

    def made_and_undone() -> None:
        with transaction.atomic():
            policy_ensure_active_for_admission(tenant=tenant)  # makes `standard`, audited
            raise RolledBack

    with pytest.raises(RolledBack):
        committed(made_and_undone)
    assert tenant.public_id not in policy_services._active_versions
    version = committed(lambda: policy_ensure_active_for_admission(tenant=tenant))
    assert version.pk is not None and version.label == "standard@v1"


@pytest.mark.django_db
def test_each_tenant_has_its_own_active_version(committed, tenant, other_tenant):
    committed(lambda: policy_ensure_active_for_admission(tenant=tenant))
    strict = committed(
        lambda: policy_version_create(
            tenant=other_tenant, document=template("strict"), actor=TESTS, activate=True
        )
    )
    assert policy_ensure_active_for_admission(tenant=other_tenant).pk == strict.pk
    assert policy_ensure_active_for_admission(tenant=tenant).tenant_id == tenant.pk


@pytest.mark.django_db
def test_the_remembered_versions_are_bounded(committed, make_tenant, monkeypatch):
    monkeypatch.setattr(policy_services, "_ACTIVE_VERSION_CACHE_MAX", 2)
    for slug in ("t-one", "t-two", "t-three"):
        tenant = make_tenant(slug)
        committed(lambda tenant=tenant: policy_ensure_active_for_admission(tenant=tenant))
        assert len(policy_services._active_versions) <= 2

"""The Helm chart (helm/assay): it lints, its schema refuses bad values with a message, its templates
render what the values ask for, and the manifests are valid Kubernetes objects."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generation.queues import Queue
from tests.deploy.helpers import (
    CHART,
    INSTALL_HINT,
    NAMESPACE,
    chart_defaults,
    chart_values,
    gpu_heavy_values,
    merge,
    render,
)

KUBERNETES_VERSION = "1.30"  # the oldest release the chart's features need is 1.25 (Chart.yaml)
CRD_KINDS = {"ScaledObject"}  # KEDA's: not in the Kubernetes schemas


def by_kind(manifests: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def workers(manifests: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Worker Deployments by pool name."""
    return {
        d["metadata"]["labels"]["assay.io/pool"]: d
        for d in by_kind(manifests, "Deployment").values()
        if d["metadata"]["labels"].get("app.kubernetes.io/component") == "worker"
    }


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_spec(workload)
    return spec.get("initContainers", []) + spec["containers"]


def workloads(manifests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in manifests if m["kind"] in ("Deployment", "Job")]


# -- lint: helm-sdkpy, Helm v4's own `lint` -------------------------------------------------------


def helm_lint(chart: Path) -> list[dict[str, Any]]:
    helm_sdkpy = pytest.importorskip("helm_sdkpy", reason=INSTALL_HINT)
    report = asyncio.run(helm_sdkpy.Lint(helm_sdkpy.Configuration(namespace=NAMESPACE)).run(str(chart)))
    return report["Messages"] or []


def chart_copy_with(values: dict[str, Any], folder: Path) -> Path:
    """The chart with `values` as its values.yaml: helm-sdkpy's Lint takes no values of its own."""
    copy = folder / "assay"
    shutil.copytree(CHART, copy)
    (copy / "values.yaml").write_text(yaml.safe_dump(values, sort_keys=False))
    return copy


def problems(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Warnings (2) and errors (3); 1 is information ("icon is recommended")."""
    return [m for m in messages if m["Severity"] >= 2]


def test_chart_lints_with_its_default_values_and_the_ci_values(tmp_path):
    assert problems(helm_lint(chart_copy_with(chart_values(), tmp_path))) == []


def test_chart_alone_fails_lint_for_want_of_a_database(tmp_path):
    """values.yaml names no database or broker: installing it as is would be refused (next tests)."""
    found = problems(helm_lint(CHART))
    assert {m["Path"] for m in found if m["Severity"] == 3} >= {"values.yaml"}


def test_chart_lints_with_the_gpu_heavy_values(tmp_path):
    assert problems(helm_lint(chart_copy_with(gpu_heavy_values(), tmp_path))) == []


def test_lint_fails_on_a_pool_without_queues(tmp_path):
    """Lint applies the schema too; helm-sdkpy drops the message (Err is {}), hence the next tests."""
    values = chart_values()
    del values["workers"][0]["queues"]
    found = problems(helm_lint(chart_copy_with(values, tmp_path)))
    assert {m["Path"] for m in found if m["Severity"] == 3} >= {"values.yaml"}


# -- the schema's messages --------------------------------------------------------------------------


def schema_error(values: dict[str, Any]) -> str:
    helm_python = pytest.importorskip("helm_python", reason=INSTALL_HINT)
    with pytest.raises(helm_python.HelmValuesError) as raised:
        helm_python.Chart.load(str(CHART)).validate_schema(values)
    return str(raised.value)


def test_schema_refuses_a_pool_without_queues():
    values = chart_values()
    del values["workers"][0]["queues"]
    assert "at '/workers/0': missing property 'queues'" in schema_error(values)


def test_schema_refuses_a_pool_with_no_queue():
    values = chart_values()
    values["workers"][0]["queues"] = []
    assert "at '/workers/0/queues': minItems" in schema_error(values)


def test_schema_refuses_an_unknown_queue():
    values = chart_values()
    values["workers"][1]["queues"] = ["api", "images"]
    message = schema_error(values)
    assert "at '/workers/1/queues/1'" in message
    assert "'control', 'gpu', 'api'" in message


def test_schema_refuses_moderation_in_place_on_a_queue_that_generates_nothing():
    values = chart_values({"config": {"env": {"ASSAY_MODERATE_IN_PLACE_QUEUES": "gpu,control"}}})
    assert "at '/config/env/ASSAY_MODERATE_IN_PLACE_QUEUES'" in schema_error(values)


@pytest.mark.parametrize("queue", [queue.value for queue in Queue])
def test_schema_refuses_values_that_leave_a_queue_without_a_pool(queue):
    values = chart_values()
    values["workers"] = [pool for pool in values["workers"] if queue not in pool["queues"]]
    assert "at '/workers'" in schema_error(values)


def test_schema_refuses_a_threads_pool_on_a_queue_other_than_webhooks():
    values = chart_values()
    control = next(pool for pool in values["workers"] if pool["name"] == "control")
    control["pool"] = "threads"
    assert "at '/workers/2/queues/0': value must be 'webhooks'" in schema_error(values)
    control["pool"] = "gevent"
    assert "at '/workers/2/pool': value must be one of 'prefork', 'threads'" in schema_error(values)


def test_schema_refuses_a_pool_without_resource_requests_and_unknown_keys():
    values = chart_values()
    values["workers"][2]["resources"] = {"limits": {"memory": "1Gi"}}
    assert "at '/workers/2/resources': missing property 'requests'" in schema_error(values)
    values = chart_values({"worker": {"replicas": 2}})  # a typo of `workers`
    assert "additional properties 'worker' not allowed" in schema_error(values)


def test_schema_asks_for_a_database_and_broker_without_an_existing_secret():
    """Production never falls back to SQLite or the file-system broker and result store."""
    message = schema_error(chart_defaults())
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        assert f"at '/secrets/env/{name}': minLength" in message
    embedded = {
        "DATABASE_URL": "sqlite:////var/lib/assay/assay.sqlite3",
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_RESULT_BACKEND": "file:///var/lib/assay/celery/results",
    }
    message = schema_error(chart_values({"secrets": {"env": embedded}}))
    for name in embedded:
        assert f"at '/secrets/env/{name}'" in message
    assert "sqlite:" not in message  # the value (a URL may carry a password) is not echoed
    # An existing Secret holds them instead: nothing is asked of `env`.
    render(chart_values({"secrets": {"existingSecret": "assay-env", "env": {"DATABASE_URL": ""}}}))


def test_schema_keeps_credentials_out_of_the_configmap():
    """`config.env` renders into ConfigMaps, which anyone who may read the namespace's config reads:
    a credential there is refused by name (without echoing its value); it belongs in `secrets.env`."""
    credentials = {
        "ASSAY_OPENAI_API_KEY": "sk-proj-abcdefabcdefabcdef",
        "DATABASE_URL": "postgres://u:pw@h/db",
        "ASSAY_METRICS_TOKEN": "t" * 32,
        "MY_SMTP_PASSWORD": "hunter2",  # any name that says what it is
    }
    message = schema_error(chart_values({"config": {"env": credentials}}))
    for name, value in credentials.items():
        assert f"invalid propertyName '{name}'" in message and value not in message
    plain = {"ASSAY_S3_ENDPOINT_URL": "https://s3.example", "ASSAY_KEY_LAST_USED_RESOLUTION_SECONDS": "5"}
    render(chart_values({"config": {"env": plain}}))


INGRESS_ON = {"ingress": {"enabled": True}}


def test_schema_refuses_an_ingress_that_would_serve_open_metrics():
    message = schema_error(chart_values(INGRESS_ON))
    assert "at '/secrets/env/ASSAY_METRICS_TOKEN'" in message
    assert "at '/metrics/allowPublic'" in message
    for accepted in (
        {"secrets": {"env": {"ASSAY_METRICS_TOKEN": "t" * 32}}},
        {"secrets": {"existingSecret": "assay-env"}},  # which must hold the token (values.yaml)
        {"metrics": {"allowPublic": True}},
    ):
        assert by_kind(render(chart_values(INGRESS_ON, accepted)), "Ingress")


@pytest.mark.parametrize("service_type", ["LoadBalancer", "NodePort"])
def test_schema_refuses_a_service_outside_the_cluster_that_would_serve_open_metrics(service_type):
    exposed = {"web": {"service": {"type": service_type}}}
    message = schema_error(chart_values(exposed))
    assert "at '/secrets/env/ASSAY_METRICS_TOKEN'" in message
    with_token = render(chart_values(exposed, {"secrets": {"env": {"ASSAY_METRICS_TOKEN": "t" * 32}}}))
    assert by_kind(with_token, "Service")["assay-web"]["spec"]["type"] == service_type
    render(chart_values({"web": {"service": {"type": "ClusterIP"}}}))  # inside the cluster: no token asked


def test_web_scrape_annotations_only_while_its_metrics_are_open(gpu_heavy_manifests):
    def annotations(manifests: list[dict[str, Any]], name: str) -> dict[str, str]:
        return by_kind(manifests, "Deployment")[name]["spec"]["template"]["metadata"]["annotations"]

    assert annotations(render(chart_values()), "assay-web")["prometheus.io/path"] == "/metrics"
    with_token = render(chart_values({"secrets": {"env": {"ASSAY_METRICS_TOKEN": "t" * 32}}}))
    for manifests in (with_token, gpu_heavy_manifests):  # the example's existing Secret may hold one
        assert "prometheus.io/scrape" not in annotations(manifests, "assay-web")
    # Workers' metrics port takes no token: their annotations stay.
    assert annotations(with_token, "assay-worker-gpu")["prometheus.io/port"] == "9100"


def test_schema_asks_keda_for_the_redis_address():
    values = chart_values({"keda": {"enabled": True}})
    assert "at '/keda/redis/address'" in schema_error(values)


# -- what the templates render ---------------------------------------------------------------------


@pytest.mark.parametrize("values_name", ["default", "gpu_heavy"])
def test_every_pool_is_a_worker_deployment_for_its_queues(values_name, request):
    manifests = request.getfixturevalue(f"{values_name}_manifests")
    values = chart_values() if values_name == "default" else gpu_heavy_values()
    deployments = workers(manifests)
    assert set(deployments) == {pool["name"] for pool in values["workers"]}
    for pool in values["workers"]:
        container = pod_spec(deployments[pool["name"]])["containers"][0]
        args = container["args"]
        assert args[:2] == ["assay", "worker"]
        assert args[args.index("--queues") + 1] == ",".join(pool["queues"])
        assert args[args.index("--concurrency") + 1] == str(pool["concurrency"])
        assert args[args.index("--pool") + 1] == pool.get("pool", "prefork")
        asks_gpu = "nvidia.com/gpu" in pool["resources"]["requests"]
        for kind in ("requests", "limits"):
            assert ("nvidia.com/gpu" in container["resources"].get(kind, {})) == asks_gpu, pool["name"]
        assert bool(pod_spec(deployments[pool["name"]]).get("tolerations")) == asks_gpu
        assert {"name": "metrics", "containerPort": 9100, "protocol": "TCP"} in container["ports"]
        env = {e["name"]: e.get("value") for e in container["env"]}
        assert env["ASSAY_METRICS_PORT"] == "9100"
        grace = pod_spec(deployments[pool["name"]])["terminationGracePeriodSeconds"]
        assert grace == pool["terminationGracePeriodSeconds"]
        assert int(env["ASSAY_WORKER_GRACE_SECONDS"]) < grace


@pytest.mark.parametrize("values_name", ["default", "gpu_heavy"])
def test_every_queue_is_consumed_by_a_worker_deployment(values_name, request):
    """Every queue of generation.queues.Queue has a pool; webhooks one of its own, on threads."""
    deployments = workers(request.getfixturevalue(f"{values_name}_manifests"))
    consumed: dict[str, list[str]] = {}
    for name, deployment in deployments.items():
        args = pod_spec(deployment)["containers"][0]["args"]
        for queue in args[args.index("--queues") + 1].split(","):
            consumed.setdefault(queue, []).append(name)
    assert set(consumed) == {queue.value for queue in Queue}
    # A receiver that never answers holds only the webhooks pool: no other pool takes that queue, and
    # that pool takes nothing else.
    (webhooks,) = consumed[Queue.WEBHOOKS]
    args = pod_spec(deployments[webhooks])["containers"][0]["args"]
    assert args[args.index("--queues") + 1] == "webhooks"
    assert args[args.index("--pool") + 1] == "threads"
    assert pod_spec(deployments[webhooks])["containers"][0]["image"].startswith(
        ("assay:", "registry.example.com/assay:")
    )


def test_a_pool_that_generates_may_not_stop_before_a_generation_task_can_end():
    """A generation task may run the generation limit + 90 s (moderation in place); a grace period
    that cuts it short hands the job back to run again, which a provider bills twice."""
    helm_python = pytest.importorskip("helm_python", reason=INSTALL_HINT)
    short = chart_values()
    api = next(pool for pool in short["workers"] if pool["name"] == "api")
    api["terminationGracePeriodSeconds"] = 180
    refusal = r"workers api: terminationGracePeriodSeconds 180 .*least 720"
    with pytest.raises(helm_python.HelmRenderError, match=refusal):
        render(short)
    # The limit follows the generation limit; the control pool generates nothing and may stop sooner.
    api["terminationGracePeriodSeconds"] = 420
    render(merge(short, {"config": {"env": {"ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS": "300"}}}))
    assert pod_spec(workers(render(chart_values()))["control"])["terminationGracePeriodSeconds"] == 90


def test_the_default_pools_and_where_the_gpu_runs(default_manifests):
    deployments = workers(default_manifests)
    assert set(deployments) == {"gpu", "api", "control", "webhooks"}
    gpu = pod_spec(deployments["gpu"])
    assert gpu["nodeSelector"] == {"nvidia.com/gpu.present": "true"}
    assert gpu["terminationGracePeriodSeconds"] == 720
    assert gpu["containers"][0]["image"].startswith("assay-worker:")
    assert pod_spec(deployments["control"])["containers"][0]["image"].startswith("assay:")


def test_gpu_pools_mount_the_models_read_only(gpu_heavy_manifests):
    for name, deployment in workers(gpu_heavy_manifests).items():
        spec = pod_spec(deployment)
        mounts = {m["name"]: m for m in spec["containers"][0]["volumeMounts"]}
        if name.startswith("gpu"):
            assert mounts["models"] == {"name": "models", "mountPath": "/models", "readOnly": True}
            volume = next(v for v in spec["volumes"] if v["name"] == "models")
            assert volume["persistentVolumeClaim"] == {"claimName": "assay-models", "readOnly": True}
        else:
            assert "models" not in mounts


def test_keda_scales_each_pool_on_its_queues(gpu_heavy_manifests):
    scaled = by_kind(gpu_heavy_manifests, "ScaledObject")
    assert set(scaled) == {f"assay-worker-{name}" for name in ("gpu-large", "gpu-small", "cpu")}
    deployments = by_kind(gpu_heavy_manifests, "Deployment")
    for name, obj in scaled.items():
        assert obj["spec"]["scaleTargetRef"]["name"] in deployments
        assert "replicas" not in deployments[name]["spec"]  # KEDA owns it
    cpu = scaled["assay-worker-cpu"]["spec"]
    assert [t["metadata"]["listName"] for t in cpu["triggers"]] == ["control", "api"]
    assert {t["type"] for t in cpu["triggers"]} == {"redis"}
    assert scaled["assay-worker-gpu-small"]["spec"]["minReplicaCount"] == 0
    assert by_kind(gpu_heavy_manifests, "HorizontalPodAutoscaler").keys() == {"assay-web"}


def test_without_keda_an_autoscaled_pool_gets_an_hpa():
    values = chart_values()
    values["workers"][0]["autoscaling"]["enabled"] = True
    hpas = by_kind(render(values), "HorizontalPodAutoscaler")
    assert set(hpas) == {"assay-worker-gpu"}
    values["keda"] = merge(values["keda"], {"enabled": True, "broker": "rabbitmq"})
    manifests = render(values)
    assert by_kind(manifests, "HorizontalPodAutoscaler") == {}
    trigger = by_kind(manifests, "ScaledObject")["assay-worker-gpu"]["spec"]["triggers"][0]
    assert trigger["type"] == "rabbitmq"
    assert trigger["metadata"]["queueName"] == "gpu"


def test_web_beat_and_migrations(default_manifests):
    deployments = by_kind(default_manifests, "Deployment")
    web = pod_spec(deployments["assay-web"])["containers"][0]
    assert web["args"][:4] == ["assay", "web", "--bind", "0.0.0.0:8000"]
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert by_kind(default_manifests, "Service")["assay-web"]["spec"]["ports"][0]["port"] == 8000

    beat = deployments["assay-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert pod_spec(beat)["containers"][0]["args"] == ["assay", "beat"]

    job = by_kind(default_manifests, "Job")["assay-migrate"]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    script = " ".join(pod_spec(job)["containers"][0]["args"])
    assert "assay migrate --no-input" in script
    assert "assay model ensure-shipped" in script
    # Nothing else migrates: no container of a Deployment runs `migrate`.
    for deployment in deployments.values():
        assert all("migrate" not in c.get("args", []) for c in containers(deployment))


def test_config_and_secrets_reach_every_container_and_roll_the_pods():
    values = chart_values(
        {
            "secrets": {"env": {"SECRET_KEY": "s" * 50, "DATABASE_URL": "postgres://db/assay"}},
            "keyFiles": {"files": {"c2pa-chain.pem": "chain", "c2pa-key.pem": "key"}},
        }
    )
    manifests = render(values)
    config = by_kind(manifests, "ConfigMap")["assay-config"]["data"]
    assert config["ASSAY_ENV"] == "production"
    assert config["ASSAY_C2PA_KEY_FILE"] == "/etc/assay/keys/c2pa-key.pem"
    assert "ASSAY_S3_BUCKET" not in config  # empty values keep the setting's default
    # The gpu pool moderates its own jobs: web and workers read the same ConfigMap.
    assert config["ASSAY_MODERATE_IN_PLACE_QUEUES"] == "gpu"
    assert set(by_kind(manifests, "Secret")) == {
        "assay-env",
        "assay-keys",
        "assay-migrate-env",
        "assay-migrate-keys",
    }
    for workload in workloads(manifests):
        for container in pod_spec(workload)["containers"]:
            refs = {next(iter(ref.values()))["name"] for ref in container["envFrom"]}
            if workload["kind"] == "Job":
                assert refs == {"assay-migrate-config", "assay-migrate-env"}
            else:
                assert refs == {"assay-config", "assay-env"}
            mounts = {m["name"]: m for m in container["volumeMounts"]}
            assert mounts["keys"]["readOnly"] is True
        if workload["kind"] == "Deployment":
            assert "checksum/config" in workload["spec"]["template"]["metadata"]["annotations"]
    changed = render(merge(values, {"config": {"env": {"LOG_LEVEL": "DEBUG"}}}))
    before = by_kind(manifests, "Deployment")["assay-web"]["spec"]["template"]["metadata"]["annotations"]
    after = by_kind(changed, "Deployment")["assay-web"]["spec"]["template"]["metadata"]["annotations"]
    assert before["checksum/config"] != after["checksum/config"]


def hook_annotations(manifest: dict[str, Any]) -> dict[str, str]:
    return {
        k: v for k, v in manifest["metadata"].get("annotations", {}).items() if k.startswith("helm.sh/hook")
    }


def job_references(job: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, name) of every object the Job's pod reads: ServiceAccount, ConfigMaps and Secrets."""
    spec = pod_spec(job)
    found = {("ServiceAccount", spec["serviceAccountName"])}
    for container in containers(job):
        for ref in container.get("envFrom", []):
            kind = "ConfigMap" if "configMapRef" in ref else "Secret"
            found.add((kind, next(iter(ref.values()))["name"]))
    for volume in spec["volumes"]:
        if "secret" in volume:
            found.add(("Secret", volume["secret"]["secretName"]))
        if "configMap" in volume:
            found.add(("ConfigMap", volume["configMap"]["name"]))
    return found


SETTINGS_KINDS = ("ConfigMap", "Secret", "ServiceAccount")
WITH_KEYS = {"keyFiles": {"files": {"c2pa-key.pem": "key"}}, "serviceAccount": {"annotations": {"a/b": "c"}}}


@pytest.mark.parametrize("migrations", [True, False])
def test_the_releases_settings_objects_are_ordinary_resources(migrations):
    """Not hooks: `helm rollback` restores them, `helm uninstall` deletes them, an upgrade changes them
    in place (never deleted and made again while pods start)."""
    manifests = render(chart_values(WITH_KEYS, {"migrations": {"enabled": migrations}}))
    ordinary = {(m["kind"], m["metadata"]["name"]) for m in manifests if not hook_annotations(m)}
    assert ordinary >= {
        ("ConfigMap", "assay-config"),
        ("Secret", "assay-env"),
        ("Secret", "assay-keys"),
        ("ServiceAccount", "assay"),
    }
    hooks = {(m["kind"], m["metadata"]["name"]) for m in manifests if hook_annotations(m)}
    if migrations:
        assert hooks == {
            ("Job", "assay-migrate"),
            ("ConfigMap", "assay-migrate-config"),
            ("Secret", "assay-migrate-env"),
            ("Secret", "assay-migrate-keys"),
            ("ServiceAccount", "assay-migrate"),
        }
    else:
        assert hooks == set()
    for workload in workloads(manifests):
        if workload["kind"] == "Deployment":
            assert pod_spec(workload)["serviceAccountName"] == "assay"


@pytest.mark.parametrize("values_name", ["default", "with_keys", "gpu_heavy"])
def test_the_migrations_job_reads_only_its_own_hook_copies(values_name, request):
    """On a first install the Job runs before any ordinary resource exists: whatever it reads is a hook
    made before it (lower weight), removed once the hooks succeeded, or an existing Secret."""
    if values_name == "gpu_heavy":
        values = gpu_heavy_values()
        manifests = request.getfixturevalue("gpu_heavy_manifests")
    else:
        values = chart_values(WITH_KEYS) if values_name == "with_keys" else chart_values()
        manifests = render(values)
    existing = {
        ("Secret", values["secrets"]["existingSecret"]),
        ("Secret", values["keyFiles"]["existingSecret"]),
    }
    objects = {(m["kind"], m["metadata"]["name"]): m for m in manifests}
    job = by_kind(manifests, "Job")["assay-migrate"]
    job_weight = int(job["metadata"]["annotations"]["helm.sh/hook-weight"])
    references = job_references(job)
    assert ("ConfigMap", "assay-migrate-config") in references
    for reference in references - existing:
        hook = hook_annotations(objects[reference])
        assert hook["helm.sh/hook"] == "pre-install,pre-upgrade", reference
        assert int(hook["helm.sh/hook-weight"]) < job_weight, reference
        assert set(hook["helm.sh/hook-delete-policy"].split(",")) == {
            "before-hook-creation",
            "hook-succeeded",
        }
        # A copy of a release object, under another name.
        kind, name = reference
        original = objects[(kind, name.replace("migrate-", "").removesuffix("-migrate"))]
        assert original["metadata"]["name"] != name
        assert original.get("data") == objects[reference].get("data"), reference
        assert hook_annotations(original) == {}


def test_existing_secrets_replace_the_charts(gpu_heavy_manifests):
    assert by_kind(gpu_heavy_manifests, "Secret") == {}
    web = pod_spec(by_kind(gpu_heavy_manifests, "Deployment")["assay-web"])
    assert {"name": "keys", "secret": {"secretName": "assay-keys", "defaultMode": 0o440}} in web["volumes"]
    assert {"secretRef": {"name": "assay-env"}} in web["containers"][0]["envFrom"]


@pytest.mark.parametrize("values_name", ["default", "gpu_heavy"])
def test_every_pod_runs_unprivileged_with_resource_requests(values_name, request):
    for workload in workloads(request.getfixturevalue(f"{values_name}_manifests")):
        spec = pod_spec(workload)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert spec["automountServiceAccountToken"] is False
        for container in containers(workload):
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"] == {"drop": ["ALL"]}
            assert container["resources"]["requests"]["cpu"]
            assert container["resources"]["requests"]["memory"]
        if workload["kind"] == "Deployment":
            mounts = {m["mountPath"] for m in spec["containers"][0]["volumeMounts"]}
            assert {"/tmp", "/var/lib/assay"} <= mounts  # noqa: S108 - paths in the pod


def test_network_policies(gpu_heavy_manifests):
    policies = by_kind(gpu_heavy_manifests, "NetworkPolicy")
    web = policies["assay-web"]["spec"]["ingress"][0]
    assert web["ports"] == [{"port": "http", "protocol": "TCP"}]
    egress = policies["assay-egress"]["spec"]
    assert egress["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in egress  # beat and the Job take no connections
    targets = [
        (rule["to"][0].get("ipBlock", {}).get("cidr"), rule["ports"][0]["port"]) for rule in egress["egress"]
    ]
    assert targets[0] == (None, 53)
    # NodeLocal DNSCache answers on the node's network, which no namespaceSelector matches.
    assert egress["egress"][0]["to"][1] == {"ipBlock": {"cidr": "169.254.20.10/32"}}
    assert {"port": 53, "protocol": "UDP"} in egress["egress"][0]["ports"]
    assert ("10.20.0.0/16", 5432) in targets
    assert ("10.30.0.0/16", 6379) in targets


PRIVATE_RANGES = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"}


@pytest.mark.parametrize("values_name", ["default_manifests", "gpu_heavy_manifests"])
def test_no_egress_rule_opens_private_https(values_name, request):
    """Egress rules add up: one rule to any address on 443 would undo the `apis` rule's private ranges
    and open every internal HTTPS service (a cloud's private API server endpoint, say)."""
    egress = by_kind(request.getfixturevalue(values_name), "NetworkPolicy")["assay-egress"]["spec"]["egress"]
    https = [rule for rule in egress if {"port": 443, "protocol": "TCP"} in rule["ports"]]
    assert len(https) >= 2  # the object store's and the APIs'
    for rule in https:
        block = rule["to"][0]["ipBlock"]
        assert block["cidr"] != "0.0.0.0/0" or set(block.get("except", [])) >= PRIVATE_RANGES, rule


def test_allowed_hosts_include_the_ingress_hosts_and_the_pod(gpu_heavy_manifests):
    web = pod_spec(by_kind(gpu_heavy_manifests, "Deployment")["assay-web"])["containers"][0]
    env = [e["name"] for e in web["env"]]
    assert env.index("POD_IP") < env.index("ALLOWED_HOSTS")  # $(POD_IP) expands only then
    hosts = next(e["value"] for e in web["env"] if e["name"] == "ALLOWED_HOSTS").split(",")
    assert hosts[0] == "assay.example.com"
    assert "$(POD_IP)" in hosts
    assert "[$(POD_IP)]" in hosts  # an IPv6 Host header, as Django matches it


def test_behind_the_ingress_the_client_address_is_the_controllers_last_forwarded_entry(
    gpu_heavy_manifests, default_manifests
):
    """Counted as 0 proxy hops, every request behind the Ingress comes from the controller's address,
    and 100 failed sign-ins from anyone would lock every member out of the console."""
    config = by_kind(gpu_heavy_manifests, "ConfigMap")["assay-config"]["data"]
    assert config["ASSAY_TRUSTED_PROXY_HOPS"] == "1"
    assert "ASSAY_TRUSTED_PROXY_HOPS" not in by_kind(default_manifests, "ConfigMap")["assay-config"]["data"]
    own = render(chart_values(gpu_heavy_values(), {"config": {"env": {"ASSAY_TRUSTED_PROXY_HOPS": "2"}}}))
    assert by_kind(own, "ConfigMap")["assay-config"]["data"]["ASSAY_TRUSTED_PROXY_HOPS"] == "2"


def tmp_size(workload: dict[str, Any]) -> str:
    return next(v for v in pod_spec(workload)["volumes"] if v["name"] == "tmp")["emptyDir"]["sizeLimit"]


def test_the_webs_tmp_holds_many_spooled_request_bodies(default_manifests):
    """Bodies over 2.5 MB (up to 50 MB) wait in /tmp while a sync request waits for its images."""
    deployments = by_kind(default_manifests, "Deployment")
    assert tmp_size(deployments["assay-web"]) == "4Gi"
    assert {tmp_size(d) for d in workers(default_manifests).values()} == {"1Gi"}


def test_the_webs_grace_period_covers_the_prestop_pause_and_gunicorns_graceful_timeout(default_manifests):
    web = pod_spec(by_kind(default_manifests, "Deployment")["assay-web"])
    pause = int(web["containers"][0]["lifecycle"]["preStop"]["exec"]["command"][1])
    assert web["terminationGracePeriodSeconds"] > pause + 30
    helm_python = pytest.importorskip("helm_python", reason=INSTALL_HINT)
    with pytest.raises(helm_python.HelmRenderError, match=r"must exceed web\.preStopSleepSeconds"):
        render(chart_values({"web": {"terminationGracePeriodSeconds": 35}}))


# -- the Kubernetes schemas -------------------------------------------------------------------------


@pytest.mark.parametrize("values_name", ["default", "gpu_heavy"])
def test_manifests_are_valid_kubernetes_objects(values_name, request):
    kubernetes_validate = pytest.importorskip("kubernetes_validate", reason=INSTALL_HINT)
    manifests = request.getfixturevalue(f"{values_name}_manifests")
    for manifest in manifests:
        if manifest["kind"] in CRD_KINDS:
            continue
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
    assert {m["kind"] for m in manifests} >= {
        "ConfigMap",
        "Deployment",
        "Job",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "Service",
        "ServiceAccount",
    }


def test_kubernetes_validate_catches_a_wrong_manifest(default_manifests):
    """The check above can fail: a misspelt field is refused in strict mode."""
    kubernetes_validate = pytest.importorskip("kubernetes_validate", reason=INSTALL_HINT)
    deployment = yaml.safe_load(yaml.safe_dump(by_kind(default_manifests, "Deployment")["assay-web"]))
    deployment["spec"]["template"]["spec"]["containers"][0]["resource"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)

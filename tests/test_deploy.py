"""deploy/ must agree with the code: env var names, ports, paths, names, Redis durability."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from her2bot.config import ENV_VARS, Settings, load_settings
from her2bot.webhook import HEALTH_PATH
from tests.redis_server import DURABILITY_ARGS

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
KUBE = DEPLOY / "kubernetes"
SECRET_NAMES = {"TELEGRAM_BOT_TOKEN", "HER2BOT_WEBHOOK_SECRET", "HER2BOT_SECRET_KEY"}


def settings_env_names() -> set[str]:
    return set(ENV_VARS)


def kube(kind: str, name: str | None = None) -> dict[str, Any]:
    found = [
        doc for path in sorted(KUBE.glob("*.yaml"))
        for doc in yaml.safe_load_all(path.read_text())
        if doc and doc.get("kind") == kind and (name is None or doc["metadata"]["name"] == name)
    ]
    assert len(found) == 1, f"expected one {kind} {name or ''} in deploy/kubernetes, got {found}"
    return found[0]


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def dockerfile_env() -> dict[str, str]:
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    final_stage = text.rsplit("\nFROM ", 1)[1]
    env: dict[str, str] = {}
    for line in final_stage.splitlines():
        if line.startswith("ENV "):
            env.update(pair.split("=", 1) for pair in line[4:].split())
    return env


def env_file(path: Path) -> dict[str, str]:
    pairs = (
        line.split("=", 1) for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    return {key: value for key, value in pairs}


def systemd_unit() -> dict[str, list[str]]:
    options: dict[str, list[str]] = {}
    for line in (DEPLOY / "systemd/her2bot.service").read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            options.setdefault(key, []).append(value)
    return options


def systemd_env() -> dict[str, str]:
    return dict(item.split("=", 1) for item in systemd_unit()["Environment"])


def listen_port(listen: str) -> int:
    return int(listen.rpartition(":")[2])


def bot_container() -> dict[str, Any]:
    containers = kube("Deployment", "her2bot")["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    container: dict[str, Any] = containers[0]
    return container


# --- environment variable names -------------------------------------------------------------

def test_config_reads_the_documented_environment_variables() -> None:
    assert {"TELEGRAM_BOT_TOKEN", "HER2BOT_MODE", "HER2BOT_STORE", "HER2BOT_WEBHOOK_URL",
            "HER2BOT_WEBHOOK_LISTEN", "HER2BOT_WEBHOOK_SECRET",
            "HER2BOT_SECRET_KEY"} <= settings_env_names()


@pytest.mark.parametrize("where, names", [
    ("kubernetes ConfigMap", lambda: kube("ConfigMap", "her2bot-config")["data"]),
    ("kubernetes Secret", lambda: kube("Secret", "her2bot-secrets")["stringData"]),
    ("compose bot environment", lambda: compose()["services"]["bot"]["environment"]),
    ("Dockerfile ENV", lambda: {k for k in dockerfile_env() if k.startswith("HER2BOT_")}),
    ("systemd Environment=", systemd_env),
    ("systemd env file example", lambda: env_file(DEPLOY / "systemd/her2bot.env.example")),
    ("compose .env example", lambda: env_file(DEPLOY / ".env.example")),
])
def test_every_variable_deploy_sets_is_one_the_code_reads(where: str, names: Any) -> None:
    unknown = set(names()) - settings_env_names()
    assert not unknown, f"{where} sets variables her2bot never reads: {sorted(unknown)}"


@pytest.mark.parametrize("where, names", [
    ("kubernetes ConfigMap", lambda: kube("ConfigMap", "her2bot-config")["data"]),
    ("compose bot environment", lambda: compose()["services"]["bot"]["environment"]),
    ("systemd env file example", lambda: env_file(DEPLOY / "systemd/her2bot.env.example")),
    ("compose .env example", lambda: env_file(DEPLOY / ".env.example")),
])
def test_the_numbers_urgent_replies_show_can_be_set_in_every_deployment(
    where: str, names: Any
) -> None:
    wanted = {"HER2BOT_EMERGENCY_NUMBER", "HER2BOT_POISON_CONTROL_NUMBER"}
    assert wanted <= settings_env_names()
    assert wanted <= set(names()), f"{where} lacks {sorted(wanted - set(names()))}"


def test_secrets_are_in_the_secret_and_nowhere_in_plain_config() -> None:
    assert set(kube("Secret", "her2bot-secrets")["stringData"]) == SECRET_NAMES
    assert not SECRET_NAMES & set(kube("ConfigMap", "her2bot-config")["data"])
    assert not SECRET_NAMES & set(dockerfile_env())
    assert not SECRET_NAMES & set(systemd_env())
    for name in SECRET_NAMES:
        # compose takes secrets from the operator's environment, and insists on them.
        assert compose()["services"]["bot"]["environment"][name].startswith(f"${{{name}:?")


def test_the_deployment_takes_its_environment_from_the_configmap_and_secret() -> None:
    refs = bot_container()["envFrom"]
    assert {"configMapRef": {"name": "her2bot-config"}} in refs
    assert {"secretRef": {"name": "her2bot-secrets"}} in refs


# --- webhook mode: ports, paths, probes ------------------------------------------------------

def test_kubernetes_ports_agree_from_ingress_to_container() -> None:
    config = kube("ConfigMap", "her2bot-config")["data"]
    assert config["HER2BOT_MODE"] == "webhook"
    container = bot_container()
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports["http"] == listen_port(config["HER2BOT_WEBHOOK_LISTEN"])

    service = kube("Service", "her2bot")
    (service_port,) = service["spec"]["ports"]
    assert service_port["targetPort"] == "http"

    ingress = kube("Ingress", "her2bot")
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] == service_port["name"]

    url = urlsplit(config["HER2BOT_WEBHOOK_URL"])
    assert url.scheme == "https"  # Telegram posts only to HTTPS
    assert rule["host"] == url.hostname
    assert path["path"] == url.path  # the bot serves the URL's own path, unchanged
    assert url.hostname in ingress["spec"]["tls"][0]["hosts"]


def test_probes_ask_the_health_endpoint_on_the_webhook_port() -> None:
    container = bot_container()
    port_names = {port["name"] for port in container["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == HEALTH_PATH
        assert get["port"] in port_names


def test_service_and_deployment_select_the_bot_pods() -> None:
    deployment = kube("Deployment", "her2bot")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert kube("Service", "her2bot")["spec"]["selector"].items() <= labels.items()
    assert kube("PodDisruptionBudget", "her2bot")["spec"]["selector"]["matchLabels"].items() \
        <= labels.items()


def test_several_replicas_and_an_autoscaler_for_the_deployment() -> None:
    deployment = kube("Deployment", "her2bot")
    hpa = kube("HorizontalPodAutoscaler", "her2bot")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "her2bot")
    assert deployment["spec"]["replicas"] >= 3
    assert 2 <= hpa["spec"]["minReplicas"] <= deployment["spec"]["replicas"]
    assert hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]


def test_the_bot_pod_runs_unprivileged() -> None:
    pod = kube("Deployment", "her2bot")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    container = bot_container()["securityContext"]
    assert container["allowPrivilegeEscalation"] is False
    assert container["readOnlyRootFilesystem"] is True
    assert container["capabilities"]["drop"] == ["ALL"]


def test_kustomization_lists_every_manifest() -> None:
    listed = set(yaml.safe_load((KUBE / "kustomization.yaml").read_text())["resources"])
    present = {path.name for path in KUBE.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


# --- Redis ----------------------------------------------------------------------------------

def _has_durability_flags(args: list[str]) -> bool:
    flags = list(DURABILITY_ARGS)
    return any(args[i:i + len(flags)] == flags for i in range(len(args)))


def test_redis_runs_with_the_durability_the_restart_tests_use() -> None:
    assert _has_durability_flags(compose()["services"]["redis"]["command"])
    statefulset = kube("StatefulSet", "her2bot-redis")
    (redis,) = statefulset["spec"]["template"]["spec"]["containers"]
    assert _has_durability_flags(redis["args"])
    mounts = {mount["mountPath"] for mount in redis["volumeMounts"]}
    assert "/data" in mounts  # where the official image keeps its append-only file
    assert statefulset["spec"]["volumeClaimTemplates"]


def test_the_bot_store_url_names_the_redis_service() -> None:
    store = urlsplit(kube("ConfigMap", "her2bot-config")["data"]["HER2BOT_STORE"])
    service = kube("Service", "her2bot-redis")
    assert store.scheme == "redis"
    assert store.hostname == service["metadata"]["name"]
    assert store.port == service["spec"]["ports"][0]["port"]

    services = compose()["services"]
    compose_store = urlsplit(services["bot"]["environment"]["HER2BOT_STORE"])
    assert compose_store.hostname in services
    assert services["bot"]["depends_on"]["redis"]["condition"] == "service_healthy"


# --- compose, Dockerfile, systemd -------------------------------------------------------------

def test_compose_publishes_the_port_the_bot_listens_on() -> None:
    bot = compose()["services"]["bot"]
    assert bot["environment"]["HER2BOT_MODE"] == "webhook"
    (published,) = bot["ports"]
    host_ip, _host_port, container_port = published.split(":")
    assert host_ip == "127.0.0.1"  # behind a TLS reverse proxy, never bare on the internet
    assert int(container_port) == listen_port(bot["environment"]["HER2BOT_WEBHOOK_LISTEN"])
    assert bot["build"]["dockerfile"] == "deploy/Dockerfile"


def test_the_image_is_slim_non_root_with_content_installed_and_a_health_check() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert all(line.split()[1].endswith("-slim")
               for line in text.splitlines() if line.startswith("FROM "))
    users = [line.split()[1] for line in text.splitlines() if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert "COPY content ./content" in text and "pip wheel" in text and "pip install" in text
    (healthcheck,) = [line for line in text.replace("\\\n", " ").splitlines()
                      if line.startswith("HEALTHCHECK ")]
    assert HEALTH_PATH in healthcheck
    env = dockerfile_env()
    exposed = [int(line.split()[1]) for line in text.splitlines() if line.startswith("EXPOSE ")]
    assert exposed == [listen_port(env["HER2BOT_WEBHOOK_LISTEN"])]
    assert env["HER2BOT_STORE"].startswith("sqlite:////data/")
    assert 'ENTRYPOINT ["her2bot"]' in text and 'CMD ["run"]' in text


def test_the_docker_build_context_holds_what_pip_install_needs() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    for needed in ("pyproject.toml", "README.md", "src/", "content/"):
        assert f"!{needed}" in ignore


def test_systemd_runs_polling_with_sqlite_in_its_state_directory_hardened() -> None:
    unit = systemd_unit()
    env = systemd_env()
    assert unit["ExecStart"][0].endswith("her2bot run")
    assert unit["User"][0] not in {"root", "0"}
    assert env["HER2BOT_MODE"] == "polling"
    state = f"/var/lib/{unit['StateDirectory'][0]}/"
    assert env["HER2BOT_STORE"] == f"sqlite:///{state}her2bot.db"
    assert unit["EnvironmentFile"][0].startswith("/etc/")
    for option, value in [("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                          ("ProtectHome", "yes"), ("PrivateTmp", "yes"),
                          ("CapabilityBoundingSet", "")]:
        assert unit[option] == [value], option


# --- the code accepts what deploy/ sets ---------------------------------------------------------

FAKE_SECRETS = {
    "TELEGRAM_BOT_TOKEN": "123456:TEST-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "HER2BOT_WEBHOOK_SECRET": "a-webhook-secret",
    "HER2BOT_SECRET_KEY": "a-secret-key-of-enough-length",
}


def test_kubernetes_configuration_loads_as_webhook_settings_on_redis() -> None:
    settings = load_settings({**kube("ConfigMap", "her2bot-config")["data"], **FAKE_SECRETS})
    assert settings.mode == "webhook"
    assert settings.store_url.startswith("redis://")
    assert settings.webhook_listen == ("0.0.0.0", bot_container()["ports"][0]["containerPort"])


def _compose_env() -> dict[str, str]:
    env = {}
    for name, value in compose()["services"]["bot"]["environment"].items():
        # ${NAME:?message} or ${NAME:-default}: what the operator's environment supplies.
        match = re.fullmatch(r"\$\{(\w+):[?-]([^}]*)\}", str(value))
        if match is None:
            env[name] = str(value)
        elif match.group(1) in FAKE_SECRETS:
            env[name] = FAKE_SECRETS[match.group(1)]
        elif name == "HER2BOT_WEBHOOK_URL":
            env[name] = env_file(DEPLOY / ".env.example")[name]
        else:
            env[name] = match.group(2)
    return env


def test_compose_configuration_loads_as_webhook_settings_on_redis() -> None:
    settings = load_settings(_compose_env())
    assert settings.mode == "webhook"
    assert settings.store_url == "redis://redis:6379/0"
    assert settings.log_level == "INFO"


def test_docker_image_defaults_load_with_only_the_secrets_added() -> None:
    env = {**dockerfile_env(), **FAKE_SECRETS,
           "HER2BOT_WEBHOOK_URL": "https://bot.example.org/telegram/webhook"}
    settings: Settings = load_settings(env)
    assert settings.mode == "webhook"
    assert settings.webhook_listen == ("0.0.0.0", 8080)


def test_systemd_configuration_loads_as_polling_on_sqlite() -> None:
    env = {**systemd_env(), "TELEGRAM_BOT_TOKEN": FAKE_SECRETS["TELEGRAM_BOT_TOKEN"],
           "HER2BOT_SECRET_KEY": FAKE_SECRETS["HER2BOT_SECRET_KEY"]}
    settings = load_settings(env)
    assert settings.mode == "polling"
    assert settings.store_url == "sqlite:////var/lib/her2bot/her2bot.db"

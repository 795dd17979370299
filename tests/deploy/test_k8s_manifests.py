"""Offline checks of deploy/k8s: every overlay renders with the real kustomize, built-in
objects are valid against the Kubernetes schemas, custom resources carry what we rely on, and
the objects refer to each other as intended. No cluster needed: kustomize is built into the
cache by deploy/local/setup.sh, like FerretDB."""

import copy
import functools
import re
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from pixlocal.config import cache_dir

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
DOC = ROOT / "docs" / "operations-k8s.md"
KUBERNETES_VERSION = "1.30.0"
KUSTOMIZE_VERSION = "5.7.1"  # the one deploy/local/setup.sh builds
KUSTOMIZE = cache_dir() / f"kustomize-{KUSTOMIZE_VERSION}" / "kustomize"
OVERLAYS = sorted(f"overlays/{d.name}" for d in (K8S / "overlays").iterdir() if (d / "kustomization.yaml").is_file())
TREES = ["base", *OVERLAYS]
SERVICES = ["identity", "assessment", "profile", "sharing", "certification"]
BUILTIN_KINDS = {"Namespace", "ConfigMap", "Service", "Deployment", "StatefulSet", "Job",
                 "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "NetworkPolicy"}
CUSTOM_KINDS = {"Kafka": "kafka.strimzi.io/v1beta2", "KafkaNodePool": "kafka.strimzi.io/v1beta2",
                "KafkaTopic": "kafka.strimzi.io/v1beta2", "ScaledObject": "keda.sh/v1alpha1"}
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "Job"}
SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE|SIGNING|_KEY$|_URI$")
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s]+:[^/@\s]*@")
LITERAL_PASSWORD_FLAG = re.compile(r"--password[ =](?![\"']?\$)")


@functools.cache
def _render(tree):
    if not KUSTOMIZE.is_file():
        pytest.fail(f"{KUSTOMIZE} is missing: run deploy/local/setup.sh (it builds kustomize {KUSTOMIZE_VERSION})")
    built = subprocess.run([str(KUSTOMIZE), "build", str(K8S / tree)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, f"kustomize build {tree}: {built.stderr}"
    return [o for o in yaml.safe_load_all(built.stdout) if o is not None]


def render(tree):
    return copy.deepcopy(_render(tree))


@pytest.fixture(params=TREES)
def objects(request):
    return render(request.param)


def of_kind(objects, kind):
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def one(objects, kind, name):
    return of_kind(objects, kind)[name]


def pods(objects):
    """(workload, pod template) for every object that runs pods."""
    return [(o, o["spec"]["template"]) for o in objects if o["kind"] in WORKLOAD_KINDS]


def containers(template):
    spec = template["spec"]
    return spec.get("initContainers", []) + spec["containers"]


def env(container):
    return {e["name"]: e for e in container.get("env", [])}


def selects(selector, labels):
    if "matchExpressions" in selector:
        raise NotImplementedError("matchExpressions")
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", selector).items())


def config(objects):
    return one(objects, "ConfigMap", "pix-config")["data"]


# Rendering


def test_the_renderer_is_the_pinned_kustomize():
    version = subprocess.run([str(KUSTOMIZE), "version"], capture_output=True, text=True, timeout=30)
    assert version.stdout.strip() == f"v{KUSTOMIZE_VERSION}", version.stdout + version.stderr


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_overlay_renders_every_object_of_the_base(overlay):
    names = {(o["kind"], o["metadata"]["name"]) for o in render(overlay)}
    missing = {(o["kind"], o["metadata"]["name"]) for o in render("base")} - names
    assert not missing, f"{overlay} drops {sorted(missing)}"
    assert len(OVERLAYS) >= 2  # local and production, found by listing deploy/k8s/overlays


# Schemas and kinds


def test_every_kind_is_checked_by_a_schema_or_by_this_file(objects):
    for o in objects:
        assert o["kind"] in BUILTIN_KINDS or CUSTOM_KINDS.get(o["kind"]) == o["apiVersion"], o["kind"]


def test_builtin_objects_match_the_kubernetes_schemas(objects):
    errors = []
    for o in objects:
        if o["kind"] in BUILTIN_KINDS:
            try:
                kubernetes_validate.validate(o, KUBERNETES_VERSION, strict=True)
            except kubernetes_validate.ValidationError as e:
                errors.append(f"{o['kind']}/{o['metadata']['name']}: {list(e.path)}: {e.message}")
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("breakage", [
    lambda d: d["spec"]["template"]["spec"]["containers"][0].update(readinesProbe={}),
    lambda d: d["spec"].update(replicas="three"),
    lambda d: d["spec"].pop("selector"),
])
def test_the_schema_check_rejects_a_broken_deployment(breakage):
    deployment = one(render("base"), "Deployment", "pix-identity-web")
    kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)
    breakage(deployment)
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_everything_lives_in_the_pix_namespace(objects):
    assert "pix" in of_kind(objects, "Namespace")
    for o in objects:
        if o["kind"] != "Namespace":
            assert o["metadata"]["namespace"] == "pix", o["metadata"]["name"]


# Cross-references


def test_services_select_pods_and_name_their_ports(objects):
    templates = [t for _, t in pods(objects)]
    for name, service in of_kind(objects, "Service").items():
        matched = [t for t in templates if selects(service["spec"]["selector"], t["metadata"]["labels"])]
        assert matched, f"Service {name} selects no pod"
        for port in service["spec"]["ports"]:
            for t in matched:
                names = {p["name"] for c in containers(t) for p in c.get("ports", [])}
                assert port["targetPort"] in names, (name, port)


def test_autoscalers_and_disruption_budgets_have_targets(objects):
    deployments = of_kind(objects, "Deployment")
    for name, hpa in of_kind(objects, "HorizontalPodAutoscaler").items():
        ref = hpa["spec"]["scaleTargetRef"]
        assert ref["kind"] == "Deployment" and ref["name"] in deployments, name
    templates = [t for _, t in pods(objects)]
    for name, pdb in of_kind(objects, "PodDisruptionBudget").items():
        assert any(selects(pdb["spec"]["selector"], t["metadata"]["labels"]) for t in templates), name


def test_scaled_workloads_leave_their_replica_count_to_the_scaler(objects):
    scaled = {h["spec"]["scaleTargetRef"]["name"] for h in of_kind(objects, "HorizontalPodAutoscaler").values()}
    keda = {s["spec"]["scaleTargetRef"]["name"] for s in of_kind(objects, "ScaledObject").values()}
    assert not scaled & keda, "one Deployment scaled twice"
    for name in scaled | keda:
        assert "replicas" not in one(objects, "Deployment", name)["spec"], name


def test_ingress_reaches_the_gateway(objects):
    ingress = one(objects, "Ingress", "pix")
    services = of_kind(objects, "Service")
    hosts = set()
    for rule in ingress["spec"]["rules"]:
        hosts.add(rule["host"])
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == "pix-gateway"
            assert backend["port"]["name"] in {p["name"] for p in services["pix-gateway"]["spec"]["ports"]}
    tls_hosts = {h for t in ingress["spec"].get("tls", []) for h in t["hosts"]}
    assert tls_hosts in (hosts, set())


def test_production_ingress_is_tls_only():
    ingress = one(render("overlays/production"), "Ingress", "pix")
    assert ingress["spec"]["tls"] == [{"hosts": ["pix.example.fr"], "secretName": "pix-tls"}]


# Containers


def test_http_probes_use_health_and_ready_on_declared_ports(objects):
    for workload, template in pods(objects):
        for c in containers(template):
            ports = {p["name"] for p in c.get("ports", [])}
            for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
                probe = c.get(kind, {})
                if "httpGet" in probe:
                    assert probe["httpGet"]["path"] in ("/health", "/ready"), (workload["metadata"]["name"], kind)
                    assert probe["httpGet"]["port"] in ports
            if c["name"] == "web":
                assert c["livenessProbe"]["httpGet"]["path"] == "/health"
                assert c["readinessProbe"]["httpGet"]["path"] == "/ready"
            if c["name"] == "mongo":
                assert "livenessProbe" in c and "readinessProbe" in c


def test_containers_have_resources_and_run_hardened(objects):
    for workload, template in pods(objects):
        pod_security = template["spec"]["securityContext"]
        assert pod_security["runAsNonRoot"] is True
        assert pod_security["seccompProfile"] == {"type": "RuntimeDefault"}
        assert template["spec"]["automountServiceAccountToken"] is False
        for c in containers(template):
            where = f"{workload['metadata']['name']}/{c['name']}"
            requests, limits = c["resources"]["requests"], c["resources"]["limits"]
            assert {"cpu", "memory"} <= requests.keys() and "memory" in limits, where
            security = c["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["capabilities"] == {"drop": ["ALL"]}, where


def strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def test_no_secret_value_is_written_in_the_manifests(objects):
    assert not of_kind(objects, "Secret")
    for text in strings(objects):
        assert not CREDENTIALS_IN_URL.search(text) and "-----BEGIN" not in text, text
        assert not LITERAL_PASSWORD_FLAG.search(text), text
    for _, template in pods(objects):
        for c in containers(template):
            for name, var in env(c).items():
                if SECRET_NAME.search(name):
                    assert "secretKeyRef" in var.get("valueFrom", {}), f"{name} must come from a Secret"


def test_every_referenced_secret_is_documented(objects):
    doc = DOC.read_text()
    refs = set()
    for _, template in pods(objects):
        for c in containers(template):
            refs |= {(v["valueFrom"]["secretKeyRef"]["name"], v["valueFrom"]["secretKeyRef"]["key"])
                     for v in env(c).values() if "secretKeyRef" in v.get("valueFrom", {})}
        refs |= {(v["secret"]["secretName"], i["key"]) for v in template["spec"].get("volumes", [])
                 if "secret" in v for i in v["secret"]["items"]}
    refs |= {(t["secretName"], "tls.crt") for i in of_kind(objects, "Ingress").values()
             for t in i["spec"].get("tls", [])}
    assert refs
    for name, key in refs:
        assert f"`{name}`" in doc and f"`{key}`" in doc, (name, key)


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_runs_a_web_and_a_worker_process(service):
    objects = render("base")
    web = one(objects, "Deployment", f"pix-{service}-web")["spec"]["template"]
    worker = one(objects, "Deployment", f"pix-{service}-worker")["spec"]["template"]
    (web_c,), (worker_c,) = web["spec"]["containers"], worker["spec"]["containers"]
    assert web_c["image"] == worker_c["image"] == f"pix/{service}:latest"
    app = f"pix_{service}.entrypoints.http:create_app()"
    assert web_c["command"] == ["gunicorn", "-c", "/app/gunicorn.conf.py", app]
    assert {"name": "http", "containerPort": 8000} in web_c["ports"]
    assert worker_c["command"] == ["python", "-m", f"pix_{service}.entrypoints.worker"]
    for c in (web_c, worker_c):
        assert c["envFrom"] == [{"configMapRef": {"name": "pix-config"}}]
        assert env(c)["PIX_MONGO_URI"]["valueFrom"]["secretKeyRef"]["name"] == "pix-mongo"
    metrics_dir = env(web_c)["PROMETHEUS_MULTIPROC_DIR"]["value"]
    mount = next(m for m in web_c["volumeMounts"] if m["mountPath"] == metrics_dir)
    assert {"name": mount["name"], "emptyDir": {}} in web["spec"]["volumes"]
    assert "PIX_KAFKA_BOOTSTRAP" in config(objects)


def test_gunicorn_binds_the_container_port_and_services_find_each_other(objects):
    settings = config(objects)
    host, _, port = settings["PIX_BIND"].rpartition(":")
    assert host == "0.0.0.0"
    for _, template in pods(objects):
        for c in containers(template):
            if c["name"] == "web":
                assert {"name": "http", "containerPort": int(port)} in c["ports"]
    urls = dict(pair.split("=", 1) for pair in settings["PIX_SERVICE_URLS"].split(","))
    assert set(urls) == set(SERVICES)
    services = of_kind(objects, "Service")
    for service, url in urls.items():
        assert url == f"http://pix-{service}"
        assert {"name": "http", "port": 80, "targetPort": "http"} in services[f"pix-{service}"]["spec"]["ports"]


# Kafka (Strimzi custom resources)


def brokers(objects):
    pools = of_kind(objects, "KafkaNodePool").values()
    return sum(p["spec"]["replicas"] for p in pools if "broker" in p["spec"]["roles"])


def test_kafka_runs_in_kraft_mode_behind_the_bootstrap_in_the_config(objects):
    (name, kafka), = of_kind(objects, "Kafka").items()
    assert kafka["metadata"]["annotations"] == {"strimzi.io/node-pools": "enabled", "strimzi.io/kraft": "enabled"}
    assert kafka["spec"]["kafka"]["version"].startswith("4.")
    assert "zookeeper" not in kafka["spec"]
    assert "topicOperator" in kafka["spec"]["entityOperator"]
    roles = set()
    for pool in of_kind(objects, "KafkaNodePool").values():
        assert pool["metadata"]["labels"]["strimzi.io/cluster"] == name
        assert pool["spec"]["replicas"] > 0 and pool["spec"]["storage"]["volumes"]
        roles |= set(pool["spec"]["roles"])
    assert roles == {"controller", "broker"}
    (listener,) = [ln for ln in kafka["spec"]["kafka"]["listeners"] if ln["type"] == "internal"]
    assert config(objects)["PIX_KAFKA_BOOTSTRAP"] == f"{name}-kafka-bootstrap:{listener['port']}"


def test_kafka_replication_fits_the_brokers(objects):
    settings = one(objects, "Kafka", "pix")["spec"]["kafka"]["config"]
    count = brokers(objects)
    assert settings["auto.create.topics.enable"] is False
    for key in ("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor"):
        assert settings[key] == min(count, 3), key
    # One broker may be down while acks=all writes still succeed.
    assert settings["min.insync.replicas"] == max(1, min(count, 3) - 1)
    for topic in of_kind(objects, "KafkaTopic").values():
        assert 0 < topic["spec"]["replicas"] <= count


def test_topics_are_the_ones_the_design_names(objects):
    topics = of_kind(objects, "KafkaTopic")
    expected = ({f"pix.{s}.events" for s in SERVICES} | {f"pix.{s}.dlq" for s in SERVICES}
                | {"pix.identity.people"})
    assert set(topics) == expected
    for name, topic in topics.items():
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == "pix"
        assert topic["spec"]["partitions"] > 0
        settings = topic["spec"]["config"]
        if name.endswith(".events"):
            assert settings["retention.ms"] == -1
            assert topic["spec"]["partitions"] == (24 if name == "pix.assessment.events" else 12)
        if name.endswith(".dlq"):
            assert settings["retention.ms"] == 30 * 24 * 3600 * 1000


def test_personal_data_topic_is_compacted_within_a_bounded_delay(objects):
    settings = one(objects, "KafkaTopic", "pix.identity.people")["spec"]["config"]
    assert settings["cleanup.policy"] == "compact"
    assert "retention.ms" not in settings
    assert settings["min.compaction.lag.ms"] <= settings["max.compaction.lag.ms"]
    # Compaction never touches the active segment, so it must roll within the bound.
    assert settings["segment.ms"] <= settings["max.compaction.lag.ms"]
    assert 0 < settings["delete.retention.ms"]
    hours = settings["max.compaction.lag.ms"] // 3_600_000
    assert f"within {hours} h" in DOC.read_text(), "the erasure delay in the docs must follow the settings"


# KEDA


def test_scaled_objects_follow_the_lag_of_their_worker(objects):
    topics = of_kind(objects, "KafkaTopic")
    scaled = of_kind(objects, "ScaledObject")
    assert {"pix-assessment-worker", "pix-profile-worker"} <= set(scaled)
    for name, so in scaled.items():
        worker = one(objects, "Deployment", so["spec"]["scaleTargetRef"]["name"])
        (container,) = worker["spec"]["template"]["spec"]["containers"]
        module = container["command"][-1]
        assert container["command"][:2] == ["python", "-m"] and module.endswith(".entrypoints.worker"), name
        assert 1 <= so["spec"]["minReplicaCount"] <= so["spec"]["maxReplicaCount"]
        (trigger,) = so["spec"]["triggers"]
        meta = trigger["metadata"]
        assert trigger["type"] == "kafka"
        assert meta["bootstrapServers"] == config(objects)["PIX_KAFKA_BOOTSTRAP"]
        # pixkit names a group <service>.<subscription>; the subscription is named
        # after the context whose events it reads.
        service, source = module.split(".")[0].removeprefix("pix_"), meta["topic"].split(".")[1]
        assert meta["consumerGroup"] == f"{service}.{source}", name
        assert int(meta["lagThreshold"]) > 0 and meta["allowIdleConsumers"] == "false"
        # Consumers beyond the partition count would sit idle.
        assert so["spec"]["maxReplicaCount"] <= topics[meta["topic"]]["spec"]["partitions"], name


def test_assessment_autoscaling_sizes():
    for tree, low, high in (("base", 3, 60), ("overlays/production", 6, 120)):
        hpa = one(render(tree), "HorizontalPodAutoscaler", "pix-assessment-web")["spec"]
        assert (hpa["minReplicas"], hpa["maxReplicas"]) == (low, high), tree
        (metric,) = hpa["metrics"]
        assert metric["resource"]["name"] == "cpu" and metric["resource"]["target"]["averageUtilization"] == 60


# Network


def peer_admits(peer, namespace, labels):
    if "ipBlock" in peer:
        return True
    ok = True
    if "namespaceSelector" in peer:
        ok = selects(peer["namespaceSelector"], {"kubernetes.io/metadata.name": namespace})
    else:
        ok = namespace == "pix"
    return ok and selects(peer.get("podSelector", {}), labels)


def admitted(objects, target, port, namespace, labels):
    for policy in of_kind(objects, "NetworkPolicy").values():
        if selects(policy["spec"]["podSelector"], target):
            for rule in policy["spec"].get("ingress", []):
                ports = [p["port"] for p in rule.get("ports", [])] or [port]
                if port in ports and any(peer_admits(p, namespace, labels) for p in rule["from"]):
                    return True
    return False


def pod_labels(objects, kind, name):
    return one(objects, kind, name)["spec"]["template"]["metadata"]["labels"]


def test_network_policies_deny_by_default_and_open_only_named_paths(objects):
    deny = one(objects, "NetworkPolicy", "default-deny-ingress")["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress"]}
    for policy in of_kind(objects, "NetworkPolicy").values():
        for rule in policy["spec"].get("ingress", []):
            assert rule.get("from") and not any("ipBlock" in p for p in rule["from"])
        assert any(selects(policy["spec"]["podSelector"], t["metadata"]["labels"]) for _, t in pods(objects))

    gateway = pod_labels(objects, "Deployment", "pix-gateway")
    mongo = pod_labels(objects, "StatefulSet", "pix-mongo")
    stranger = {"app.kubernetes.io/name": "stranger"}
    assert admitted(objects, gateway, "http", "ingress-nginx", {})
    assert not admitted(objects, gateway, "http", "pix", stranger)
    for service in SERVICES:
        web = pod_labels(objects, "Deployment", f"pix-{service}-web")
        worker = pod_labels(objects, "Deployment", f"pix-{service}-worker")
        assert admitted(objects, web, "http", "pix", gateway)
        assert admitted(objects, web, "http", "monitoring", {})
        assert not admitted(objects, web, "http", "ingress-nginx", {})
        assert not admitted(objects, web, "http", "pix", stranger)
        assert not admitted(objects, worker, "http", "pix", gateway)
        # Only identity is called by other services, for its token keys.
        caller = "pix-sharing-worker" if service == "profile" else "pix-profile-worker"
        other = pod_labels(objects, "Deployment", caller)
        assert admitted(objects, web, "http", "pix", other) == (service == "identity")
        for pod in (web, worker):
            assert admitted(objects, mongo, "mongo", "pix", pod)
    assert not admitted(objects, mongo, "mongo", "pix", gateway)
    assert not admitted(objects, mongo, "mongo", "monitoring", {})


def test_kafka_listener_admits_the_services_and_keda_only(objects):
    (listener,) = one(objects, "Kafka", "pix")["spec"]["kafka"]["listeners"]
    peers = listener["networkPolicyPeers"]
    for service in SERVICES:
        for process in ("web", "worker"):
            labels = pod_labels(objects, "Deployment", f"pix-{service}-{process}")
            assert any(peer_admits(p, "pix", labels) for p in peers)
    assert any(peer_admits(p, "keda", {}) for p in peers)
    for labels in (pod_labels(objects, "Deployment", "pix-gateway"), pod_labels(objects, "StatefulSet", "pix-mongo")):
        assert not any(peer_admits(p, "pix", labels) for p in peers)
    assert not any(peer_admits(p, "ingress-nginx", {}) for p in peers)


# MongoDB


def test_mongo_is_a_replica_set_initiated_with_every_member(objects):
    mongo = one(objects, "StatefulSet", "pix-mongo")
    headless = one(objects, "Service", mongo["spec"]["serviceName"])
    assert headless["spec"]["clusterIP"] == "None"
    (container,) = mongo["spec"]["template"]["spec"]["containers"]
    assert container["image"] == "mongo:7"
    args = container["args"]
    assert args[args.index("--replSet") + 1] == "rs0"
    job = one(objects, "Job", "pix-mongo-init")["spec"]["template"]["spec"]["containers"][0]
    assert int(env(job)["MONGO_MEMBERS"]["value"]) == mongo["spec"]["replicas"]
    assert "rs.initiate({_id: 'rs0'" in job["args"][0]


# Overlays


def test_local_overlay_is_one_of_everything():
    objects = render("overlays/local")
    assert brokers(objects) == 1
    assert one(objects, "StatefulSet", "pix-mongo")["spec"]["replicas"] == 1
    for d in of_kind(objects, "Deployment").values():
        assert d["spec"].get("replicas", 1) == 1, d["metadata"]["name"]
    for hpa in of_kind(objects, "HorizontalPodAutoscaler").values():
        assert hpa["spec"]["minReplicas"] == 1


def test_production_overlay_is_bigger_than_the_base():
    base, production = render("base"), render("overlays/production")

    def cpu(objects, kind, name):
        (c,) = one(objects, kind, name)["spec"]["template"]["spec"]["containers"]
        value = c["resources"]["requests"]["cpu"]
        return float(value[:-1]) / 1000 if value.endswith("m") else float(value)

    for kind, name in (("Deployment", "pix-assessment-web"), ("Deployment", "pix-gateway"),
                       ("Deployment", "pix-profile-worker"), ("StatefulSet", "pix-mongo")):
        assert cpu(production, kind, name) > cpu(base, kind, name), name
    assert brokers(production) >= 3


# The gateway's edge (docs/adr/0007-gateway-edge.md)


def gateway_container(objects):
    (c,) = one(objects, "Deployment", "pix-gateway")["spec"]["template"]["spec"]["containers"]
    return c


def test_the_gateway_serves_metrics_and_readiness_on_an_internal_port_only(objects):
    c = gateway_container(objects)
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert set(ports) == {"http", "internal"} and ports["http"] != ports["internal"]
    host, _, port = env(c)["PIX_INTERNAL_BIND"]["value"].rpartition(":")
    assert host == "0.0.0.0" and int(port) == ports["internal"]
    assert c["livenessProbe"]["httpGet"]["port"] == c["readinessProbe"]["httpGet"]["port"] == "internal"
    annotations = one(objects, "Deployment", "pix-gateway")["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true" and annotations["prometheus.io/path"] == "/metrics"
    assert int(annotations["prometheus.io/port"]) == ports["internal"]
    # Nothing routes the outside to the internal port: the Service and the Ingress name http only.
    assert [p["targetPort"] for p in one(objects, "Service", "pix-gateway")["spec"]["ports"]] == ["http"]
    for rule in one(objects, "Ingress", "pix")["spec"]["rules"]:
        assert [p["backend"]["service"]["port"] for p in rule["http"]["paths"]] == [{"name": "http"}]
    gateway = pod_labels(objects, "Deployment", "pix-gateway")
    assert admitted(objects, gateway, "http", "ingress-nginx", {})
    assert not admitted(objects, gateway, "internal", "ingress-nginx", {})
    assert admitted(objects, gateway, "internal", "monitoring", {})
    assert not admitted(objects, gateway, "http", "monitoring", {})


def test_services_trust_forwarded_for_from_a_configured_set_and_the_gateway_from_none(objects):
    import ipaddress

    trusted = [ipaddress.ip_network(n.strip()) for n in config(objects)["PIX_TRUSTED_PROXIES"].split(",")]
    assert trusted and all(not n.is_global for n in trusted)  # the cluster's own network, never the internet
    assert env(gateway_container(objects))["PIX_TRUSTED_PROXIES"]["value"] == ""
    stranger = {"app.kubernetes.io/name": "stranger", "pix/tier": "job"}
    for service in SERVICES:
        web = pod_labels(objects, "Deployment", f"pix-{service}-web")
        assert not admitted(objects, web, "http", "pix", stranger)
        assert not admitted(objects, web, "http", "ingress-nginx", {})
        assert not admitted(objects, web, "http", "default", {})


def test_production_ingress_forces_https_without_snippet_annotations():
    annotations = one(render("overlays/production"), "Ingress", "pix")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"] == "true"
    # Snippets are refused at admission by default controllers: HSTS comes from the gateway
    # (and the controller's own hsts settings), never from a snippet that could block a deploy.
    assert not any(name.endswith("-snippet") for name in annotations)

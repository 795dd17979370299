"""catalog.yaml, pix_contracts, the topic list and asyncapi.yaml tell the same story."""

import re

from pix_contracts import registry, topics
from pix_contracts.topics import SERVICES

from .contract_support import CONTRACTS, load_json, resolve


def test_catalog_lists_exactly_the_python_event_schemas(catalog):
    listed = {(name, version) for name, entry in catalog["events"].items() for version in entry["versions"]}
    assert listed == set(registry.EVENT_SCHEMAS)


def test_catalog_entries_are_consistent(catalog):
    for name, entry in catalog["events"].items():
        assert entry["producer"] in SERVICES, name
        assert set(entry["consumers"]) <= set(SERVICES), name
        assert entry["topic"] == f"pix.{entry['producer']}.events", name
        assert entry["topic"] in catalog["topics"], name
        for version, files in entry["versions"].items():
            assert files["schema"] == f"events/{name}.v{version}.json", name
            assert (CONTRACTS / files["schema"]).is_file(), files["schema"]
            assert (CONTRACTS / files["example"]).is_file(), files["example"]
            assert entry["key"] in load_json(files["schema"])["required"], name
    for section in ("people", "dead_letters"):
        for files in catalog[section]["versions"].values():
            assert (CONTRACTS / files["schema"]).is_file() and (CONTRACTS / files["example"]).is_file()
    assert (CONTRACTS / catalog["envelope"]["schema"]).is_file()
    assert catalog["people"]["topic"] in catalog["topics"]


def test_topics_agree_with_catalog_and_cover_every_service(catalog):
    assert catalog["topics"] == topics.TOPICS
    expected = {f"pix.{s}.{kind}" for s in SERVICES for kind in ("events", "dlq")} | {"pix.identity.people"}
    assert set(topics.TOPICS) == expected
    for name, topic in topics.TOPICS.items():
        configs = topic["configs"]
        assert all(isinstance(v, str) for v in configs.values()), name
        if name.endswith(".events"):
            assert configs == {"cleanup.policy": "delete", "retention.ms": "-1"}, name
        elif name.endswith(".dlq"):
            assert configs["cleanup.policy"] == "delete" and int(configs["retention.ms"]) > 0, name
    assert topics.TOPICS["pix.identity.people"]["configs"]["cleanup.policy"] == "compact"


def test_asyncapi_has_a_channel_per_topic(asyncapi, catalog):
    assert asyncapi["asyncapi"] == "3.0.0"
    assert asyncapi["servers"]["local"]["host"] == "127.0.0.1:9092"
    addresses = {channel["address"] for channel in asyncapi["channels"].values()}
    assert addresses == set(catalog["topics"])
    for channel in asyncapi["channels"].values():
        binding = resolve(channel["bindings"], asyncapi)["kafka"]
        assert binding["partitions"] == topics.TOPICS[channel["address"]]["partitions"]


def test_asyncapi_messages_match_the_catalog(asyncapi, catalog):
    by_address = {c["address"]: c for c in asyncapi["channels"].values()}
    for name, entry in catalog["events"].items():
        channel = by_address[entry["topic"]]
        message = resolve(channel["messages"][name], asyncapi)
        latest = entry["versions"][max(entry["versions"])]["schema"]
        assert f"./{latest}" in str(message["payload"]), name
    for operation in asyncapi["operations"].values():
        assert operation["action"] == "send"
        assert resolve(operation["channel"], asyncapi)["address"] in catalog["topics"]


def test_asyncapi_refs_resolve(asyncapi):
    refs = list(_refs(asyncapi))
    assert len(refs) > 20
    for ref in refs:
        path, _, fragment = ref.partition("#")
        document = load_json(path.removeprefix("./")) if path else asyncapi
        target = document
        for part in filter(None, fragment.split("/")):
            assert isinstance(target, dict) and part in target, ref
            target = target[part]


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_json_schema_local_refs_resolve():
    for path in [*CONTRACTS.glob("events/*.json"), *CONTRACTS.glob("people/*.json"), CONTRACTS / "dlq.v1.json"]:
        schema = load_json(str(path.relative_to(CONTRACTS)))
        for ref in _refs(schema):
            assert re.fullmatch(r"#/\$defs/\w+", ref) and ref.split("/")[-1] in schema["$defs"], (path, ref)

"""The shared endpoints as identity serves them."""
from pix_contracts.topics import PEOPLE
from pix_identity.entrypoints.http import create_app
from pixkit.people_relay import PeopleRelay
from pixkit.testing import unit_settings
from pixkit.worker import build_loops


def test_health_ready_openapi_docs_metrics(client):
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/ready").status_code == 200
    spec = client.get("/openapi.json").get_json()
    assert "post" in spec["paths"]["/api/users"]
    assert "/api/users" in client.get("/docs").get_data(as_text=True)
    client.post("/api/users", json={})
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'pix_http_requests_total{endpoint="/api/users",method="POST",service="identity",status="422"}' in metrics


def test_ready_names_the_dependency_that_failed():
    def down():
        raise ConnectionRefusedError()

    client = create_app(unit_settings("identity"), service_container=object(),
                        ready_checks={"store": lambda: None, "broker": down}).test_client()
    answer = client.get("/ready")
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["code"] == "NOT_READY" and body["details"]["failed"] == ["broker"]


def test_request_ids_are_echoed_or_replaced_when_unsafe(client):
    assert client.get("/health", headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"] == "abc-123"
    for unsafe in ("with spaces", "a" * 65, "<script>"):
        replaced = client.get("/health", headers={"X-Request-Id": unsafe}).headers["X-Request-Id"]
        assert replaced != unsafe and len(replaced) == 36


def test_the_worker_runs_the_people_relay_on_the_compacted_people_topic(service, db):
    settings = unit_settings("identity", topic_prefix="t1.")
    relays = [loop for loop in build_loops(settings, db, [], relays=service.relays) if isinstance(loop, PeopleRelay)]
    assert [relay.topic for relay in relays] == [f"t1.{PEOPLE}"]
    assert relays[0].intents is db["people_outbox"]

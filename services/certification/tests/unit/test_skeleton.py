"""The shared endpoints answer, the API lists what is built, and the worker keeps exactly the
loops certification has so far (nothing pretends to be more)."""
from pix_certification.bootstrap import bootstrap
from pix_certification.entrypoints.http import create_app
from pixkit.testing import FakeDatabase, unit_settings


def test_the_shared_endpoints_answer():
    client = create_app(unit_settings("certification"), service_container=object(), ready_checks={}).test_client()
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/ready").status_code == 200
    assert set(client.get("/openapi.json").get_json()["paths"]) == {"/api/certification/eligibility"}
    assert client.get("/metrics").status_code == 200
    assert client.get("/api/anything").get_json()["code"] == "NOT_FOUND"


def test_its_worker_keeps_the_access_revocations_and_the_levels():
    service = bootstrap(unit_settings("certification"), FakeDatabase())
    assert [s.name for s in service.subscriptions] == ["access-revocations", "profiles"]
    assert service.read_model_collections == ["access_revocations", "profiles"]
    assert not service.publishes

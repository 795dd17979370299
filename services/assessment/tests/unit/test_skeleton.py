"""assessment is a skeleton for now: the shared endpoints answer, and nothing pretends to be more."""
from pix_assessment.bootstrap import bootstrap
from pix_assessment.entrypoints.http import create_app
from pixkit.testing import FakeDatabase, unit_settings


def test_the_shared_endpoints_answer():
    client = create_app(unit_settings("assessment"), service_container=object(), ready_checks={}).test_client()
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/ready").status_code == 200
    assert client.get("/openapi.json").get_json()["paths"] == {}
    assert client.get("/metrics").status_code == 200
    assert client.get("/api/anything").get_json()["code"] == "NOT_FOUND"


def test_its_container_has_no_work_for_a_worker_yet():
    service = bootstrap(unit_settings("assessment"), FakeDatabase())
    assert service.subscriptions == [] and service.read_model_collections == []
    assert not service.publishes

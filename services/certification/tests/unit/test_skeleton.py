"""The shared endpoints answer, the API lists what is built, and the worker keeps exactly the
loops certification has so far (nothing pretends to be more) and publishes its events."""
from pix_certification.bootstrap import bootstrap
from pix_certification.entrypoints.http import create_app
from pixkit.testing import FakeDatabase, unit_settings


def test_the_shared_endpoints_answer():
    client = create_app(unit_settings("certification"), service_container=object(), ready_checks={}).test_client()
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/ready").status_code == 200
    paths = set(client.get("/openapi.json").get_json()["paths"])
    assert {"/api/certification/eligibility", "/api/certification/centers/{center_id}/sessions",
            "/api/certification/sessions/{session_id}/candidates/import"} <= paths
    assert all(path.startswith("/api/certification/") for path in paths)
    assert client.get("/metrics").status_code == 200
    assert client.get("/api/anything").get_json()["code"] == "NOT_FOUND"


def test_its_worker_keeps_the_access_revocations_the_levels_and_the_sessions():
    service = bootstrap(unit_settings("certification"), FakeDatabase())
    names = [s.name for s in service.subscriptions]
    assert {"access-revocations", "profiles", "sessions"} <= set(names) and len(names) == len(set(names))
    assert {"access_revocations", "profiles", "center_sessions"} <= set(service.read_model_collections)
    assert service.publishes

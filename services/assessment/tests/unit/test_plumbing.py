"""assessment's shared endpoints and what its worker runs."""
from pix_assessment.bootstrap import bootstrap
from pix_assessment.entrypoints.http import create_app
from pixkit.testing import FakeDatabase, unit_settings


def test_the_shared_endpoints_answer():
    service = bootstrap(unit_settings("assessment"), FakeDatabase(), env={})
    client = create_app(unit_settings("assessment"), service, ready_checks={}).test_client()
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/ready").status_code == 200
    paths = client.get("/openapi.json").get_json()["paths"]
    assert "/api/assessments/{assessment_id}/answers" in paths and "/api/framework" in paths
    assert client.get("/metrics").status_code == 200
    assert client.get("/api/anything").get_json()["code"] == "NOT_FOUND"


def test_its_worker_publishes_its_events_and_consumes_none_yet():
    service = bootstrap(unit_settings("assessment"), FakeDatabase(), env={})
    assert service.publishes and service.subscriptions == []
    assert service.codec.wire_names == {"AssessmentStarted", "AnswerRecorded", "CompetenceEvaluated",
                                        "AssessmentCompleted"}

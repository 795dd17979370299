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


def test_its_worker_publishes_its_events_keeps_the_access_revocations_and_starts_campaign_and_certification_tests():
    service = bootstrap(unit_settings("assessment"), FakeDatabase(), env={})
    assert service.publishes and [s.name for s in service.subscriptions] == ["access-revocations"]
    assert service.read_model_collections == ["access_revocations"]
    assert [(r.name, r.topics, set(r.handlers)) for r in service.reactors] == [
        ("campaign-tests", ["pix.sharing.events"], {"CampaignParticipationStarted"}),
        ("certification-tests", ["pix.certification.events"], {"CertificationCourseStarted", "CandidateTestEnded"})]
    assert service.codec.wire_names == {"AssessmentStarted", "AnswerRecorded", "CompetenceEvaluated",
                                        "AssessmentCompleted", "CampaignAssessmentCompleted",
                                        "CertificationTestComposed", "CertificationTestCompleted"}


def test_answers_and_completions_are_counted_for_operations():
    from pix_assessment.domain.content import load_bank
    from pixkit.testing import TokenMint
    from prometheus_client import REGISTRY

    from .answering import right_answer

    def sample(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0.0

    mint, bank = TokenMint(), load_bank()
    service = bootstrap(unit_settings("assessment"), FakeDatabase(), env={})
    client = create_app(unit_settings("assessment"), service, ready_checks={}, verifier=mint.verifier()).test_client()
    auth = mint.headers("5e1f0c2a-0000-4000-8000-000000000042")
    before_ok = sample("pix_assessment_answers_total", competence="2.4", status="ok")
    before_done = sample("pix_assessment_completed_total", competence="2.4", kind="positioning")
    view = client.post("/api/assessments", json={"competenceCode": "2.4"}, headers=auth).get_json()
    answers = 0
    while view["state"] == "started":
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        body = {"challengeId": challenge.id, "answer": right_answer(challenge, view["challenge"]["proposals"])}
        view = client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth).get_json()["assessment"]
        answers += 1
    assert sample("pix_assessment_answers_total", competence="2.4", status="ok") - before_ok == answers
    assert sample("pix_assessment_completed_total", competence="2.4", kind="positioning") - before_done == 1
    assert sample("pix_assessment_selection_seconds_count") > 0

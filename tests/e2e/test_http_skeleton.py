"""The whole platform over HTTP, through the gateway as a person's browser would use it.

A sign-up at identity becomes, through Kafka, an empty profile at profile; bad input is
refused with the JSON error body, never a 500; every process exposes its plumbing.
Runs against the `platform` fixture (root conftest.py): every service, worker and the
gateway started on the test stack.
"""
from __future__ import annotations

import time
import uuid

import pytest
import requests
from pixlocal import api
from pymongo import MongoClient

SERVICES = ("identity", "assessment", "profile", "sharing", "certification")
TIMEOUT = 10


def person(**changes) -> dict:
    return {"firstName": "Élise", "lastName": "Durand", "email": f"elise.{uuid.uuid4().hex[:12]}@example.fr",
            "password": "Secret123", **changes}


def sign_up(platform, body=None, **kwargs) -> requests.Response:
    """As the browser sends it: terms accepted and a solved robot puzzle, unless the body
    says otherwise; from an address of its own (rate limits)."""
    ip = api.random_ip()
    if isinstance(body, dict) and body:
        body = {"acceptTerms": True, "robotProof": api.robot_proof(platform.gateway_url, ip), **body}
    if body is not None:
        kwargs["json"] = body
    kwargs["headers"] = {"X-Forwarded-For": ip, **kwargs.get("headers", {})}
    return requests.post(f"{platform.gateway_url}/api/users", timeout=TIMEOUT, **kwargs)


def assert_error(answer: requests.Response, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert "details" in body
    return body


def test_a_sign_up_gives_an_empty_profile_within_20_seconds(platform):
    body = person()
    answer = sign_up(platform, body)
    assert answer.status_code == 201, answer.text
    account = answer.json()
    assert set(account) == {"id", "firstName", "lastName", "email", "position"}
    tokens = api.log_in(platform.gateway_url, body["email"], body["password"], client_ip=api.random_ip()).json()
    deadline, profile = time.monotonic() + 20, None
    while time.monotonic() < deadline:
        got = requests.get(f"{platform.gateway_url}/api/profile/{account['id']}", headers=api.bearer(tokens),
                           timeout=TIMEOUT)
        if got.status_code == 200:
            profile = got.json()
            break
        assert_error(got, 404, "PROFILE_NOT_FOUND")
        time.sleep(0.2)
    assert profile is not None, "the profile did not appear within 20 s"
    assert profile["userId"] == account["id"] and profile["totalPix"] == 0
    assert len(profile["competences"]) == 16
    assert all(c["level"] == 0 and c["pix"] == 0 for c in profile["competences"])


def test_the_event_carries_no_personal_data(platform):
    body = person()
    user_id = sign_up(platform, body).json()["id"]
    settings = platform.settings("identity")
    client = MongoClient(settings.mongo_uri)
    try:
        commit = client[settings.db_name]["events"].find_one({"_id": f"user-{user_id}:000000001"})
    finally:
        client.close()
    (event,) = commit["events"]
    assert event["type"] == "UserRegistered"
    assert set(event["data"]) == {"user_id", "locale", "registered_at"}
    assert not {body["email"], body["firstName"], body["lastName"]} & set(map(str, event["data"].values()))


def test_an_email_is_taken_whatever_its_case(platform):
    body = person()
    assert sign_up(platform, body).status_code == 201
    again = sign_up(platform, person(email=body["email"].upper()))
    assert_error(again, 409, "EMAIL_TAKEN")


@pytest.mark.parametrize(("name", "request_kwargs", "status", "code"), [
    ("no fields", {"json": {}}, 422, "VALIDATION_ERROR"),
    ("no password", {"json": {k: v for k, v in person().items() if k != "password"}}, 422, "VALIDATION_ERROR"),
    ("number for email", {"json": person(email=42)}, 422, "VALIDATION_ERROR"),
    ("list for password", {"json": person(password=["Secret123"])}, 422, "VALIDATION_ERROR"),
    ("weak password", {"json": person(password="secret")}, 422, "VALIDATION_ERROR"),
    ("array body", {"json": [person()]}, 422, "VALIDATION_ERROR"),
    ("huge body", {"json": person(firstName="x" * (70 * 1024))}, 413, "PAYLOAD_TOO_LARGE"),
    ("invalid JSON", {"data": b'{"firstName": ', "headers": {"Content-Type": "application/json"}},
     400, "INVALID_JSON"),
    ("wrong content type", {"data": b"firstName=Elise", "headers": {"Content-Type": "text/plain"}},
     415, "UNSUPPORTED_MEDIA_TYPE"),
])
def test_bad_sign_up_input_is_refused_cleanly(platform, name, request_kwargs, status, code):
    assert_error(sign_up(platform, **request_kwargs), status, code)


def test_errors_speak_english_when_asked(platform):
    answer = sign_up(platform, {}, headers={"Accept-Language": "en"})
    body = assert_error(answer, 422, "VALIDATION_ERROR")
    assert body["details"]["fields"]["email"][0]["message"] == "This field is required."


def test_an_unknown_api_path_is_a_json_404(platform):
    assert_error(requests.get(f"{platform.gateway_url}/api/nothing", timeout=TIMEOUT), 404, "NOT_FOUND")


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_exposes_its_plumbing(platform, service):
    url = platform.service_url(service)
    assert requests.get(f"{url}/health", timeout=TIMEOUT).json() == {"status": "ok"}
    ready = requests.get(f"{url}/ready", timeout=TIMEOUT)
    assert ready.status_code == 200 and ready.json()["checks"] == {"store": "ok", "broker": "ok"}
    metrics = requests.get(f"{url}/metrics", timeout=TIMEOUT)
    assert metrics.status_code == 200 and "pix_http_requests_total" in metrics.text
    spec = requests.get(f"{url}/openapi.json", timeout=TIMEOUT).json()
    assert spec["openapi"].startswith("3.") and spec["info"]["title"] == f"Pix {service}"


def test_the_gateway_exposes_its_plumbing_and_home_page(platform):
    base, internal = platform.gateway_url, platform.cfg.gateway_internal_url
    assert requests.get(f"{base}/health", timeout=TIMEOUT).status_code == 200
    # Readiness and metrics are the cluster's: on the internal port (tests/e2e/test_gateway_edge.py).
    assert requests.get(f"{internal}/ready", timeout=TIMEOUT).status_code == 200
    assert "pix_http_requests_total" in requests.get(f"{internal}/metrics", timeout=TIMEOUT).text
    assert "/api/users" in requests.get(f"{base}/api/openapi.json", timeout=TIMEOUT).json()["paths"]
    home = requests.get(f"{base}/", timeout=TIMEOUT)
    assert home.status_code == 200 and '<html lang="fr">' in home.text
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert header in home.headers
    assert home.headers["X-Request-Id"]

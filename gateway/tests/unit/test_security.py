"""The gateway's guards on a bare app: route policy, token check, rate limits, CORS."""
import pytest
from flask import jsonify
from pix_gateway import security
from pix_gateway.errors import ERRORS
from pixkit.testing import FakeDatabase, unit_settings
from pixkit.web.app import create_base_app

VALID = "valid-token"


def verify(token: str):
    if token != VALID:
        raise ValueError("bad signature")
    return {"sub": "u1"}


class Clock:
    def __init__(self):
        self.now = 1_000_020.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(clock):
    limits = FakeDatabase()["rate_limits"]
    app = create_base_app(unit_settings("gateway"), "gateway", ready_checks={}, messages=security.MESSAGES,
                          json_only=False, errors=ERRORS)
    limiter = security.RateLimiter(lambda: limits, {"login": 3, "signup": 2, "export": 1}, clock)
    security.install(app, verify=verify, limiter=limiter, cors_origins=frozenset({"https://allowed.example"}))

    @app.route("/api/<path:rest>", methods=["GET", "POST", "OPTIONS"])
    def anything(rest):
        return jsonify(ok=rest)

    return app.test_client()


def test_public_routes_need_no_token(client):
    assert client.post("/api/users", json={}).status_code == 200
    assert client.post("/api/token", json={}).status_code == 200
    assert client.get("/api/.well-known/jwks.json").status_code == 200


def test_other_routes_need_a_valid_bearer_token(client):
    missing = client.get("/api/profile/u1", headers={"Accept-Language": "fr"})
    assert missing.status_code == 401 and missing.get_json()["code"] == "UNAUTHENTICATED"
    bad = client.get("/api/profile/u1", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401 and bad.get_json()["code"] == "INVALID_TOKEN"
    assert client.get("/api/profile/u1", headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get("/api/profile/u1", headers={"Authorization": f"Bearer {VALID}"}).status_code == 200


def test_login_attempts_are_limited_per_address_and_minute(client, clock):
    answers = [client.post("/api/token", json={}, environ_base={"REMOTE_ADDR": "10.0.0.1"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].get_json()["code"] == "TOO_MANY_REQUESTS"
    assert 0 < int(answers[-1].headers["Retry-After"]) <= 60
    # another address is counted apart; the next minute starts afresh
    assert client.post("/api/token", json={}, environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200
    clock.now += 60
    assert client.post("/api/token", json={}, environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200


def test_sign_ups_are_limited_too(client):
    codes = [client.post("/api/users", json={}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_cors_is_closed_unless_the_origin_is_allowed(client):
    refused = client.options("/api/users", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and refused.get_json()["code"] == "CORS_FORBIDDEN"
    plain = client.post("/api/users", json={}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in plain.headers
    allowed = client.post("/api/users", json={}, headers={"Origin": "https://allowed.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://allowed.example"


def test_limits_come_from_the_environment_format():
    assert security.parse_limits("login=5, signup=7,bogus=1,export=x,session-code=9") == {
        "login": 5, "signup": 7, "reset": 10, "export": 10, "session-code": 9, "accreditation": 5}

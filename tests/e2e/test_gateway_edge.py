"""Issue 8's edge holes, on the running test stack (docs/adr/0007-gateway-edge.md).

- Dot segments in every spelling, against every public prefix of the routing table and
  every web page, never reach an internal endpoint and never escape a rate limit.
- Metrics, readiness and the gateway's own OpenAPI and /docs are 404 on the public port and
  served on the internal one.
- A service trusts X-Forwarded-For from the gateway only: logins straight to identity's
  port with a rotating header are still limited.
- Strict-Transport-Security on HTTPS (as the trusted hop says), not on plain HTTP.

Raw HTTP (http.client) where requests would normalize the path itself. 127.0.0.1 only.
"""
from __future__ import annotations

import http.client
import itertools
import json
import uuid

import pytest
import requests
from pix_gateway.routes import ROUTES
from pixlocal import api

from .people import within_one_window

TIMEOUT = 10
INTERNAL_ENDPOINTS = ("metrics", "ready", "openapi.json", "docs")
PAGES = ("/", "/connexion", "/inscription", "/mot-de-passe-oublie", "/mot-de-passe/nouveau", "/mon-compte",
         "/mon-compte/nom", "/mon-profil", "/mes-tests", "/mes-tests/1.1/commencer", "/evaluation/abc",
         "/evaluation/abc/fichier/c-1/xlsx", "/administration", "/langue/fr")
# ".." and "." as a client may spell them, and the separators between segments.
DOTDOT = ("..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2E.", "%252e%252e", "%252E%252E", "%c0%ae%c0%ae")
DOT = (".", "%2e", "%2E", "%252e")
SEPARATORS = ("/", "%2f", "%2F", "\\", "%5c", "%5C", "%252f")
HSTS = "max-age=31536000; includeSubDomains"


class Answer:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status, self.headers, self.text = status, headers, body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.text)


def raw(port: int, method: str, target: str, headers: dict | None = None, body: dict | None = None) -> Answer:
    """One request with the target sent byte for byte as written."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        data = json.dumps(body).encode() if body is not None else None
        sent = {"Content-Type": "application/json"} if data is not None else {}
        connection.request(method, target, body=data, headers={**sent, **(headers or {})})
        answer = connection.getresponse()
        return Answer(answer.status, answer.headers, answer.read())
    finally:
        connection.close()


def climbs(prefix: str) -> list[str]:
    """Targets that climb from `prefix` to each internal endpoint, in every spelling."""
    depth = len([s for s in prefix.split("/") if s]) + 1
    targets = []
    for dots, separator in itertools.product(DOTDOT, SEPARATORS):
        for endpoint in INTERNAL_ENDPOINTS:
            targets.append(prefix.rstrip("/") + "/" + separator.join([dots] * depth) + separator + endpoint)
    for dot in DOT:  # a single dot in front of the climb
        targets.append(f"{prefix.rstrip('/')}/{dot}/{'/'.join(['..'] * depth)}/metrics")
    targets.append(prefix.rstrip("/") + "//" + "/".join([".."] * depth) + "/metrics")
    return targets


def assert_refused_and_internal_nothing(answer: Answer, target: str) -> None:
    assert answer.status == 400, (target, answer.status, answer.text[:200])
    assert "pix_http_requests_total" not in answer.text and '"checks"' not in answer.text, target
    assert '"openapi"' not in answer.text and "Opérations" not in answer.text, target
    if "X-Request-Id" in answer.headers:  # answered by the app (not refused by gunicorn's parser)
        if target.startswith("/api/"):
            assert answer.json()["code"] == "INVALID_PATH", target
        else:
            assert answer.headers["Content-Type"].startswith("text/html"), target


PREFIXES = sorted({prefix for prefix, _ in ROUTES} | {"/api/openapi.json"})


@pytest.mark.parametrize("prefix", PREFIXES + list(PAGES))
def test_dot_segments_in_every_spelling_never_reach_an_internal_endpoint(platform, prefix):
    port = platform.cfg.gateway_port
    for target in climbs(prefix):
        assert_refused_and_internal_nothing(raw(port, "GET", target), target)
        if target.endswith("metrics"):  # and as a form or an API call would come
            assert_refused_and_internal_nothing(raw(port, "POST", target, body={}), target)


@pytest.mark.parametrize("target", ["/api/users/%00", "/api/users/%0d%0aX-Injected:%201", "/api/users/%e2%80%ae",
                                    "/api/%75sers", "/api/users%2f..%2fmetrics", "/connexion%00",
                                    "/api/framework/..;/..;/metrics"])
def test_control_characters_encoded_letters_and_odd_separators_are_refused_or_stay_public(platform, target):
    answer = raw(platform.cfg.gateway_port, "GET", target)
    assert answer.status in (400, 404), (target, answer.status)
    assert "pix_http_requests_total" not in answer.text and '"checks"' not in answer.text


@pytest.mark.parametrize(("normal", "limit", "escapes"), [
    ("/api/password-resets", 10, ["/api/users/%2e%2e/password-resets", "/api/users/../password-resets",
                                  "/api/users/.%2e/password-resets", "/api/./password-resets",
                                  "/api//password-resets", "/api/password-resets/.", "/api/password-resets%2f",
                                  "/api/x/%252e%252e/password-resets", "/api/users\\..\\password-resets"]),
    ("/api/users", 20, ["/api/users/.", "/api/users/%2e", "/api/token/%2e%2e/users", "/api//users",
                        "/api/users/%2e%2e/users", "/api/./users", "/api/users%2f"]),
])
def test_no_spelling_escapes_the_reset_and_sign_up_limits(platform, normal, limit, escapes):
    within_one_window()
    port, ip = platform.cfg.gateway_port, api.random_ip()
    body = {"email": f"nobody.{uuid.uuid4().hex[:8]}@example.fr"}
    for _ in range(2):  # more than the limit, all together
        for target in escapes:
            answer = raw(port, "POST", target, headers={"X-Forwarded-For": ip}, body=body)
            assert not 200 <= answer.status < 300, (target, answer.status, answer.text[:200])
    # The limit counts on the decided path, from this address, exactly as without the attempts above.
    answers = [raw(port, "POST", normal, headers={"X-Forwarded-For": ip}, body={}).status for _ in range(limit + 1)]
    assert 429 not in answers[:limit] and answers[limit] == 429, answers


@pytest.mark.parametrize("endpoint", ["/metrics", "/ready", "/docs", "/openapi.json"])
def test_internal_endpoints_are_404_on_the_public_port_and_served_on_the_internal_one(platform, endpoint):
    public = raw(platform.cfg.gateway_port, "GET", endpoint)
    assert public.status == 404 and "pix_http_requests_total" not in public.text
    spoofed = raw(platform.cfg.gateway_port, "GET", endpoint,
                  headers={"Host": f"127.0.0.1:{platform.cfg.gateway_internal_port}"})
    assert spoofed.status == 404  # the port is the connection's, not the Host header's
    internal = requests.get(platform.cfg.gateway_internal_url + endpoint, timeout=TIMEOUT)
    assert internal.status_code == 200
    if endpoint == "/metrics":
        assert "pix_http_requests_total" in internal.text


def test_the_internal_port_serves_no_public_route_and_health_stays_on_both(platform):
    internal = platform.cfg.gateway_internal_url
    assert requests.get(f"{internal}/api/framework", timeout=TIMEOUT).status_code == 404
    assert requests.get(f"{internal}/", timeout=TIMEOUT).status_code == 404
    assert requests.get(f"{internal}/health", timeout=TIMEOUT).status_code == 200
    assert requests.get(f"{platform.gateway_url}/health", timeout=TIMEOUT).status_code == 200
    assert "/api/users" in requests.get(f"{platform.gateway_url}/api/openapi.json", timeout=TIMEOUT).json()["paths"]


def test_logins_straight_to_identity_with_a_rotating_forwarded_for_are_limited(platform):
    url = f"{platform.service_url('identity')}/api/token"
    within_one_window()
    statuses = [requests.post(url, json={"email": f"nobody.{i}@example.fr", "password": "Wrong1234"},
                              headers={"X-Forwarded-For": api.random_ip()}, timeout=TIMEOUT).status_code
                for i in range(32)]
    assert set(statuses) <= {401, 429} and statuses[30:] == [429, 429], statuses
    # Through the gateway (which leaves from the address identity trusts) a person keeps a count of their own.
    through = api.log_in(platform.gateway_url, "nobody@example.fr", "Wrong1234", client_ip=api.random_ip())
    assert through.status_code == 401, through.text


@pytest.mark.parametrize("path", ["/", "/api/framework", "/api/nothing", "/connexion"])
def test_hsts_on_https_as_the_trusted_hop_says_and_not_on_plain_http(platform, path):
    ip = api.random_ip()
    secure = requests.get(platform.gateway_url + path, timeout=TIMEOUT,
                          headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": ip})
    assert secure.headers.get("Strict-Transport-Security") == HSTS
    plain = requests.get(platform.gateway_url + path, timeout=TIMEOUT, headers={"X-Forwarded-For": ip})
    assert "Strict-Transport-Security" not in plain.headers


@pytest.mark.parametrize(("headers", "status", "code"), [
    ({"Transfer-Encoding": "schema_version"}, 501, "NOT_IMPLEMENTED"),  # what make fuzz sent
    ({"Expect": "pas-de-continue"}, 417, "EXPECTATION_FAILED"),
    ({"X-Long": "x" * 9000}, 431, "HEADERS_TOO_LARGE"),
])
def test_what_the_http_server_refuses_is_documented_and_in_the_error_shape(platform, headers, status, code):
    answer = raw(platform.cfg.gateway_port, "GET", "/api/framework", headers=headers)
    assert answer.status == status, answer.text
    assert answer.headers["Content-Type"] == "application/json"
    body = answer.json()
    assert body["code"] == code and body["message"] and body["details"] == {}
    document = requests.get(f"{platform.gateway_url}/api/openapi.json", timeout=TIMEOUT).json()
    assert str(status) in document["paths"]["/api/framework"]["get"]["responses"]

"""Forwarding over real sockets; errors and security headers on every answer."""
import re

import pytest

BODY = '{"firstName": "Élise", "password": "Secret123"}'
INTERNAL = "http://localhost:8190"  # the gateway's internal port in conftest.gateway_app


def assert_secured(answer):
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"]


def test_method_path_query_body_and_headers_go_through(gateway):
    answer = gateway.post("/api/users/42/x?b=2&a=%C3%A9", data=BODY, content_type="application/json",
                          headers={"X-Request-Id": "req-1", "Accept-Language": "en", "Authorization": "Bearer t",
                                   "Cookie": "session=secret", "X-Internal": "no"})
    assert answer.status_code == 201
    seen = answer.get_json()
    assert (seen["method"], seen["path"], seen["query"]) == ("POST", "/api/users/42/x", "b=2&a=%C3%A9")
    assert seen["body"] == BODY
    headers = seen["headers"]
    assert headers["X-Request-Id"] == headers["X-Correlation-Id"] == "req-1"
    assert headers["Accept-Language"] == "en" and headers["Authorization"] == "Bearer t"
    assert headers["Content-Type"] == "application/json"
    assert "Cookie" not in headers and "X-Internal" not in headers
    assert answer.headers["X-Request-Id"] == "req-1"
    assert answer.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in answer.headers
    assert_secured(answer)


def test_a_request_id_is_added_when_absent(gateway):
    seen = gateway.get("/api/users").get_json()
    assert len(seen["headers"]["X-Request-Id"]) == 36


def test_errors_of_the_service_come_back_as_they_are(gateway):
    answer = gateway.delete("/api/users", headers={"Accept-Language": "en"})
    assert answer.status_code == 405
    assert answer.get_json()["message"] == "This method is not allowed on this resource."
    assert "POST" in answer.headers["Allow"]


def test_a_huge_body_stops_at_the_gateway(gateway):
    answer = gateway.post("/api/users", data="x" * (64 * 1024 + 1), content_type="application/json")
    assert answer.status_code == 413 and answer.get_json()["code"] == "PAYLOAD_TOO_LARGE"
    assert_secured(answer)


@pytest.mark.parametrize("path", ["/api/profile/abc", "/api/campaigns"])
def test_an_upstream_that_is_down_or_unknown_is_a_json_503(gateway, path):
    answer = gateway.get(path)
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["code"] == "UPSTREAM_UNAVAILABLE" and body["message"]
    assert_secured(answer)


def test_an_unknown_api_path_is_a_json_404(gateway):
    answer = gateway.get("/api/nothing/here")
    assert answer.status_code == 404 and answer.get_json()["code"] == "NOT_FOUND"
    assert_secured(answer)


def test_home_page_is_french_and_secured(gateway):
    answer = gateway.get("/")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert '<html lang="fr">' in page and "<title>Pix</title>" in page
    assert "http://" not in page and "https://" not in page  # nothing loaded from elsewhere
    assert_secured(answer)


def test_ready_lists_the_services_that_do_not_answer(gateway):
    answer = gateway.get("/ready", base_url=INTERNAL)
    assert answer.status_code == 503
    failed = answer.get_json()["details"]["failed"]
    assert "identity" not in failed and {"profile", "assessment", "sharing", "certification"} <= set(failed)
    assert gateway.get("/health").status_code == 200


def test_the_public_openapi_merges_what_answers(gateway):
    spec = gateway.get("/api/openapi.json").get_json()
    assert spec["info"]["title"] == "Pix"
    assert "profile" in spec["x-unavailable-services"]


def test_the_client_address_reaches_the_service_and_a_forged_one_does_not(upstream_url):
    from .conftest import GOOD_TOKEN, gateway_app

    bare = gateway_app({"identity": upstream_url}).test_client()
    seen = bare.post("/api/users", json={}, headers={"X-Forwarded-For": "6.6.6.6"},
                     environ_base={"REMOTE_ADDR": "203.0.113.7"}).get_json()
    assert seen["headers"]["X-Forwarded-For"] == "203.0.113.7"  # no trusted proxy: the peer

    app = gateway_app({"identity": upstream_url})
    from werkzeug.middleware.proxy_fix import ProxyFix
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)  # what PIX_TRUSTED_PROXY_HOPS=1 installs
    behind = app.test_client()
    seen = behind.get("/api/users/me", headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.4",
                                                "Authorization": f"Bearer {GOOD_TOKEN}"},
                      environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_json()
    assert seen["headers"]["X-Forwarded-For"] == "198.51.100.4"  # the hop the ingress added


def test_trusted_hops_come_from_the_environment(upstream_url):
    from pix_gateway import security
    from pix_gateway.app import create_app
    from pixkit.testing import FakeDatabase, unit_settings

    store = FakeDatabase()["rate_limits"]
    app = create_app(unit_settings("gateway", service_urls={"identity": upstream_url}), verify=lambda t: {},
                     limiter=security.RateLimiter(lambda: store, {"login": 1, "signup": 1, "reset": 1, "export": 1}),
                     env={"PIX_TRUSTED_PROXY_HOPS": "1"})
    client = app.test_client()
    first = client.post("/api/users", json={}, headers={"X-Forwarded-For": "198.51.100.9"})
    assert first.get_json()["headers"]["X-Forwarded-For"] == "198.51.100.9"
    assert client.post("/api/users", json={}, headers={"X-Forwarded-For": "198.51.100.9"}).status_code == 429
    assert client.post("/api/users", json={}, headers={"X-Forwarded-For": "198.51.100.10"}).status_code == 201
    page = client.post("/inscription", data={}, headers={"X-Forwarded-For": "198.51.100.10"})
    assert page.status_code == 429 and "text/html" in page.content_type
    assert "Trop de tentatives" in page.get_data(as_text=True) and page.headers["Retry-After"]


def test_a_path_parameter_never_takes_a_word_another_route_spells_at_its_place():
    from pix_gateway.openapi import exclude_route_words

    def item(name):
        return {"get": {"parameters": [{"in": "path", "name": name, "schema": {"type": "string"}}]}}
    paths = {"/api/assessments/{assessment_id}": item("assessment_id"), "/api/assessments/competences": {"get": {}},
             "/api/assessments/{assessment_id}/answers": item("assessment_id"),
             "/api/assessments/competences/{code}/reset": item("code")}
    exclude_route_words(paths)
    single = paths["/api/assessments/{assessment_id}"]["get"]["parameters"][0]["schema"]
    assert single == {"type": "string", "pattern": "^(?!(?:competences)$)"}
    assert re.search(single["pattern"], "competences") is None and re.search(single["pattern"], "competence")
    assert "pattern" not in paths["/api/assessments/{assessment_id}/answers"]["get"]["parameters"][0]["schema"]

"""The edge on the real app: refused paths, the two ports, HSTS, and the exact target and
source address of what is forwarded (over real sockets, conftest's echo upstream)."""
import html
import socket

import pytest
from pix_gateway import upstream

from .conftest import GOOD_TOKEN, gateway_app

INTERNAL = "http://localhost:8190"  # conftest.gateway_app's PIX_INTERNAL_BIND


@pytest.mark.parametrize("path", ["/api/users/%2e%2e/password-resets", "/api/users/../password-resets",
                                  "/api/.well-known/%2e%2e/%2e%2e/metrics", "/api/users/.%2E/x",
                                  "/api/users/%252e%252e/x", "/api/users%5c..%5cx", "/api/users%2f..",
                                  "/api//users", "/api/users/%00"])
def test_an_api_path_out_of_normal_form_is_a_json_400(gateway, path):
    answer = gateway.post(path, json={})
    assert answer.status_code == 400, path
    body = answer.get_json()
    assert body["code"] == "INVALID_PATH" and body["message"] and body["details"]["reason"]
    assert answer.headers["Content-Security-Policy"]


def test_the_message_speaks_english_when_asked(gateway):
    answer = gateway.get("/api/users/%2e%2e", headers={"Accept-Language": "en"})
    assert answer.get_json()["message"].startswith("This address is not valid")


@pytest.mark.parametrize("path", ["/connexion/..", "/inscription/%2e%2e/", "/mot-de-passe-oublie%2f..",
                                  "/evaluation/x/fichier/..%2F..%2Fapi/xlsx"])
def test_a_page_path_out_of_normal_form_is_an_error_page(gateway, path):
    answer = gateway.post(path, data={})
    assert answer.status_code == 400 and answer.mimetype == "text/html"
    assert "Cette adresse n'est pas valide" in html.unescape(answer.get_data(as_text=True))


def test_a_refused_path_counts_in_no_rate_limit_and_reaches_no_service(upstream_url):
    client = gateway_app({"identity": upstream_url}, limits={"login": 30, "signup": 1, "reset": 1,
                                                             "export": 10}).test_client()
    for _ in range(3):
        assert client.post("/api/users/%2e%2e/password-resets", json={}).status_code == 400
        assert client.post("/api/token/%2e%2e/users", json={}).status_code == 400
    assert client.post("/api/users", json={}).status_code == 201
    assert client.post("/api/users", json={}).status_code == 429


@pytest.mark.parametrize("path", ["/metrics", "/ready", "/docs", "/openapi.json"])
def test_internal_endpoints_are_404_on_the_public_port_and_served_on_the_internal_one(gateway, path):
    assert gateway.get(path).status_code == 404
    assert gateway.get(path, base_url=INTERNAL).status_code in (200, 503)  # /ready: profile is down


def test_the_internal_port_serves_nothing_public_and_health_is_on_both(gateway):
    assert "pix_http_requests_total" in gateway.get("/metrics", base_url=INTERNAL).get_data(as_text=True)
    assert gateway.get("/api/users", base_url=INTERNAL).status_code == 404
    assert gateway.get("/", base_url=INTERNAL).status_code == 404
    assert gateway.get("/health").status_code == gateway.get("/health", base_url=INTERNAL).status_code == 200
    assert gateway.get("/api/openapi.json").status_code == 200  # the public API's description stays public


def test_the_port_is_the_socket_s_not_the_host_header(gateway):
    class Socket:
        def getsockname(self):
            return ("127.0.0.1", 8000)

    spoofed = gateway.get("/metrics", base_url=INTERNAL, environ_overrides={"gunicorn.socket": Socket()})
    assert spoofed.status_code == 404


def test_hsts_on_https_only(upstream_url):
    behind = gateway_app({"identity": upstream_url})
    assert "Strict-Transport-Security" not in behind.test_client().get("/").headers
    secure = behind.test_client().get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_hsts_behind_the_trusted_hop_follows_its_forwarded_proto(upstream_url):
    from pix_gateway import security
    from pix_gateway.app import create_app
    from pixkit.testing import FakeDatabase, unit_settings

    store = FakeDatabase()["rate_limits"]
    app = create_app(unit_settings("gateway", service_urls={"identity": upstream_url}), verify=lambda t: {},
                     limiter=security.RateLimiter(lambda: store, security.parse_limits(None)),
                     env={"PIX_TRUSTED_PROXY_HOPS": "1"})
    client = app.test_client()
    https = client.get("/api/users", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.1"})
    assert https.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    plain = client.get("/api/users", headers={"X-Forwarded-Proto": "http", "X-Forwarded-For": "198.51.100.1"})
    assert "Strict-Transport-Security" not in plain.headers


def test_the_service_receives_exactly_the_decided_target(gateway):
    seen = gateway.get("/api/users/caf%C3%A9/a%20b/1.1?x=%2e%2e&y=caf%C3%A9").get_json()
    assert seen["target"] == "/api/users/caf%C3%A9/a%20b/1.1?x=%2E%2E&y=caf%C3%A9"
    assert seen["path"] == "/api/users/café/a b/1.1"


def test_the_client_never_rewrites_the_target():
    with pytest.raises(upstream.TargetChanged):
        upstream.request("GET", "http://127.0.0.1:9", "/a/../b#x")


def _loopback_alias_works() -> bool:
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.2", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _loopback_alias_works(), reason="127.0.0.2 cannot be bound here")
def test_the_gateway_leaves_from_its_source_address(upstream_url):
    from pix_gateway import security
    from pix_gateway.app import create_app
    from pixkit.testing import FakeDatabase, unit_settings

    store = FakeDatabase()["rate_limits"]
    try:
        app = create_app(unit_settings("gateway", service_urls={"identity": upstream_url}),
                         verify=lambda t: {"sub": "u1"},
                         limiter=security.RateLimiter(lambda: store, security.parse_limits(None)),
                         env={"PIX_GATEWAY_SOURCE_ADDRESS": "127.0.0.2"})
        seen = app.test_client().get("/api/users/me", headers={"Authorization": f"Bearer {GOOD_TOKEN}"}).get_json()
        assert seen["peer"] == "127.0.0.2"
        assert seen["headers"]["X-Forwarded-For"] == "127.0.0.1"  # the browser, as the gateway saw it
    finally:
        upstream.configure(None)

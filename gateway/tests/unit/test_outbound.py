"""outbound.headers: the one builder of what the proxy and the pages send to a service."""
from __future__ import annotations

from flask import Flask, g
from pix_gateway import outbound


def test_the_chosen_headers_then_the_ids_and_the_client_address():
    app = Flask("t")
    with app.test_request_context("/", headers={"X-Forwarded-For": "6.6.6.6", "X-Request-Id": "forged"},
                                  environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        g.request_id, g.correlation_id = "req-1", "cor-1"
        sent = outbound.headers({"Accept-Language": "en", "Authorization": outbound.bearer(None), "X-Request-Id": "x"})
    assert sent == {"Accept-Language": "en", "X-Request-Id": "req-1", "X-Correlation-Id": "cor-1",
                    "X-Forwarded-For": "203.0.113.7"}


def test_the_correlation_id_defaults_to_the_request_id_and_a_token_is_a_bearer():
    app = Flask("t")
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "198.51.100.4"}):
        g.request_id = "req-2"
        sent = outbound.headers({"Authorization": outbound.bearer("tok")})
    assert sent == {"Authorization": "Bearer tok", "X-Request-Id": "req-2", "X-Correlation-Id": "req-2",
                    "X-Forwarded-For": "198.51.100.4"}

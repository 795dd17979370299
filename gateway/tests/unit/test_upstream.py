"""The gateway's client to the services (upstream.py) over real loopback sockets: the exact
target, kept-alive connections a service dropped, and timeouts as the proxy's errors."""
import pytest
from pix_gateway import proxy, upstream

from . import scripted_service as scripted
from .conftest import GOOD_TOKEN, gateway_app

EXACT_TARGETS = [
    "/api/users/a/../b",  # dot segments: no client-side removal
    "/api/users/./x/.",
    "/api/users/a%2Fb",  # an encoded slash stays encoded
    "/api/users/%2E%2E/c",
    "/api/users/caf%C3%A9?next=/a/../b&s=%2F&t=%3F",
]


@pytest.mark.parametrize("target", EXACT_TARGETS)
def test_the_service_receives_the_target_as_it_was_decided(upstream_url, target):
    answer = upstream.get(upstream_url, target, timeout=(1.0, 5.0))
    assert answer.status_code == 200
    assert answer.json()["target"] == target


@pytest.mark.parametrize("target", ["/api/users/a%2fb", "/api/users/a b", "/api/users/x#frag", "/api/users/é",
                                    "/api/users/%zz", "api/users", "/api/users?a=%2"])
def test_a_target_the_client_would_rewrite_is_refused_before_anything_is_sent(target):
    service = scripted.ScriptedService([scripted.keeps_answering])
    try:
        with pytest.raises(upstream.TargetChanged):
            upstream.get(service.url, target)
        assert service.requests == []
    finally:
        service.stop()


def test_a_connection_the_service_closed_is_not_used_and_a_post_goes_once():
    # a restart after the first answer: the next connection is a new process's
    service = scripted.ScriptedService([scripted.answers_once_then_closes, scripted.keeps_answering])
    try:
        assert upstream.get(service.url, "/first").status_code == 200
        assert service.closed.wait(2.0)  # the pooled connection is dead before the next request
        assert upstream.request("POST", service.url, "/second", data=b"{}").status_code == 200
        assert service.requests == ["GET /first HTTP/1.1", "POST /second HTTP/1.1"]
        assert service.connections == 2
    finally:
        service.stop()


def test_a_get_that_met_a_dropped_connection_is_sent_once_more():
    service = scripted.ScriptedService([scripted.reads_then_closes, scripted.keeps_answering])
    try:
        assert upstream.get(service.url, "/again").content == b"ok"
        assert service.requests == ["GET /again HTTP/1.1", "GET /again HTTP/1.1"]
    finally:
        service.stop()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_change_that_met_a_dropped_connection_is_never_sent_twice(method):
    service = scripted.ScriptedService([scripted.reads_then_closes, scripted.keeps_answering])
    try:
        with pytest.raises(upstream.Unreachable):
            upstream.request(method, service.url, "/once", data=b"{}")
        assert service.requests == [f"{method} /once HTTP/1.1"]
    finally:
        service.stop()


def test_a_connection_idle_past_the_limit_is_replaced(monkeypatch):
    service = scripted.ScriptedService([scripted.keeps_answering])
    try:
        upstream.get(service.url, "/a")
        upstream.get(service.url, "/b")
        assert service.connections == 1  # kept alive
        monkeypatch.setattr(upstream, "IDLE_LIMIT_S", 0.0)
        upstream.get(service.url, "/c")
        assert service.connections == 2 and len(service.requests) == 3
    finally:
        service.stop()


def test_a_streamed_body_left_unread_does_not_spoil_the_pool():
    service = scripted.ScriptedService([scripted.keeps_answering])
    try:
        unread = upstream.get(service.url, "/file", stream=True)
        unread.close()
        assert upstream.get(service.url, "/next").content == b"ok"
    finally:
        service.stop()


def _forward_to(service_url: str, method: str = "GET"):
    client = gateway_app({"identity": service_url}).test_client()
    return client.open("/api/users/x", method=method, headers={"Authorization": f"Bearer {GOOD_TOKEN}"})


def test_a_service_slower_than_the_read_timeout_is_a_504(monkeypatch):
    monkeypatch.setattr(proxy, "READ_TIMEOUT_S", 0.2)
    service = scripted.ScriptedService([scripted.answers_too_late])
    try:
        answer = _forward_to(service.url)
        assert answer.status_code == 504 and answer.get_json()["code"] == "UPSTREAM_TIMEOUT"
        assert len(service.requests) == 1  # a timeout is not retried, even for a GET
    finally:
        service.stop()


def test_a_service_that_drops_a_post_is_a_503_and_received_it_once():
    service = scripted.ScriptedService([scripted.reads_then_closes])
    try:
        answer = _forward_to(service.url, "POST")
        assert answer.status_code == 503 and answer.get_json()["code"] == "UPSTREAM_UNAVAILABLE"
        assert service.requests == ["POST /api/users/x HTTP/1.1"]
    finally:
        service.stop()


def test_a_service_that_refuses_connections_is_a_503():
    service = scripted.ScriptedService([scripted.keeps_answering])
    service.stop()  # nothing listens on its port any more
    answer = _forward_to(service.url)
    assert answer.status_code == 503 and answer.get_json()["code"] == "UPSTREAM_UNAVAILABLE"

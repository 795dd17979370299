"""pixkit.web.client: X-Forwarded-For is believed from a trusted proxy only."""
import pytest
from flask import Flask
from pixkit.web.client import UNKNOWN, client_address, parse_trusted, resolve

GATEWAY = parse_trusted("127.0.0.2, 10.244.0.0/16, fd00::/8")


@pytest.mark.parametrize(("peer", "forwarded", "client"), [
    ("127.0.0.1", "198.51.100.7", "127.0.0.1"),  # an outsider on loopback writes what it likes
    ("203.0.113.5", "198.51.100.7", "203.0.113.5"),
    ("127.0.0.2", "198.51.100.7", "198.51.100.7"),  # the gateway
    ("10.244.3.9", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the last hop is the proxy's
    ("fd00::1", "2001:db8::1", "2001:db8::1"),
    ("127.0.0.2", None, "127.0.0.2"),
    ("127.0.0.2", "not-an-address", "127.0.0.2"),
    ("127.0.0.2", "198.51.100.7, ", "127.0.0.2"),
    (None, "198.51.100.7", UNKNOWN),
])
def test_the_header_counts_only_from_a_trusted_peer(peer, forwarded, client):
    assert resolve(peer, forwarded, GATEWAY) == client


def test_nobody_is_trusted_by_default():
    assert resolve("127.0.0.2", "198.51.100.7", parse_trusted("")) == "127.0.0.2"


def test_a_typo_in_the_trusted_set_is_an_error_not_a_silent_policy():
    with pytest.raises(ValueError):
        parse_trusted("127.0.0.2, gateway")


def test_the_request_s_address_follows_the_environment(monkeypatch):
    app = Flask("t")
    headers = {"X-Forwarded-For": "198.51.100.7"}
    with app.test_request_context("/", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.2"}):
        monkeypatch.delenv("PIX_TRUSTED_PROXIES", raising=False)
        assert client_address() == "127.0.0.2"
        monkeypatch.setenv("PIX_TRUSTED_PROXIES", "127.0.0.2")
        assert client_address() == "198.51.100.7"
        assert client_address({"PIX_TRUSTED_PROXIES": "127.0.0.3"}) == "127.0.0.2"
    assert client_address() == UNKNOWN  # outside a request

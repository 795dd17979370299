"""The gateway in front of a real HTTP upstream over loopback sockets (werkzeug's server),
so that forwarding is tested for real without infrastructure. The upstream is a small app
on pixkit.web that echoes what it received, standing for any service."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import jsonify, request
from pix_gateway import security
from pix_gateway.app import create_app
from pix_gateway.web import sessions
from pixkit.testing import FakeDatabase, unit_settings
from pixkit.web.app import create_base_app
from werkzeug.serving import make_server


def echo_app():
    app = create_base_app(unit_settings("identity"), "identity", ready_checks={})

    @app.route("/api/users", methods=["GET", "POST"])
    @app.route("/api/users/<path:rest>", methods=["GET", "POST", "DELETE"])
    def echo(rest=""):
        answer = jsonify(method=request.method, path=request.path, query=request.query_string.decode(),
                         body=request.get_data(as_text=True), headers=dict(request.headers),
                         target=request.environ.get("REQUEST_URI"), peer=request.remote_addr)
        answer.status_code = 201 if request.method == "POST" else 200
        answer.headers["Set-Cookie"] = "internal=1"  # must not leak through the gateway
        answer.headers["Cache-Control"] = "no-store"
        return answer

    return app


def serve(app):
    """Serves `app` over loopback on a free port, in a thread; sets `app.url`."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.url = f"http://127.0.0.1:{server.server_port}"
    return server


@contextmanager
def served(*apps) -> Iterator[tuple]:
    """Each app served over loopback (serve) for the block, then stopped."""
    servers = [serve(app) for app in apps]
    try:
        yield apps
    finally:
        for server in servers:
            server.shutdown()


@pytest.fixture(scope="module")
def upstream_url():
    app = echo_app()
    server = serve(app)
    yield app.url
    server.shutdown()


@pytest.fixture
def gateway(upstream_url):
    # profile points at a closed port: an upstream that is down; others are not configured.
    urls = {"identity": upstream_url, "profile": "http://127.0.0.1:9"}
    client = gateway_app(urls).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {GOOD_TOKEN}"  # signed in unless a test says not
    return client


GOOD_TOKEN = "good-token"  # noqa: S105 - a test stand-in, checked by `verify` below


def verify(token: str):
    if token != GOOD_TOKEN:
        raise ValueError("refused")
    return {"sub": "u1"}


def gateway_app(urls, limits=None):
    """The real app with an in-memory rate-limit store and a stand-in token check (the
    real check, pixkit.auth.TokenVerifier, is tested on its own and end to end)."""
    limits_store = FakeDatabase()["rate_limits"]
    limiter = security.RateLimiter(lambda: limits_store, limits or security.parse_limits(None))
    return create_app(unit_settings("gateway", service_urls=urls), verify=verify, limiter=limiter,
                      env={"PIX_INTERNAL_BIND": "127.0.0.1:8190"})


def web_browser(urls):
    """A browser on the pages: the real app, its sessions in memory."""
    app = gateway_app(urls)
    app.extensions["pix_web"].sessions = sessions.MemoryStore()
    return app.test_client()


@pytest.fixture(scope="module")
def sharing_services():
    """identity's fake (with roles) and sharing's, served for the module (sharing_fake)."""
    from .sharing_fake import fake_sharing
    from .test_admin_page import fake_admin_identity
    identity = fake_admin_identity()
    with served(identity, fake_sharing(identity)) as apps:
        yield apps


@pytest.fixture
def sharing(sharing_services):
    _, fake = sharing_services
    fake.config.update(ANSWERS={}, ROWS=[], PAGES=1, STATISTICS={}, EXPORT_ROWS=3)
    fake.config.pop("TOTAL", None)
    for state in (fake.calls, fake.orgs, fake.members, fake.invitations, fake.shares, fake.campaigns,
                  fake.participations, fake.tests):
        state.clear()
    return fake


@pytest.fixture
def sharing_browser(sharing_services, sharing):
    """The pages in front of identity's and sharing's fakes (sharing's also answers for assessment)."""
    identity, _ = sharing_services
    return web_browser({"identity": identity.url, "sharing": sharing.url, "assessment": sharing.url})

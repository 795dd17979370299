"""`GET /api/docs`: the public API's description (`/api/openapi.json`, openapi.py) as a page for
people, drawn by Swagger UI in the page's frame (header, language switch, footer).

Swagger UI comes from the pinned PyPI package flask-swagger-ui (its `dist` folder holds
the library's own build), served from here: no CDN, nothing from another origin. Only
its page template is left out (an inline script, which the CSP forbids); the start-up is
static/apidocs/api-docs.js. The page's CSP is the gateway's with one source more, local:
Swagger UI draws its icons as `data:` images (img-src).

Only the public document is shown: the operators' `/docs` and `/openapi.json` stay on the
internal port (docs/adr/0007-gateway-edge.md)."""
from __future__ import annotations

from importlib import resources

from flask import Blueprint, Flask, abort, render_template, send_from_directory, url_for

from .web import admin_views, i18n, sessions
from .web.texts import api_docs as texts

SWAGGER_UI = resources.files("flask_swagger_ui") / "dist"
# What the page loads from the library: its style sheet and its one-file build.
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})
CSP = ("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
       "base-uri 'self'; form-action 'self'; object-src 'none'")


def page():
    record = sessions.current()
    answer = render_template(
        "api_docs.html", texts=texts.TEXTS[i18n.language()], document=url_for("api_openapi"),
        styles=[url_for("api_docs.asset", name="swagger-ui.css"), url_for("static", filename="apidocs/api-docs.css")],
        scripts=[url_for("api_docs.asset", name="swagger-ui-bundle.js"),
                 url_for("static", filename="apidocs/api-docs.js")],
        # The frame's session links, as on every web page (web's context processor sees only web.*).
        signed_in=bool(record and record.get("accessToken")), administrator=admin_views.administrator(record))
    return answer, 200, {"Content-Security-Policy": CSP}


def asset(name: str):
    if name not in ASSETS:
        abort(404)
    return send_from_directory(str(SWAGGER_UI), name, max_age=24 * 3600)


def blueprint() -> Blueprint:
    bp = Blueprint("api_docs", __name__)
    bp.add_url_rule("/api/docs", "page", page, methods=["GET"])
    bp.add_url_rule("/api/docs/swagger-ui/<name>", "asset", asset, methods=["GET"])
    return bp


def install(app: Flask) -> None:
    app.register_blueprint(blueprint())

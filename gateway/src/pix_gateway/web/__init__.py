"""The web shell the gateway serves (DESIGN.md §6): server-rendered pages, French first,
sessions kept server-side, CSRF tokens on every form. Templates and the style sheet live
in the package's templates/ and static/ folders (Flask's defaults for the gateway app)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, redirect, render_template, request
from pixkit.settings import Settings
from pixkit.web import mongo

from . import (
    admin_views,
    assessment_views,  # noqa: F401 - its routes, on tests_bp
    i18n,
    sessions,
)
from .competence_views import tests_bp
from .profile_views import profile_bp
from .safe_paths import safe_local_path
from .views import bp

bp.register_blueprint(tests_bp)  # nested: endpoints web.tests.*, so in bp_names (CSRF, signed_in)
bp.register_blueprint(profile_bp)  # web.profile.*: /mon-profil
bp.register_blueprint(admin_views.admin_bp)  # web.admin.*: /administration


@dataclass
class WebState:
    service_urls: dict[str, str]
    sessions: sessions.Store


def install(app: Flask, settings: Settings, store: sessions.Store | None = None) -> None:
    if store is None:
        store = sessions.MongoStore(lambda: mongo.database(settings)[sessions.COLLECTION])
    app.extensions["pix_web"] = WebState(settings.service_urls, store)
    app.register_blueprint(bp)
    bp_names = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("web.")}

    @app.before_request
    def check_csrf():
        if request.method == "POST" and request.endpoint in bp_names and not sessions.csrf_valid():
            return render_template("error.html", message=i18n.t("error.csrf")), 400
        return None

    app.after_request(sessions.write_cookie)
    app.add_url_rule("/langue/<lang>", "web_language", _switch_language, methods=["GET"])

    @app.context_processor
    def texts():
        record = sessions.current() if request.endpoint in bp_names else None
        return {"t": i18n.t, "lang": i18n.language(), "csrf_token": sessions.csrf_token,
                "signed_in": bool(record and record.get("accessToken")), "here": request.full_path.rstrip("?"),
                "administrator": admin_views.administrator(record)}


def _switch_language(lang: str):
    response = redirect(safe_local_path(request.args.get("next")), code=303)
    if lang in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure, path="/")
    return response

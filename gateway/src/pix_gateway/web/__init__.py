"""The web shell the gateway serves (docs/architecture.md §6): server-rendered pages, French
first, sessions kept server-side, CSRF tokens on every form; no script needed, every page
works with plain HTML forms. Templates and the style sheet live in the package's
templates/ and static/ folders (Flask's defaults for the gateway app).

One blueprint per feature, each made by its module's `blueprint()` and nested here in
`web` when the app is made (nothing is registered at import): every page's endpoint is
`web.<feature>.<page>`, under the one CSRF check and session handling below."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, g, render_template, request
from pixkit.settings import Settings
from pixkit.web import mongo

from . import (
    account_views,
    admin_certification_views,
    admin_organization_views,
    admin_views,
    assessment_views,
    campaign_views,
    center_session_views,
    center_views,
    certification_views,
    competence_views,
    error_pages,
    exam_views,
    home_views,
    i18n,
    invigilator_views,
    language_views,
    legal_views,
    member_views,
    organization_views,
    participation_views,
    profile_views,
    public_certification_views,
    sessions,
    share_views,
    signin_views,
    site_views,
    statistics_views,
)

FEATURES = (home_views, signin_views, account_views, profile_views, competence_views, assessment_views,
            share_views, certification_views, organization_views, member_views, statistics_views, campaign_views,
            participation_views, exam_views, invigilator_views,
            public_certification_views, center_views, center_session_views, admin_certification_views,
            admin_views, admin_organization_views, language_views, legal_views, site_views)


@dataclass
class WebState:
    service_urls: dict[str, str]
    sessions: sessions.Store


def _is_page() -> bool:
    return "web" in request.blueprints


def install(app: Flask, settings: Settings, store: sessions.Store | None = None) -> None:
    if store is None:
        store = sessions.MongoStore(lambda: mongo.database(settings)[sessions.COLLECTION])
    app.extensions["pix_web"] = WebState(settings.service_urls, store)
    web = Blueprint("web", __name__)
    for feature in FEATURES:
        web.register_blueprint(feature.blueprint())
    app.register_blueprint(web)
    error_pages.install(app)

    @app.before_request
    def check_csrf():
        if request.method == "POST" and _is_page() and not sessions.csrf_valid():
            return render_template("error.html", message=i18n.t("error.csrf")), 400
        return None

    @app.before_request
    def take_flash():
        # A refused form's values and errors (pages_common.again), shown by the next page only.
        page = request.method == "GET" and _is_page() and request.blueprint != "web.site"  # not the icon
        g.flash = sessions.take_flash() if page else None

    app.after_request(sessions.write_cookie)

    @app.context_processor
    def texts():
        # an error page has no blueprint, but a person on it is as signed in as elsewhere
        record = sessions.current() if _is_page() or error_pages.is_page_path(request.path) else None
        return {"t": i18n.t, "lang": i18n.language(), "csrf_token": sessions.csrf_token,
                "signed_in": bool(record and record.get("accessToken")), "here": request.full_path.rstrip("?"),
                "administrator": admin_views.administrator(record)}

"""What a site answers besides its pages: /robots.txt for the search engines and
/favicon.ico for the browsers that ask for it without reading the page's icon link."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, send_from_directory

# A person's own pages, the forms' addresses, the mailed reset links and the APIs: nothing
# for a search engine. The rest (home, sign-up, sign-in, legal pages) is public.
PRIVATE_PREFIXES = ("/api/", "/mon-compte", "/mon-profil", "/mes-tests", "/evaluation/", "/administration",
                    "/mot-de-passe/", "/deconnexion", "/langue/", "/certification/epreuve/",
                    "/certification/sessions/", "/certification/certificats", "/surveillant",
                    "/sessions-de-certification/")


def robots() -> Response:
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES), "Allow: /", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.cache_control.max_age = 24 * 3600
    response.cache_control.public = True
    return response


def favicon() -> Response:
    response = send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                                   max_age=7 * 24 * 3600)
    return response


def blueprint() -> Blueprint:
    bp = Blueprint("site", __name__)
    bp.add_url_rule("/robots.txt", "robots", robots, methods=["GET"])
    bp.add_url_rule("/favicon.ico", "favicon", favicon, methods=["GET"])
    return bp
